// A random, hostile program for the CPU model and the GIC (tests): ROUNDS
// random instructions from the classes that reach the model's own code —
// GIC system registers (every op1/CRm/op2 under CRn 12, and ICC_PMR_EL1),
// generic-timer registers, loads and stores of every width (aligned or not)
// to the GIC frames, the UART and unmapped memory, UDF, BRK and HVC — each
// run once from a code buffer with random operands, first at EL2, then at
// EL1 with HCR_EL2.IMO/FMO set (so ICC_* reach the ICV_* registers and
// ICH_HCR_EL2's traps apply). Every synchronous exception is skipped; an
// interrupt that reaches EL2 makes the hypervisor side switch the physical
// GIC off. The program must reach SYSTEM_OFF whatever it wrote: gicsim
// must neither crash nor hang. Its counts depend on the GIC model, so it
// is not compared with QEMU.
#include "bm.h"

#define ROUNDS 20000u
#define SEED 0x9e3779b97f4a7c15ul

static u64 rng = SEED;
static u64 next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static u32 code[1024] __attribute__((aligned(4096)));
static volatile unsigned sync_el2, sync_el1, irq_el2, irq_el1, slot;

// MRS/MSR (register): 1101 0101 00 L 1 o0 op1 CRn CRm op2 Rt.
static u32 sysreg(int read, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt) {
  return 0xd5100000u | (read ? 1u << 21 : 0) | (1u << 19) | (op1 << 16) | (crn << 12) | (crm << 8) |
         (op2 << 5) | rt;
}

static u64 mmio_target(unsigned size) {
  static const u64 base[] = {GICD_BASE, GICR_BASE, GICR_BASE + 0x40000, 0x09000000ul, 0x50000000ul};
  static const u64 span[] = {0x10000, 0x40000, 0x40000, 0x1000, 0x1000};
  const unsigned f = (unsigned)(next() % 5);
  u64 off = next() % span[f];
  if (next() % 8) off &= ~(u64)(size - 1);  // mostly aligned
  return base[f] + off;
}

static u32 random_insn(u64* x9) {
  const unsigned rt = (unsigned)(next() % 8);
  switch (next() % 8) {
    case 0:
    case 1:
    case 2: {  // GIC system registers (EL1, EL2, EL3 encodings)
      static const unsigned op1s[] = {0, 0, 4, 6};
      return sysreg((int)(next() & 1), op1s[next() % 4], 12, 8 + (unsigned)(next() % 8),
                    (unsigned)(next() % 8), rt);
    }
    case 3:
      return sysreg((int)(next() & 1), 0, 4, 6, 0, rt);  // ICC_PMR_EL1
    case 4: {  // timer registers
      const unsigned el2 = (unsigned)(next() & 1);
      return sysreg((int)(next() & 1), el2 ? 4 : 3, 14, (unsigned)(next() % 4),
                    (unsigned)(next() % 4), rt);
    }
    case 5:
    case 6: {  // LDR/STR (unsigned offset 0) of 1, 2, 4 or 8 bytes at X9
      const unsigned size = (unsigned)(next() % 4);
      *x9 = mmio_target(1u << size);
      return (size << 30) | 0x39000000u | ((next() & 1) ? 0x400000u : 0) | (9u << 5) | rt;
    }
    default: {  // exception generators
      const u32 imm = (u32)(next() & 0xffff) << 5;
      switch (next() % 3) {
        case 0: return (u32)(next() & 0xffff);  // UDF #imm
        case 1: return 0xd4200000u | imm;       // BRK #imm
        default: return 0xd4000002u | imm;      // HVC #imm
      }
    }
  }
}

// Runs one random instruction: code[slot] = insn; ret.
static void run_one(void) {
  u64 x9 = 0;
  const u32 insn = random_insn(&x9);
  const unsigned s = (slot = (slot + 2) % 1024);
  code[s] = insn;
  code[s + 1] = 0xd65f03c0u;  // ret
  __asm__ volatile("dsb sy\n isb" ::: "memory");
  register u64 r0 __asm__("x0") = next();
  register u64 r1 __asm__("x1") = next();
  register u64 r2 __asm__("x2") = next() & 0xffff;
  register u64 r3 __asm__("x3") = next() >> (next() % 64);
  register u64 r9 __asm__("x9") = x9;
  __asm__ volatile("blr %5"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r9)
                   : "r"((u64)&code[s])
                   : "x4", "x5", "x6", "x7", "x8", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
                     "x17", "x30", "memory", "cc");
}

// Exceptions: skip the instruction (SVC/HVC/SMC already return past it).
static void skip(struct frame* f, u64 esr) {
  const unsigned ec = (unsigned)(esr >> 26) & 0x3f;
  if (ec != 0x15 && ec != 0x16 && ec != 0x17) f->elr += 4;
}

static void gic_off(void) {
  mmio_write32(GICD_BASE, 0);
  for (unsigned i = 0; i < 32; ++i) mmio_write32(GICD_BASE + 0x180 + 4 * i, 0xffffffffu);
  for (unsigned c = 0; c < 2; ++c) mmio_write32(GICR_SGI(c) + 0x180, 0xffffffffu);
  SYSREG_WRITE(ICH_HCR_EL2, 0);
}

void handler_el2(u64 kind, struct frame* f) {
  if ((kind & 3) == EXC_SYNC) {
    ++sync_el2;
    skip(f, SYSREG_READ(esr_el2));
  } else {
    ++irq_el2;  // an interrupt routed here from EL1: silence the GIC
    gic_off();
  }
}

void handler_el1(u64 kind, struct frame* f) {
  if ((kind & 3) == EXC_SYNC) {
    ++sync_el1;
    skip(f, SYSREG_READ(esr_el1));
  } else {
    ++irq_el1;
  }
}

static void el1_phase(u64 arg) {
  (void)arg;
  for (unsigned i = 0; i < ROUNDS; ++i) run_one();
  puts("random-guest: EL1 phase done\n");
  puts("PASS\n");
  psci_system_off_status(0);
}

int main(void) {
  puts("random-guest: EL2 phase\n");
  gicv3_dist_init();
  gicv3_redist_init(0);
  for (unsigned i = 0; i < ROUNDS; ++i) run_one();
  puts("random-guest: EL2 phase done\n");
  gic_off();
  SYSREG_WRITE(hcr_el2, (1ul << 31) | (1ul << 4) | (1ul << 3));  // RW, IMO, FMO
  ISB();
  enter_el1(el1_phase, 0);
}
