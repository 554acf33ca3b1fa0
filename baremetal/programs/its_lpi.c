// Program: LPIs through the ITS, as an OS brings them up (Linux's
// irq-gic-v3-its order): LPI configuration and pending tables, the ITS
// device and collection tables sized from GITS_BASER<n>, the command queue,
// MAPD -> MAPC -> MAPTI -> SYNC, then MSIs written to GITS_TRANSLATER by
// the CPU (DeviceID 0 on both gicsim and QEMU). Checks: the LPI is taken as
// an IRQ, has no active state (pending again while handled), INV applies a
// new priority, MOVI keeps it deliverable, DISCARD stops it, INT and CLEAR
// act on the pending state. Only what the architecture fixes is printed:
// the table formats (ITT entry size, page sizes) are the implementation's
// and are read from the ITS, not assumed.
#include "bm.h"

#define GITS_BASE 0x08080000ul
#define GITS_CTLR 0x0
#define GITS_TYPER 0x8
#define GITS_CBASER 0x80
#define GITS_CWRITER 0x88
#define GITS_CREADR 0x90
#define GITS_BASER(n) (0x100 + 8 * (n))
#define GITS_TRANSLATER 0x10040
#define LPI_BASE 8192u

// Tables, 64 KiB aligned: configuration, pending, queue, device and
// collection tables (one 64 KiB chunk each, whatever page size the ITS
// uses), and the ITT.
static u8 prop_table[0x10000] __attribute__((aligned(0x10000)));
static u8 pend_table[0x10000] __attribute__((aligned(0x10000)));
static u64 cmd_queue[0x10000 / 8] __attribute__((aligned(0x10000)));
static u8 dev_table[0x10000] __attribute__((aligned(0x10000)));
static u8 coll_table[0x10000] __attribute__((aligned(0x10000)));
static u8 itt[0x10000] __attribute__((aligned(0x10000)));

static unsigned cwriter;
static volatile unsigned taken, again, wrong;

static void its_cmd(u64 d0, u64 d1, u64 d2, u64 d3) {
  u64* c = &cmd_queue[cwriter / 8];
  c[0] = d0;
  c[1] = d1;
  c[2] = d2;
  c[3] = d3;
  cwriter = (cwriter + 32) % 4096;
  DSB();
  mmio_write64(GITS_BASE + GITS_CWRITER, cwriter);
  for (unsigned i = 0; i < 100000; ++i)
    if ((mmio_read64(GITS_BASE + GITS_CREADR) & 0xfffe0) == cwriter) return;
  puts("FAIL the ITS did not consume the command\n");
  ++failures;
}

static u64 rdbase;  // the collection target of the boot CPU (PTA-aware)

static void mapd(u32 dev, unsigned bits) {
  its_cmd(0x08 | (u64)dev << 32, bits - 1, 1ul << 63 | (u64)itt, 0);
}
static void mapc(unsigned icid) { its_cmd(0x09, 0, 1ul << 63 | rdbase | icid, 0); }
static void mapti(u32 dev, u32 ev, u32 lpi, unsigned icid) {
  its_cmd(0x0a | (u64)dev << 32, ev | (u64)lpi << 32, icid, 0);
}
static void dev_ev(unsigned op, u32 dev, u32 ev) { its_cmd(op | (u64)dev << 32, ev, 0, 0); }
static void sync_cmd(void) { its_cmd(0x05, 0, rdbase, 0); }
static void msi(u32 ev) {
  mmio_write32(GITS_BASE + GITS_TRANSLATER, ev);
  DSB();
}
static u64 hppir(void) { return SYSREG_READ(ICC_HPPIR1_EL1) & 0xffffff; }

void handler_el1(u64 kind, struct frame* f) {
  if (kind != EXC_IRQ) unexpected("EL1", kind, f);
  const u64 intid = SYSREG_READ(ICC_IAR1_EL1) & 0xffffff;
  if (intid == LPI_BASE + 3) {
    // No active state: another MSI makes it pending again at once (once).
    if (++taken == 1) {
      msi(3);
      if (hppir() == LPI_BASE + 3) ++again;
    }
  } else if (intid < 1020) {
    ++wrong;
  }
  if (intid < 1020 || intid >= LPI_BASE) SYSREG_WRITE(ICC_EOIR1_EL1, intid);
}

// Programs BASER n: a flat table in a 64 KiB chunk, one 4 KiB page.
static void setup_baser(unsigned n, u8* table) {
  const u64 b = mmio_read64(GITS_BASE + GITS_BASER(n));
  const unsigned type = (b >> 56) & 7;
  // 4 KiB pages, flat, one page... or what the ITS keeps of Page_Size.
  u64 v = 1ul << 63 | (u64)table | 0;
  mmio_write64(GITS_BASE + GITS_BASER(n), v);
  const u64 got = mmio_read64(GITS_BASE + GITS_BASER(n));
  check((got >> 63) == 1 && (got & 0x0000fffffffff000ul) == (u64)table,
        type == 1 ? "device table valid at its address" : "collection table valid");
}

static void el1_main(u64 arg) {
  (void)arg;
  puts("its-lpi: EL1 LPI and ITS bring-up\n");
  gicv3_init_cpu0();
  const u32 typer = mmio_read32(GICD_BASE + 0x4);
  print_dec("GICD_TYPER.LPIS: ", (typer >> 17) & 1);
  print_dec("GICD_TYPER.IDbits + 1: ", ((typer >> 19) & 0x1f) + 1);
  const u64 rtyper = mmio_read64(GICR_RD(0) + 0x8);
  print_dec("GICR_TYPER.PLPIS: ", rtyper & 1);

  // LPI 8192 + 3: priority 0xa0, enabled (bit 1 RES1); the others disabled.
  prop_table[3] = 0xa0 | 2 | 1;
  DSB();
  mmio_write64(GICR_RD(0) + 0x70, (u64)prop_table | 15);  // IDbits 15: 16 bits
  mmio_write64(GICR_RD(0) + 0x78, (u64)pend_table | 1ul << 62);  // PTZ
  mmio_write32(GICR_RD(0) + 0x0, 1);                            // EnableLPIs
  print_dec("GICR_CTLR.EnableLPIs: ", mmio_read32(GICR_RD(0)) & 1);

  const u64 gtyper = mmio_read64(GITS_BASE + GITS_TYPER);
  print_dec("GITS_TYPER.Physical: ", gtyper & 1);
  const unsigned ite_size = ((gtyper >> 4) & 0xf) + 1;
  check(ite_size * 32 <= sizeof(itt), "ITT of 32 events fits");
  rdbase = (gtyper >> 19) & 1 ? GICR_RD(0) : ((rtyper >> 8) & 0xffff) << 16;
  for (unsigned n = 0; n < 8; ++n) {
    const unsigned type = (mmio_read64(GITS_BASE + GITS_BASER(n)) >> 56) & 7;
    if (type == 1) setup_baser(n, dev_table);
    if (type == 4) setup_baser(n, coll_table);
  }
  mmio_write64(GITS_BASE + GITS_CBASER, 1ul << 63 | (u64)cmd_queue | 0);  // one 4 KiB page
  print_dec("GITS_CREADR after CBASER: ", mmio_read64(GITS_BASE + GITS_CREADR));
  mmio_write32(GITS_BASE + GITS_CTLR, 1);
  print_dec("GITS_CTLR.Enabled: ", mmio_read32(GITS_BASE + GITS_CTLR) & 1);

  mapd(0, 5);
  mapc(0);
  mapti(0, 3, LPI_BASE + 3, 0);
  sync_cmd();
  print_dec("GITS_CREADR after 4 commands: ", mmio_read64(GITS_BASE + GITS_CREADR));

  // An MSI, taken as an IRQ; re-raised inside the handler.
  IRQ_ENABLE();
  msi(3);
  wfi_until(&taken, 2);
  IRQ_DISABLE();
  print_dec("LPI interrupts taken: ", taken);
  print_dec("pending again while handled: ", again);
  print_dec("other interrupts: ", wrong);
  check(hppir() == 1023, "nothing pending after the loop");
  check((SYSREG_READ(ICC_RPR_EL1) & 0xff) == 0xff, "no active priority after the loop");

  // INV applies a new priority from the table.
  prop_table[3] = 0x40 | 2 | 1;
  DSB();
  dev_ev(0x0c, 0, 3);  // INV
  msi(3);
  const u64 got = SYSREG_READ(ICC_IAR1_EL1) & 0xffffff;
  print_dec("IAR after INV: ", got);
  print_dec("RPR (the new priority): ", SYSREG_READ(ICC_RPR_EL1) & 0xff);
  SYSREG_WRITE(ICC_EOIR1_EL1, got);

  // A disabled configuration holds it pending; INT and CLEAR.
  prop_table[3] = 0x40 | 2;
  DSB();
  dev_ev(0x0c, 0, 3);
  dev_ev(0x03, 0, 3);  // INT
  print_dec("HPPIR while disabled: ", hppir());
  prop_table[3] = 0x40 | 2 | 1;
  DSB();
  dev_ev(0x0c, 0, 3);
  print_dec("HPPIR once enabled: ", hppir());
  dev_ev(0x04, 0, 3);  // CLEAR
  print_dec("HPPIR after CLEAR: ", hppir());

  // MOVI to a second collection on the same CPU; still delivered.
  mapc(1);
  its_cmd(0x01, 3, 1, 0);  // MOVI DeviceID 0 EventID 3 -> ICID 1
  sync_cmd();
  msi(3);
  print_dec("HPPIR after MOVI: ", hppir());
  const u64 m = SYSREG_READ(ICC_IAR1_EL1) & 0xffffff;
  SYSREG_WRITE(ICC_EOIR1_EL1, m);

  // DISCARD: MSIs of that event are dropped.
  dev_ev(0x0f, 0, 3);
  sync_cmd();
  msi(3);
  print_dec("HPPIR after DISCARD and an MSI: ", hppir());
  print_dec("GITS_CREADR.Stalled: ", mmio_read64(GITS_BASE + GITS_CREADR) & 1);
  finish();
}

int main(void) { main_at_el1(el1_main); }
