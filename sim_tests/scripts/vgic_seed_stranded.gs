# Issue 12.6: seed policy, 1 LR. An active interrupt would take the only LR
# and leave the pending ones stranded (HCR = En, MISR = 0, no vIRQ). The LR
# goes to a pending one; LRENPIE and TDIR cover the actives outside.
config version=3 cpus=1 spis=32 lrs=1 vms=1 vcpus=1 policy=seed
mmio vcpu0 host wr8 VM0.GICD+0x420 0xc0         # SPI 32 at priority 0xc0
mmio vcpu0 host wr32 VM0.GICD+0x304 0x1         # SPI 32 active
hyp inject vm0 40 edge
hyp inject vm0 41 edge
hyp enter vm0 vcpu0 cpu0
expect cpu0 virq high
sysreg cpu0 rd ICH_LR0_EL2 == 0x50a0000000000028
sysreg cpu0 rd ICH_HCR_EL2 & 0x400c == 0x400c   # NPIE, LRENPIE, TDIR
sysreg cpu0 rd ICV_IAR1_EL1 == 40               # NP maintenance: 41 takes the LR
sysreg cpu0 rd ICH_LR0_EL2 == 0x50a0000000000029
sysreg cpu0 rd ICV_IAR1_EL1 == 1023             # same priority as the active 40
sysreg cpu0 wr ICV_EOIR1_EL1 40                 # outside the LRs: EOIcount, walked by priority
expect vm0 vcpu0 40 inactive
expect vm0 vcpu0 32 active
sysreg cpu0 rd ICV_IAR1_EL1 == 41
sysreg cpu0 wr ICV_EOIR1_EL1 41
expect vm0 vcpu0 41 inactive
expect vm0 vcpu0 32 active
expect cpu0 virq low
