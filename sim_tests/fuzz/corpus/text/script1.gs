config version=3 cpus=2
mmio cpu0 rd32 GICD+0x0 == 0x50
sysreg cpu0 wr ICH_LR0_EL2 0x50a0000000000020
hyp inject vm0 40 edge
