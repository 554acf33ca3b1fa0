# Direct LPIs (GICR_SETLPIR/CLRLPIR, GICv3.1 INVLPIR/INVALLR) without an ITS,
# and the pending table: loaded at EnableLPIs (PTZ = 0), written back when
# EnableLPIs is cleared. Tables in RAM at iss.ram_base (0x40000000).
config version=3 cpus=2 spis=32 lpi_bits=14

mmio cpu0 wr32 GICD+0x0 0x3
mmio cpu0 rd32 GICD+0x4 & 0xfa0000 == 0x6a0000       # IDbits 13 (14 bits), LPIS
mmio cpu0 wr32 GICR1+0x14 0
sysreg cpu1 wr ICC_PMR_EL1 0xff
sysreg cpu1 wr ICC_IGRPEN1_EL1 1

# Configuration: LPI 8192 priority 0x80, LPI 8200 priority 0x40, both enabled.
mem wr8 0x40100000 0x83
mem wr8 0x40100008 0x43
# LPI 8192 already pending in CPU 1's pending table (byte 1024, bit 0).
mem wr8 0x40200400 0x1
mmio cpu0 wr64 GICR1+0x70 0x4010000d                 # IDbits 13: 14 bits
mmio cpu0 wr64 GICR1+0x78 0x40200000                 # PTZ = 0: load the table
mmio cpu0 wr32 GICR1+0x0 1
expect cpu1 irq high
mmio cpu0 wr64 GICR1+0x40 8200                       # GICR_SETLPIR
sysreg cpu1 rd ICC_IAR1_EL1 == 8200                  # higher priority first
sysreg cpu1 rd ICC_HPPIR1_EL1 == 8192
sysreg cpu1 wr ICC_EOIR1_EL1 8200
mmio cpu0 wr64 GICR1+0x48 8192                       # GICR_CLRLPIR
expect cpu1 irq low
sysreg cpu1 rd ICC_IAR1_EL1 == 1023

# A priority change is seen after GICR_INVALLR.
mmio cpu0 wr64 GICR1+0x40 8192
mem wr8 0x40100000 0x13
sysreg cpu1 wr ICC_PMR_EL1 0x40
expect cpu1 irq low                                  # still 0x80 here
mmio cpu0 wr64 GICR1+0xb0 0
expect cpu1 irq high                                 # now 0x10
mmio cpu0 rd32 GICR1+0xc0 == 0                       # GICR_SYNCR: not busy

# Clearing EnableLPIs writes the pending state back to the table.
mmio cpu0 wr64 GICR1+0x40 8200
mmio cpu0 wr32 GICR1+0x0 0
mmio cpu0 rd32 GICR1+0x0 == 0
expect cpu1 irq low
mem rd8 0x40200400 == 0x1                            # LPI 8192
mem rd8 0x40200401 == 0x1                            # LPI 8200

# No memory at address 0x1000: a bus error.
mem rd32 0x1000 == ERR
