// Programs 3 (GIC_VERSION 3) and 5 (GIC_VERSION 2): a small EL2 hypervisor
// (lib/hyp.c) runs an EL1 guest on core 0 and injects virtual interrupts
// through the list registers. The guest checks, and prints:
//  A. three virtual interrupts taken in priority order (EOImode 0);
//  B. an EOI maintenance interrupt for an LR with the EOI bit;
//  C. the virtual timer, hardware-mapped (pINTID 27, HW = 1): the guest's
//     deactivation deactivates the physical interrupt;
//  D. (GICv3) ICC_SGI1R_EL1 written by the guest traps to EL2 (EC 0x18) and
//     is emulated as a virtual SGI;
//  E. EOImode 1: EOIR drops the priority, DIR deactivates;
//  F. (GICv3) the traps to EL2 (EC 0x18, ISS naming the register):
//     ICH_HCR_EL2.TALL1, TC and TDIR. (ICC_SRE_EL2.Enable = 0 would trap
//     ICC_SRE_EL1 too, but gicsim and QEMU both make Enable RAO/WI, which
//     IHI 0069 permits where SRE is RAO/WI.)
#include "guest.h"
#include "hyp.h"

#define TIMER_TICKS 8

static volatile unsigned seen[64], order[16], norder;
static volatile unsigned timer_ticks;
static volatile u32 held;  // EOImode 1: acknowledged, dropped, not yet deactivated
static unsigned eoimode;

void handler_el1(u64 kind, struct frame* f) {
  if (kind != EXC_IRQ) unexpected("EL1", kind, f);
  const u32 raw = guest_ack();
  const unsigned intid = guest_intid(raw);
  if (intid >= 1020) return;
  if (intid < 64) ++seen[intid];
  if (norder < 16) order[norder++] = intid;
  if (intid == 27) {
    ++timer_ticks;
    if (timer_ticks < TIMER_TICKS)
      SYSREG_WRITE(cntv_tval_el0, cnt_freq() / 1000);
    else
      SYSREG_WRITE(cntv_ctl_el0, 0);
    ISB();
  }
  guest_eoi(raw);
  if (eoimode) held = raw;  // deactivated later by DIR
}

static void wait_seen(unsigned intid, unsigned n) {
  wfi_until(&seen[intid], n);
}

#if GIC_VERSION == 3
// The ISS of a trapped MSR/MRS: Op0, Op2, Op1, CRn, Rt, CRm, Direction.
static u64 iss_of(unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt, int read) {
  return (3ul << 20) | ((u64)op2 << 17) | ((u64)op1 << 14) | ((u64)crn << 10) | ((u64)rt << 5) |
         ((u64)crm << 1) | (read ? 1u : 0u);
}

static void expect_trap(const char* what, unsigned before, u64 iss) {
  const u64 after = hvc(HVC_COUNTER, CNT_OTHER_TRAP, 0, 0);
  puts("F: ");
  puts(what);
  print_dec(": traps ", after - before);
  check(hvc(HVC_COUNTER, CNT_LAST_TRAP_ISS, 0, 0) == iss, "F: the syndrome names the register");
}

static void trap_phase(void) {
  register u64 v __asm__("x5");
  unsigned n = (unsigned)hvc(HVC_COUNTER, CNT_OTHER_TRAP, 0, 0);
  hvc(HVC_ICH_HCR, ICH_HCR_TALL1, 0, 0);
  __asm__ volatile("mrs x5, S3_0_C12_C12_7" : "=r"(v));  // ICC_IGRPEN1_EL1
  hvc(HVC_ICH_HCR, 0, ICH_HCR_TALL1, 0);
  print_dec("F: TALL1: ICC_IGRPEN1_EL1 read as ", v);
  expect_trap("TALL1", n, iss_of(0, 12, 12, 7, 5, 1));
  n = (unsigned)hvc(HVC_COUNTER, CNT_OTHER_TRAP, 0, 0);
  hvc(HVC_ICH_HCR, ICH_HCR_TC, 0, 0);
  __asm__ volatile("mrs x5, S3_0_C12_C12_4" : "=r"(v));  // ICC_CTLR_EL1
  hvc(HVC_ICH_HCR, 0, ICH_HCR_TC, 0);
  print_dec("F: TC: ICC_CTLR_EL1 read as ", v);
  expect_trap("TC", n, iss_of(0, 12, 12, 4, 5, 1));
  n = (unsigned)hvc(HVC_COUNTER, CNT_OTHER_TRAP, 0, 0);
  hvc(HVC_ICH_HCR, ICH_HCR_TDIR, 0, 0);
  v = 1023;
  __asm__ volatile("msr S3_0_C12_C11_1, x5" ::"r"(v));  // ICC_DIR_EL1
  hvc(HVC_ICH_HCR, 0, ICH_HCR_TDIR, 0);
  expect_trap("TDIR: ICC_DIR_EL1 write", n, iss_of(0, 12, 11, 1, 5, 0));
}
#endif

static void guest(u64 arg) {
  (void)arg;
  guest_gic_init(0);
  // A: three at once, taken by priority.
  hvc(HVC_QUEUE, 40, 0xa0, 0);
  hvc(HVC_QUEUE, 41, 0x80, 0);
  hvc(HVC_QUEUE, 42, 0xc0, 0);
  hvc(HVC_FLUSH, 0, 0, 0);
  IRQ_ENABLE();
  wait_seen(42, 1);
  puts("A: order");
  for (unsigned i = 0; i < norder; ++i) {
    putc(' ');
    put_dec(order[i]);
  }
  putc('\n');
  check(norder == 3 && order[0] == 41 && order[1] == 40 && order[2] == 42,
        "A: highest priority first");
  // B: EOI maintenance.
  hvc(HVC_INJECT, 43, 0x90, VF_EOI);
  wait_seen(43, 1);
  while (hvc(HVC_COUNTER, CNT_EOI_MAINT, 43, 0) == 0) {
  }
  print_dec("B: EOI maintenance interrupts for 43: ", hvc(HVC_COUNTER, CNT_EOI_MAINT, 43, 0));
  check(hvc(HVC_LR_STATE, 43, 0, 0) == 0, "B: the list register of 43 is free");
  // C: the hardware-mapped virtual timer.
  SYSREG_WRITE(cntv_tval_el0, cnt_freq() / 1000);
  SYSREG_WRITE(cntv_ctl_el0, 1);
  ISB();
  wfi_until(&timer_ticks, TIMER_TICKS);
  print_dec("C: virtual timer ticks: ", timer_ticks);
  print_dec("C: injected by the hypervisor: ", hvc(HVC_COUNTER, CNT_VTIMER, 0, 0));
  check(hvc(HVC_COUNTER, CNT_PHYS_ACTIVE, 27, 0) == 0, "C: physical PPI 27 deactivated by the guest");
#if GIC_VERSION == 3
  // D: a trapped SGI.
  SYSREG_WRITE(ICC_SGI1R_EL1, (5ul << 24) | 1);  // SGI 5 to Aff0 = 0 (this vCPU)
  ISB();
  wait_seen(5, 1);
  print_dec("D: trapped ICC_SGI1R_EL1 writes: ", hvc(HVC_COUNTER, CNT_SGI_TRAP, 0, 0));
  check(hvc(HVC_COUNTER, CNT_TRAP_ISS_OK, 0, 0) == 1, "D: ESR_EL2 names ICC_SGI1R_EL1, a write");
  print_dec("D: virtual SGI 5 taken: ", seen[5]);
#endif
  // E: EOImode 1.
  IRQ_DISABLE();
  eoimode = 1;
  guest_gic_init(1);
  hvc(HVC_INJECT, 44, 0x90, 0);
  IRQ_ENABLE();
  wait_seen(44, 1);
  IRQ_DISABLE();
  check(guest_rpr() == 0xff, "E: EOIR dropped the running priority");
  print_dec("E: LR state after EOIR (2 = active): ", hvc(HVC_LR_STATE, 44, 0, 0));
  guest_dir(held);
  print_dec("E: LR state after DIR: ", hvc(HVC_LR_STATE, 44, 0, 0));
#if GIC_VERSION == 3
  trap_phase();
#endif
  finish();
}

int main(void) {
  puts(GIC_VERSION == 3 ? "vgic-hyp: GICv3 hypervisor\n" : "vgic-hyp: GICv2 hypervisor\n");
  print_dec("ID_AA64PFR0_EL1.GIC: ", (SYSREG_READ(id_aa64pfr0_el1) >> 24) & 0xf);
  hyp_init(GIC_VERSION);
  enter_el1(guest, 0);
}
