// Program 1: physical GICv3 bring-up as an OS does it, then a timer-interrupt
// loop at EL1: the EL1 physical timer (PPI 30) ticks TICKS times; each tick
// is acknowledged (ICC_IAR1_EL1), the timer re-armed, and completed
// (ICC_EOIR1_EL1).
#include "bm.h"

#define TICKS 20
#define TIMER_PPI 30

static volatile unsigned ticks;
static volatile unsigned wrong;

void handler_el1(u64 kind, struct frame* f) {
  if (kind != EXC_IRQ) unexpected("EL1", kind, f);
  const u64 intid = SYSREG_READ(ICC_IAR1_EL1) & 0xffffff;
  if (intid == TIMER_PPI) {
    ++ticks;
    if (ticks < TICKS)
      SYSREG_WRITE(cntp_tval_el0, cnt_freq() / 10000);  // next tick in 100 us
    else
      SYSREG_WRITE(cntp_ctl_el0, 0);
    ISB();
  } else {
    ++wrong;
  }
  if (intid < 1020) SYSREG_WRITE(ICC_EOIR1_EL1, intid);
}

static void el1_main(u64 arg) {
  (void)arg;
  puts("gicv3-timer: EL1 GIC bring-up\n");
  print_dec("ID_AA64PFR0_EL1.GIC (system-register interface): ",
            (SYSREG_READ(id_aa64pfr0_el1) >> 24) & 0xf);
  gicv3_init_cpu0();
  gicv3_enable_ppi(0, TIMER_PPI, 0xa0);
  check((mmio_read32(GICR_RD(0) + 0x14) & 6) == 0, "redistributor awake");
  check((SYSREG_READ(ICC_SRE_EL1) & 1) == 1, "system-register interface on");
  SYSREG_WRITE(cntp_tval_el0, cnt_freq() / 10000);
  SYSREG_WRITE(cntp_ctl_el0, 1);
  ISB();
  IRQ_ENABLE();
  wfi_until(&ticks, TICKS);
  IRQ_DISABLE();
  print_dec("ticks taken: ", ticks);
  print_dec("other interrupts: ", wrong);
  check((SYSREG_READ(ICC_HPPIR1_EL1) & 0xffffff) == 1023, "nothing pending after the loop");
  check((SYSREG_READ(ICC_RPR_EL1) & 0xff) == 0xff, "no active priority after the loop");
  check((SYSREG_READ(cntp_ctl_el0) & 1) == 0, "timer stopped");
  finish();
}

int main(void) { main_at_el1(el1_main); }
