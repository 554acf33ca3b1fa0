# vgic: more interrupts injected than LRs while the guest runs: each injection kicks
# the vCPU, the LRs take the highest priorities, underflow maintenance refills them;
# all are delivered exactly once, in priority order.
config version=3 cpus=1 spis=64 lrs=2 vms=1 vcpus=1
hyp enter vm0 vcpu0 cpu0
mmio vcpu0 wr8 VM0.GICD+0x430 0x80
mmio vcpu0 wr8 VM0.GICD+0x431 0x20
mmio vcpu0 wr8 VM0.GICD+0x432 0x60
mmio vcpu0 wr8 VM0.GICD+0x433 0x40
mmio vcpu0 wr8 VM0.GICD+0x434 0xa0
mmio vcpu0 wr8 VM0.GICD+0x435 0x10
mmio vcpu0 wr8 VM0.GICD+0x436 0x90
mmio vcpu0 wr8 VM0.GICD+0x437 0x30
hyp inject vm0 48 edge
hyp inject vm0 49 edge
hyp inject vm0 50 edge
hyp inject vm0 51 edge
hyp inject vm0 52 edge
hyp inject vm0 53 edge
hyp inject vm0 54 edge
hyp inject vm0 55 edge
sysreg cpu0 rd ICH_HCR_EL2 & 0x2 == 0x2                 # UIE
sysreg cpu0 rd ICV_IAR1_EL1 == 53
sysreg cpu0 wr ICV_EOIR1_EL1 53
sysreg cpu0 rd ICV_IAR1_EL1 == 49
sysreg cpu0 wr ICV_EOIR1_EL1 49
sysreg cpu0 rd ICV_IAR1_EL1 == 55
sysreg cpu0 wr ICV_EOIR1_EL1 55
sysreg cpu0 rd ICV_IAR1_EL1 == 51
sysreg cpu0 wr ICV_EOIR1_EL1 51
sysreg cpu0 rd ICV_IAR1_EL1 == 50
sysreg cpu0 wr ICV_EOIR1_EL1 50
sysreg cpu0 rd ICV_IAR1_EL1 == 48
sysreg cpu0 wr ICV_EOIR1_EL1 48
sysreg cpu0 rd ICV_IAR1_EL1 == 54
sysreg cpu0 wr ICV_EOIR1_EL1 54
sysreg cpu0 rd ICV_IAR1_EL1 == 52
sysreg cpu0 wr ICV_EOIR1_EL1 52
sysreg cpu0 rd ICV_IAR1_EL1 == 1023
expect cpu0 virq low
sysreg cpu0 rd ICH_HCR_EL2 & 0x2 == 0                   # no more underflow requests
