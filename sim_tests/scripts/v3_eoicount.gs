# ICH_HCR_EL2.EOIcount: an EOI counts when it drops a priority and no LR
# holds the INTID. With nothing active (CONSTRAINED UNPREDICTABLE) the EOI
# has no effect at all, the choice QEMU makes, as GICv2 does by the letter.
config version=3 cpus=1 spis=32 lrs=4

sysreg cpu0 wr ICH_HCR_EL2 0x5                  # En, LRENPIE
sysreg cpu0 wr ICH_VMCR_EL2 0xf8000003          # VPMR 0xf8, VENG0, VENG1
# 1. nothing active: no count, no maintenance
sysreg cpu0 wr ICV_EOIR1_EL1 77
sysreg cpu0 wr ICV_EOIR0_EL1 78
sysreg cpu0 rd ICH_HCR_EL2 == 0x5
expect cpu0 maint low
# 2. matching an LR: deactivated, not counted
sysreg cpu0 wr ICH_LR0_EL2 0x50a0000000000028   # vINTID 40, Group 1, prio 0xa0
sysreg cpu0 rd ICV_IAR1_EL1 == 40
sysreg cpu0 rd ICH_AP1R0_EL2 == 0x100000
sysreg cpu0 wr ICV_EOIR1_EL1 40
sysreg cpu0 rd ICH_LR0_EL2 == 0x10a0000000000028
sysreg cpu0 rd ICH_HCR_EL2 == 0x5
# 3. matching no LR with a priority active: counted
sysreg cpu0 wr ICH_AP1R0_EL2 0x100000
sysreg cpu0 wr ICV_EOIR1_EL1 41
sysreg cpu0 rd ICH_AP1R0_EL2 == 0
sysreg cpu0 rd ICH_HCR_EL2 == 0x08000005
sysreg cpu0 rd ICH_MISR_EL2 == 0x4
expect cpu0 maint high
# 4. the wrap
sysreg cpu0 wr ICH_HCR_EL2 0xf8000005
sysreg cpu0 wr ICH_AP0R0_EL2 0x1
sysreg cpu0 wr ICV_EOIR0_EL1 42
sysreg cpu0 rd ICH_HCR_EL2 == 0x5
expect cpu0 maint low
# 5. EOIR1 of a Group 0 LR: the priority drops, the LR stays active
sysreg cpu0 wr ICH_LR1_EL2 0x40a0000000000029   # vINTID 41, Group 0, prio 0xa0
sysreg cpu0 rd ICV_IAR0_EL1 == 41
sysreg cpu0 wr ICV_EOIR1_EL1 41
sysreg cpu0 rd ICH_AP0R0_EL2 == 0
sysreg cpu0 rd ICH_LR1_EL2 == 0x80a0000000000029
sysreg cpu0 rd ICH_HCR_EL2 == 0x5
# 6. EOImode 1: the DIR of an interrupt in no LR counts
sysreg cpu0 wr ICV_CTLR_EL1 0x2
sysreg cpu0 wr ICH_AP1R0_EL2 0x100000
sysreg cpu0 wr ICV_EOIR1_EL1 43
sysreg cpu0 rd ICH_HCR_EL2 == 0x5
sysreg cpu0 wr ICV_DIR_EL1 43
sysreg cpu0 rd ICH_HCR_EL2 == 0x08000005
