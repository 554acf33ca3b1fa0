# GICv2 with the Security Extensions (GIC-400): Secure and Non-secure views
# of GICD and GICC, Group 0 as FIQ, the Group 1 aliases, SGIR with NSATT.
config version=2 cpus=2 spis=32 security_states=2

# --- Distributor -----------------------------------------------------------
mmio cpu0 rd32 GICD+0x4 & 0x400 == 0x400          # TYPER.SecurityExtn
mmio cpu0 secure wr32 GICD+0x0 0x3
mmio cpu0 secure rd32 GICD+0x0 == 0x3             # EnableGrp0, EnableGrp1
mmio cpu0 rd32 GICD+0x0 == 0x1                    # Non-secure view: Enable (Group 1)
mmio cpu0 wr32 GICD+0x0 0x0
mmio cpu0 secure rd32 GICD+0x0 == 0x1
mmio cpu0 wr32 GICD+0x0 0x1
mmio cpu0 secure rd32 GICD+0x0 == 0x3
mmio cpu0 wr32 GICD+0x84 0xffffffff               # IGROUPR: Secure only
mmio cpu0 secure rd32 GICD+0x84 == 0
mmio cpu0 secure wr32 GICD+0x84 0x2               # INTID 33: Group 1; 32: Group 0
mmio cpu0 rd32 GICD+0x84 == 0
mmio cpu0 wr32 GICD+0x104 0x3                     # Non-secure enables only INTID 33
mmio cpu0 secure rd32 GICD+0x104 == 0x2
mmio cpu0 secure wr32 GICD+0x104 0x1
mmio cpu0 rd32 GICD+0x104 == 0x2
mmio cpu0 secure wr32 GICD+0x420 0x0000a020       # 32: 0x20, 33: 0xa0
mmio cpu0 rd32 GICD+0x420 == 0x00004000           # Non-secure view of INTID 33 only
mmio cpu0 wr8 GICD+0x421 0x60
mmio cpu0 secure rd32 GICD+0x420 == 0x0000b020
mmio cpu0 wr8 GICD+0x421 0x40
mmio cpu0 wr8 GICD+0x420 0x0                      # Group 0 priority: ignored
mmio cpu0 secure rd32 GICD+0x420 == 0x0000a020
mmio cpu0 secure wr32 GICD+0x820 0x00000101       # both to cpu0
mmio cpu0 rd32 GICD+0x820 == 0x00000100           # ITARGETSR: Group 0 byte RAZ
mmio cpu0 wr32 GICD+0x820 0x00000202              # only INTID 33 moves
mmio cpu0 secure rd32 GICD+0x820 == 0x00000201
mmio cpu0 wr8 GICD+0x821 0x1
mmio cpu0 secure wr32 GICD+0xc08 0xa              # INTIDs 32, 33 edge
mmio cpu0 rd32 GICD+0xc08 == 0x8

# --- CPU interface registers ---------------------------------------------------
mmio cpu0 secure rd32 GICC+0x0 == 0                # reset, both views
mmio cpu0 rd32 GICC+0x0 == 0
mmio cpu0 secure rd32 GICC+0xe0 == 0               # NSAPR0
mmio cpu0 secure rd8 GICC+0x1c == ERR              # word registers only
mmio cpu0 wr16 GICC+0x0 0x1 == ERR
mmio cpu0 secure wr32 GICC+0x0 0xb                # EnableGrp0, EnableGrp1, FIQEn
mmio cpu0 rd32 GICC+0x0 == 0x1                    # Non-secure view: EnableGrp1
mmio cpu0 wr32 GICC+0x0 0x201                     # + EOImodeNS
mmio cpu0 secure rd32 GICC+0x0 == 0x40b           # EOImodeNS is bit 10 here
mmio cpu0 wr32 GICC+0x0 0x1
mmio cpu0 secure rd32 GICC+0x0 == 0xb
mmio cpu0 secure wr32 GICC+0x4 0xff
mmio cpu0 secure rd32 GICC+0x4 == 0xf8
mmio cpu0 rd32 GICC+0x4 == 0xf0                   # Non-secure view of PMR
mmio cpu0 secure rd32 GICC+0x8 == 0x2             # Secure BPR
mmio cpu0 rd32 GICC+0x8 == 0x3                    # Non-secure BPR (the Secure ABPR)
mmio cpu0 secure rd32 GICC+0x1c == 0x3
mmio cpu0 rd32 GICC+0x1c == 0x0                   # ABPR: RAZ/WI to Non-secure
mmio cpu0 wr32 GICC+0x8 0x5
mmio cpu0 secure rd32 GICC+0x1c == 0x5
mmio cpu0 secure rd32 GICC+0x8 == 0x2

# --- Group 1 taken by Non-secure, Group 0 by Secure ---------------------------
line spi 33 pulse
expect cpu0 irq high
mmio cpu0 secure rd32 GICC+0x18 == 1022           # Secure HPPIR: Group 1, AckCtl 0
mmio cpu0 secure rd32 GICC+0xc == 1022
mmio cpu0 secure rd32 GICC+0x28 == 33             # AHPPIR: the Group 1 view
mmio cpu0 rd32 GICC+0x28 == 0                     # RAZ to Non-secure
mmio cpu0 rd32 GICC+0x18 == 33
mmio cpu0 rd32 GICC+0xc == 33                     # Non-secure IAR
expect cpu0 irq low
mmio cpu0 rd32 GICC+0x14 == 0x40                  # Non-secure view of RPR 0xa0
mmio cpu0 secure rd32 GICC+0x14 == 0xa0
line spi 32 pulse                                 # Group 0 at 0x20 preempts: FIQ
expect cpu0 fiq high
mmio cpu0 rd32 GICC+0xc == 1023                   # not Non-secure's group
mmio cpu0 secure rd32 GICC+0xc == 32
expect cpu0 fiq low
mmio cpu0 wr32 GICC+0x10 32                       # Non-secure EOI of Group 0: ignored
mmio cpu0 secure rd32 GICC+0x14 == 0x20
mmio cpu0 secure wr32 GICC+0x10 32
mmio cpu0 secure rd32 GICC+0x14 == 0xa0
mmio cpu0 secure rd32 GICC+0xe0 == 0x100000       # NSAPR: 0xa0 with Non-secure BPR 5
mmio cpu0 rd32 GICC+0xd0 == 0x100000              # Non-secure APR is the same copy
mmio cpu0 rd32 GICC+0xe0 == 0                     # NSAPR: RAZ to Non-secure
mmio cpu0 secure rd32 GICC+0xd0 == 0
mmio cpu0 wr32 GICC+0x10 33
mmio cpu0 secure rd32 GICD+0x304 == 0
mmio cpu0 secure wr32 GICC+0x0 0xf                # + AckCtl: Secure IAR takes Group 1
line spi 33 pulse
mmio cpu0 secure rd32 GICC+0xc == 33
mmio cpu0 secure wr32 GICC+0x10 33
mmio cpu0 secure rd32 GICD+0x304 == 0

# --- SGIs: GICD_SGIR with NSATT ---------------------------------------------------
mmio cpu1 secure wr32 GICD+0x80 0x4               # cpu1: SGI 2 is Group 1, SGI 1 Group 0
mmio cpu0 wr32 GICD+0xf00 0x00020001              # Non-secure, SGI 1: Group 0 there, dropped
mmio cpu1 secure rd32 GICD+0x200 & 0xffff == 0x0
mmio cpu0 wr32 GICD+0xf00 0x00020002              # Non-secure, SGI 2: sent
mmio cpu1 secure rd32 GICD+0x200 & 0xffff == 0x4
mmio cpu0 secure wr32 GICD+0xf00 0x00028001       # Secure, NSATT 1: SGI 1 is Group 0, dropped
mmio cpu1 secure rd32 GICD+0x200 & 0xffff == 0x4
mmio cpu0 secure wr32 GICD+0xf00 0x00020001       # Secure, NSATT 0: sent
mmio cpu1 secure rd32 GICD+0x200 & 0xffff == 0x6
mmio cpu1 secure rd32 GICD+0xf10 == 0x00010100    # CPENDSGIR0: sources of SGIs 1 and 2
mmio cpu1 rd32 GICD+0xf10 == 0x00010000           # Non-secure: the Group 0 SGI's byte RAZ
mmio cpu1 wr32 GICD+0xf10 0x00010100              # ... and WI
mmio cpu1 secure rd32 GICD+0xf10 == 0x00000100
