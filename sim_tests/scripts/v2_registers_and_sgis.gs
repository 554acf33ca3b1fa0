# GICv2 (GIC-400-like): banked registers, ITARGETSR, SGIs with source CPU.
config version=2 cpus=4 spis=64

mmio cpu0 rd32 GICD+0x4 == 0x62               # ITLinesNumber 2, CPUNumber 3
mmio cpu0 rd32 GICD+0x8 == 0x0200143b
mmio cpu2 rd32 GICD+0x800 == 0x04040404       # SGI/PPI targets read as the accessor
mmio cpu0 rd32 GICD+0x100 == 0xffff           # SGIs always enabled
mmio cpu0 rd32 GICC+0xfc == 0x0202143b
mmio cpu0 rd32 GICC+0x8 == 2
mmio cpu0 rd32 GICC+0x1c == 3
mmio cpu0 rd8 GICC+0xc == ERR
mmio cpu0 rd32 GICD+0x1000 == ERR             # outside the 4 KiB distributor frame

mmio cpu0 wr32 GICD+0x0 0x3
mmio cpu0 wr32 GICC+0x4 0xff
mmio cpu0 wr32 GICC+0x0 0x1
mmio cpu2 wr32 GICC+0x4 0xff
mmio cpu2 wr32 GICC+0x0 0x1

# SGI 3 from cpu1 and cpu3 to cpu0; cpu1 also to cpu2
mmio cpu1 wr32 GICD+0xf00 0x50003
mmio cpu3 wr32 GICD+0xf00 0x10003
expect cpu0 irq high
expect cpu2 irq high
mmio cpu0 rd32 GICD+0xf10 & 0xff000000 == 0x0a000000
mmio cpu0 rd32 GICC+0xc == 0x403              # CPUID 1, SGI 3
mmio cpu0 wr32 GICC+0x10 0x403
mmio cpu0 rd32 GICC+0xc == 0xc03              # CPUID 3, SGI 3
mmio cpu0 wr32 GICC+0x10 0xc03
mmio cpu0 rd32 GICC+0xc == 1023
expect cpu0 irq low
mmio cpu2 rd32 GICC+0xc == 0x403
mmio cpu2 wr32 GICC+0x10 0x403

# SPI 40 to cpu2 via ITARGETSR (byte write), level
mmio cpu0 wr8 GICD+0x828 0x4
mmio cpu0 wr32 GICD+0x104 0x100
line spi 40 high
expect cpu2 irq high
expect cpu0 irq low
mmio cpu2 rd32 GICC+0xc == 40
mmio cpu2 wr32 GICC+0x10 40
mmio cpu2 rd32 GICC+0xc == 40                 # still high: re-pends
line spi 40 low
mmio cpu2 wr32 GICC+0x10 40
expect cpu2 irq low
