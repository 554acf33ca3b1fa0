// Program 6: synchronous external aborts. A load and a store to an address
// where nothing is mapped (above RAM on QEMU virt and gicsim) take a data
// abort at EL2: the handler checks ESR_EL2 (EC 0x25, DFSC 0x10, WnR),
// FAR_EL2 and that ELR_EL2 is the faulting instruction, then skips it.
#include "bm.h"

#define NOWHERE 0x50000000ul

static volatile unsigned aborts;
static volatile u64 esr, far, elr;

void handler_el2(u64 kind, struct frame* f) {
  if (kind != EXC_SYNC) unexpected("EL2", kind, f);
  ++aborts;
  esr = SYSREG_READ(esr_el2);
  far = SYSREG_READ(far_el2);
  elr = f->elr;
  f->elr += 4;
}

int main(void) {
  puts("aborts: loads and stores where nothing is mapped\n");
  u64 v = 0, at = 0;
  __asm__ volatile("mov x9, %2\n"
                   "adr %1, 1f\n"
                   "1: ldr %0, [x9, #8]\n"
                   : "=&r"(v), "=&r"(at)
                   : "r"(NOWHERE)
                   : "x9", "memory");
  print_dec("aborts after the load: ", aborts);
  print_dec("EC: ", (esr >> 26) & 0x3f);
  print_dec("DFSC: ", esr & 0x3f);
  print_dec("WnR: ", (esr >> 6) & 1);
  check(far == NOWHERE + 8, "FAR is the address");
  check(elr == at, "ELR is the load");
  __asm__ volatile("mov x9, %1\n"
                   "mov x10, #0x1234\n"
                   "add x11, x10, #1\n"
                   "adr %0, 1f\n"
                   "1: str w10, [x9, x11]\n"
                   : "=&r"(at)
                   : "r"(NOWHERE)
                   : "x9", "x10", "x11", "memory");
  print_dec("aborts after the store: ", aborts);
  print_dec("WnR: ", (esr >> 6) & 1);
  check(far == NOWHERE + 0x1235, "FAR is the address");
  check(elr == at, "ELR is the store");
  puts(failures ? "FAIL\n" : "PASS\n");
  return (int)failures;
}
