// Benchmark: timer interrupt round trips at EL1, TICKS of them: the timer
// fires, the exception is taken, ICC_IAR1_EL1 acknowledges, ICC_EOIR1_EL1
// completes, ERET returns. The timer stays armed with CVAL in the past, so
// its line is up again at once: the loop measures the round trip. The
// handler is a lean assembly vector (no C frame), what an interrupt fast
// path looks like.
#include "bm.h"

#define TICKS 100000u
#define TIMER_PPI 30

u64 bench_loop(u64 ticks);  // below: returns the number of interrupts taken

__asm__(
    "  .balign 0x800\n"
    "fast_vectors:\n"
    "  .skip 0x280\n"
    "  mrs   x0, S3_0_C12_C12_0\n"  // ICC_IAR1_EL1 (current EL, SP_ELx, IRQ)
    "  add   x20, x20, #1\n"
    "  cmp   x20, x21\n"
    "  b.lo  1f\n"
    "  msr   cntp_ctl_el0, xzr\n"  // the last one: stop the timer
    "1:msr   S3_0_C12_C12_1, x0\n"  // ICC_EOIR1_EL1
    "  eret\n"
    "  .balign 0x800\n"
    "  .global bench_loop\n"
    "bench_loop:\n"
    "  stp   x20, x21, [sp, #-16]!\n"
    "  mov   x20, #0\n"
    "  mov   x21, x0\n"
    "  adr   x1, fast_vectors\n"
    "  msr   vbar_el1, x1\n"
    "  isb\n"
    "  msr   daifclr, #2\n"
    "2:cmp   x20, x21\n"
    "  b.lo  2b\n"
    "  msr   daifset, #2\n"
    "  mov   x0, x20\n"
    "  ldp   x20, x21, [sp], #16\n"
    "  ret\n");

static void el1_main(u64 arg) {
  (void)arg;
  gicv3_init_cpu0();
  gicv3_enable_ppi(0, TIMER_PPI, 0xa0);
  SYSREG_WRITE(cntp_cval_el0, 0);
  SYSREG_WRITE(cntp_ctl_el0, 1);
  ISB();
  print_dec("bench-timer: ticks ", bench_loop(TICKS));
  psci_system_off_status(0);
}

int main(void) { main_at_el1(el1_main); }
