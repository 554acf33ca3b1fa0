// Physical CPU interface encodings: the GICv3 ICC_* system registers and the
// GICv2 GICC frame, both thin maps onto CpuInterface.
#include "gic.h"
#include "log.h"

namespace gicsim {

namespace {
using S = SysregStatus;
using A = CpuInterface::Ack;
// ICC_CTLR_EL1 fields.
constexpr uint64_t kIccCtlrCbpr = 1u << 0;
constexpr uint64_t kIccCtlrEoiMode = 1u << 1;
constexpr unsigned kIccCtlrPriBitsShift = 8;
// ICC_CTLR_EL3 fields (DS=1: the EL1 Non-secure controls are the ones in use).
constexpr uint64_t kIccCtlr3CbprS = 1u << 0;
constexpr uint64_t kIccCtlr3CbprNs = 1u << 1;
constexpr uint64_t kIccCtlr3EoiModeEl3 = 1u << 2;
constexpr uint64_t kIccCtlr3EoiModeS = 1u << 3;
constexpr uint64_t kIccCtlr3EoiModeNs = 1u << 4;
// ICC_IGRPEN1_EL3 fields.
constexpr uint64_t kIgrpen1El3Grp1Ns = 1u << 0;
constexpr uint64_t kIgrpen1El3Grp1S = 1u << 1;
constexpr uint64_t kSreEl1 = 0x7;  // SRE, DFB, DIB: RAO/WI
constexpr uint64_t kSreEl2 = 0xf;  // + Enable
// GICC_CTLR fields (GICv2, single security state view).
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
// Who accesses: the banked copy follows the Security state (two states only).
IccAccess who(const SysregAccess& a) { return IccAccess{a.secure, a.el == 3}; }

// Non-secure view of priorities with two Security states (Non-secure code
// sees its half of the range shifted up one bit; the Secure half reads 0).
uint8_t ns_view_of(uint8_t p) {
  if (!(p & 0x80)) return 0;
  return p == 0xff ? p : uint8_t(p << 1);
}
}  // namespace

void Gic::declare_icc() {
  auto cif = [this](const SysregAccess& a) -> CpuInterface& { return *cpuifs_[a.cpu]; };
  auto ro = [](const SysregAccess&, uint64_t) { return S::Undefined; };
  auto wo = [](const SysregAccess&, uint64_t&) { return S::Undefined; };
  const bool two = cfg_.two_security_states();
  // Non-secure access below EL3 with two Security states: Non-secure priority view.
  auto ns_view = [two](const SysregAccess& a) { return two && !a.secure && a.el < 3; };
  // The group an access's banked Group 1 registers (BPR1, AP1R, IGRPEN1) belong to.
  auto g1 = [cif](const SysregAccess& a) { return cif(a).group1(who(a)); };
  icc_.def(
      Sr::ICC_PMR_EL1,
      [cif, ns_view](auto& a, uint64_t& v) {
        const uint8_t p = cif(a).prio.pmr;
        return v = ns_view(a) ? ns_view_of(p) : p, S::Ok;
      },
      [cif, ns_view](auto& a, uint64_t v) {
        CpuInterface& c = cif(a);
        uint8_t p = uint8_t(v);
        if (ns_view(a)) {
          if (!(c.prio.pmr & 0x80)) return S::Ok;  // a Secure priority mask: NS writes ignored
          p = uint8_t(0x80 | p >> 1);
        }
        c.prio.pmr = p & c.prio.pri_mask();
        c.update_outputs();
        return S::Ok;
      });
  for (unsigned g = 0; g < 2; ++g) {
    const Sr iar = g ? Sr::ICC_IAR1_EL1 : Sr::ICC_IAR0_EL1;
    const Sr eoir = g ? Sr::ICC_EOIR1_EL1 : Sr::ICC_EOIR0_EL1;
    const Sr hppir = g ? Sr::ICC_HPPIR1_EL1 : Sr::ICC_HPPIR0_EL1;
    const Sr igrpen = g ? Sr::ICC_IGRPEN1_EL1 : Sr::ICC_IGRPEN0_EL1;
    const A kind = g ? A::Group1 : A::Group0;
    // Register group of this access: Group 0, or the bank's Group 1.
    auto grp = [g, g1](const SysregAccess& a) { return g ? g1(a) : 0u; };
    icc_.def(
        iar,
        [cif, kind](auto& a, uint64_t& v) { return v = cif(a).acknowledge(kind, who(a)), S::Ok; },
        ro);
    icc_.def(eoir, wo, [cif, kind](auto& a, uint64_t v) {
      cif(a).end_of_interrupt(uint32_t(v), kind, who(a));
      return S::Ok;
    });
    icc_.def(
        hppir, [cif, kind](auto& a, uint64_t& v) { return v = cif(a).peek(kind, who(a)), S::Ok; },
        ro);
    icc_.def(
        igrpen, [cif, grp](auto& a, uint64_t& v) { return v = cif(a).igrpen[grp(a)], S::Ok; },
        [this, cif, grp](auto& a, uint64_t v) {
          cif(a).igrpen[grp(a)] = v & 1;
          cif(a).update_outputs();
          frames_->update_participation(a.cpu);
          return S::Ok;
        });
    const Sr ap0 = g ? Sr::ICC_AP1R0_EL1 : Sr::ICC_AP0R0_EL1;
    for (unsigned n = 0; n < 4; ++n) {
      icc_.def(
          ap0 + n,
          [cif, grp, n](auto& a, uint64_t& v) {
            const PriorityLogic& p = cif(a).prio;
            if (n >= p.ap_regs()) return S::Undefined;
            return v = p.ap[grp(a)][n], S::Ok;
          },
          [cif, grp, n](auto& a, uint64_t v) {
            CpuInterface& c = cif(a);
            if (n >= c.prio.ap_regs()) return S::Undefined;
            c.prio.ap[grp(a)][n] = uint32_t(v) & c.prio.ap_reg_mask();
            c.update_outputs();
            return S::Ok;
          });
    }
  }
  icc_.def(
      Sr::ICC_BPR0_EL1, [cif](auto& a, uint64_t& v) { return v = cif(a).prio.bpr0, S::Ok; },
      [cif](auto& a, uint64_t v) {
        cif(a).prio.set_bpr0(uint8_t(v & 7));
        cif(a).update_outputs();
        return S::Ok;
      });
  // BPR1: the Secure copy below EL3 aliases BPR0 while CBPR_EL1S is set; the
  // Non-secure copy reads BPR0 + 1 and ignores writes while CBPR_EL1NS is set.
  icc_.def(
      Sr::ICC_BPR1_EL1,
      [cif, g1](auto& a, uint64_t& v) {
        const PriorityLogic& p = cif(a).prio;
        if (g1(a) != Distributor::kG1S) return v = p.bpr1_value(), S::Ok;
        return v = p.cbpr_s && a.el < 3 ? p.bpr0 : p.bpr1s, S::Ok;
      },
      [cif, g1](auto& a, uint64_t v) {
        CpuInterface& c = cif(a);
        if (g1(a) != Distributor::kG1S)
          c.prio.set_bpr1(uint8_t(v & 7));
        else if (c.prio.cbpr_s && a.el < 3)
          c.prio.set_bpr0(uint8_t(v & 7));
        else
          c.prio.set_bpr1s(uint8_t(v & 7));
        c.update_outputs();
        return S::Ok;
      });
  icc_.def(Sr::ICC_DIR_EL1, wo, [cif](auto& a, uint64_t v) {
    cif(a).deactivate(uint32_t(v), who(a));
    return S::Ok;
  });
  icc_.def(
      Sr::ICC_RPR_EL1,
      [cif, ns_view](auto& a, uint64_t& v) {
        const uint8_t p = cif(a).prio.running_priority();
        return v = ns_view(a) ? ns_view_of(p) : p, S::Ok;
      },
      ro);
  const Sr sgis[3] = {Sr::ICC_SGI0R_EL1, Sr::ICC_SGI1R_EL1, Sr::ICC_ASGI1R_EL1};
  for (unsigned i = 0; i < 3; ++i) {
    const auto reg = Distributor::SgiReg(i);
    icc_.def(sgis[i], wo, [this, reg, two](auto& a, uint64_t v) {
      if (reg == Distributor::SgiReg::Asgi1r && !two) {
        // With a single security state there is no "other" Security state.
        Log::guest_error("cpu" + std::to_string(a.cpu) +
                         ": ICC_ASGI1R_EL1 with GICD_CTLR.DS=1 forwards no SGI");
        return S::Ok;
      }
      dist_.generate_sgi(a.cpu, v, reg, a.secure || a.el == 3);
      return S::Ok;
    });
  }
  const uint64_t pribits = uint64_t(cfg_.pri_bits - 1) << kIccCtlrPriBitsShift;
  icc_.def(
      Sr::ICC_CTLR_EL1,
      [cif, pribits, g1](auto& a, uint64_t& v) {
        const CpuInterface& c = cif(a);
        const bool s = g1(a) == Distributor::kG1S;
        v = pribits | ((s ? c.prio.cbpr_s : c.prio.cbpr) ? kIccCtlrCbpr : 0) |
            ((s ? c.eoimode_s : c.eoimode) ? kIccCtlrEoiMode : 0);
        return S::Ok;
      },
      [cif, g1](auto& a, uint64_t v) {
        CpuInterface& c = cif(a);
        const bool s = g1(a) == Distributor::kG1S;
        (s ? c.prio.cbpr_s : c.prio.cbpr) = v & kIccCtlrCbpr;
        (s ? c.eoimode_s : c.eoimode) = v & kIccCtlrEoiMode;
        c.update_outputs();
        return S::Ok;
      });
  icc_.def(
      Sr::ICC_CTLR_EL3,
      [cif, pribits](auto& a, uint64_t& v) {
        const CpuInterface& c = cif(a);
        v = pribits | (c.prio.cbpr_s ? kIccCtlr3CbprS : 0) | (c.prio.cbpr ? kIccCtlr3CbprNs : 0) |
            (c.eoimode_el3 ? kIccCtlr3EoiModeEl3 : 0) | (c.eoimode_s ? kIccCtlr3EoiModeS : 0) |
            (c.eoimode ? kIccCtlr3EoiModeNs : 0);
        return S::Ok;
      },
      [cif, two](auto& a, uint64_t v) {
        CpuInterface& c = cif(a);
        if (!two) v &= kIccCtlr3CbprNs | kIccCtlr3EoiModeNs;  // one Security state: EL1 only
        c.prio.cbpr_s = v & kIccCtlr3CbprS;
        c.prio.cbpr = v & kIccCtlr3CbprNs;
        c.eoimode_el3 = v & kIccCtlr3EoiModeEl3;
        c.eoimode_s = v & kIccCtlr3EoiModeS;
        c.eoimode = v & kIccCtlr3EoiModeNs;
        c.update_outputs();
        return S::Ok;
      });
  auto sre = [](uint64_t val) { return [val](auto&, uint64_t& v) { return v = val, S::Ok; }; };
  auto ignore = [](auto&, uint64_t) { return S::Ok; };  // RAO/WI fields only
  icc_.def(Sr::ICC_SRE_EL1, sre(kSreEl1), ignore);
  icc_.def(Sr::ICC_SRE_EL2, sre(kSreEl2), ignore);
  icc_.def(Sr::ICC_SRE_EL3, sre(kSreEl2), ignore);
  // ICC_IGRPEN1_EL3: EnableGrp1NS, and EnableGrp1S with two Security states.
  const uint64_t en1s = two ? kIgrpen1El3Grp1S : 0;
  icc_.def(
      Sr::ICC_IGRPEN1_EL3,
      [cif](auto& a, uint64_t& v) {
        const CpuInterface& c = cif(a);
        return v = (c.igrpen[1] ? kIgrpen1El3Grp1Ns : 0) | (c.igrpen[2] ? kIgrpen1El3Grp1S : 0),
               S::Ok;
      },
      [this, cif, en1s](auto& a, uint64_t v) {
        CpuInterface& c = cif(a);
        c.igrpen[1] = v & kIgrpen1El3Grp1Ns;
        c.igrpen[2] = v & en1s;
        c.update_outputs();
        frames_->update_participation(a.cpu);
        return S::Ok;
      });
}

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
  pmr.on_read([cif, ns](const RegCtx& x) -> uint64_t {
    const uint8_t p = cif(x).prio.pmr;
    return ns(x) ? ns_view_of(p) : p;
  });
  pmr.on_write([cif, ns](const RegCtx& x, uint64_t v, uint64_t) {
    CpuInterface& c = cif(x);
    uint8_t p = uint8_t(v);
    if (ns(x)) {
      if (!(c.prio.pmr & 0x80)) return;  // a Secure priority mask: Non-secure writes ignored
      p = uint8_t(0x80 | p >> 1);
    }
    c.prio.pmr = p & c.prio.pri_mask();
    c.update_outputs();
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
  rpr.on_read([cif, ns](const RegCtx& x) -> uint64_t {
    const uint8_t p = cif(x).prio.running_priority();
    return ns(x) ? ns_view_of(p) : p;
  });
  b.add(std::move(rpr));
  b.add(reg("GICC_IIDR", 0xfc).ro().reset_to(kGiccIidr));
  RegDef dir = reg("GICC_DIR", 0x1000).wo();
  dir.on_write([cif, two](const RegCtx& x, uint64_t v, uint64_t) {
    cif(x).deactivate(uint32_t(v), IccAccess{two && x.secure, false});
  });
  b.add(std::move(dir));
}

}  // namespace gicsim
