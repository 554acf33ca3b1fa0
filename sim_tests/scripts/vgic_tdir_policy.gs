# Issue 12.4: with active interrupts outside the LRs TDIR is set whatever the
# guest's EOImode (KVM 2025: the guest can change EOImode behind the
# hypervisor's back). tdir=eoimode1 is older KVM, kept as a policy.
config version=3 cpus=1 spis=32 lrs=2 vms=1 vcpus=1
mmio vcpu0 host wr32 VM0.GICD+0x304 0x700       # ISACTIVER1: SPIs 40..42 active
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 rd ICV_CTLR_EL1 & 0x2 == 0          # EOImode 0
sysreg cpu0 rd ICH_HCR_EL2 & 0x4004 == 0x4004   # LRENPIE, TDIR
# The guest switches to EOImode 1 and deactivates the interrupt outside the
# LRs: the trapped DIR names it, no EOIcount walk guesses.
sysreg cpu0 wr ICV_CTLR_EL1 0x2
sysreg cpu0 wr ICV_DIR_EL1 42
expect vm0 vcpu0 42 inactive
expect vm0 vcpu0 40 active
expect vm0 vcpu0 41 active
sysreg cpu0 rd ICH_HCR_EL2 & 0xf8000000 == 0
sysreg cpu0 rd ICH_LR4_EL2 == UNDEF             # 12.8: unimplemented LR: UNDEFINED, not a parse error
