# GICH_HCR.EOICount (IHI 0048B): only EOIs that clear a GICH_APR bit and
# match no list register count; DIR (EOImode 1) counts when no LR matches.
config version=2 cpus=1 spis=32 lrs=4

mmio cpu0 wr32 GICH+0x0 0x5                     # En, LRENPIE
mmio cpu0 wr32 GICH+0x8 0xf8000001              # VMPriMask 0xf8, VMGrp0En, EOImode 0
# 1. EOI with nothing active: no count, no maintenance
mmio cpu0 wr32 GICV+0x10 77
mmio cpu0 rd32 GICH+0x0 == 0x5
expect cpu0 maint low
# 2. EOI matching an LR: deactivates it, no count
mmio cpu0 wr32 GICH+0x100 0x1a000028            # vINTID 40 pending, prio 0xa0
mmio cpu0 rd32 GICV+0xc == 40
mmio cpu0 rd32 GICH+0xf0 == 0x100000            # APR: priority 0xa0 active
mmio cpu0 wr32 GICV+0x10 40
mmio cpu0 rd32 GICH+0x100 == 0x0a000028         # invalid
mmio cpu0 rd32 GICH+0xf0 == 0
mmio cpu0 rd32 GICH+0x0 == 0x5
# 3. EOI matching no LR with a priority active: counted, LRENP maintenance
mmio cpu0 wr32 GICH+0xf0 0x100000               # the hypervisor restores an active priority
mmio cpu0 wr32 GICV+0x10 41
mmio cpu0 rd32 GICH+0xf0 == 0
mmio cpu0 rd32 GICH+0x0 == 0x08000005
mmio cpu0 rd32 GICH+0x10 == 0x4                 # MISR.LRENP
expect cpu0 maint high
# 4. the wrap from 31 to 0
mmio cpu0 wr32 GICH+0x0 0xf8000005              # EOICount 31
mmio cpu0 wr32 GICH+0xf0 0x1
mmio cpu0 wr32 GICV+0x10 42
mmio cpu0 rd32 GICH+0x0 == 0x5
expect cpu0 maint low
# 5. EOImode 1: the EOIR drops only; the DIR of an interrupt in no LR counts
mmio cpu0 wr32 GICV+0x0 0x201                   # EnableGrp0, EOImode
mmio cpu0 wr32 GICH+0xf0 0x100000
mmio cpu0 wr32 GICV+0x10 43
mmio cpu0 rd32 GICH+0x0 == 0x5
mmio cpu0 wr32 GICV+0x1000 43
mmio cpu0 rd32 GICH+0x0 == 0x08000005
