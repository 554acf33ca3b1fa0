# Two Security states (GICD_CTLR.DS=0): the Secure and Non-secure views of the
# distributor and redistributors, NSACR, and the banked CPU interface with its
# IRQ/FIQ routing by the PE's Security state (extension: `secure`/`ns` and
# `el1`..`el3` after the CPU; accesses without them are Non-secure, EL3 ones Secure).
config version=3 cpus=2 spis=32 security_states=2

# --- Distributor control: SecurityExtn, two views of GICD_CTLR ---------------
mmio cpu0 rd32 GICD+0x4 & 0x400 == 0x400
mmio cpu0 secure rd32 GICD+0x0 == 0x30             # ARE_S, ARE_NS (RAO); DS = 0
mmio cpu0 rd32 GICD+0x0 == 0x10                    # Non-secure view: ARE_NS
mmio cpu0 secure wr32 GICD+0x0 0x47                # EnableGrp0/1NS/1S; DS is RAZ/WI
mmio cpu0 secure rd32 GICD+0x0 == 0x37
mmio cpu0 rd32 GICD+0x0 == 0x12                    # EnableGrp1A, ARE_NS
mmio cpu0 wr32 GICD+0x0 0x0                        # Non-secure clears only Group 1 NS
mmio cpu0 secure rd32 GICD+0x0 == 0x35
mmio cpu0 wr32 GICD+0x0 0x2
mmio cpu0 secure rd32 GICD+0x0 == 0x37

# --- Group configuration is Secure only --------------------------------------
mmio cpu0 secure rd32 GICD+0xd04 == 0              # IGRPMODR1 reset
mmio cpu0 secure rd32 GICD+0xe08 == 0              # NSACR2 reset
mmio cpu0 secure rd32 GICR0.SGI+0xd00 == 0         # IGRPMODR0 reset
mmio cpu0 secure rd32 GICR0.SGI+0xe00 == 0         # GICR_NSACR reset
mmio cpu0 secure rd16 GICD+0xd04 == ERR            # word registers: no halfword access
mmio cpu0 secure rd8 GICD+0xe08 == ERR
mmio cpu0 secure wr16 GICR0.SGI+0xe00 0x1 == ERR
mmio cpu0 secure rd32 GICD+0xe0a == ERR            # unaligned
mmio cpu0 secure rd32 GICD+0xe00 == 0              # NSACR0/1 (SGIs, PPIs): RAZ/WI with ARE
mmio cpu0 secure wr32 GICD+0xe04 0xffffffff
mmio cpu0 secure rd32 GICD+0xe04 == 0
mmio cpu0 wr32 GICD+0x84 0xffffffff                # Non-secure IGROUPR1 write: ignored
mmio cpu0 secure rd32 GICD+0x84 == 0
mmio cpu0 secure wr32 GICD+0x84 0x4                # INTID 34: Non-secure Group 1
mmio cpu0 secure wr32 GICD+0xd04 0x2               # INTID 33: Secure Group 1; 32: Group 0
mmio cpu0 secure rd32 GICD+0xd04 == 0x2
mmio cpu0 rd32 GICD+0x84 == 0                      # RAZ to Non-secure
mmio cpu0 rd32 GICD+0xd04 == 0
mmio cpu0 wr32 GICD+0xd04 0xffffffff
mmio cpu0 secure rd32 GICD+0xd04 == 0x2

# --- Redistributor power is Secure firmware's --------------------------------
mmio cpu0 rd32 GICR0+0x14 == 0                     # GICR_WAKER: RAZ/WI to Non-secure
mmio cpu0 wr32 GICR0+0x14 0
mmio cpu0 secure rd32 GICR0+0x14 == 0x6
mmio cpu0 secure wr32 GICR0+0x14 0
mmio cpu0 secure rd32 GICR0+0x14 == 0

# --- Enables: Non-secure reaches Non-secure Group 1 interrupts only ----------
mmio cpu0 wr32 GICD+0x104 0x7
mmio cpu0 secure rd32 GICD+0x104 == 0x4
mmio cpu0 secure wr32 GICD+0x104 0x3
mmio cpu0 rd32 GICD+0x104 == 0x4
mmio cpu0 wr32 GICD+0x184 0x3                      # ICENABLER: Secure bits untouched
mmio cpu0 secure rd32 GICD+0x104 == 0x7

# --- Priorities: the Non-secure view ------------------------------------------
mmio cpu0 secure wr32 GICD+0x420 0x00604020        # 32: 0x20, 33: 0x40, 34: 0x60
mmio cpu0 rd32 GICD+0x420 == 0x00c00000            # only INTID 34, seen as (p << 1)
mmio cpu0 wr8 GICD+0x422 0x40                      # stored as 0x80 | (0x40 >> 1)
mmio cpu0 secure rd32 GICD+0x420 == 0x00a04020
mmio cpu0 rd8 GICD+0x422 == 0x40
mmio cpu0 wr8 GICD+0x420 0x00                      # a Group 0 priority: ignored
mmio cpu0 secure rd8 GICD+0x420 == 0x20
mmio cpu0 rd32 GICD+0xc08 == 0                     # ICFGR2: Secure fields RAZ
mmio cpu0 wr32 GICD+0xc08 0x3f                     # only INTID 34's field is written
mmio cpu0 secure rd32 GICD+0xc08 == 0x20
mmio cpu0 secure wr32 GICD+0xc08 0x2a              # INTIDs 32..34 edge-triggered
mmio cpu0 rd32 GICD+0xc08 == 0x20

# --- NSACR: routing and pending state of Secure interrupts --------------------
mmio cpu0 secure wr64 GICD+0x6100 0x1              # IROUTER(32) = cpu1
mmio cpu0 rd64 GICD+0x6100 == 0                    # Secure interrupt: RAZ/WI
mmio cpu0 secure wr32 GICD+0xe08 0x3               # GICD_NSACR2: INTID 32 = 0b11
mmio cpu0 rd32 GICD+0xe08 == 0                     # NSACR is RAZ/WI to Non-secure
mmio cpu0 secure rd32 GICD+0xe08 == 0x3
mmio cpu0 rd64 GICD+0x6100 == 0x1                  # 0b11: routing visible ...
mmio cpu0 wr64 GICD+0x6100 0x0                     # ... and writable
mmio cpu0 secure rd64 GICD+0x6100 == 0x0
mmio cpu0 secure wr32 GICD+0xe08 0x1               # 0b01: Non-secure may set pending only
mmio cpu0 wr32 GICD+0x204 0x3                      # ISPENDR1: INTID 32 (allowed), 33 (not)
mmio cpu0 secure rd32 GICD+0x204 == 0x1
mmio cpu0 rd32 GICD+0x204 == 0x1
mmio cpu0 wr32 GICD+0x284 0x1                      # ICPENDR needs 0b10: ignored
mmio cpu0 secure rd32 GICD+0x204 == 0x1
mmio cpu0 secure wr32 GICD+0x284 0x1
mmio cpu0 secure rd32 GICD+0x204 == 0x0
mmio cpu0 secure wr32 GICD+0xe08 0x0

# --- CPU interface: banked enables and the Non-secure view of PMR ------------
sysreg cpu0 el3 wr ICC_IGRPEN0_EL1 1
sysreg cpu0 el3 wr ICC_IGRPEN1_EL3 0x3             # EnableGrp1NS, EnableGrp1S
sysreg cpu0 secure rd ICC_IGRPEN1_EL1 == 1
sysreg cpu0 rd ICC_IGRPEN1_EL1 == 1
sysreg cpu0 wr ICC_IGRPEN1_EL1 0                   # the Non-secure copy only
sysreg cpu0 el3 rd ICC_IGRPEN1_EL3 == 0x2
sysreg cpu0 wr ICC_IGRPEN1_EL1 1
sysreg cpu0 el3 rd ICC_IGRPEN1_EL3 == 0x3
sysreg cpu0 rd ICC_IGRPEN0_EL1 == TRAP_EL3          # Group 0 belongs to EL3
sysreg cpu0 el3 wr ICC_PMR_EL1 0xff
sysreg cpu0 el3 rd ICC_PMR_EL1 == 0xf8             # 5 priority bits
sysreg cpu0 rd ICC_PMR_EL1 == 0xf0                 # Non-secure view
sysreg cpu0 wr ICC_PMR_EL1 0xf0
sysreg cpu0 el3 rd ICC_PMR_EL1 == 0xf8
# The PE's Security state and EL are those of its latest system-register access.
sysreg cpu0 rd ICC_RPR_EL1 == 0xff                 # back in Non-secure EL1

# --- Non-secure Group 1: IRQ in Non-secure state, FIQ elsewhere ---------------
line spi 34 pulse
expect cpu0 irq high
expect cpu0 fiq low
sysreg cpu0 secure rd ICC_HPPIR1_EL1 == 1023       # not Secure EL1's group (PE now Secure)
expect cpu0 fiq high
expect cpu0 irq low
sysreg cpu0 el3 rd ICC_HPPIR0_EL1 == 1021          # EL3: a Non-secure Group 1 is pending
sysreg cpu0 el3 rd ICC_IAR0_EL1 == 1021            # ... and is not acknowledged
expect cpu0 fiq high
sysreg cpu0 rd ICC_IAR1_EL1 == 34                  # Non-secure EL1 takes it
expect cpu0 irq low
expect cpu0 fiq low
sysreg cpu0 rd ICC_RPR_EL1 == 0x40                 # 0xa0 in the Non-secure view
sysreg cpu0 el3 rd ICC_RPR_EL1 == 0xa0
sysreg cpu0 wr ICC_EOIR1_EL1 34
sysreg cpu0 rd ICC_RPR_EL1 == 0xff

# --- Secure Group 1, preempted by Group 0; EOIs by group ----------------------
line spi 33 pulse
expect cpu0 fiq high                               # PE in Non-secure state
sysreg cpu0 rd ICC_IAR1_EL1 == 1023
sysreg cpu0 el3 rd ICC_HPPIR0_EL1 == 1020          # EL3: a Secure Group 1 is pending
sysreg cpu0 secure rd ICC_HPPIR1_EL1 == 33
expect cpu0 irq high                               # Secure EL1: Secure Group 1 is an IRQ
sysreg cpu0 secure rd ICC_IAR1_EL1 == 33
sysreg cpu0 secure rd ICC_RPR_EL1 == 0x40
sysreg cpu0 rd ICC_RPR_EL1 == 0                    # a Secure priority: Non-secure reads 0
line spi 32 pulse
expect cpu0 fiq high                               # Group 0 preempts
sysreg cpu0 secure rd ICC_IAR0_EL1 == TRAP_EL3
sysreg cpu0 el3 rd ICC_IAR0_EL1 == 32
sysreg cpu0 el3 rd ICC_AP0R0_EL1 == 0x10
sysreg cpu0 el3 wr ICC_EOIR0_EL1 32
sysreg cpu0 wr ICC_EOIR1_EL1 33                    # Non-secure EOI: active priority is Secure G1
sysreg cpu0 secure rd ICC_AP1R0_EL1 == 0x100
sysreg cpu0 rd ICC_AP1R0_EL1 == 0                  # the Non-secure copy
sysreg cpu0 secure wr ICC_EOIR1_EL1 33
sysreg cpu0 secure rd ICC_AP1R0_EL1 == 0
mmio cpu0 secure rd32 GICD+0x304 == 0              # nothing active

# --- SGIs between Security states ---------------------------------------------
mmio cpu0 secure wr32 GICR1+0x14 0
mmio cpu0 secure wr32 GICR1.SGI+0x80 0x8           # SGI 3: Non-secure Group 1
mmio cpu0 secure wr32 GICR1.SGI+0xd00 0x2          # SGI 1: Secure Group 1; SGI 2: Group 0
sysreg cpu0 wr ICC_SGI1R_EL1 0x1000002             # Non-secure to a Secure SGI: dropped
mmio cpu0 secure rd32 GICR1.SGI+0x200 & 0xf == 0x0
sysreg cpu0 secure wr ICC_SGI1R_EL1 0x1000002      # Secure to Secure Group 1: forwarded
mmio cpu0 secure rd32 GICR1.SGI+0x200 & 0xf == 0x2
sysreg cpu0 wr ICC_ASGI1R_EL1 0x2000002            # Non-secure to Group 0, NSACR 0b00
mmio cpu0 secure rd32 GICR1.SGI+0x200 & 0xf == 0x2
mmio cpu0 secure wr32 GICR1.SGI+0xe00 0x10         # GICR_NSACR: SGI 2 = 0b01
mmio cpu0 rd32 GICR1.SGI+0xe00 == 0
sysreg cpu0 wr ICC_ASGI1R_EL1 0x2000002
mmio cpu0 secure rd32 GICR1.SGI+0x200 & 0xf == 0x6
sysreg cpu0 wr ICC_SGI1R_EL1 0x3000002             # Non-secure Group 1: forwarded
mmio cpu0 secure rd32 GICR1.SGI+0x200 & 0xf == 0xe
mmio cpu0 rd32 GICR1.SGI+0x200 & 0xf == 0xc        # its own SGI, and SGI 2 (NSACR 0b01)
mmio cpu0 rd32 GICR1.SGI+0x280 & 0xf == 0x8        # ICPENDR0 needs 0b10

# --- Banked binary points and control ------------------------------------------
sysreg cpu0 secure rd ICC_BPR1_EL1 == 2            # Secure BPR1: BPR0's minimum
sysreg cpu0 rd ICC_BPR1_EL1 == 3
sysreg cpu0 secure wr ICC_BPR1_EL1 5
sysreg cpu0 secure rd ICC_BPR1_EL1 == 5
sysreg cpu0 rd ICC_BPR1_EL1 == 3
sysreg cpu0 secure wr ICC_CTLR_EL1 0x2             # EOImode, Secure copy
sysreg cpu0 rd ICC_CTLR_EL1 & 0x3 == 0
sysreg cpu0 el3 rd ICC_CTLR_EL3 & 0x1f == 0x8      # EOImode_EL1S
sysreg cpu0 el3 wr ICC_CTLR_EL3 0x13               # CBPR_EL1S, CBPR_EL1NS, EOImode_EL1NS
sysreg cpu0 rd ICC_CTLR_EL1 & 0x3 == 0x3
sysreg cpu0 secure rd ICC_CTLR_EL1 & 0x3 == 0x1
sysreg cpu0 secure rd ICC_BPR1_EL1 == 2            # CBPR_EL1S: aliases BPR0
sysreg cpu0 el3 rd ICC_BPR1_EL1 == 5               # EL3 sees the Secure register itself
sysreg cpu0 rd ICC_BPR1_EL1 == 3                   # CBPR_EL1NS: BPR0 + 1
