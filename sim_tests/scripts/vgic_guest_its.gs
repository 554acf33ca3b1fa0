# Guest LPIs (issue 17), as KVM's vgic-its gives them: the guest brings up its
# emulated ITS and redistributors like Linux's irq-gic-v3-its (tables and
# command queue in its RAM from 0x40000000), a device assigned to it raises
# MSIs the host forwards (msi vm0 ...), they become virtual LPIs in the LRs
# of the vCPU their collection names; MOVI moves one while a vCPU holds it,
# INV applies a new priority, DISCARD stops it. Encodings: GICv3 spec (ITS
# commands, ICH_LR<n>_EL2); 16 INTID bits and no DirectLPI as KVM.
config version=3 cpus=2 spis=32 lrs=4 vms=1 vcpus=2 lpi_bits=16 its=1

mmio vcpu0 rd32 VM0.GICD+0x4 & 0xfa0000 == 0x7a0000     # LPIS, IDbits 15 (16 bits)
mmio vcpu0 rd64 VM0.GICR1+0x8 & 0x9 == 0x1              # PLPIS, no DirectLPI
mmio vcpu0 rd64 VM0.GITS+0x8 & 0xf1 == 0x71             # Physical, 8-byte ITT entries

# LPIs 8192 and 8193: priority 0xa0, enabled. Tables, then EnableLPIs.
mem vm0 wr8 0x40100000 0xa3
mem vm0 wr8 0x40100001 0xa3
mmio vcpu0 wr64 VM0.GICR0+0x70 0x4010000f
mmio vcpu0 wr64 VM0.GICR1+0x70 0x4010000f
mmio vcpu0 wr64 VM0.GICR0+0x78 0x4000000040200000
mmio vcpu0 wr64 VM0.GICR1+0x78 0x4000000040210000
mmio vcpu0 wr32 VM0.GICR0+0x0 1
mmio vcpu0 wr32 VM0.GICR1+0x0 1
mmio vcpu0 wr64 VM0.GICR0+0x40 8192                     # GICR_SETLPIR: WI (no DirectLPI)
expect vm0 vcpu0 8192 inactive

mmio vcpu0 wr64 VM0.GITS+0x80 0x8000000040300000        # CBASER: 4 KiB queue
mmio vcpu0 wr64 VM0.GITS+0x100 0x8000000040310000       # devices
mmio vcpu0 wr64 VM0.GITS+0x108 0x8000000040320000       # collections
mmio vcpu0 wr32 VM0.GITS+0x0 1
# MAPD DeviceID 5 (5 EventID bits, ITT 0x40330000); MAPC ICID 0 -> vCPU 0,
# ICID 1 -> vCPU 1; MAPTI event 0 -> 8192 (ICID 0), event 1 -> 8193 (ICID 1).
mem vm0 wr64 0x40300000 0x0000000500000008
mem vm0 wr64 0x40300008 0x4
mem vm0 wr64 0x40300010 0x8000000040330000
mem vm0 wr64 0x40300020 0x9
mem vm0 wr64 0x40300030 0x8000000000000000
mem vm0 wr64 0x40300040 0x9
mem vm0 wr64 0x40300050 0x8000000000010001
mem vm0 wr64 0x40300060 0x000000050000000a
mem vm0 wr64 0x40300068 0x0000200000000000
mem vm0 wr64 0x40300070 0x0
mem vm0 wr64 0x40300080 0x000000050000000a
mem vm0 wr64 0x40300088 0x0000200100000001
mem vm0 wr64 0x40300090 0x1
mmio vcpu0 wr64 VM0.GITS+0x88 0xa0
mmio vcpu0 rd64 VM0.GITS+0x90 == 0xa0                   # CREADR caught up, not stalled

# The assigned device's MSI (event 1): pending on vCPU 1, in its LR at entry.
msi vm0 dev5 event1
expect vm0 vcpu1 8193 pending
expect vm0 vcpu0 8193 pending                            # an LPI is the VM's, like an SPI
hyp enter vm0 vcpu1 cpu1
hyp enter vm0 vcpu0 cpu0
sysreg cpu1 rd ICH_LR0_EL2 == 0x50a0000000002001        # Pending, Group 1, prio 0xa0, no EOI/HW
sysreg cpu0 rd ICH_LR0_EL2 & 0xc000000000000000 == 0    # not on vCPU 0
sysreg cpu0 rd ICV_IAR1_EL1 == 1023
sysreg cpu1 rd ICV_IAR1_EL1 == 8193
expect vm0 vcpu1 8193 active
# Another MSI while it is active: never Pending+Active in one LR.
msi vm0 dev5 event1
expect vm0 vcpu1 8193 pending+active
hyp exit cpu1
hyp enter vm0 vcpu1 cpu1
sysreg cpu1 rd ICH_LR0_EL2 == 0x90a0020000002001        # Active, EOI (maintenance brings the next)
sysreg cpu1 wr ICV_EOIR1_EL1 8193
sysreg cpu1 rd ICV_IAR1_EL1 == 8193                     # the second instance, after maintenance
sysreg cpu1 wr ICV_EOIR1_EL1 8193
expect vm0 vcpu1 8193 inactive

# MOVI event 1 to ICID 0 while vCPU 1 holds it pending in an LR: the trapped
# CWRITER write stops the VM's vCPUs, the LR folds back, MOVI moves it.
msi vm0 dev5 event1
sysreg cpu1 rd ICH_LR0_EL2 & 0xc000000000000000 == 0x4000000000000000
mem vm0 wr64 0x403000a0 0x0000000500000001
mem vm0 wr64 0x403000a8 0x1
mem vm0 wr64 0x403000b0 0x0
mmio vcpu1 wr64 VM0.GITS+0x88 0xc0
sysreg cpu1 rd ICV_IAR1_EL1 == 1023
sysreg cpu0 rd ICV_IAR1_EL1 == 8193
sysreg cpu0 wr ICV_EOIR1_EL1 8193

# INV: a new priority (0x40) seen once the command ran.
mem vm0 wr8 0x40100001 0x43
mem vm0 wr64 0x403000c0 0x000000050000000c
mem vm0 wr64 0x403000c8 0x1
mmio vcpu0 wr64 VM0.GITS+0x88 0xe0
msi vm0 dev5 event1
sysreg cpu0 rd ICH_LR0_EL2 & 0x00ff000000000000 == 0x0040000000000000
sysreg cpu0 rd ICV_IAR1_EL1 == 8193
sysreg cpu0 wr ICV_EOIR1_EL1 8193

# DISCARD: the next MSI finds nothing mapped; the ITS logs and ignores it.
mem vm0 wr64 0x403000e0 0x000000050000000f
mem vm0 wr64 0x403000e8 0x1
mmio vcpu0 wr64 VM0.GITS+0x88 0x100
msi vm0 dev5 event1
expect vm0 vcpu0 8193 inactive
sysreg cpu0 rd ICV_IAR1_EL1 == 1023

# The guest's RAM ends at 2 GiB: beyond it, a bus error.
mem vm0 rd64 0x80000000 == ERR
mem vm0 rd64 0x40300000 == 0x0000000500000008
