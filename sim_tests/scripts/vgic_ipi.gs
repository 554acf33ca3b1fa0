# vgic: an IPI between two vCPUs of one VM running on different physical CPUs.
# The guest's ICC_SGI1R_EL1 write traps to the hypervisor, which pends the SGI
# on the target vCPU and kicks it; it arrives through cpu1's LRs.
config version=3 cpus=2 spis=64 lrs=4 vms=1 vcpus=2
hyp enter vm0 vcpu0 cpu0
hyp enter vm0 vcpu1 cpu1
sysreg cpu0 wr ICC_SGI1R_EL1 0x3000002 == TRAP        # the trap itself
sysreg cpu0 wr ICC_SGI1R_EL1 0x3000002                # emulated: SGI 3 to vCPU 1
expect cpu1 virq high
expect cpu0 virq low
expect vm0 vcpu1 3 pending
sysreg cpu1 rd ICV_IAR1_EL1 == 3
sysreg cpu1 wr ICV_EOIR1_EL1 3
expect vm0 vcpu1 3 inactive
sysreg cpu1 wr ICC_SGI1R_EL1 0x10004000000           # IRM: all but self, SGI 4
sysreg cpu0 rd ICV_IAR1_EL1 == 4
sysreg cpu0 wr ICV_EOIR1_EL1 4
expect cpu1 virq low
