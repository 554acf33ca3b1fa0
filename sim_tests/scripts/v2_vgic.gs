# GICv2 virtualization: GICH (hypervisor) and GICV (guest), banked per CPU,
# GICv2 list-register layout with the SGI source CPUID.
config version=2 cpus=2 spis=64 lrs=4

mmio cpu0 rd32 GICH+0x4 == 0x90000003          # VTR: 4 LRs, 5 priority/preemption bits
mmio cpu0 rd32 GICH+0x8 == 0x004c0000          # VMCR
mmio cpu0 rd32 GICH+0x30 == 0xf                 # ELRSR0
mmio cpu0 wr32 GICH+0x0 0x1
mmio cpu0 wr32 GICH+0x8 0xf8000001              # VMPriMask 0xf8, VMGrp0En
mmio cpu1 rd32 GICH+0x0 == 0                    # banked

# SGI 5 from source CPU 3 and from source CPU 1 (two LRs)
mmio cpu0 wr32 GICH+0x100 0x1a000c05            # pending, prio 0xa0, CPUID 3, SGI 5
mmio cpu0 wr32 GICH+0x104 0x1b000405            # pending, prio 0xb0, CPUID 1, SGI 5
expect cpu0 virq high
expect cpu1 virq low
mmio cpu0 rd32 GICV+0xc == 0xc05                # CPUID 3 first (higher priority)
mmio cpu0 rd32 GICH+0x100 == 0x2a000c05         # active
mmio cpu0 wr32 GICV+0x10 0xc05
mmio cpu0 rd32 GICH+0x100 == 0x0a000c05
mmio cpu0 rd32 GICV+0xc == 0x405
mmio cpu0 wr32 GICV+0x10 0x405
mmio cpu0 rd32 GICH+0x30 == 0xf

# Maintenance: EOI bit
mmio cpu0 wr32 GICH+0x100 0x1b080028            # vINTID 40, prio 0xb0, EOI
mmio cpu0 rd32 GICV+0xc == 40
mmio cpu0 wr32 GICV+0x10 40
mmio cpu0 rd32 GICH+0x20 == 0x1                 # EISR0
mmio cpu0 rd32 GICH+0x10 == 0x1                 # MISR.EOI
expect cpu0 maint high
mmio cpu0 wr32 GICH+0x100 0
expect cpu0 maint low
mmio cpu0 rd8 GICH+0x0 == ERR
