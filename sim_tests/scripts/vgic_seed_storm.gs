# Issue 12.6: seed policy, 2 LRs. SPIs 32-33 active (ISACTIVER1), edges on
# 32 and 40. The 2016 order (actives first) would fill both LRs with actives
# and set NPIE with no purely pending LR: NP fires at once, forever. The last
# LR goes to the pending interrupt instead; no maintenance until the guest acts.
config version=3 cpus=1 spis=32 lrs=2 vms=1 vcpus=1 policy=seed
mmio vcpu0 host wr32 VM0.GICD+0x304 0x3
hyp inject vm0 32 edge
hyp inject vm0 40 edge
hyp maintenance manual
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 rd ICH_LR0_EL2 == 0xd0a0000000000020   # 32 pending+active
sysreg cpu0 rd ICH_LR1_EL2 == 0x50a0000000000028   # 40 pending
expect cpu0 maint low
sysreg cpu0 rd ICH_MISR_EL2 == 0
expect cpu0 virq high
hyp maintenance auto
sysreg cpu0 rd ICV_IAR1_EL1 == 40
sysreg cpu0 wr ICV_EOIR1_EL1 40
expect vm0 vcpu0 40 inactive
expect vm0 vcpu0 33 active
