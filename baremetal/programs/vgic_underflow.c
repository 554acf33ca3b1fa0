// Program 4: more virtual interrupts than list registers. The hypervisor
// (lib/hyp.c) queues 32 virtual SPIs (INTIDs 64..95, 32 distinct
// priorities in a shuffled order) and has only its list registers (4 on
// QEMU and in gicsim's default configuration): it fills them with the
// highest-priority ones and refills on the underflow maintenance interrupt.
// The guest checks that each arrives exactly once, in priority order, and
// prints the priorities in the order taken (which of two interrupts of equal
// priority goes first is the GIC's choice, so INTIDs are not printed).
#include "guest.h"
#include "hyp.h"

#define N 32
#define FIRST 64

static volatile unsigned order[N + 8], count;
static volatile unsigned times[N];

static unsigned prio_of(unsigned i) { return (((i * 13u) % N) >> 1) << 4; }

void handler_el1(u64 kind, struct frame* f) {
  if (kind != EXC_IRQ) unexpected("EL1", kind, f);
  const u32 raw = guest_ack();
  const unsigned intid = guest_intid(raw);
  if (intid >= 1020) return;
  if (count < N + 8) order[count++] = intid;
  if (intid >= FIRST && intid < FIRST + N) ++times[intid - FIRST];
  guest_eoi(raw);
}

static void guest(u64 arg) {
  (void)arg;
  guest_gic_init(0);
  for (unsigned i = 0; i < N; ++i) hvc(HVC_QUEUE, FIRST + i, prio_of(i), 0);
  hvc(HVC_FLUSH, 0, 0, 0);
  IRQ_ENABLE();
  wfi_until(&count, N);
  // Anything more would come now.
  for (volatile int d = 0; d < 20000; ++d) {
  }
  IRQ_DISABLE();
  puts("priorities in the order taken:");
  for (unsigned i = 0; i < count; ++i) {
    putc(' ');
    put_dec(prio_of(order[i] - FIRST));
  }
  putc('\n');
  unsigned once = 1, sorted = 1;
  for (unsigned i = 0; i < N; ++i) once &= times[i] == 1;
  for (unsigned i = 1; i < count; ++i)
    sorted &= prio_of(order[i - 1] - FIRST) <= prio_of(order[i] - FIRST);
  print_dec("interrupts taken: ", count);
  check(once, "each virtual SPI exactly once");
  check(sorted, "in priority order");
  check(hvc(HVC_COUNTER, CNT_UNDERFLOW, 0, 0) > 0, "refilled on underflow");
  check(hvc(HVC_COUNTER, CNT_QUEUED, 0, 0) == 0, "nothing left in the queue");
  finish();
}

int main(void) {
  puts("vgic-underflow: 32 virtual SPIs through the list registers\n");
  hyp_init(GIC_VERSION);
  enter_el1(guest, 0);
}
