# vgic, GICv2 model: three SGI sources, 2 LRs: two sources go in the LRs, the EOI
# bit on the last asks for maintenance, and the third source follows.
config version=2 cpus=1 spis=64 lrs=2 vms=1 vcpus=4
mmio vcpu1 wr32 VM0.GICD+0xf00 0x10005
mmio vcpu2 wr32 VM0.GICD+0xf00 0x10005
mmio vcpu3 wr32 VM0.GICD+0xf00 0x10005
hyp enter vm0 vcpu0 cpu0
mmio cpu0 rd32 GICH+0x100 == 0x1a000405
mmio cpu0 rd32 GICH+0x104 == 0x1a080805
mmio cpu0 rd32 GICV+0xc == 0x405
mmio cpu0 wr32 GICV+0x10 0x405
mmio cpu0 rd32 GICV+0xc == 0x805
mmio cpu0 wr32 GICV+0x10 0x805
mmio cpu0 rd32 GICV+0xc == 0xc05
mmio cpu0 wr32 GICV+0x10 0xc05
mmio cpu0 rd32 GICV+0xc == 1023
