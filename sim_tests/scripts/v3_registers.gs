# GICv3 distributor and redistributor: reset values, read/write, reserved
# bits, and the architecture's answers to bad accesses.
config version=3 cpus=2 spis=64

mmio cpu0 rd32 GICD+0x0 == 0x50               # ARE, DS set; groups disabled
mmio cpu0 rd32 GICD+0x4 & 0x1f == 2           # ITLinesNumber: 96 INTIDs
mmio cpu0 rd32 GICD+0x8 == 0x43b              # IIDR
mmio cpu0 rd32 GICD+0xffe8 & 0xf0 == 0x30     # PIDR2.ArchRev = 3
mmio cpu0 wr32 GICD+0x0 0xffffffff
mmio cpu0 rd32 GICD+0x0 == 0x53
mmio cpu0 wr32 GICD+0x4 0                     # RO: ignored (logged)
mmio cpu0 rd32 GICD+0x4 & 0x1f == 2

# Priorities: 5 bits, byte access, bits [2:0] RAZ/WI
mmio cpu0 wr8 GICD+0x421 0xff
mmio cpu0 rd32 GICD+0x420 == 0xf800
mmio cpu0 rd16 GICD+0x420 == ERR              # no halfword accesses
mmio cpu0 rd32 GICD+0x421 == ERR              # unaligned
mmio cpu0 rd64 GICD+0x0 == ERR                # 64-bit access to a 32-bit register

# IROUTER: 64-bit, or either 32-bit half
mmio cpu0 wr64 GICD+0x6100 0xffffffffffffffff
mmio cpu0 rd64 GICD+0x6100 == 0xff80ffffff
mmio cpu0 rd32 GICD+0x6104 == 0xff
mmio cpu0 wr32 GICD+0x6104 0
mmio cpu0 rd64 GICD+0x6100 == 0x80ffffff

# Reserved offsets are RAZ/WI
mmio cpu0 wr32 GICD+0x5000 0xffffffff
mmio cpu0 rd32 GICD+0x5000 == 0

# SGI/PPI words live in the redistributor
mmio cpu0 wr32 GICD+0x100 0xffffffff
mmio cpu0 rd32 GICD+0x100 == 0
mmio cpu0 wr32 GICR1.SGI+0x100 0x80000001
mmio cpu0 rd32 GICR1.SGI+0x100 == 0x80000001
mmio cpu0 rd32 GICR0.SGI+0x100 == 0
mmio cpu0 rd32 GICR1.SGI+0xc00 == 0xaaaaaaaa  # SGIs edge, RO

# Redistributor identification and power management
mmio cpu0 rd64 GICR1+0x8 == 0x0000000100000110  # Aff0=1, Processor_Number=1, Last
mmio cpu0 rd64 GICR0+0x8 == 0
mmio cpu0 rd32 GICR0+0x14 == 0x6
mmio cpu0 wr32 GICR0+0x14 0
mmio cpu0 rd32 GICR0+0x14 == 0
