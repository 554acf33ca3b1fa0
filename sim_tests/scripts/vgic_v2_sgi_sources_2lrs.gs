# vgic, GICv2 model: SGI 5 from source 1 acknowledged; sources 1 (again) and 2
# send it while it is active. KVM since 4.17 keeps one LR per SGI: at the
# next entry the SGI is placed Active-only with the EOI bit, and each EOI
# maintenance interrupt brings the next source (lowest first).
config version=2 cpus=1 spis=64 lrs=2 vms=1 vcpus=4
mmio vcpu1 wr32 VM0.GICD+0xf00 0x10005
hyp enter vm0 vcpu0 cpu0
mmio cpu0 rd32 GICH+0x100 == 0x1a000405             # one source: no EOI bit
mmio cpu0 rd32 GICV+0xc == 0x405
mmio vcpu1 wr32 VM0.GICD+0xf00 0x10005              # trapped: vCPU 0 exits and re-enters
mmio vcpu2 wr32 VM0.GICD+0xf00 0x10005
expect vm0 vcpu0 5 pending+active
expect vm0 vcpu0 5 sources 0x6
hyp kick cpu0
mmio cpu0 rd32 GICH+0x100 == 0x2a080405             # Active-only, EOI bit, CPUID 1
mmio cpu0 rd32 GICH+0x104 & 0x30000000 == 0         # never a second LR for SGI 5
mmio cpu0 wr32 GICV+0x10 0x405                      # EOI maintenance, handled
mmio cpu0 rd32 GICH+0x100 == 0x1a080405             # source 1 again, EOI: 2 waits
mmio cpu0 rd32 GICV+0xc == 0x405
mmio cpu0 wr32 GICV+0x10 0x405
mmio cpu0 rd32 GICH+0x100 == 0x1a000805             # source 2, the last
mmio cpu0 rd32 GICV+0xc == 0x805
mmio cpu0 wr32 GICV+0x10 0x805
mmio cpu0 rd32 GICV+0xc == 1023
expect vm0 vcpu0 5 inactive
hyp exit cpu0
