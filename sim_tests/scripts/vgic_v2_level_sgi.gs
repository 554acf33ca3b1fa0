# Issue 12.7: SGIs are edge-triggered; a level injection is refused with a
# log line (it reached __builtin_ctz(0) and a garbage CPUID).
config version=2 cpus=1 spis=32 lrs=4 vms=1 vcpus=1
hyp inject vm0 14 vcpu0 high
expect vm0 vcpu0 14 inactive
hyp enter vm0 vcpu0 cpu0
mmio cpu0 rd32 GICH+0x100 & 0x30000000 == 0
hyp inject vm0 14 vcpu0 edge
expect vm0 vcpu0 14 sources 0x1
mmio cpu0 rd32 GICV+0xc == 14                   # source CPU 0 (the vCPU itself)
