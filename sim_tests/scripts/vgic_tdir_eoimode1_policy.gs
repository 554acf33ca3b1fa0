# tdir=eoimode1: TDIR only with active interrupts outside the LRs in EOImode 1.
config version=3 cpus=1 spis=32 lrs=2 vms=1 vcpus=1 tdir=eoimode1
mmio vcpu0 host wr32 VM0.GICD+0x304 0x700
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 rd ICH_HCR_EL2 & 0x4004 == 0x4         # LRENPIE, no TDIR
sysreg cpu0 wr ICV_CTLR_EL1 0x2
hyp kick cpu0
sysreg cpu0 rd ICH_HCR_EL2 & 0x4004 == 0x4004
