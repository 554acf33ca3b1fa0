# GICv3 virtual CPU interface: ICH_* registers, ICV_* guest view,
# maintenance causes, hardware deactivation and traps.
config version=3 cpus=1 spis=64 lrs=4

sysreg cpu0 rd ICH_VTR_EL2 == 0x90180003       # 4 LRs, PREbits 5, PRIbits 5, TDS, nV4
sysreg cpu0 rd ICH_VMCR_EL2 == 0x004c0008
sysreg cpu0 rd ICH_ELRSR_EL2 == 0xf
sysreg cpu0 wr ICH_HCR_EL2 0xffffffff
sysreg cpu0 rd ICH_HCR_EL2 == 0xf8005cff      # reserved bits read as zero
sysreg cpu0 wr ICH_HCR_EL2 0x1
sysreg cpu0 wr ICH_VMCR_EL2 0xf8000003        # VPMR 0xf8, VENG0, VENG1

# Two LRs, different priority and group: Group 0 preempts as vFIQ
sysreg cpu0 wr ICH_LR0_EL2 0x50a0000000000028  # pending, G1, prio 0xa0, vINTID 40
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 40
sysreg cpu0 wr ICH_LR1_EL2 0x4040000000000029  # pending, G0, prio 0x40, vINTID 41
expect cpu0 vfiq high
expect cpu0 virq low
sysreg cpu0 rd ICV_IAR0_EL1 == 41
sysreg cpu0 rd ICV_RPR_EL1 == 0x40
sysreg cpu0 wr ICV_EOIR0_EL1 41
sysreg cpu0 wr ICV_EOIR1_EL1 40
sysreg cpu0 rd ICH_AP1R0_EL2 == 0
sysreg cpu0 rd ICH_ELRSR_EL2 == 0xf

# EOI maintenance: EISR set, ELRSR clear, maintenance line (PPI 25) high
sysreg cpu0 wr ICH_LR2_EL2 0x50a002000000002a  # EOI bit
sysreg cpu0 rd ICV_IAR1_EL1 == 42
sysreg cpu0 wr ICV_EOIR1_EL1 42
sysreg cpu0 rd ICH_EISR_EL2 == 0x4
sysreg cpu0 rd ICH_ELRSR_EL2 == 0xb
sysreg cpu0 rd ICH_MISR_EL2 == 0x1
expect cpu0 maint high
mmio cpu0 rd32 GICR0.SGI+0x200 & 0x2000000 == 0x2000000
sysreg cpu0 wr ICH_LR2_EL2 0
expect cpu0 maint low

# Underflow, no-pending, LRENP
sysreg cpu0 wr ICH_HCR_EL2 0xf                 # En, UIE, LRENPIE, NPIE
sysreg cpu0 rd ICH_MISR_EL2 == 0xa             # U, NP
sysreg cpu0 wr ICV_EOIR1_EL1 99                # nothing active: no priority drop, not counted
sysreg cpu0 rd ICH_HCR_EL2 == 0x0000000f
sysreg cpu0 wr ICH_AP1R0_EL2 0x100000          # priority 0xa0 active (acknowledged earlier)
sysreg cpu0 wr ICV_EOIR1_EL1 99                # drops it; no such LR: EOIcount
sysreg cpu0 rd ICH_AP1R0_EL2 == 0
sysreg cpu0 rd ICH_HCR_EL2 == 0x0800000f
sysreg cpu0 rd ICH_MISR_EL2 == 0xe
sysreg cpu0 wr ICH_HCR_EL2 0x1
expect cpu0 maint low

# VEOIM: priority drop on EOIR, deactivation on DIR
sysreg cpu0 wr ICV_CTLR_EL1 0x2
sysreg cpu0 wr ICH_LR0_EL2 0x50a0000000000028
sysreg cpu0 rd ICV_IAR1_EL1 == 40
sysreg cpu0 wr ICV_EOIR1_EL1 40
sysreg cpu0 rd ICV_RPR_EL1 == 0xff
sysreg cpu0 rd ICH_LR0_EL2 == 0x90a0000000000028
sysreg cpu0 wr ICV_DIR_EL1 40
sysreg cpu0 rd ICH_LR0_EL2 == 0x10a0000000000028
sysreg cpu0 wr ICV_CTLR_EL1 0x0

# HW=1: the guest's EOI deactivates physical SPI 50 (acked by the hypervisor)
mmio cpu0 wr32 GICD+0x0 0x3
mmio cpu0 wr32 GICR0+0x14 0
mmio cpu0 wr32 GICD+0x84 0xffffffff
mmio cpu0 wr32 GICD+0xc0c 0xaaaaaaaa
mmio cpu0 wr32 GICD+0x104 0x40000
sysreg cpu0 wr ICC_PMR_EL1 0xff
sysreg cpu0 wr ICC_IGRPEN1_EL1 1
sysreg cpu0 wr ICC_CTLR_EL1 0x2                # host EOImode 1
line spi 50 pulse
expect cpu0 irq high
sysreg cpu0 rd ICC_IAR1_EL1 == 50
sysreg cpu0 wr ICC_EOIR1_EL1 50                # priority drop only
mmio cpu0 rd32 GICD+0x304 == 0x40000
sysreg cpu0 wr ICH_LR0_EL2 0x70a0003200000060  # pending, G1, HW, pINTID 50, vINTID 96
sysreg cpu0 rd ICV_IAR1_EL1 == 96
sysreg cpu0 wr ICV_EOIR1_EL1 96
mmio cpu0 rd32 GICD+0x304 == 0                 # physical SPI deactivated
sysreg cpu0 rd ICH_EISR_EL2 == 0

# HW=1 with a physical PPI (27)
mmio cpu0 wr32 GICR0.SGI+0x80 0x8000000
mmio cpu0 wr32 GICR0.SGI+0x100 0x8000000
line ppi 27 cpu0 high
sysreg cpu0 rd ICC_IAR1_EL1 == 27
sysreg cpu0 wr ICC_EOIR1_EL1 27
line ppi 27 cpu0 low
mmio cpu0 rd32 GICR0.SGI+0x300 == 0x8000000
sysreg cpu0 wr ICH_LR1_EL2 0x70a0001b0000001b  # HW, pINTID 27, vINTID 27
sysreg cpu0 rd ICV_IAR1_EL1 == 27
sysreg cpu0 wr ICV_EOIR1_EL1 27
mmio cpu0 rd32 GICR0.SGI+0x300 == 0

# Traps to EL2
sysreg cpu0 wr ICH_HCR_EL2 0x1001              # TALL1
sysreg cpu0 rd ICV_IAR1_EL1 == TRAP
sysreg cpu0 rd ICV_IAR0_EL1 == 1023
sysreg cpu0 wr ICH_HCR_EL2 0x4001              # TDIR
sysreg cpu0 wr ICV_DIR_EL1 1 == TRAP
sysreg cpu0 wr ICH_HCR_EL2 0x401               # TC
sysreg cpu0 rd ICV_PMR_EL1 == TRAP
sysreg cpu0 wr ICH_HCR_EL2 0x801               # TALL0
sysreg cpu0 rd ICV_HPPIR0_EL1 == TRAP
sysreg cpu0 rd ICV_HPPIR1_EL1 == 1023
