// Program 2: SGIs between two cores. Core 0 brings up the distributor,
// starts core 1 with PSCI CPU_ON; both run at EL1 with their redistributor
// and CPU interface on. They play ping-pong ROUNDS times (core 0 sends SGI 1
// to core 1, core 1 answers with SGI 2), then core 0 sends SGI 3 to a
// target list naming both cores, and SGI 4 to "all but self"
// (ICC_SGI1R_EL1.IRM). Only core 0 prints.
#include "bm.h"

#define ROUNDS 16

struct shared {
  volatile unsigned ready[2];
  volatile unsigned got[2][16];     // SGIs taken per core and INTID
  volatile unsigned done;
};
static struct shared sh;

// ICC_SGI1R_EL1: INTID [27:24], Aff1 [23:16], TargetList [15:0], IRM [40].
static void send_sgi(unsigned intid, u64 target_list, int all_but_self) {
  u64 v = ((u64)intid << 24) | target_list;
  if (all_but_self) v = ((u64)intid << 24) | (1ul << 40);
  SYSREG_WRITE(ICC_SGI1R_EL1, v);
  ISB();
}

void handler_el1(u64 kind, struct frame* f) {
  if (kind != EXC_IRQ) unexpected("EL1", kind, f);
  const unsigned me = cpu_id();
  const u64 intid = SYSREG_READ(ICC_IAR1_EL1) & 0xffffff;
  if (intid < 16) {
    sh.got[me][intid]++;
    if (me == 1 && intid == 1) send_sgi(2, 1u << 0, 0);  // pong
  }
  if (intid < 1020) SYSREG_WRITE(ICC_EOIR1_EL1, intid);
}

static void cpu_setup(unsigned me) {
  gicv3_redist_init(me);
  gicv3_cpuif_init();
  for (unsigned i = 1; i <= 6; ++i) gicv3_enable_ppi(me, i, 0x80);  // SGIs 1..6
  IRQ_ENABLE();
}

static void el1_secondary(u64 arg) {
  (void)arg;
  cpu_setup(1);
  sh.ready[1] = 1;
  wfi_until(&sh.done, 1);
  psci_cpu_off();
}

void secondary_main(u64 context) {
  (void)context;
  SYSREG_WRITE(ICC_SRE_EL2, 0x9);
  ISB();
  enter_el1(el1_secondary, 0);
}

static void wait_for(volatile unsigned* v, unsigned want) {
  wfi_until(v, want);
}

static void el1_main(u64 arg) {
  (void)arg;
  puts("sgi-pingpong: two cores\n");
  gicv3_dist_init();
  cpu_setup(0);
  const u64 r = psci_cpu_on(1, secondary_entry, 0);
  check(r == 0, "PSCI CPU_ON core 1");
  while (!sh.ready[1]) {
  }
  for (unsigned i = 1; i <= ROUNDS; ++i) {
    send_sgi(1, 1u << 1, 0);  // ping core 1
    wait_for(&sh.got[0][2], i);
  }
  print_dec("pings taken by core 1: ", sh.got[1][1]);
  print_dec("pongs taken by core 0: ", sh.got[0][2]);
  send_sgi(3, (1u << 0) | (1u << 1), 0);  // both cores by target list
  wait_for(&sh.got[0][3], 1);
  while (sh.got[1][3] < 1) {
  }
  print_dec("SGI 3 (target list 0,1) at core 0: ", sh.got[0][3]);
  print_dec("SGI 3 (target list 0,1) at core 1: ", sh.got[1][3]);
  send_sgi(4, 0, 1);  // all but self
  while (sh.got[1][4] < 1) {
  }
  for (volatile int d = 0; d < 1000; ++d) {
  }
  print_dec("SGI 4 (all but self) at core 0: ", sh.got[0][4]);
  print_dec("SGI 4 (all but self) at core 1: ", sh.got[1][4]);
  check(sh.got[1][1] == ROUNDS && sh.got[0][2] == ROUNDS, "every ping answered once");
  check(sh.got[0][1] == 0 && sh.got[1][2] == 0, "no SGI reached a core it did not name");
  sh.done = 1;
  send_sgi(6, 1u << 1, 0);  // wakes core 1 from WFI
  IRQ_DISABLE();
  // Core 1 powers itself off; wait until PSCI says so.
  while (psci_call(0xc4000004ul, 1, 0, 0) != 1) {
  }
  check(1, "core 1 powered off");
  finish();
}

int main(void) { main_at_el1(el1_main); }
