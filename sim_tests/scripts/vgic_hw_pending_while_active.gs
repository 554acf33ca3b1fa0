# Found by fuzz_hyp: a HW-mapped interrupt pending again while active is
# placed Active-only (never Pending+Active with HW=1); with one LR in use an
# underflow request would fire at once and forever (a maintenance storm), so
# none is made: the physical GIC signals the pending half again once the
# guest's deactivation reaches it.
config version=3 cpus=1 spis=32 lrs=4 vms=1 vcpus=1
hyp map vm0 40 41
hyp inject vm0 40 edge
hyp enter vm0 vcpu0 cpu0
sysreg cpu0 rd ICV_IAR1_EL1 == 40
hyp inject vm0 40 edge
hyp kick cpu0
sysreg cpu0 rd ICH_LR0_EL2 & 0xe000000000000000 == 0xa000000000000000   # active, HW
sysreg cpu0 rd ICH_HCR_EL2 & 0x2 == 0                                   # no UIE
expect cpu0 maint low
expect vm0 vcpu0 40 pending+active
