# ITS bring-up as Linux's irq-gic-v3-its does it: LPI tables, ITS tables and
# command queue in RAM (iss.ram_base = 0x40000000), MAPD -> MAPC -> MAPTI ->
# SYNC, an MSI taken on the right CPU, MOVI and MOVALL move it, INV applies
# a new configuration, DISCARD stops it. Command encodings: GICv3 spec,
# "ITS commands" (DW0 [7:0] opcode, [63:32] DeviceID; DW1 [31:0] EventID,
# [63:32] pINTID; DW2 [15:0] ICID, [50:16] RDbase, [51:8] ITT address, [63] V).
config version=3 cpus=4 spis=32 lpi_bits=16 its=1

mmio cpu0 wr32 GICD+0x0 0x3
mmio cpu0 rd32 GICD+0x4 & 0xfa0000 == 0x7a0000         # IDbits 15 (16 bits), LPIS
mmio cpu0 rd64 GICR2+0x8 & 0x9 == 0x9                # PLPIS, DirectLPI
mmio cpu0 wr32 GICR0+0x14 0
mmio cpu0 wr32 GICR1+0x14 0
mmio cpu0 wr32 GICR2+0x14 0
mmio cpu0 wr32 GICR3+0x14 0
sysreg cpu0 wr ICC_PMR_EL1 0xff
sysreg cpu1 wr ICC_PMR_EL1 0xff
sysreg cpu2 wr ICC_PMR_EL1 0xff
sysreg cpu3 wr ICC_PMR_EL1 0xff
sysreg cpu0 wr ICC_IGRPEN1_EL1 1
sysreg cpu1 wr ICC_IGRPEN1_EL1 1
sysreg cpu2 wr ICC_IGRPEN1_EL1 1
sysreg cpu3 wr ICC_IGRPEN1_EL1 1

# LPI configuration table at 0x40100000: LPI 8192 priority 0xa0, enabled
# (bit 1 is RES1). Pending tables 64 KiB apart from 0x40200000, PTZ = 1.
mem wr8 0x40100000 0xa3
mmio cpu0 wr64 GICR0+0x70 0x4010000f
mmio cpu0 wr64 GICR1+0x70 0x4010000f
mmio cpu0 wr64 GICR2+0x70 0x4010000f
mmio cpu0 wr64 GICR3+0x70 0x4010000f
mmio cpu0 wr64 GICR0+0x78 0x4000000040200000
mmio cpu0 wr64 GICR1+0x78 0x4000000040210000
mmio cpu0 wr64 GICR2+0x78 0x4000000040220000
mmio cpu0 wr64 GICR3+0x78 0x4000000040230000
mmio cpu0 rd64 GICR3+0x78 == 0x40230000              # PTZ reads as 0
mmio cpu0 wr32 GICR0+0x0 1
mmio cpu0 wr32 GICR1+0x0 1
mmio cpu0 wr32 GICR2+0x0 1
mmio cpu0 wr32 GICR3+0x0 1
mmio cpu0 rd32 GICR3+0x0 == 1

# ITS: command queue (4 KiB), device table, collection table; enable.
mmio cpu0 rd64 GITS+0x8 & 0xf1 == 0x71               # Physical, 8-byte ITT entries
mmio cpu0 wr64 GITS+0x80 0x8000000040300000
mmio cpu0 wr64 GITS+0x100 0x8000000040310000
mmio cpu0 wr64 GITS+0x108 0x8000000040320000
mmio cpu0 rd64 GITS+0x100 == 0x8107000040310000      # Type 1 (devices), Entry_Size 8
mmio cpu0 wr32 GITS+0x0 1
mmio cpu0 rd32 GITS+0x0 == 1

# MAPD DeviceID 5, 5 EventID bits, ITT at 0x40330000
mem wr64 0x40300000 0x0000000500000008
mem wr64 0x40300008 0x4
mem wr64 0x40300010 0x8000000040330000
mem wr64 0x40300018 0
# MAPC ICID 1 -> CPU 2
mem wr64 0x40300020 0x9
mem wr64 0x40300028 0
mem wr64 0x40300030 0x8000000000020001
mem wr64 0x40300038 0
# MAPTI DeviceID 5, EventID 3 -> LPI 8192, ICID 1
mem wr64 0x40300040 0x000000050000000a
mem wr64 0x40300048 0x0000200000000003
mem wr64 0x40300050 0x1
mem wr64 0x40300058 0
# SYNC CPU 2
mem wr64 0x40300060 0x5
mem wr64 0x40300068 0
mem wr64 0x40300070 0x20000
mem wr64 0x40300078 0
mmio cpu0 wr64 GITS+0x88 0x80
mmio cpu0 rd64 GITS+0x90 == 0x80                     # CREADR caught up, not stalled

msi dev5 event3
expect cpu2 irq high
expect cpu0 irq low
sysreg cpu2 rd ICC_IAR1_EL1 == 8192
expect cpu2 irq low                                  # LPIs have no active state
sysreg cpu2 rd ICC_RPR_EL1 == 0xa0
sysreg cpu2 wr ICC_EOIR1_EL1 8192
sysreg cpu2 rd ICC_RPR_EL1 == 0xff

# MAPC ICID 2 -> CPU 1; MOVI DeviceID 5 EventID 3 to ICID 2
mem wr64 0x40300080 0x9
mem wr64 0x40300088 0
mem wr64 0x40300090 0x8000000000010002
mem wr64 0x40300098 0
mem wr64 0x403000a0 0x0000000500000001
mem wr64 0x403000a8 0x3
mem wr64 0x403000b0 0x2
mem wr64 0x403000b8 0
mmio cpu0 wr64 GITS+0x88 0xc0
msi dev5 event3
expect cpu2 irq low
expect cpu1 irq high

# MOVALL CPU 1 -> CPU 3 takes the pending LPI along
mem wr64 0x403000c0 0xe
mem wr64 0x403000c8 0
mem wr64 0x403000d0 0x10000
mem wr64 0x403000d8 0x30000
mmio cpu0 wr64 GITS+0x88 0xe0
expect cpu1 irq low
expect cpu3 irq high
sysreg cpu3 rd ICC_IAR1_EL1 == 8192
sysreg cpu3 wr ICC_EOIR1_EL1 8192

# A new configuration (disabled) takes effect at INV DeviceID 5 EventID 3
mem wr8 0x40100000 0xa2
mem wr64 0x403000e0 0x000000050000000c
mem wr64 0x403000e8 0x3
mem wr64 0x403000f0 0
mem wr64 0x403000f8 0
mmio cpu0 wr64 GITS+0x88 0x100
msi dev5 event3
expect cpu1 irq low
mem wr8 0x40100000 0x23                              # enabled, priority 0x20
mmio cpu0 wr64 GICR1+0xa0 8192                       # GICR_INVLPIR
expect cpu1 irq high
sysreg cpu1 rd ICC_HPPIR1_EL1 == 8192
sysreg cpu1 rd ICC_IAR1_EL1 == 8192
sysreg cpu1 rd ICC_RPR_EL1 == 0x20
sysreg cpu1 wr ICC_EOIR1_EL1 8192

# DISCARD DeviceID 5 EventID 3: its MSIs are dropped
mem wr64 0x40300100 0x000000050000000f
mem wr64 0x40300108 0x3
mem wr64 0x40300110 0
mem wr64 0x40300118 0
mmio cpu0 wr64 GITS+0x88 0x120
msi dev5 event3
expect cpu0 irq low
expect cpu1 irq low
expect cpu2 irq low
expect cpu3 irq low
mmio cpu0 rd64 GITS+0x90 == 0x120
