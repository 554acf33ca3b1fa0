// The GICv2 CPU interface frame (GICC): a thin map onto CpuInterface,
// banked by Security state with the Security Extensions.
#include "gic.h"
#include "log.h"

namespace gicsim {

namespace {
using A = CpuInterface::Ack;
// GICC_CTLR fields (the Secure view with Security Extensions).
constexpr uint32_t kGiccEnableGrp0 = 1u << 0;
constexpr uint32_t kGiccEnableGrp1 = 1u << 1;
constexpr uint32_t kGiccAckCtl = 1u << 2;
constexpr uint32_t kGiccFiqEn = 1u << 3;
constexpr uint32_t kGiccCbpr = 1u << 4;
constexpr uint32_t kGiccBypassBits = 0xfu << 5;
constexpr uint32_t kGiccEoiMode = 1u << 9;     // EOImodeS with Security Extensions
constexpr uint32_t kGiccEoiModeNs = 1u << 10;  // Secure view, Security Extensions
constexpr uint32_t kGiccCtlrBits = kGiccEnableGrp0 | kGiccEnableGrp1 | kGiccAckCtl | kGiccFiqEn |
                                   kGiccCbpr | kGiccBypassBits | kGiccEoiMode;
constexpr uint32_t kGiccIidr = 0x0202143b;  // GIC-400
}  // namespace

namespace {
// GICC_CTLR as the Secure view lays it out (without Security Extensions the
// same, with EOImode in bit 9 and no EOImodeNS).
uint32_t gicc_ctlr(const CpuInterface& c, bool two) {
  return (c.igrpen[0] ? kGiccEnableGrp0 : 0) | (c.igrpen[1] ? kGiccEnableGrp1 : 0) |
         (c.ackctl ? kGiccAckCtl : 0) | (c.fiqen ? kGiccFiqEn : 0) | (c.prio.cbpr ? kGiccCbpr : 0) |
         c.ctlr_other | ((two ? c.eoimode_s : c.eoimode) ? kGiccEoiMode : 0) |
         (two && c.eoimode ? kGiccEoiModeNs : 0);
}
void set_gicc_ctlr(CpuInterface& c, uint32_t v, bool two) {
  c.igrpen[0] = v & kGiccEnableGrp0;
  c.igrpen[1] = v & kGiccEnableGrp1;
  c.ackctl = v & kGiccAckCtl;
  c.fiqen = v & kGiccFiqEn;
  c.prio.cbpr = v & kGiccCbpr;
  c.ctlr_other = v & kGiccBypassBits;
  (two ? c.eoimode_s : c.eoimode) = v & kGiccEoiMode;
  if (two) c.eoimode = v & kGiccEoiModeNs;
  c.update_outputs();
}
// The Non-secure view of GICC_CTLR: EnableGrp1 in bit 0, the Group 1 bypass
// bits in 5..6, EOImodeNS in bit 9.
uint32_t gicc_ctlr_ns(uint32_t s) {
  return (s & kGiccEnableGrp1 ? kGiccEnableGrp0 : 0) | (s >> 2 & (3u << 5)) |
         (s & kGiccEoiModeNs ? kGiccEoiMode : 0);
}
uint32_t gicc_ctlr_from_ns(uint32_t s, uint32_t ns) {
  s &= ~(kGiccEnableGrp1 | 3u << 7 | kGiccEoiModeNs);
  return s | (ns & kGiccEnableGrp0 ? kGiccEnableGrp1 : 0) | (ns & (3u << 5)) << 2 |
         (ns & kGiccEoiMode ? kGiccEoiModeNs : 0);
}
}  // namespace

// GICv2 CPU interface. With Security Extensions (two Security states) the
// registers are banked by the access's Security state: Non-secure IAR/EOIR/
// HPPIR/BPR/APR are the Group 1 ones that Secure software reaches as
// AIAR/AEOIR/AHPPIR/ABPR/NSAPR (which are RAZ/WI to Non-secure accesses).
void Gic::declare_gicc() {
  gicc_ = std::make_unique<RegisterBank>("GICC", 0x2000, cfg_.cpus);
  RegisterBank& b = *gicc_;
  const bool two = cfg_.two_security_states();
  b.set_security_aware(two);
  auto cif = [this](const RegCtx& c) -> CpuInterface& { return *cpuifs_[c.cpu]; };
  auto ns = [two](const RegCtx& x) { return two && !x.secure; };  // a Non-secure access
  RegDef ctlr = reg("GICC_CTLR", 0x0);
  ctlr.on_read([cif, ns, two](const RegCtx& x) -> uint64_t {
    const uint32_t s = gicc_ctlr(cif(x), two);
    return ns(x) ? gicc_ctlr_ns(s) : s;
  });
  ctlr.on_write([cif, ns, two](const RegCtx& x, uint64_t v, uint64_t m) {
    CpuInterface& c = cif(x);
    const uint32_t s = gicc_ctlr(c, two);
    if (ns(x)) {
      const uint32_t cur = gicc_ctlr_ns(s);
      set_gicc_ctlr(c, gicc_ctlr_from_ns(s, uint32_t((cur & ~m) | (v & m))), two);
      return;
    }
    const uint32_t writable = two ? kGiccCtlrBits | kGiccEoiModeNs : kGiccCtlrBits;
    set_gicc_ctlr(c, uint32_t((s & ~m) | (v & m)) & writable, two);
  });
  b.add(std::move(ctlr));
  RegDef pmr = reg("GICC_PMR", 0x4);
  pmr.on_read([cif, ns](const RegCtx& x) -> uint64_t { return cif(x).prio.pmr_value(ns(x)); });
  pmr.on_write([cif, ns](const RegCtx& x, uint64_t v, uint64_t) {
    cif(x).prio.set_pmr(uint8_t(v), ns(x));
    cif(x).update_outputs();
  });
  b.add(std::move(pmr));
  for (unsigned g = 0; g < 2; ++g) {
    // g = 0: IAR, EOIR, HPPIR, BPR, APR; g = 1: their Group 1 (Non-secure)
    // aliases AIAR, AEOIR, AHPPIR, ABPR, NSAPR. A Non-secure access to the
    // former reaches the latter; to the latter, nothing.
    auto group1 = [ns, g](const RegCtx& x) { return g == 1 || ns(x); };
    auto hidden = [ns, g](const RegCtx& x) { return g == 1 && ns(x); };
    auto who = [group1](const RegCtx& x) { return IccAccess{!group1(x), false}; };
    auto kind = [group1](const RegCtx& x) { return group1(x) ? A::Group1 : A::Group0OrAckCtl; };
    RegDef bpr = reg(g ? "GICC_ABPR" : "GICC_BPR", g ? 0x1c : 0x8);
    bpr.on_read([cif, group1, hidden](const RegCtx& x) -> uint64_t {
      if (hidden(x)) return 0;
      return group1(x) ? cif(x).prio.bpr1_value() : cif(x).prio.bpr0;
    });
    bpr.on_write([cif, group1, hidden](const RegCtx& x, uint64_t v, uint64_t) {
      if (hidden(x)) return;
      CpuInterface& c = cif(x);
      group1(x) ? c.prio.set_bpr1(uint8_t(v & 7)) : c.prio.set_bpr0(uint8_t(v & 7));
      c.update_outputs();
    });
    b.add(std::move(bpr));
    RegDef iar = reg(g ? "GICC_AIAR" : "GICC_IAR", g ? 0x20 : 0xc).ro();
    iar.on_read([cif, kind, who, hidden](const RegCtx& x) -> uint64_t {
      if (hidden(x)) return 0;
      return x.debug ? cif(x).peek(kind(x), who(x)) : cif(x).acknowledge(kind(x), who(x));
    });
    b.add(std::move(iar));
    RegDef eoir = reg(g ? "GICC_AEOIR" : "GICC_EOIR", g ? 0x24 : 0x10).wo();
    eoir.on_write([cif, kind, who, hidden](const RegCtx& x, uint64_t v, uint64_t) {
      if (!hidden(x)) cif(x).end_of_interrupt(uint32_t(v), kind(x), who(x));
    });
    b.add(std::move(eoir));
    RegDef hppir = reg(g ? "GICC_AHPPIR" : "GICC_HPPIR", g ? 0x28 : 0x18).ro();
    hppir.on_read([cif, kind, who, hidden](const RegCtx& x) -> uint64_t {
      return hidden(x) ? 0 : cif(x).peek(kind(x), who(x));
    });
    b.add(std::move(hppir));
    RegDef apr = reg(g ? "GICC_NSAPR" : "GICC_APR", g ? 0xe0 : 0xd0).array(4);
    apr.on_read([cif, group1, hidden](const RegCtx& x) -> uint64_t {
      const PriorityLogic& p = cif(x).prio;
      if (hidden(x) || x.index >= p.ap_regs()) return 0;
      return p.ap[group1(x) ? 1 : 0][x.index];
    });
    apr.on_write([cif, group1, hidden](const RegCtx& x, uint64_t v, uint64_t) {
      CpuInterface& c = cif(x);
      if (hidden(x) || x.index >= c.prio.ap_regs()) return;
      c.prio.ap[group1(x) ? 1 : 0][x.index] = uint32_t(v) & c.prio.ap_reg_mask();
      c.update_outputs();
    });
    b.add(std::move(apr));
  }
  RegDef rpr = reg("GICC_RPR", 0x14).ro();
  rpr.on_read([cif, ns](const RegCtx& x) -> uint64_t { return cif(x).prio.rpr_value(ns(x)); });
  b.add(std::move(rpr));
  b.add(reg("GICC_IIDR", 0xfc).ro().reset_to(kGiccIidr));
  RegDef dir = reg("GICC_DIR", 0x1000).wo();
  dir.on_write([cif, two](const RegCtx& x, uint64_t v, uint64_t) {
    cif(x).deactivate(uint32_t(v), IccAccess{two && x.secure, false});
  });
  b.add(std::move(dir));
}

}  // namespace gicsim
