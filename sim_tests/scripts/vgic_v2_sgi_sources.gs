# vgic, GICv2 model: SGI 5 sent to vCPU 0 by vCPUs 1, 2 and 3 (GICD_SGIR on the
# emulated distributor) is delivered three times, lowest source first, one
# source per LR (and the EOI bit set on the last one while more remain).
config version=2 cpus=1 spis=64 lrs=4 vms=1 vcpus=4
mmio vcpu1 wr32 VM0.GICD+0xf00 0x10005
mmio vcpu2 wr32 VM0.GICD+0xf00 0x10005
mmio vcpu3 wr32 VM0.GICD+0xf00 0x10005
mmio vcpu0 rd32 VM0.GICD+0xf14 & 0xff00 == 0x0e00   # SPENDSGIR1: SGI 5 from 1, 2, 3
expect vm0 vcpu0 5 pending
hyp enter vm0 vcpu0 cpu0
mmio cpu0 rd32 GICH+0x100 == 0x1a000405             # pending, Group 0, CPUID 1, SGI 5
mmio cpu0 rd32 GICH+0x104 == 0x1a000805             # CPUID 2
mmio cpu0 rd32 GICH+0x108 == 0x1a000c05             # CPUID 3
mmio cpu0 rd32 GICV+0xc == 0x405
mmio cpu0 wr32 GICV+0x10 0x405
mmio cpu0 rd32 GICV+0xc == 0x805
mmio cpu0 wr32 GICV+0x10 0x805
mmio cpu0 rd32 GICV+0xc == 0xc05
mmio cpu0 wr32 GICV+0x10 0xc05
mmio cpu0 rd32 GICV+0xc == 1023
expect vm0 vcpu0 5 inactive
hyp exit cpu0
mmio vcpu0 rd32 VM0.GICD+0xf14 == 0
