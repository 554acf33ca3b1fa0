// The GICv3 CPU interface's system registers (ICC_*): a thin map onto
// CpuInterface, banked by Security state when there are two.
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
constexpr uint64_t kIccCtlrIdBits24 = 1u << 11;  // IDbits [13:11] = 0b001 (ICC_CTLR_EL1 and _EL3)
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

// Who accesses: the banked copy follows the Security state (two states only).
IccAccess who(const SysregAccess& a) { return IccAccess{a.secure, a.el == 3}; }
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
      [cif, ns_view](auto& a, uint64_t& v) { return v = cif(a).prio.pmr_value(ns_view(a)), S::Ok; },
      [cif, ns_view](auto& a, uint64_t v) {
        cif(a).prio.set_pmr(uint8_t(v), ns_view(a));
        cif(a).update_outputs();
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
      [cif, ns_view](auto& a, uint64_t& v) { return v = cif(a).prio.rpr_value(ns_view(a)), S::Ok; },
      ro);
  const Sr sgis[3] = {Sr::ICC_SGI0R_EL1, Sr::ICC_SGI1R_EL1, Sr::ICC_ASGI1R_EL1};
  for (unsigned i = 0; i < 3; ++i) {
    const auto reg = Distributor::SgiReg(i);
    icc_.def(sgis[i], wo, [this, reg, two](auto& a, uint64_t v) {
      if (reg == Distributor::SgiReg::Asgi1r && !two) {
        // With a single security state there is no "other" Security state.
        logger_.guest_error("cpu" + std::to_string(a.cpu) +
                            ": ICC_ASGI1R_EL1 with GICD_CTLR.DS=1 forwards no SGI");
        return S::Ok;
      }
      dist_.generate_sgi(a.cpu, v, reg, a.secure || a.el == 3);
      return S::Ok;
    });
  }
  // PRIbits, and IDbits: 24-bit INTIDs when the LPIs need more than 16 bits.
  const uint64_t pribits = uint64_t(cfg_.pri_bits - 1) << kIccCtlrPriBitsShift |
                           (cfg_.lpi_bits > 16 ? kIccCtlrIdBits24 : 0);
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

}  // namespace gicsim
