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
constexpr uint64_t kIccCtlr3CbprNs = 1u << 1;
constexpr uint64_t kIccCtlr3EoiModeNs = 1u << 4;
constexpr uint64_t kSreEl1 = 0x7;  // SRE, DFB, DIB: RAO/WI
constexpr uint64_t kSreEl2 = 0xf;  // + Enable
// GICC_CTLR fields (GICv2, single security state view).
constexpr uint32_t kGiccEnableGrp0 = 1u << 0;
constexpr uint32_t kGiccEnableGrp1 = 1u << 1;
constexpr uint32_t kGiccAckCtl = 1u << 2;
constexpr uint32_t kGiccFiqEn = 1u << 3;
constexpr uint32_t kGiccCbpr = 1u << 4;
constexpr uint32_t kGiccBypassBits = 0xfu << 5;
constexpr uint32_t kGiccEoiMode = 1u << 9;
constexpr uint32_t kGiccIidr = 0x0202143b;  // GIC-400
}  // namespace

void Gic::declare_icc() {
  auto cif = [this](const SysregAccess& a) -> CpuInterface& { return *cpuifs_[a.cpu]; };
  auto ro = [](const SysregAccess&, uint64_t) { return S::Undefined; };
  auto wo = [](const SysregAccess&, uint64_t&) { return S::Undefined; };
  icc_.def(
      Sr::ICC_PMR_EL1, [cif](auto& a, uint64_t& v) { return v = cif(a).prio.pmr, S::Ok; },
      [cif](auto& a, uint64_t v) {
        CpuInterface& c = cif(a);
        c.prio.pmr = uint8_t(v) & c.prio.pri_mask();
        c.update_outputs();
        return S::Ok;
      });
  for (unsigned g = 0; g < 2; ++g) {
    const Sr iar = g ? Sr::ICC_IAR1_EL1 : Sr::ICC_IAR0_EL1;
    const Sr eoir = g ? Sr::ICC_EOIR1_EL1 : Sr::ICC_EOIR0_EL1;
    const Sr hppir = g ? Sr::ICC_HPPIR1_EL1 : Sr::ICC_HPPIR0_EL1;
    const Sr bpr = g ? Sr::ICC_BPR1_EL1 : Sr::ICC_BPR0_EL1;
    const Sr igrpen = g ? Sr::ICC_IGRPEN1_EL1 : Sr::ICC_IGRPEN0_EL1;
    const A kind = g ? A::Group1 : A::Group0;
    icc_.def(
        iar, [cif, kind](auto& a, uint64_t& v) { return v = cif(a).acknowledge(kind), S::Ok; }, ro);
    icc_.def(eoir, wo, [cif](auto& a, uint64_t v) {
      cif(a).end_of_interrupt(uint32_t(v));
      return S::Ok;
    });
    icc_.def(
        hppir, [cif, kind](auto& a, uint64_t& v) { return v = cif(a).peek(kind), S::Ok; }, ro);
    icc_.def(
        bpr,
        [cif, g](auto& a, uint64_t& v) {
          const PriorityLogic& p = cif(a).prio;
          return v = g ? p.bpr1_value() : p.bpr0, S::Ok;
        },
        [cif, g](auto& a, uint64_t v) {
          CpuInterface& c = cif(a);
          g ? c.prio.set_bpr1(uint8_t(v & 7)) : c.prio.set_bpr0(uint8_t(v & 7));
          c.update_outputs();
          return S::Ok;
        });
    icc_.def(
        igrpen, [cif, g](auto& a, uint64_t& v) { return v = cif(a).igrpen[g], S::Ok; },
        [this, cif, g](auto& a, uint64_t v) {
          cif(a).igrpen[g] = v & 1;
          cif(a).update_outputs();
          frames_->update_participation(a.cpu);
          return S::Ok;
        });
    const Sr ap0 = g ? Sr::ICC_AP1R0_EL1 : Sr::ICC_AP0R0_EL1;
    for (unsigned n = 0; n < 4; ++n) {
      icc_.def(
          ap0 + n,
          [cif, g, n](auto& a, uint64_t& v) {
            const PriorityLogic& p = cif(a).prio;
            if (n >= p.ap_regs()) return S::Undefined;
            return v = p.ap[g][n], S::Ok;
          },
          [cif, g, n](auto& a, uint64_t v) {
            CpuInterface& c = cif(a);
            if (n >= c.prio.ap_regs()) return S::Undefined;
            c.prio.ap[g][n] = uint32_t(v) & c.prio.ap_reg_mask();
            c.update_outputs();
            return S::Ok;
          });
    }
  }
  icc_.def(Sr::ICC_DIR_EL1, wo, [cif](auto& a, uint64_t v) {
    cif(a).deactivate(uint32_t(v));
    return S::Ok;
  });
  icc_.def(
      Sr::ICC_RPR_EL1,
      [cif](auto& a, uint64_t& v) { return v = cif(a).prio.running_priority(), S::Ok; }, ro);
  const Sr sgis[3] = {Sr::ICC_SGI0R_EL1, Sr::ICC_SGI1R_EL1, Sr::ICC_ASGI1R_EL1};
  for (Sr id : sgis) {
    icc_.def(id, wo, [this, id](auto& a, uint64_t v) {
      if (id == Sr::ICC_ASGI1R_EL1) {
        // With a single security state there is no "other" Security state.
        Log::guest_error("cpu" + std::to_string(a.cpu) +
                         ": ICC_ASGI1R_EL1 with GICD_CTLR.DS=1 forwards no SGI");
        return S::Ok;
      }
      dist_.generate_sgi(a.cpu, v, id == Sr::ICC_SGI1R_EL1 ? 1 : 0);
      return S::Ok;
    });
  }
  const uint64_t pribits = uint64_t(cfg_.pri_bits - 1) << kIccCtlrPriBitsShift;
  icc_.def(
      Sr::ICC_CTLR_EL1,
      [cif, pribits](auto& a, uint64_t& v) {
        const CpuInterface& c = cif(a);
        v = pribits | (c.prio.cbpr ? kIccCtlrCbpr : 0) | (c.eoimode ? kIccCtlrEoiMode : 0);
        return S::Ok;
      },
      [cif](auto& a, uint64_t v) {
        CpuInterface& c = cif(a);
        c.prio.cbpr = v & kIccCtlrCbpr;
        c.eoimode = v & kIccCtlrEoiMode;
        c.update_outputs();
        return S::Ok;
      });
  icc_.def(
      Sr::ICC_CTLR_EL3,
      [cif, pribits](auto& a, uint64_t& v) {
        const CpuInterface& c = cif(a);
        v = pribits | (c.prio.cbpr ? kIccCtlr3CbprNs : 0) | (c.eoimode ? kIccCtlr3EoiModeNs : 0);
        return S::Ok;
      },
      [cif](auto& a, uint64_t v) {
        CpuInterface& c = cif(a);
        c.prio.cbpr = v & kIccCtlr3CbprNs;
        c.eoimode = v & kIccCtlr3EoiModeNs;
        c.update_outputs();
        return S::Ok;
      });
  auto sre = [](uint64_t val) { return [val](auto&, uint64_t& v) { return v = val, S::Ok; }; };
  auto ignore = [](auto&, uint64_t) { return S::Ok; };  // RAO/WI fields only
  icc_.def(Sr::ICC_SRE_EL1, sre(kSreEl1), ignore);
  icc_.def(Sr::ICC_SRE_EL2, sre(kSreEl2), ignore);
  icc_.def(Sr::ICC_SRE_EL3, sre(kSreEl2), ignore);
  icc_.def(
      Sr::ICC_IGRPEN1_EL3, [cif](auto& a, uint64_t& v) { return v = cif(a).igrpen[1], S::Ok; },
      [this, cif](auto& a, uint64_t v) {
        cif(a).igrpen[1] = v & 1;
        cif(a).update_outputs();
        frames_->update_participation(a.cpu);
        return S::Ok;
      });
}

void Gic::declare_gicc() {
  gicc_ = std::make_unique<RegisterBank>("GICC", 0x2000, cfg_.cpus);
  RegisterBank& b = *gicc_;
  auto cif = [this](const RegCtx& c) -> CpuInterface& { return *cpuifs_[c.cpu]; };
  RegDef ctlr = reg("GICC_CTLR", 0x0);
  ctlr.on_read([cif](const RegCtx& x) -> uint64_t {
    const CpuInterface& c = cif(x);
    return (c.igrpen[0] ? kGiccEnableGrp0 : 0) | (c.igrpen[1] ? kGiccEnableGrp1 : 0) |
           (c.ackctl ? kGiccAckCtl : 0) | (c.fiqen ? kGiccFiqEn : 0) |
           (c.prio.cbpr ? kGiccCbpr : 0) | c.ctlr_other | (c.eoimode ? kGiccEoiMode : 0);
  });
  ctlr.on_write([cif](const RegCtx& x, uint64_t v, uint64_t m) {
    CpuInterface& c = cif(x);
    const uint64_t cur = (c.igrpen[0] ? kGiccEnableGrp0 : 0) | (c.igrpen[1] ? kGiccEnableGrp1 : 0) |
                         (c.ackctl ? kGiccAckCtl : 0) | (c.fiqen ? kGiccFiqEn : 0) |
                         (c.prio.cbpr ? kGiccCbpr : 0) | c.ctlr_other |
                         (c.eoimode ? kGiccEoiMode : 0);
    v = (cur & ~m) | (v & m);
    c.igrpen[0] = v & kGiccEnableGrp0;
    c.igrpen[1] = v & kGiccEnableGrp1;
    c.ackctl = v & kGiccAckCtl;
    c.fiqen = v & kGiccFiqEn;
    c.prio.cbpr = v & kGiccCbpr;
    c.ctlr_other = uint32_t(v & kGiccBypassBits);
    c.eoimode = v & kGiccEoiMode;
    c.update_outputs();
  });
  b.add(std::move(ctlr));
  RegDef pmr = reg("GICC_PMR", 0x4);
  pmr.on_read([cif](const RegCtx& x) -> uint64_t { return cif(x).prio.pmr; });
  pmr.on_write([cif](const RegCtx& x, uint64_t v, uint64_t) {
    CpuInterface& c = cif(x);
    c.prio.pmr = uint8_t(v) & c.prio.pri_mask();
    c.update_outputs();
  });
  b.add(std::move(pmr));
  for (unsigned g = 0; g < 2; ++g) {
    RegDef bpr = reg(g ? "GICC_ABPR" : "GICC_BPR", g ? 0x1c : 0x8);
    bpr.on_read([cif, g](const RegCtx& x) -> uint64_t {
      return g ? cif(x).prio.bpr1_value() : cif(x).prio.bpr0;
    });
    bpr.on_write([cif, g](const RegCtx& x, uint64_t v, uint64_t) {
      CpuInterface& c = cif(x);
      g ? c.prio.set_bpr1(uint8_t(v & 7)) : c.prio.set_bpr0(uint8_t(v & 7));
      c.update_outputs();
    });
    b.add(std::move(bpr));
    const A kind = g ? A::Group1 : A::Group0OrAckCtl;
    RegDef iar = reg(g ? "GICC_AIAR" : "GICC_IAR", g ? 0x20 : 0xc).ro();
    iar.on_read([cif, kind](const RegCtx& x) -> uint64_t {
      return x.debug ? cif(x).peek(kind) : cif(x).acknowledge(kind);
    });
    b.add(std::move(iar));
    RegDef eoir = reg(g ? "GICC_AEOIR" : "GICC_EOIR", g ? 0x24 : 0x10).wo();
    eoir.on_write(
        [cif](const RegCtx& x, uint64_t v, uint64_t) { cif(x).end_of_interrupt(uint32_t(v)); });
    b.add(std::move(eoir));
    RegDef hppir = reg(g ? "GICC_AHPPIR" : "GICC_HPPIR", g ? 0x28 : 0x18).ro();
    hppir.on_read([cif, kind](const RegCtx& x) -> uint64_t { return cif(x).peek(kind); });
    b.add(std::move(hppir));
    RegDef apr = reg(g ? "GICC_NSAPR" : "GICC_APR", g ? 0xe0 : 0xd0).array(4);
    apr.on_read([cif, g](const RegCtx& x) -> uint64_t {
      const PriorityLogic& p = cif(x).prio;
      return x.index < p.ap_regs() ? p.ap[g][x.index] : 0;
    });
    apr.on_write([cif, g](const RegCtx& x, uint64_t v, uint64_t) {
      CpuInterface& c = cif(x);
      if (x.index >= c.prio.ap_regs()) return;
      c.prio.ap[g][x.index] = uint32_t(v) & c.prio.ap_reg_mask();
      c.update_outputs();
    });
    b.add(std::move(apr));
  }
  RegDef rpr = reg("GICC_RPR", 0x14).ro();
  rpr.on_read([cif](const RegCtx& x) -> uint64_t { return cif(x).prio.running_priority(); });
  b.add(std::move(rpr));
  b.add(reg("GICC_IIDR", 0xfc).ro().reset_to(kGiccIidr));
  RegDef dir = reg("GICC_DIR", 0x1000).wo();
  dir.on_write([cif](const RegCtx& x, uint64_t v, uint64_t) { cif(x).deactivate(uint32_t(v)); });
  b.add(std::move(dir));
}

}  // namespace gicsim
