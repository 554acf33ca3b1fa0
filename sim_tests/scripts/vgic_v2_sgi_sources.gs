# vgic, GICv2 model: SGI 5 sent to vCPU 0 by vCPUs 1, 2 and 3 (GICD_SGIR on the
# emulated distributor) is delivered three times, lowest source first, one LR
# at a time (KVM since 4.17: duplicate VirtualIDs in the LRs are UNPREDICTABLE,
# IHI 0048B): the EOI bit is set while other sources wait, and the EOI
# maintenance interrupt brings the next one.
config version=2 cpus=1 spis=64 lrs=4 vms=1 vcpus=4
hyp maintenance manual
mmio vcpu1 wr32 VM0.GICD+0xf00 0x10005
mmio vcpu2 wr32 VM0.GICD+0xf00 0x10005
mmio vcpu3 wr32 VM0.GICD+0xf00 0x10005
mmio vcpu0 rd32 VM0.GICD+0xf14 & 0xff00 == 0x0e00   # SPENDSGIR1: SGI 5 from 1, 2, 3
expect vm0 vcpu0 5 sources 0xe
expect vm0 vcpu0 5 pending
hyp enter vm0 vcpu0 cpu0
mmio cpu0 rd32 GICH+0x100 == 0x1a080405             # pending, EOI, Group 0, CPUID 1, SGI 5
mmio cpu0 rd32 GICH+0x104 & 0x30000000 == 0         # one LR only
mmio cpu0 rd32 GICH+0x30 == 0xe                     # ELRSR0: LRs 1..3 empty
expect vm0 vcpu0 5 sources 0xe
mmio cpu0 rd32 GICV+0xc == 0x405
expect vm0 vcpu0 5 pending+active                   # source 1 active, 2 and 3 pending
mmio cpu0 wr32 GICV+0x10 0x405
expect cpu0 maint high
mmio cpu0 rd32 GICH+0x10 == 0x1                     # MISR.EOI
mmio cpu0 rd32 GICH+0x20 == 0x1                     # EISR0: LR0
hyp handle cpu0
expect cpu0 maint low
mmio cpu0 rd32 GICH+0x100 == 0x1a080805             # CPUID 2, EOI: 3 still waits
mmio cpu0 rd32 GICV+0xc == 0x805
mmio cpu0 wr32 GICV+0x10 0x805
hyp handle cpu0
mmio cpu0 rd32 GICH+0x100 == 0x1a000c05             # CPUID 3, the last: no EOI bit
expect vm0 vcpu0 5 sources 0x8
mmio cpu0 rd32 GICV+0xc == 0xc05
mmio cpu0 wr32 GICV+0x10 0xc05
expect cpu0 maint low
mmio cpu0 rd32 GICV+0xc == 1023
expect vm0 vcpu0 5 inactive
expect vm0 vcpu0 5 sources 0
hyp exit cpu0
mmio vcpu0 rd32 VM0.GICD+0xf14 == 0
