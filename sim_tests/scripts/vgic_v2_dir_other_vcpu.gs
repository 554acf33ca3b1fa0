# Issue 12.3, GICv2 (no TDIR bit): the hypervisor traps the GICV_DIR page
# while an SPI may be active, and deactivates the SPI where it lives.
config version=2 cpus=2 spis=32 lrs=4 vms=1 vcpus=2
hyp enter vm0 vcpu1 cpu1
mmio cpu1 wr32 GICV+0x0 0x201                   # EnableGrp0, EOImode 1
mmio vcpu0 host wr8 VM0.GICD+0x828 0x1
hyp inject vm0 40 edge
hyp enter vm0 vcpu0 cpu0
mmio cpu0 wr32 GICV+0x0 0x201
mmio cpu0 rd32 GICV+0xc == 40
mmio cpu0 wr32 GICV+0x10 40
expect vm0 vcpu0 40 active
mmio cpu1 wr32 GICV+0x1000 40                   # GICV_DIR on vCPU 1
expect vm0 vcpu0 40 inactive
mmio cpu1 rd32 GICH+0x0 & 0xf8000000 == 0
hyp inject vm0 40 edge
mmio cpu0 rd32 GICV+0xc == 40
