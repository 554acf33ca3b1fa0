# vgic: 32 pending edge SPIs with 4 LRs: the 4 highest priorities go in the LRs,
# underflow maintenance refills them, all 32 are delivered once, in priority order.
config version=3 cpus=1 spis=64 lrs=4 vms=1 vcpus=1 pri_bits=8
mmio vcpu0 wr8 VM0.GICD+0x420 0x10
mmio vcpu0 wr8 VM0.GICD+0x421 0x2c
mmio vcpu0 wr8 VM0.GICD+0x422 0x48
mmio vcpu0 wr8 VM0.GICD+0x423 0x64
mmio vcpu0 wr8 VM0.GICD+0x424 0x80
mmio vcpu0 wr8 VM0.GICD+0x425 0x1c
mmio vcpu0 wr8 VM0.GICD+0x426 0x38
mmio vcpu0 wr8 VM0.GICD+0x427 0x54
mmio vcpu0 wr8 VM0.GICD+0x428 0x70
mmio vcpu0 wr8 VM0.GICD+0x429 0x8c
mmio vcpu0 wr8 VM0.GICD+0x42a 0x28
mmio vcpu0 wr8 VM0.GICD+0x42b 0x44
mmio vcpu0 wr8 VM0.GICD+0x42c 0x60
mmio vcpu0 wr8 VM0.GICD+0x42d 0x7c
mmio vcpu0 wr8 VM0.GICD+0x42e 0x18
mmio vcpu0 wr8 VM0.GICD+0x42f 0x34
mmio vcpu0 wr8 VM0.GICD+0x430 0x50
mmio vcpu0 wr8 VM0.GICD+0x431 0x6c
mmio vcpu0 wr8 VM0.GICD+0x432 0x88
mmio vcpu0 wr8 VM0.GICD+0x433 0x24
mmio vcpu0 wr8 VM0.GICD+0x434 0x40
mmio vcpu0 wr8 VM0.GICD+0x435 0x5c
mmio vcpu0 wr8 VM0.GICD+0x436 0x78
mmio vcpu0 wr8 VM0.GICD+0x437 0x14
mmio vcpu0 wr8 VM0.GICD+0x438 0x30
mmio vcpu0 wr8 VM0.GICD+0x439 0x4c
mmio vcpu0 wr8 VM0.GICD+0x43a 0x68
mmio vcpu0 wr8 VM0.GICD+0x43b 0x84
mmio vcpu0 wr8 VM0.GICD+0x43c 0x20
mmio vcpu0 wr8 VM0.GICD+0x43d 0x3c
mmio vcpu0 wr8 VM0.GICD+0x43e 0x58
mmio vcpu0 wr8 VM0.GICD+0x43f 0x74
hyp inject vm0 32 edge
hyp inject vm0 33 edge
hyp inject vm0 34 edge
hyp inject vm0 35 edge
hyp inject vm0 36 edge
hyp inject vm0 37 edge
hyp inject vm0 38 edge
hyp inject vm0 39 edge
hyp inject vm0 40 edge
hyp inject vm0 41 edge
hyp inject vm0 42 edge
hyp inject vm0 43 edge
hyp inject vm0 44 edge
hyp inject vm0 45 edge
hyp inject vm0 46 edge
hyp inject vm0 47 edge
hyp inject vm0 48 edge
hyp inject vm0 49 edge
hyp inject vm0 50 edge
hyp inject vm0 51 edge
hyp inject vm0 52 edge
hyp inject vm0 53 edge
hyp inject vm0 54 edge
hyp inject vm0 55 edge
hyp inject vm0 56 edge
hyp inject vm0 57 edge
hyp inject vm0 58 edge
hyp inject vm0 59 edge
hyp inject vm0 60 edge
hyp inject vm0 61 edge
hyp inject vm0 62 edge
hyp inject vm0 63 edge
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 rd ICH_LR0_EL2 & 0xc00000000000ffff == 0x4000000000000020  # pending, next highest
sysreg cpu0 rd ICH_LR1_EL2 & 0xc00000000000ffff == 0x4000000000000037  # pending, next highest
sysreg cpu0 rd ICH_LR2_EL2 & 0xc00000000000ffff == 0x400000000000002e  # pending, next highest
sysreg cpu0 rd ICH_LR3_EL2 & 0xc00000000000ffff == 0x4000000000000025  # pending, next highest
sysreg cpu0 rd ICH_HCR_EL2 & 0x2 == 0x2                 # UIE: more candidates than LRs
sysreg cpu0 rd ICV_IAR1_EL1 == 32
sysreg cpu0 wr ICV_EOIR1_EL1 32
sysreg cpu0 rd ICV_IAR1_EL1 == 55
sysreg cpu0 wr ICV_EOIR1_EL1 55
sysreg cpu0 rd ICV_IAR1_EL1 == 46
sysreg cpu0 wr ICV_EOIR1_EL1 46
sysreg cpu0 rd ICV_IAR1_EL1 == 37
sysreg cpu0 wr ICV_EOIR1_EL1 37
sysreg cpu0 rd ICV_IAR1_EL1 == 60
sysreg cpu0 wr ICV_EOIR1_EL1 60
sysreg cpu0 rd ICV_IAR1_EL1 == 51
sysreg cpu0 wr ICV_EOIR1_EL1 51
sysreg cpu0 rd ICV_IAR1_EL1 == 42
sysreg cpu0 wr ICV_EOIR1_EL1 42
sysreg cpu0 rd ICV_IAR1_EL1 == 33
sysreg cpu0 wr ICV_EOIR1_EL1 33
sysreg cpu0 rd ICV_IAR1_EL1 == 56
sysreg cpu0 wr ICV_EOIR1_EL1 56
sysreg cpu0 rd ICV_IAR1_EL1 == 47
sysreg cpu0 wr ICV_EOIR1_EL1 47
sysreg cpu0 rd ICV_IAR1_EL1 == 38
sysreg cpu0 wr ICV_EOIR1_EL1 38
sysreg cpu0 rd ICV_IAR1_EL1 == 61
sysreg cpu0 wr ICV_EOIR1_EL1 61
sysreg cpu0 rd ICV_IAR1_EL1 == 52
sysreg cpu0 wr ICV_EOIR1_EL1 52
sysreg cpu0 rd ICV_IAR1_EL1 == 43
sysreg cpu0 wr ICV_EOIR1_EL1 43
sysreg cpu0 rd ICV_IAR1_EL1 == 34
sysreg cpu0 wr ICV_EOIR1_EL1 34
sysreg cpu0 rd ICV_IAR1_EL1 == 57
sysreg cpu0 wr ICV_EOIR1_EL1 57
sysreg cpu0 rd ICV_IAR1_EL1 == 48
sysreg cpu0 wr ICV_EOIR1_EL1 48
sysreg cpu0 rd ICV_IAR1_EL1 == 39
sysreg cpu0 wr ICV_EOIR1_EL1 39
sysreg cpu0 rd ICV_IAR1_EL1 == 62
sysreg cpu0 wr ICV_EOIR1_EL1 62
sysreg cpu0 rd ICV_IAR1_EL1 == 53
sysreg cpu0 wr ICV_EOIR1_EL1 53
sysreg cpu0 rd ICV_IAR1_EL1 == 44
sysreg cpu0 wr ICV_EOIR1_EL1 44
sysreg cpu0 rd ICV_IAR1_EL1 == 35
sysreg cpu0 wr ICV_EOIR1_EL1 35
sysreg cpu0 rd ICV_IAR1_EL1 == 58
sysreg cpu0 wr ICV_EOIR1_EL1 58
sysreg cpu0 rd ICV_IAR1_EL1 == 49
sysreg cpu0 wr ICV_EOIR1_EL1 49
sysreg cpu0 rd ICV_IAR1_EL1 == 40
sysreg cpu0 wr ICV_EOIR1_EL1 40
sysreg cpu0 rd ICV_IAR1_EL1 == 63
sysreg cpu0 wr ICV_EOIR1_EL1 63
sysreg cpu0 rd ICV_IAR1_EL1 == 54
sysreg cpu0 wr ICV_EOIR1_EL1 54
sysreg cpu0 rd ICV_IAR1_EL1 == 45
sysreg cpu0 wr ICV_EOIR1_EL1 45
sysreg cpu0 rd ICV_IAR1_EL1 == 36
sysreg cpu0 wr ICV_EOIR1_EL1 36
sysreg cpu0 rd ICV_IAR1_EL1 == 59
sysreg cpu0 wr ICV_EOIR1_EL1 59
sysreg cpu0 rd ICV_IAR1_EL1 == 50
sysreg cpu0 wr ICV_EOIR1_EL1 50
sysreg cpu0 rd ICV_IAR1_EL1 == 41
sysreg cpu0 wr ICV_EOIR1_EL1 41
sysreg cpu0 rd ICV_IAR1_EL1 == 1023
expect vm0 vcpu0 32 inactive
expect vm0 vcpu0 55 inactive
expect vm0 vcpu0 46 inactive
expect vm0 vcpu0 37 inactive
expect vm0 vcpu0 60 inactive
expect vm0 vcpu0 51 inactive
expect vm0 vcpu0 42 inactive
expect vm0 vcpu0 33 inactive
expect vm0 vcpu0 56 inactive
expect vm0 vcpu0 47 inactive
expect vm0 vcpu0 38 inactive
expect vm0 vcpu0 61 inactive
expect vm0 vcpu0 52 inactive
expect vm0 vcpu0 43 inactive
expect vm0 vcpu0 34 inactive
expect vm0 vcpu0 57 inactive
expect vm0 vcpu0 48 inactive
expect vm0 vcpu0 39 inactive
expect vm0 vcpu0 62 inactive
expect vm0 vcpu0 53 inactive
expect vm0 vcpu0 44 inactive
expect vm0 vcpu0 35 inactive
expect vm0 vcpu0 58 inactive
expect vm0 vcpu0 49 inactive
expect vm0 vcpu0 40 inactive
expect vm0 vcpu0 63 inactive
expect vm0 vcpu0 54 inactive
expect vm0 vcpu0 45 inactive
expect vm0 vcpu0 36 inactive
expect vm0 vcpu0 59 inactive
expect vm0 vcpu0 50 inactive
expect vm0 vcpu0 41 inactive
hyp exit cpu0
