# Issue 12.2: a loaded vCPU's access to its VM's distributor is a trapped
# exit: the LRs are synced before and refilled after, and reads of
# pending/active state see what running vCPUs hold in their LRs.
config version=3 cpus=2 spis=32 lrs=4 vms=1 vcpus=2
hyp inject vm0 40 edge
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 rd ICH_LR0_EL2 == 0x50a0000000000028
mmio vcpu0 rd32 VM0.GICD+0x204 == 0x100         # ISPENDR1: 40 pending (it is in the LR)
mmio vcpu0 wr32 VM0.GICD+0x184 0x100            # ICENABLER1: disable 40
mmio vcpu0 rd32 VM0.GICD+0x0 & 0x80000000 == 0  # RWP
sysreg cpu0 rd ICH_LR0_EL2 & 0xc000000000000000 == 0   # gone from the LRs
sysreg cpu0 rd ICV_IAR1_EL1 == 1023             # the guest cannot take it any more
expect vm0 vcpu0 40 pending                     # still pending, disabled
mmio vcpu0 wr32 VM0.GICD+0x104 0x100            # ISENABLER1: enabled again
sysreg cpu0 rd ICV_IAR1_EL1 == 40
# An SGI acknowledged on vCPU 1: its redistributor reads it active, not
# pending, while vCPU 1 still runs (vCPU 0 reads vCPU 1's GICR).
hyp inject vm0 3 vcpu1 edge
hyp enter vm0 vcpu1 cpu1
sysreg cpu1 rd ICV_IAR1_EL1 == 3
mmio vcpu0 rd32 VM0.GICR1.SGI+0x300 == 0x8      # ISACTIVER0: SGI 3 active
mmio vcpu0 rd32 VM0.GICR1.SGI+0x200 == 0x0      # ISPENDR0: not pending
mmio vcpu0 rd32 VM0.GICD+0x304 == 0x100         # ISACTIVER1: 40 active on vCPU 0
sysreg cpu1 wr ICV_EOIR1_EL1 3
mmio vcpu1 rd32 VM0.GICR1.SGI+0x300 == 0x0
# A host-side access does not exit: it sees the VM's state, not the LRs.
sysreg cpu0 wr ICV_EOIR1_EL1 40
hyp inject vm0 41 edge
hyp kick cpu0
mmio vcpu0 host rd32 VM0.GICD+0x204 == 0x0      # 41's pending state is in the LR
mmio vcpu0 rd32 VM0.GICD+0x204 == 0x200         # the guest's read syncs it first
