# The example of STIMULUS.md, exactly as written there.
config version=3 cpus=1 spis=32 lrs=4
sysreg cpu0 wr ICH_HCR_EL2 0x1
sysreg cpu0 wr ICH_VMCR_EL2 0xff000002      # VPMR=0xff, VENG1
sysreg cpu0 wr ICH_LR0_EL2 0x50a0000000000020  # pending, group 1, prio 0xa0, vINTID 32
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 32
sysreg cpu0 rd ICH_LR0_EL2 == 0x90a0000000000020  # now active
sysreg cpu0 wr ICV_EOIR1_EL1 32
sysreg cpu0 rd ICH_LR0_EL2 == 0x10a0000000000020  # invalid, group and priority kept
sysreg cpu0 rd ICH_ELRSR_EL2 & 0x1 == 0x1
