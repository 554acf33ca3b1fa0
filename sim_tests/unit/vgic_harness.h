// One test body for the GICv2 (GICH/GICV MMIO) and GICv3 (ICH_*/ICV_*
// sysregs) virtual CPU interfaces: the same operations through either
// version's encodings.
#pragma once

#include "gic_harness.h"
#include "lr_format.h"

namespace gicsim {

struct VgicHarness : GicHarness {
  bool v3;
  unsigned cpu = 0;

  static GicConfig make(unsigned version, unsigned lrs = 4, unsigned cpus = 2) {
    GicConfig c;
    c.version = version;
    c.cpus = cpus;
    c.spis = 64;
    c.lrs = lrs;
    return c;
  }
  explicit VgicHarness(unsigned version, unsigned lrs = 4, unsigned cpus = 2)
      : GicHarness(make(version, lrs, cpus)), v3(version == 3) {}
  explicit VgicHarness(const GicConfig& c) : GicHarness(c), v3(c.version == 3) {}

  // Hypervisor side.
  uint64_t ich(Sr id) { return sr(cpu, id, 2); }
  void ich(Sr id, uint64_t v) { sw(cpu, id, v, 2); }
  uint32_t gich(uint32_t off) { return uint32_t(rd(gic.gich(), off, cpu)); }
  void gich(uint32_t off, uint32_t v) { wr(gic.gich(), off, v, cpu); }

  uint32_t hcr() { return v3 ? uint32_t(ich(Sr::ICH_HCR_EL2)) : gich(0x0); }
  void set_hcr(uint32_t v) { v3 ? ich(Sr::ICH_HCR_EL2, v) : gich(0x0, v); }
  uint32_t vmcr() { return v3 ? uint32_t(ich(Sr::ICH_VMCR_EL2)) : gich(0x8); }
  void set_vmcr(uint32_t v) { v3 ? ich(Sr::ICH_VMCR_EL2, v) : gich(0x8, v); }
  uint32_t misr() { return v3 ? uint32_t(ich(Sr::ICH_MISR_EL2)) : gich(0x10); }
  uint32_t eisr() { return v3 ? uint32_t(ich(Sr::ICH_EISR_EL2)) : gich(0x20); }
  uint32_t elrsr() { return v3 ? uint32_t(ich(Sr::ICH_ELRSR_EL2)) : gich(0x30); }
  uint32_t apr1() { return v3 ? uint32_t(ich(Sr::ICH_AP1R0_EL2)) : gich(0xf0); }
  uint32_t apr_all() {
    return v3 ? uint32_t(ich(Sr::ICH_AP0R0_EL2) | ich(Sr::ICH_AP1R0_EL2)) : gich(0xf0);
  }
  void set_lr(unsigned n, const ListReg& l) {
    v3 ? ich(Sr::ICH_LR0_EL2 + n, encode_v3(l)) : gich(0x100 + 4 * n, encode_v2(l));
  }
  ListReg lr(unsigned n) {
    return v3 ? decode_v3(ich(Sr::ICH_LR0_EL2 + n)) : decode_v2(gich(0x100 + 4 * n));
  }
  static ListReg pending(uint32_t vintid, uint8_t prio, bool group1 = true) {
    ListReg l;
    l.vintid = vintid;
    l.prio = prio;
    l.group = group1;
    l.state = ListReg::kPending;
    return l;
  }
  void enable(uint8_t vpmr = 0xf8) {
    set_hcr(hcr::kEn);
    set_vmcr(uint32_t(vpmr) << 24 | 0x3 | (v3 ? 0 : 0x8) | (2u << 21) | (3u << 18));
  }

  // Guest side.
  uint64_t icv(Sr id) {
    uint64_t v = 0;
    EXPECT_EQ(sys(cpu, id, false, v, 1, true, true), SysregStatus::Ok) << sysreg_name(id, true);
    return v;
  }
  void icv(Sr id, uint64_t v) {
    EXPECT_EQ(sys(cpu, id, true, v, 1, true, true), SysregStatus::Ok) << sysreg_name(id, true);
  }
  uint32_t gicv(uint32_t off) { return uint32_t(rd(gic.gicv(), off, cpu)); }
  void gicv(uint32_t off, uint32_t v) { wr(gic.gicv(), off, v, cpu); }

  uint32_t iar(unsigned g) {
    return v3 ? uint32_t(icv(g ? Sr::ICC_IAR1_EL1 : Sr::ICC_IAR0_EL1)) : gicv(g ? 0x20 : 0xc);
  }
  uint32_t hppir(unsigned g) {
    return v3 ? uint32_t(icv(g ? Sr::ICC_HPPIR1_EL1 : Sr::ICC_HPPIR0_EL1)) : gicv(g ? 0x28 : 0x18);
  }
  void eoir(unsigned g, uint32_t id) {
    v3 ? icv(g ? Sr::ICC_EOIR1_EL1 : Sr::ICC_EOIR0_EL1, id) : gicv(g ? 0x24 : 0x10, id);
  }
  void dir(uint32_t id) { v3 ? icv(Sr::ICC_DIR_EL1, id) : gicv(0x1000, id); }
  uint32_t rpr() { return v3 ? uint32_t(icv(Sr::ICC_RPR_EL1)) : gicv(0x14); }
  void set_pmr(uint8_t p) { v3 ? icv(Sr::ICC_PMR_EL1, p) : gicv(0x4, p); }
  void set_eoimode(bool on) {
    if (v3)
      icv(Sr::ICC_CTLR_EL1, on ? 2 : 0);
    else
      gicv(0x0, 0x3 | 0x8 | (on ? 1u << 9 : 0));
  }
  bool virq() { return gic.out(cpu).virq.read(); }
  bool vfiq() { return gic.out(cpu).vfiq.read(); }
  bool maint() { return gic.out(cpu).maint.read(); }
};

}  // namespace gicsim
