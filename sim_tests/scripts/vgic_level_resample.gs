# vgic: a level interrupt held high by a device is redelivered after each EOI
# (EOI maintenance, resample) until the line drops.
config version=3 cpus=1 spis=64 lrs=4 vms=1 vcpus=1
hyp inject vm0 45 high
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 rd ICH_LR0_EL2 == 0x50a002000000002d  # pending, EOI bit: resample on EOI
sysreg cpu0 rd ICV_IAR1_EL1 == 45
expect vm0 vcpu0 45 pending+active
sysreg cpu0 wr ICV_EOIR1_EL1 45
expect cpu0 virq high                              # line still high: delivered again
sysreg cpu0 rd ICV_IAR1_EL1 == 45
sysreg cpu0 wr ICV_EOIR1_EL1 45
sysreg cpu0 rd ICV_IAR1_EL1 == 45
hyp inject vm0 45 low                              # the device drops the line
sysreg cpu0 wr ICV_EOIR1_EL1 45
expect cpu0 virq low
sysreg cpu0 rd ICV_IAR1_EL1 == 1023
expect vm0 vcpu0 45 inactive
hyp exit cpu0
expect vm0 vcpu0 45 inactive
