#include "hyp.h"

static int v3;
static unsigned nlrs;

#define QMAX 64
static struct {
  unsigned intid, prio, flags;
} queue[QMAX];
static unsigned queued;
static unsigned eoi_maint[1024];
static unsigned underflows, vtimer, sgi_traps, trap_iss_ok, other_traps;
static u32 last_trap_iss;

// GICv2 virtual interface control (GICH) and physical CPU interface (GICC).
#define GICH_HCR 0x000
#define GICH_VTR 0x004
#define GICH_MISR 0x010
#define GICH_EISR0 0x020
#define GICH_LR(n) (0x100 + 4 * (n))
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010
#define GICC_DIR 0x1000
#define GICD_CTLR 0x000
#define GICD_ISENABLER 0x100
#define GICD_ISACTIVER 0x300
#define GICD_IPRIORITYR 0x400
// GICv2 list register fields (IHI 0048B 5.3.11).
#define LR2_HW (1u << 31)
#define LR2_GRP1 (1u << 30)
#define LR2_PENDING (1u << 28)
#define LR2_STATE(v) (((v) >> 28) & 3)
#define LR2_PRIO(p) ((((u32)(p) >> 3) & 0x1f) << 23)
#define LR2_EOI (1u << 19)
#define LR2_PINTID(i) (((u32)(i) & 0x3ff) << 10)

#define MAINT_PPI 25
#define VTIMER_PPI 27

static u64 lr_get(unsigned n) { return v3 ? ich_lr_read(n) : mmio_read32(GICH_BASE + GICH_LR(n)); }
static void lr_set(unsigned n, u64 v) {
  if (v3)
    ich_lr_write(n, v);
  else
    mmio_write32(GICH_BASE + GICH_LR(n), (u32)v);
}
static unsigned lr_state(u64 v) { return v3 ? (unsigned)(v >> 62) : LR2_STATE(v); }
static unsigned lr_intid(u64 v) { return v3 ? (unsigned)(v & 0xffffffffu) : (unsigned)(v & 0x3ff); }
static u64 lr_make(unsigned intid, unsigned prio, unsigned flags) {
  if (v3) {
    u64 v = LR_STATE_PENDING | LR_GROUP1 | LR_PRIO(prio) | intid;
    if (flags & VF_HW) v |= LR_HW | LR_PINTID(intid);
    else if (flags & VF_EOI) v |= LR_EOI;
    return v;
  }
  u32 v = LR2_PENDING | LR2_PRIO(prio) | intid;  // Group 0, signalled as vIRQ (FIQEn = 0)
  if (flags & VF_HW) v |= LR2_HW | LR2_PINTID(intid);
  else if (flags & VF_EOI) v |= LR2_EOI;
  return v;
}
static u64 hcr_get(void) { return v3 ? SYSREG_READ(ICH_HCR_EL2) : mmio_read32(GICH_BASE + GICH_HCR); }
static void hcr_set(u64 v) {
  if (v3)
    SYSREG_WRITE(ICH_HCR_EL2, v);
  else
    mmio_write32(GICH_BASE + GICH_HCR, (u32)v);
}

// Fills free list registers with the highest-priority queued interrupts;
// asks for an underflow maintenance interrupt while some still wait.
static void flush(void) {
  for (unsigned n = 0; n < nlrs && queued; ++n) {
    if (lr_state(lr_get(n)) != 0) continue;
    unsigned best = 0;
    for (unsigned i = 1; i < queued; ++i)
      if (queue[i].prio < queue[best].prio) best = i;
    lr_set(n, lr_make(queue[best].intid, queue[best].prio, queue[best].flags));
    queue[best] = queue[--queued];
  }
  const u64 h = hcr_get();
  hcr_set(queued ? (h | ICH_HCR_UIE) : (h & ~(u64)ICH_HCR_UIE));
}

static void enqueue(unsigned intid, unsigned prio, unsigned flags) {
  if (queued < QMAX) {
    queue[queued].intid = intid;
    queue[queued].prio = prio;
    queue[queued].flags = flags;
    ++queued;
  }
}

static void maintenance(void) {
  const u32 misr = v3 ? (u32)SYSREG_READ(ICH_MISR_EL2) : mmio_read32(GICH_BASE + GICH_MISR);
  if (misr & ICH_MISR_EOI) {
    const u64 eisr = v3 ? SYSREG_READ(ICH_EISR_EL2) : mmio_read32(GICH_BASE + GICH_EISR0);
    for (unsigned n = 0; n < nlrs; ++n)
      if (eisr & (1ul << n)) {
        ++eoi_maint[lr_intid(lr_get(n)) & 1023];
        lr_set(n, 0);
      }
  }
  if (misr & ICH_MISR_U) ++underflows;
  flush();
}

static unsigned phys_ack(void) {
  return v3 ? (unsigned)(SYSREG_READ(ICC_IAR1_EL1) & 0xffffff)
            : (mmio_read32(GICC_BASE + GICC_IAR) & 0x3ff);
}
static void phys_drop(unsigned intid) {
  if (v3) SYSREG_WRITE(ICC_EOIR1_EL1, intid);
  else mmio_write32(GICC_BASE + GICC_EOIR, intid);
}
static void phys_deactivate(unsigned intid) {
  if (v3) SYSREG_WRITE(ICC_DIR_EL1, intid);
  else mmio_write32(GICC_BASE + GICC_DIR, intid);
}
static unsigned phys_active(unsigned intid) {
  const u64 reg = v3 ? GICR_SGI(0) + 0x300 : GICD_BASE + GICD_ISACTIVER;
  return (mmio_read32(reg + 4 * (intid / 32)) >> (intid % 32)) & 1;
}

static void physical_irq(void) {
  const unsigned intid = phys_ack();
  if (intid >= 1020) return;
  phys_drop(intid);  // EOImode 1: priority drop only
  if (intid == MAINT_PPI) {
    maintenance();
    phys_deactivate(intid);
  } else if (intid == VTIMER_PPI) {
    // Stays active until the guest deactivates the virtual one (HW = 1).
    ++vtimer;
    enqueue(VTIMER_PPI, 0x40, VF_HW);
    flush();
  } else {
    phys_deactivate(intid);
  }
}

// ICC_SGI1R_EL1: Op0 3, Op1 0, CRn 12, CRm 11, Op2 5.
static void trapped_sysreg(u64 esr, struct frame* f) {
  const u32 iss = (u32)(esr & 0x1ffffff);
  const unsigned op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
  const unsigned crn = (iss >> 10) & 15, rt = (iss >> 5) & 31, crm = (iss >> 1) & 15;
  const unsigned read = iss & 1;
  if (op0 == 3 && op1 == 0 && crn == 12 && crm == 11 && op2 == 5 && !read) {
    ++trap_iss_ok;
    const u64 v = rt == 31 ? 0 : f->x[rt];
    const unsigned intid = (unsigned)(v >> 24) & 15;
    const int irm = (v >> 40) & 1;
    if (!irm && (v & 1)) {  // target list names vCPU 0 (Aff 0.0.0.0), the only one
      ++sgi_traps;
      enqueue(intid, 0x80, 0);
      flush();
    }
  } else {
    ++other_traps;
    last_trap_iss = iss;
    if (read && rt != 31) f->x[rt] = TRAP_READ_VALUE;
  }
  f->elr += 4;
}

static u64 hvc_call(struct frame* f) {
  switch (f->x[0]) {
    case HVC_INJECT: enqueue((unsigned)f->x[1], (unsigned)f->x[2], (unsigned)f->x[3]); flush(); return 0;
    case HVC_QUEUE: enqueue((unsigned)f->x[1], (unsigned)f->x[2], (unsigned)f->x[3]); return 0;
    case HVC_FLUSH: flush(); return 0;
    case HVC_LR_STATE:
      for (unsigned n = 0; n < nlrs; ++n) {
        const u64 v = lr_get(n);
        if (lr_state(v) && lr_intid(v) == f->x[1]) return lr_state(v);
      }
      return 0;
    case HVC_COUNTER:
      switch (f->x[1]) {
        case CNT_EOI_MAINT: return eoi_maint[f->x[2] & 1023];
        case CNT_UNDERFLOW: return underflows;
        case CNT_VTIMER: return vtimer;
        case CNT_SGI_TRAP: return sgi_traps;
        case CNT_PHYS_ACTIVE: return phys_active((unsigned)f->x[2]);
        case CNT_QUEUED: return queued;
        case CNT_TRAP_ISS_OK: return trap_iss_ok;
        case CNT_OTHER_TRAP: return other_traps;
        case CNT_LAST_TRAP_ISS: return last_trap_iss;
      }
      return ~0ul;
    case HVC_ICH_HCR: hcr_set((hcr_get() | f->x[1]) & ~f->x[2]); return 0;
  }
  return ~0ul;
}

void handler_el2(u64 kind, struct frame* f) {
  if (kind == (EXC_LOWER | EXC_IRQ) || kind == EXC_IRQ) {
    physical_irq();
    return;
  }
  if (kind == (EXC_LOWER | EXC_SYNC)) {
    const u64 esr = SYSREG_READ(esr_el2);
    const unsigned ec = (unsigned)(esr >> 26) & 0x3f;
    if (ec == 0x16) {  // HVC
      f->x[0] = hvc_call(f);
      return;
    }
    if (ec == 0x18) {
      trapped_sysreg(esr, f);
      return;
    }
  }
  unexpected("EL2", kind, f);
}

void hyp_init(int version) {
  v3 = version == 3;
  if (v3) {
    SYSREG_WRITE(ICC_SRE_EL2, 0x9);  // SRE, and EL1 may use ICC_SRE_EL1
    ISB();
    gicv3_dist_init();
    gicv3_redist_init(0);
    gicv3_cpuif_init();
    SYSREG_WRITE(ICC_CTLR_EL1, 1u << 1);  // EOImode 1: drop and deactivate apart
    gicv3_enable_ppi(0, MAINT_PPI, 0x20);
    gicv3_enable_ppi(0, VTIMER_PPI, 0x30);
    nlrs = ich_num_lrs();
  } else {
    mmio_write32(GICD_BASE + GICD_CTLR, 1);
    *(volatile u8*)(GICD_BASE + GICD_IPRIORITYR + MAINT_PPI) = 0x20;
    *(volatile u8*)(GICD_BASE + GICD_IPRIORITYR + VTIMER_PPI) = 0x30;
    mmio_write32(GICD_BASE + GICD_ISENABLER, (1u << MAINT_PPI) | (1u << VTIMER_PPI));
    mmio_write32(GICC_BASE + GICC_PMR, 0xff);
    mmio_write32(GICC_BASE + GICC_CTLR, 1u | (1u << 9));  // Enable, EOImodeNS
    nlrs = (mmio_read32(GICH_BASE + GICH_VTR) & 0x3f) + 1;
  }
  for (unsigned n = 0; n < nlrs; ++n) lr_set(n, 0);
  hcr_set(ICH_HCR_EN);
  SYSREG_WRITE(hcr_el2, (1ul << 31) | (1ul << 4) | (1ul << 3));  // RW, IMO, FMO
  ISB();
}

u64 hvc(u64 fn, u64 a1, u64 a2, u64 a3) {
  register u64 x0 __asm__("x0") = fn;
  register u64 x1 __asm__("x1") = a1;
  register u64 x2 __asm__("x2") = a2;
  register u64 x3 __asm__("x3") = a3;
  __asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
  return x0;
}
