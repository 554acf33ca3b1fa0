# Issue 12.1: a pending SPI retargeted by the guest (GICD_IROUTER) is never
# placed in the old vCPU's LRs: the flush populates only interrupts whose
# target is this vCPU, the rest migrate (prune) and their new target is kicked.
config version=3 cpus=2 spis=32 lrs=4 vms=1 vcpus=2
# Pending on vCPU 0's list, retargeted by the host before vCPU 0 runs.
hyp inject vm0 40 edge
expect vm0 vcpu0 40 pending
mmio vcpu0 host wr64 VM0.GICD+0x6140 0x1        # IROUTER40 = Aff0 1: vCPU 1
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 rd ICH_LR0_EL2 & 0xc000000000000000 == 0
sysreg cpu0 rd ICV_IAR1_EL1 == 1023
expect cpu0 virq low
hyp enter vm0 vcpu1 cpu1
sysreg cpu1 rd ICH_LR0_EL2 == 0x50a0000000000028
sysreg cpu1 rd ICV_IAR1_EL1 == 40
sysreg cpu1 wr ICV_EOIR1_EL1 40
expect vm0 vcpu1 40 inactive
# Pending in vCPU 1's LR; the guest on vCPU 1 retargets it to vCPU 0 (a
# trapped access: vCPU 1 exits and syncs, 40 migrates, vCPU 0 is kicked).
hyp inject vm0 41 edge                          # in vCPU 0's LR at once (it runs)
sysreg cpu0 rd ICH_LR0_EL2 == 0x50a0000000000029
mmio vcpu1 host wr64 VM0.GICD+0x6148 0x1        # IROUTER41: vCPU 1, by the host:
sysreg cpu0 rd ICH_LR0_EL2 == 0x50a0000000000029   # no exit, the LR keeps its copy
hyp kick cpu0                                   # at vCPU 0's next exit it migrates
sysreg cpu0 rd ICH_LR0_EL2 & 0xc000000000000000 == 0
sysreg cpu1 rd ICH_LR0_EL2 == 0x50a0000000000029
mmio vcpu1 wr64 VM0.GICD+0x6148 0x0             # back to vCPU 0, by the guest
sysreg cpu1 rd ICH_LR0_EL2 & 0xc000000000000000 == 0
sysreg cpu1 rd ICV_IAR1_EL1 == 1023
sysreg cpu0 rd ICH_LR0_EL2 == 0x50a0000000000029
sysreg cpu0 rd ICV_IAR1_EL1 == 41
expect vm0 vcpu0 41 active
