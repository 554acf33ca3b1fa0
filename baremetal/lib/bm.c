#include "bm.h"

unsigned failures;

#define UART_BASE 0x09000000ul
#define UART_DR 0x000
#define UART_FR 0x018
#define UART_FR_TXFF (1u << 5)

void putc(char c) {
  while (mmio_read32(UART_BASE + UART_FR) & UART_FR_TXFF) {
  }
  mmio_write32(UART_BASE + UART_DR, (u8)c);
}

void puts(const char* s) {
  while (*s) putc(*s++);
}

void put_dec(u64 v) {
  char b[21];
  int i = 20;
  b[i] = 0;
  do {
    b[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  puts(&b[i]);
}

void put_hex(u64 v) {
  puts("0x");
  int started = 0;
  for (int s = 60; s >= 0; s -= 4) {
    unsigned d = (v >> s) & 15;
    if (d || started || s == 0) {
      putc((char)(d < 10 ? '0' + d : 'a' + d - 10));
      started = 1;
    }
  }
}

void print_dec(const char* text, u64 v) {
  puts(text);
  put_dec(v);
  putc('\n');
}

void check(int ok, const char* what) {
  puts(ok ? "ok " : "FAIL ");
  puts(what);
  putc('\n');
  if (!ok) ++failures;
}

void finish(void) {
  puts(failures ? "FAIL\n" : "PASS\n");
  psci_system_off_status(failures);
}

void main_at_el1(void (*fn)(u64)) {
  SYSREG_WRITE(ICC_SRE_EL2, 0x9);
  ISB();
  enter_el1(fn, 0);
}

#define PSCI_CPU_OFF 0x84000002ul
#define PSCI_CPU_ON 0xc4000003ul
#define PSCI_SYSTEM_OFF 0x84000008ul

u64 psci_cpu_on(u64 mpidr, void (*entry)(void), u64 context) {
  return psci_call(PSCI_CPU_ON, mpidr, (u64)entry, context);
}
void psci_cpu_off(void) { psci_call(PSCI_CPU_OFF, 0, 0, 0); }
// SYSTEM_OFF takes no argument; X1 carries the status gicsim reports as its
// exit code (QEMU ignores it).
void psci_system_off_status(u64 status) {
  psci_call(PSCI_SYSTEM_OFF, status, 0, 0);
  for (;;) WFI();
}

void wfi_until(volatile unsigned* v, unsigned want) {
  IRQ_DISABLE();
  while (*v < want) {
    WFI();
    IRQ_ENABLE();
    ISB();
    IRQ_DISABLE();
  }
  IRQ_ENABLE();
}

unsigned cpu_id(void) { return (unsigned)(SYSREG_READ(mpidr_el1) & 0xff); }

void unexpected(const char* where, u64 kind, struct frame* f) {
  puts("unexpected exception at ");
  puts(where);
  puts(": kind ");
  put_dec(kind);
  puts(" esr ");
  put_hex(where[2] == '2' ? SYSREG_READ(esr_el2) : SYSREG_READ(esr_el1));
  puts(" elr ");
  put_hex(f->elr);
  putc('\n');
  psci_system_off_status(99);
}

__attribute__((weak)) void handler_el1(u64 kind, struct frame* f) { unexpected("EL1", kind, f); }
__attribute__((weak)) void handler_el2(u64 kind, struct frame* f) { unexpected("EL2", kind, f); }
__attribute__((weak)) void secondary_main(u64 context) { (void)context; }

// ---- GICv3 ---------------------------------------------------------------------

#define GICD_CTLR 0x0000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_GRP1 (1u << 1)
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ICPENDR 0x0280
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_IPRIORITYR 0x0400

static void gicd_wait_rwp(void) {
  while (mmio_read32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP) {
  }
}

void gicv3_dist_init(void) {
  mmio_write32(GICD_BASE + GICD_CTLR, 0);
  gicd_wait_rwp();
  const unsigned lines = 32 * ((mmio_read32(GICD_BASE + GICD_TYPER) & 0x1f) + 1);
  for (unsigned i = 32; i < lines; i += 32) {
    mmio_write32(GICD_BASE + GICD_ICENABLER + i / 8, 0xffffffffu);
    mmio_write32(GICD_BASE + GICD_ICPENDR + i / 8, 0xffffffffu);
    mmio_write32(GICD_BASE + GICD_IGROUPR + i / 8, 0xffffffffu);  // Group 1
  }
  gicd_wait_rwp();
  mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
  gicd_wait_rwp();
}

void gicv3_redist_init(unsigned cpu) {
  const u64 rd = GICR_RD(cpu);
  mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
  while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP) {
  }
  mmio_write32(GICR_SGI(cpu) + GICR_ICENABLER0, 0xffffffffu);
  mmio_write32(GICR_SGI(cpu) + GICR_IGROUPR0, 0xffffffffu);  // SGIs and PPIs in Group 1
}

void gicv3_cpuif_init(void) {
  SYSREG_WRITE(ICC_SRE_EL1, SYSREG_READ(ICC_SRE_EL1) | 1);  // system-register interface
  ISB();
  SYSREG_WRITE(ICC_PMR_EL1, 0xff);
  SYSREG_WRITE(ICC_BPR1_EL1, 0);
  SYSREG_WRITE(ICC_CTLR_EL1, 0);  // EOImode 0
  SYSREG_WRITE(ICC_IGRPEN1_EL1, 1);
  ISB();
}

void gicv3_init_cpu0(void) {
  gicv3_dist_init();
  gicv3_redist_init(0);
  gicv3_cpuif_init();
}

void gicv3_enable_ppi(unsigned cpu, unsigned intid, unsigned prio) {
  const u64 sgi = GICR_SGI(cpu);
  volatile u8* pr = (volatile u8*)(sgi + GICR_IPRIORITYR + intid);
  *pr = (u8)prio;
  mmio_write32(sgi + GICR_ISENABLER0, 1u << intid);
}

void gicv3_enable_spi(unsigned intid, unsigned prio, u64 mpidr) {
  volatile u8* pr = (volatile u8*)(GICD_BASE + GICD_IPRIORITYR + intid);
  *pr = (u8)prio;
  mmio_write64(GICD_BASE + GICD_IROUTER + 8ul * intid, mpidr & 0xff00fffffful);
  mmio_write32(GICD_BASE + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
  gicd_wait_rwp();
}

// ---- ICH_LR<n>_EL2 by number ------------------------------------------------------

#define LR_CASE(n)                                  \
  case n:                                           \
    if (write) SYSREG_WRITE(S3_4_C12_C12_##n, v);   \
    else v = SYSREG_READ(S3_4_C12_C12_##n);         \
    break;
#define LR_CASE_HI(n, m)                            \
  case n:                                           \
    if (write) SYSREG_WRITE(S3_4_C12_C13_##m, v);   \
    else v = SYSREG_READ(S3_4_C12_C13_##m);         \
    break;

static u64 lr_access(unsigned n, int write, u64 v) {
  switch (n) {
    LR_CASE(0) LR_CASE(1) LR_CASE(2) LR_CASE(3) LR_CASE(4) LR_CASE(5) LR_CASE(6) LR_CASE(7)
    LR_CASE_HI(8, 0) LR_CASE_HI(9, 1) LR_CASE_HI(10, 2) LR_CASE_HI(11, 3)
    LR_CASE_HI(12, 4) LR_CASE_HI(13, 5) LR_CASE_HI(14, 6) LR_CASE_HI(15, 7)
    default: break;
  }
  return v;
}
u64 ich_lr_read(unsigned n) { return lr_access(n, 0, 0); }
void ich_lr_write(unsigned n, u64 v) { lr_access(n, 1, v); }
unsigned ich_num_lrs(void) { return (unsigned)(SYSREG_READ(ICH_VTR_EL2) & 0x1f) + 1; }
