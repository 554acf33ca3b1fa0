// Benchmark: interrupt latency in CPU cycles. The EL1 physical timer is
// armed ROUNDS times for a moment ahead; the IRQ vector's first
// instruction reads CNTPCT_EL0, so CNTPCT - CVAL is the time from the
// line rising to the first handler instruction. Run it with
// iss.timer_hz equal to the CPU clock (one count per cycle) and a quantum
// of one instruction block; it prints the minimum, maximum and sum.
#include "bm.h"

#define ROUNDS 1000u
#define TIMER_PPI 30

volatile u64 stamp;

__asm__(
    "  .balign 0x800\n"
    "lat_vectors:\n"
    "  .skip 0x280\n"
    "  mrs   x0, cntpct_el0\n"  // first instruction of the IRQ vector
    "  adr   x1, stamp\n"
    "  str   x0, [x1]\n"
    "  mrs   x0, S3_0_C12_C12_0\n"  // ICC_IAR1_EL1
    "  msr   cntp_ctl_el0, xzr\n"
    "  msr   S3_0_C12_C12_1, x0\n"  // ICC_EOIR1_EL1
    "  mov   x22, #1\n"
    "  eret\n"
    "  .balign 0x800\n");

static void el1_main(u64 arg) {
  (void)arg;
  gicv3_init_cpu0();
  gicv3_enable_ppi(0, TIMER_PPI, 0xa0);
  extern char lat_vectors[];
  SYSREG_WRITE(vbar_el1, (u64)lat_vectors);
  ISB();
  u64 lo = ~0ul, hi = 0, sum = 0;
  for (unsigned i = 0; i < ROUNDS; ++i) {
    const u64 cval = SYSREG_READ(cntpct_el0) + 1000 + (i % 7);
    SYSREG_WRITE(cntp_cval_el0, cval);
    SYSREG_WRITE(cntp_ctl_el0, 1);
    register u64 done __asm__("x22") = 0;
    __asm__ volatile("msr daifclr, #2\n1: cbz x22, 1b\nmsr daifset, #2" : "+r"(done)::"x0", "x1", "memory");
    const u64 l = stamp - cval;
    lo = l < lo ? l : lo;
    hi = l > hi ? l : hi;
    sum += l;
  }
  print_dec("bench-latency: rounds ", ROUNDS);
  print_dec("bench-latency: min ", lo);
  print_dec("bench-latency: max ", hi);
  print_dec("bench-latency: sum ", sum);
  psci_system_off_status(0);
}

int main(void) { main_at_el1(el1_main); }
