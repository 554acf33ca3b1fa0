// The guest's side of the virtual CPU interface: ICV_* through the ICC_*
// encodings (GICv3, HCR_EL2.IMO/FMO set) or the GICV frame (GICv2, mapped
// at its physical address: these programs run without stage 2).
#pragma once

#include "bm.h"

#ifndef GIC_VERSION
#define GIC_VERSION 3
#endif

#define GICV_CTLR 0x000
#define GICV_PMR 0x004
#define GICV_BPR 0x008
#define GICV_IAR 0x00c
#define GICV_EOIR 0x010
#define GICV_RPR 0x014
#define GICV_DIR 0x1000

static inline void guest_gic_init(unsigned eoimode) {
#if GIC_VERSION == 3
  SYSREG_WRITE(ICC_PMR_EL1, 0xff);
  SYSREG_WRITE(ICC_BPR1_EL1, 0);
  SYSREG_WRITE(ICC_CTLR_EL1, eoimode << 1);
  SYSREG_WRITE(ICC_IGRPEN1_EL1, 1);
  ISB();
#else
  mmio_write32(GICV_BASE + GICV_PMR, 0xff);
  mmio_write32(GICV_BASE + GICV_BPR, 0);
  mmio_write32(GICV_BASE + GICV_CTLR, 1u | (eoimode << 9));  // EnableGrp0, EOImode
#endif
}
// Acknowledge: the raw value (what EOI and DIR take back).
static inline u32 guest_ack(void) {
#if GIC_VERSION == 3
  return (u32)(SYSREG_READ(ICC_IAR1_EL1) & 0xffffff);
#else
  return mmio_read32(GICV_BASE + GICV_IAR);
#endif
}
static inline unsigned guest_intid(u32 raw) { return GIC_VERSION == 3 ? raw : (raw & 0x3ff); }
static inline void guest_eoi(u32 raw) {
#if GIC_VERSION == 3
  SYSREG_WRITE(ICC_EOIR1_EL1, raw);
  ISB();
#else
  mmio_write32(GICV_BASE + GICV_EOIR, raw);
#endif
}
static inline void guest_dir(u32 raw) {
#if GIC_VERSION == 3
  SYSREG_WRITE(ICC_DIR_EL1, raw);
  ISB();
#else
  mmio_write32(GICV_BASE + GICV_DIR, raw);
#endif
}
static inline unsigned guest_rpr(void) {
#if GIC_VERSION == 3
  return (unsigned)(SYSREG_READ(ICC_RPR_EL1) & 0xff);
#else
  return mmio_read32(GICV_BASE + GICV_RPR) & 0xff;
#endif
}
