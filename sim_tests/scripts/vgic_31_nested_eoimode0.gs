# vgic: 31 nested (preempting) interrupts with 4 LRs, EOImode 0: each new one
# preempts the last; then all are EOI'd in reverse order. Active interrupts that
# do not fit in the LRs are completed through EOIcount.
config version=3 cpus=1 spis=64 lrs=4 vms=1 vcpus=1
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 wr ICV_PMR_EL1 0xf8
mmio vcpu0 wr8 VM0.GICD+0x420 0xf0
hyp inject vm0 32 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 32
sysreg cpu0 rd ICV_RPR_EL1 == 0xf0
mmio vcpu0 wr8 VM0.GICD+0x421 0xe8
hyp inject vm0 33 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 33
sysreg cpu0 rd ICV_RPR_EL1 == 0xe8
mmio vcpu0 wr8 VM0.GICD+0x422 0xe0
hyp inject vm0 34 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 34
sysreg cpu0 rd ICV_RPR_EL1 == 0xe0
mmio vcpu0 wr8 VM0.GICD+0x423 0xd8
hyp inject vm0 35 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 35
sysreg cpu0 rd ICV_RPR_EL1 == 0xd8
mmio vcpu0 wr8 VM0.GICD+0x424 0xd0
hyp inject vm0 36 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 36
sysreg cpu0 rd ICV_RPR_EL1 == 0xd0
mmio vcpu0 wr8 VM0.GICD+0x425 0xc8
hyp inject vm0 37 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 37
sysreg cpu0 rd ICV_RPR_EL1 == 0xc8
mmio vcpu0 wr8 VM0.GICD+0x426 0xc0
hyp inject vm0 38 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 38
sysreg cpu0 rd ICV_RPR_EL1 == 0xc0
mmio vcpu0 wr8 VM0.GICD+0x427 0xb8
hyp inject vm0 39 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 39
sysreg cpu0 rd ICV_RPR_EL1 == 0xb8
mmio vcpu0 wr8 VM0.GICD+0x428 0xb0
hyp inject vm0 40 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 40
sysreg cpu0 rd ICV_RPR_EL1 == 0xb0
mmio vcpu0 wr8 VM0.GICD+0x429 0xa8
hyp inject vm0 41 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 41
sysreg cpu0 rd ICV_RPR_EL1 == 0xa8
mmio vcpu0 wr8 VM0.GICD+0x42a 0xa0
hyp inject vm0 42 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 42
sysreg cpu0 rd ICV_RPR_EL1 == 0xa0
mmio vcpu0 wr8 VM0.GICD+0x42b 0x98
hyp inject vm0 43 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 43
sysreg cpu0 rd ICV_RPR_EL1 == 0x98
mmio vcpu0 wr8 VM0.GICD+0x42c 0x90
hyp inject vm0 44 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 44
sysreg cpu0 rd ICV_RPR_EL1 == 0x90
mmio vcpu0 wr8 VM0.GICD+0x42d 0x88
hyp inject vm0 45 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 45
sysreg cpu0 rd ICV_RPR_EL1 == 0x88
mmio vcpu0 wr8 VM0.GICD+0x42e 0x80
hyp inject vm0 46 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 46
sysreg cpu0 rd ICV_RPR_EL1 == 0x80
mmio vcpu0 wr8 VM0.GICD+0x42f 0x78
hyp inject vm0 47 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 47
sysreg cpu0 rd ICV_RPR_EL1 == 0x78
mmio vcpu0 wr8 VM0.GICD+0x430 0x70
hyp inject vm0 48 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 48
sysreg cpu0 rd ICV_RPR_EL1 == 0x70
mmio vcpu0 wr8 VM0.GICD+0x431 0x68
hyp inject vm0 49 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 49
sysreg cpu0 rd ICV_RPR_EL1 == 0x68
mmio vcpu0 wr8 VM0.GICD+0x432 0x60
hyp inject vm0 50 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 50
sysreg cpu0 rd ICV_RPR_EL1 == 0x60
mmio vcpu0 wr8 VM0.GICD+0x433 0x58
hyp inject vm0 51 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 51
sysreg cpu0 rd ICV_RPR_EL1 == 0x58
mmio vcpu0 wr8 VM0.GICD+0x434 0x50
hyp inject vm0 52 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 52
sysreg cpu0 rd ICV_RPR_EL1 == 0x50
mmio vcpu0 wr8 VM0.GICD+0x435 0x48
hyp inject vm0 53 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 53
sysreg cpu0 rd ICV_RPR_EL1 == 0x48
mmio vcpu0 wr8 VM0.GICD+0x436 0x40
hyp inject vm0 54 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 54
sysreg cpu0 rd ICV_RPR_EL1 == 0x40
mmio vcpu0 wr8 VM0.GICD+0x437 0x38
hyp inject vm0 55 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 55
sysreg cpu0 rd ICV_RPR_EL1 == 0x38
mmio vcpu0 wr8 VM0.GICD+0x438 0x30
hyp inject vm0 56 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 56
sysreg cpu0 rd ICV_RPR_EL1 == 0x30
mmio vcpu0 wr8 VM0.GICD+0x439 0x28
hyp inject vm0 57 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 57
sysreg cpu0 rd ICV_RPR_EL1 == 0x28
mmio vcpu0 wr8 VM0.GICD+0x43a 0x20
hyp inject vm0 58 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 58
sysreg cpu0 rd ICV_RPR_EL1 == 0x20
mmio vcpu0 wr8 VM0.GICD+0x43b 0x18
hyp inject vm0 59 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 59
sysreg cpu0 rd ICV_RPR_EL1 == 0x18
mmio vcpu0 wr8 VM0.GICD+0x43c 0x10
hyp inject vm0 60 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 60
sysreg cpu0 rd ICV_RPR_EL1 == 0x10
mmio vcpu0 wr8 VM0.GICD+0x43d 0x8
hyp inject vm0 61 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 61
sysreg cpu0 rd ICV_RPR_EL1 == 0x8
mmio vcpu0 wr8 VM0.GICD+0x43e 0x0
hyp inject vm0 62 edge
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 62
sysreg cpu0 rd ICV_RPR_EL1 == 0x0
sysreg cpu0 rd ICH_AP1R0_EL2 == 0x7fffffff
expect vm0 vcpu0 32 active
expect vm0 vcpu0 33 active
expect vm0 vcpu0 34 active
expect vm0 vcpu0 35 active
expect vm0 vcpu0 36 active
expect vm0 vcpu0 37 active
expect vm0 vcpu0 38 active
expect vm0 vcpu0 39 active
expect vm0 vcpu0 40 active
expect vm0 vcpu0 41 active
expect vm0 vcpu0 42 active
expect vm0 vcpu0 43 active
expect vm0 vcpu0 44 active
expect vm0 vcpu0 45 active
expect vm0 vcpu0 46 active
expect vm0 vcpu0 47 active
expect vm0 vcpu0 48 active
expect vm0 vcpu0 49 active
expect vm0 vcpu0 50 active
expect vm0 vcpu0 51 active
expect vm0 vcpu0 52 active
expect vm0 vcpu0 53 active
expect vm0 vcpu0 54 active
expect vm0 vcpu0 55 active
expect vm0 vcpu0 56 active
expect vm0 vcpu0 57 active
expect vm0 vcpu0 58 active
expect vm0 vcpu0 59 active
expect vm0 vcpu0 60 active
expect vm0 vcpu0 61 active
expect vm0 vcpu0 62 active
sysreg cpu0 wr ICV_EOIR1_EL1 62
expect vm0 vcpu0 62 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 61
expect vm0 vcpu0 61 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 60
expect vm0 vcpu0 60 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 59
expect vm0 vcpu0 59 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 58
expect vm0 vcpu0 58 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 57
expect vm0 vcpu0 57 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 56
expect vm0 vcpu0 56 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 55
expect vm0 vcpu0 55 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 54
expect vm0 vcpu0 54 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 53
expect vm0 vcpu0 53 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 52
expect vm0 vcpu0 52 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 51
expect vm0 vcpu0 51 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 50
expect vm0 vcpu0 50 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 49
expect vm0 vcpu0 49 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 48
expect vm0 vcpu0 48 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 47
expect vm0 vcpu0 47 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 46
expect vm0 vcpu0 46 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 45
expect vm0 vcpu0 45 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 44
expect vm0 vcpu0 44 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 43
expect vm0 vcpu0 43 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 42
expect vm0 vcpu0 42 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 41
expect vm0 vcpu0 41 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 40
expect vm0 vcpu0 40 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 39
expect vm0 vcpu0 39 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 38
expect vm0 vcpu0 38 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 37
expect vm0 vcpu0 37 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 36
expect vm0 vcpu0 36 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 35
expect vm0 vcpu0 35 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 34
expect vm0 vcpu0 34 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 33
expect vm0 vcpu0 33 inactive
sysreg cpu0 wr ICV_EOIR1_EL1 32
expect vm0 vcpu0 32 inactive
sysreg cpu0 rd ICH_AP1R0_EL2 == 0
sysreg cpu0 rd ICV_RPR_EL1 == 0xff
hyp exit cpu0
expect vm0 vcpu0 32 inactive
expect vm0 vcpu0 33 inactive
expect vm0 vcpu0 34 inactive
expect vm0 vcpu0 35 inactive
expect vm0 vcpu0 36 inactive
expect vm0 vcpu0 37 inactive
expect vm0 vcpu0 38 inactive
expect vm0 vcpu0 39 inactive
expect vm0 vcpu0 40 inactive
expect vm0 vcpu0 41 inactive
expect vm0 vcpu0 42 inactive
expect vm0 vcpu0 43 inactive
expect vm0 vcpu0 44 inactive
expect vm0 vcpu0 45 inactive
expect vm0 vcpu0 46 inactive
expect vm0 vcpu0 47 inactive
expect vm0 vcpu0 48 inactive
expect vm0 vcpu0 49 inactive
expect vm0 vcpu0 50 inactive
expect vm0 vcpu0 51 inactive
expect vm0 vcpu0 52 inactive
expect vm0 vcpu0 53 inactive
expect vm0 vcpu0 54 inactive
expect vm0 vcpu0 55 inactive
expect vm0 vcpu0 56 inactive
expect vm0 vcpu0 57 inactive
expect vm0 vcpu0 58 inactive
expect vm0 vcpu0 59 inactive
expect vm0 vcpu0 60 inactive
expect vm0 vcpu0 61 inactive
expect vm0 vcpu0 62 inactive
