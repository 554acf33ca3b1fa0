# GICv3 physical interrupt scenarios through the whole platform.
config version=3 cpus=2 spis=64

mmio cpu0 wr32 GICD+0x0 0x3
mmio cpu0 wr32 GICR0+0x14 0
mmio cpu1 wr32 GICR1+0x14 0
sysreg cpu0 wr ICC_PMR_EL1 0xff
sysreg cpu0 wr ICC_IGRPEN1_EL1 1
sysreg cpu1 wr ICC_PMR_EL1 0xff
sysreg cpu1 wr ICC_IGRPEN1_EL1 1

# SPI 40 (edge, group 1, priority 0xa0) routed to cpu1
mmio cpu0 wr32 GICD+0x84 0xffffffff
mmio cpu0 wr32 GICD+0xc08 0xaaaaaaaa
mmio cpu0 wr8 GICD+0x428 0xa0
mmio cpu0 wr8 GICD+0x429 0x40
mmio cpu0 wr64 GICD+0x6140 0x1
mmio cpu0 wr64 GICD+0x6148 0x1
mmio cpu0 wr32 GICD+0x104 0x300
line spi 40 pulse
expect cpu1 irq high
expect cpu0 irq low
sysreg cpu1 rd ICC_IAR1_EL1 == 40
expect cpu1 irq low
# SPI 41 has a higher priority: preempts
line spi 41 pulse
expect cpu1 irq high
sysreg cpu1 rd ICC_IAR1_EL1 == 41
sysreg cpu1 rd ICC_RPR_EL1 == 0x40
sysreg cpu1 rd ICC_AP1R0_EL1 == 0x100100
sysreg cpu1 wr ICC_EOIR1_EL1 41
sysreg cpu1 rd ICC_RPR_EL1 == 0xa0
sysreg cpu1 wr ICC_EOIR1_EL1 40
sysreg cpu1 rd ICC_RPR_EL1 == 0xff
mmio cpu0 rd32 GICD+0x304 == 0

# Priority masking
sysreg cpu1 wr ICC_PMR_EL1 0x80
line spi 40 pulse
expect cpu1 irq low
sysreg cpu1 rd ICC_HPPIR1_EL1 == 40
sysreg cpu1 rd ICC_IAR1_EL1 == 1023
sysreg cpu1 wr ICC_PMR_EL1 0xff
expect cpu1 irq high
sysreg cpu1 rd ICC_IAR1_EL1 == 40
sysreg cpu1 wr ICC_EOIR1_EL1 40

# EOImode 1: priority drop, then deactivation
sysreg cpu1 wr ICC_CTLR_EL1 0x2
line spi 40 pulse
sysreg cpu1 rd ICC_IAR1_EL1 == 40
sysreg cpu1 wr ICC_EOIR1_EL1 40
sysreg cpu1 rd ICC_RPR_EL1 == 0xff
mmio cpu0 rd32 GICD+0x304 == 0x100
sysreg cpu1 wr ICC_DIR_EL1 40
mmio cpu0 rd32 GICD+0x304 == 0
sysreg cpu1 wr ICC_CTLR_EL1 0x0

# SGI 1 from cpu0 to cpu1 (target list), then to all but self
mmio cpu0 wr32 GICR1.SGI+0x80 0xffff
mmio cpu0 wr32 GICR1.SGI+0x100 0xffff
sysreg cpu0 wr ICC_SGI1R_EL1 0x1000002
expect cpu1 irq high
sysreg cpu1 rd ICC_IAR1_EL1 == 1
sysreg cpu1 wr ICC_EOIR1_EL1 1
sysreg cpu0 wr ICC_SGI1R_EL1 0x10002000000
sysreg cpu1 rd ICC_IAR1_EL1 == 2
sysreg cpu1 wr ICC_EOIR1_EL1 2

# PPI 27 (level) per CPU: re-pends after EOI while the line stays high
mmio cpu0 wr32 GICR0.SGI+0x80 0x8000000
mmio cpu0 wr32 GICR0.SGI+0x100 0x8000000
line ppi 27 cpu0 high
expect cpu0 irq high
expect cpu1 irq low
sysreg cpu0 rd ICC_IAR1_EL1 == 27
sysreg cpu0 wr ICC_EOIR1_EL1 27
expect cpu0 irq high
sysreg cpu0 rd ICC_IAR1_EL1 == 27
line ppi 27 cpu0 low
sysreg cpu0 wr ICC_EOIR1_EL1 27
expect cpu0 irq low

# A disabled pending interrupt is signalled once enabled
mmio cpu0 wr32 GICD+0x184 0x100
line spi 40 pulse
expect cpu1 irq low
mmio cpu0 wr32 GICD+0x104 0x100
expect cpu1 irq high
run 1us
sysreg cpu1 rd ICC_IAR1_EL1 == 40
sysreg cpu1 wr ICC_EOIR1_EL1 40
expect cpu1 irq low

# Trapped SGI under HCR_EL2.IMO (guest at EL1) and UNDEFINED encodings
sysreg cpu0 rd ICC_SGI1R_EL1 == UNDEF
sysreg cpu0 rd ICH_HCR_EL2 == 0
sysreg cpu0 rd ICH_AP1R1_EL2 == UNDEF        # 5 virtual priority bits: AP1R0 only
