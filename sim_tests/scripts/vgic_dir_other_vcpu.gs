# Issue 12.3: an SPI acknowledged on vCPU 0 and deactivated by ICV_DIR on
# vCPU 1 (EOImode 1): TDIR is set on every vCPU while an SPI of the VM may be
# active, and the trapped DIR deactivates it where it lives.
config version=3 cpus=2 spis=32 lrs=4 vms=1 vcpus=2
hyp enter vm0 vcpu1 cpu1
sysreg cpu1 rd ICH_HCR_EL2 & 0x4000 == 0        # nothing active: no TDIR
sysreg cpu1 wr ICV_CTLR_EL1 0x2                 # EOImode 1
hyp inject vm0 40 edge
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 wr ICV_CTLR_EL1 0x2
sysreg cpu0 rd ICH_HCR_EL2 & 0x4000 == 0x4000   # an SPI in an LR: TDIR
sysreg cpu1 rd ICH_HCR_EL2 & 0x4000 == 0x4000   # vCPU 1 was kicked to set it too
sysreg cpu0 rd ICV_IAR1_EL1 == 40
sysreg cpu0 wr ICV_EOIR1_EL1 40                 # priority drop only
expect vm0 vcpu0 40 active
sysreg cpu1 wr ICV_DIR_EL1 40 == TRAP           # the guest's DIR traps to EL2...
sysreg cpu1 wr ICV_DIR_EL1 40                   # ...and is emulated
expect vm0 vcpu0 40 inactive
sysreg cpu1 rd ICH_HCR_EL2 & 0xf8000000 == 0   # not counted on vCPU 1
# A new instance is delivered again.
hyp inject vm0 40 edge
sysreg cpu0 rd ICV_IAR1_EL1 == 40
sysreg cpu0 wr ICV_EOIR1_EL1 40
sysreg cpu0 wr ICV_DIR_EL1 40                   # on its own vCPU: the LR
expect vm0 vcpu0 40 inactive
