# vgic: a hardware-mapped interrupt. The host takes physical SPI 50 (EOImode 1:
# priority drop only), injects it as vINTID 80 with HW=1; the guest's EOI
# deactivates the physical interrupt.
config version=3 cpus=1 spis=64 lrs=4 vms=1 vcpus=1
mmio cpu0 wr32 GICD+0x0 0x3
mmio cpu0 wr32 GICR0+0x14 0
mmio cpu0 wr32 GICD+0x84 0xffffffff
mmio cpu0 wr32 GICD+0xc0c 0xaaaaaaaa
mmio cpu0 wr32 GICD+0x104 0x40000
sysreg cpu0 wr ICC_PMR_EL1 0xff
sysreg cpu0 wr ICC_IGRPEN1_EL1 1
sysreg cpu0 wr ICC_CTLR_EL1 0x2
hyp map vm0 80 50
line spi 50 pulse
expect cpu0 irq high
sysreg cpu0 rd ICC_IAR1_EL1 == 50
sysreg cpu0 wr ICC_EOIR1_EL1 50
mmio cpu0 rd32 GICD+0x304 == 0x40000               # physically active
hyp inject vm0 80 edge
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 rd ICH_LR0_EL2 == 0x70a0003200000050   # pending, G1, HW, pINTID 50
sysreg cpu0 rd ICV_IAR1_EL1 == 80
mmio cpu0 rd32 GICD+0x304 == 0x40000
sysreg cpu0 wr ICV_EOIR1_EL1 80
mmio cpu0 rd32 GICD+0x304 == 0                     # deactivated by the guest's EOI
sysreg cpu0 rd ICH_EISR_EL2 == 0                   # no maintenance needed
hyp exit cpu0
expect vm0 vcpu0 80 inactive
