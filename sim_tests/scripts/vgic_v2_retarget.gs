# Issue 12.1, GICv2: GICD_ITARGETSR retargets a pending SPI; it is delivered
# to the new target only.
config version=2 cpus=2 spis=32 lrs=4 vms=1 vcpus=2
hyp inject vm0 40 edge
mmio vcpu0 host wr8 VM0.GICD+0x828 0x2          # ITARGETSR byte of SPI 40: CPU 1
hyp enter vm0 vcpu0 cpu0
mmio cpu0 rd32 GICH+0x100 & 0x30000000 == 0
mmio cpu0 rd32 GICV+0xc == 1023
hyp enter vm0 vcpu1 cpu1
mmio cpu1 rd32 GICH+0x100 == 0x1a000028         # pending, Group 0, prio 0xa0
mmio cpu1 rd32 GICV+0xc == 40
