// Virtual CPU interface encodings: GICv3 ICH_* (hypervisor) and ICV_*
// (guest) system registers, GICv2 GICH (hypervisor) and GICV (guest) MMIO.
// All are thin maps onto VirtualCpuInterface.
#include "gic.h"
#include "log.h"
#include "lr_format.h"

namespace gicsim {

namespace {
using S = SysregStatus;
using VA = VirtualCpuInterface::Ack;

// ICH_VMCR_EL2 / GICH_VMCR fields.
namespace vmcr {
constexpr uint32_t kVENG0 = 1u << 0, kVENG1 = 1u << 1, kVAckCtl = 1u << 2, kVFIQEn = 1u << 3;
constexpr uint32_t kVCBPR = 1u << 4, kVEOIM = 1u << 9;
constexpr unsigned kVBPR1Shift = 18, kVBPR0Shift = 21, kVPMRShift = 24;
}  // namespace vmcr
// ICH_VTR_EL2 / GICH_VTR fields.
constexpr unsigned kVtrPreBitsShift = 26, kVtrPriBitsShift = 29;
constexpr uint32_t kVtrTds = 1u << 19, kVtrNv4 = 1u << 20;
// ICV_CTLR_EL1 fields.
constexpr uint64_t kIcvCtlrCbpr = 1u << 0, kIcvCtlrEoiMode = 1u << 1;
constexpr unsigned kIcvCtlrPriBitsShift = 8;
constexpr uint32_t kHcrWritableV3 =
    0xff | hcr::kTC | hcr::kTALL0 | hcr::kTALL1 | hcr::kTDIR | hcr::kEOIcountMask;
constexpr uint32_t kHcrWritableV2 = 0xff | hcr::kEOIcountMask;
// GICV_CTLR fields (GICC layout).
constexpr uint32_t kGicvEnableGrp0 = 1u << 0, kGicvEnableGrp1 = 1u << 1, kGicvAckCtl = 1u << 2,
                   kGicvFiqEn = 1u << 3, kGicvCbpr = 1u << 4, kGicvEoiMode = 1u << 9;
constexpr uint32_t kGicvIidr = 0x0202143b;

uint32_t read_vmcr(const VirtualCpuInterface& v) {
  const PriorityLogic& p = v.prio;
  return (v.veng[0] ? vmcr::kVENG0 : 0) | (v.veng[1] ? vmcr::kVENG1 : 0) |
         (v.vackctl ? vmcr::kVAckCtl : 0) | (v.vfiqen ? vmcr::kVFIQEn : 0) |
         (p.cbpr ? vmcr::kVCBPR : 0) | (v.veoim ? vmcr::kVEOIM : 0) |
         uint32_t(p.bpr1) << vmcr::kVBPR1Shift | uint32_t(p.bpr0) << vmcr::kVBPR0Shift |
         uint32_t(p.pmr) << vmcr::kVPMRShift;
}

void write_vmcr(VirtualCpuInterface& v, uint32_t x) {
  PriorityLogic& p = v.prio;
  v.veng[0] = x & vmcr::kVENG0;
  v.veng[1] = x & vmcr::kVENG1;
  if (v.is_v2()) {  // GICv3: VAckCtl RES0, VFIQEn RES1
    v.vackctl = x & vmcr::kVAckCtl;
    v.vfiqen = x & vmcr::kVFIQEn;
  }
  v.veoim = x & vmcr::kVEOIM;
  p.cbpr = false;
  p.set_bpr0(uint8_t((x >> vmcr::kVBPR0Shift) & 7));
  p.set_bpr1(uint8_t((x >> vmcr::kVBPR1Shift) & 7));
  p.cbpr = x & vmcr::kVCBPR;
  p.pmr = uint8_t(x >> vmcr::kVPMRShift) & p.pri_mask();
  v.update();
}

uint32_t vtr(const GicConfig& c) {
  const unsigned pre = c.vpri_bits > 7 ? 7 : c.vpri_bits;
  uint32_t v = (c.lrs - 1) | (pre - 1) << kVtrPreBitsShift | (c.vpri_bits - 1) << kVtrPriBitsShift;
  if (c.version == 3) v |= kVtrTds | kVtrNv4;  // IDbits 16, no SEIS/A3V, no GICv4
  return v;
}
}  // namespace

// ---- GICv3: ICH_* at EL2 ---------------------------------------------------

void Gic::declare_ich() {
  auto vif = [this](const SysregAccess& a) -> VirtualCpuInterface& { return *vcpuifs_[a.cpu]; };
  auto ro = [](const SysregAccess&, uint64_t) { return S::Undefined; };
  icc_.def(
      Sr::ICH_HCR_EL2, [vif](auto& a, uint64_t& v) { return v = vif(a).hcr(), S::Ok; },
      [vif](auto& a, uint64_t v) { return vif(a).set_hcr(uint32_t(v) & kHcrWritableV3), S::Ok; });
  const uint32_t vtr_value = vtr(cfg_);
  icc_.def(
      Sr::ICH_VTR_EL2, [vtr_value](auto&, uint64_t& v) { return v = vtr_value, S::Ok; }, ro);
  icc_.def(
      Sr::ICH_MISR_EL2, [vif](auto& a, uint64_t& v) { return v = vif(a).misr(), S::Ok; }, ro);
  icc_.def(
      Sr::ICH_EISR_EL2, [vif](auto& a, uint64_t& v) { return v = vif(a).eisr(), S::Ok; }, ro);
  icc_.def(
      Sr::ICH_ELRSR_EL2, [vif](auto& a, uint64_t& v) { return v = vif(a).elrsr(), S::Ok; }, ro);
  icc_.def(
      Sr::ICH_VMCR_EL2, [vif](auto& a, uint64_t& v) { return v = read_vmcr(vif(a)), S::Ok; },
      [vif](auto& a, uint64_t v) { return write_vmcr(vif(a), uint32_t(v)), S::Ok; });
  for (unsigned n = 0; n < 16; ++n) {
    icc_.def(
        Sr::ICH_LR0_EL2 + n,
        [vif, n](auto& a, uint64_t& v) {
          if (n >= vif(a).lrs()) return S::Undefined;
          return v = encode_v3(vif(a).lr(n)), S::Ok;
        },
        [vif, n](auto& a, uint64_t v) {
          VirtualCpuInterface& x = vif(a);
          if (n >= x.lrs()) return S::Undefined;
          x.set_lr(n, decode_v3(v));  // set_lr clears the RES0 priority bits
          x.update();
          return S::Ok;
        });
  }
  for (unsigned g = 0; g < 2; ++g) {
    for (unsigned n = 0; n < 4; ++n) {
      icc_.def((g ? Sr::ICH_AP1R0_EL2 : Sr::ICH_AP0R0_EL2) + n,
               [vif, g, n](auto& a, uint64_t& v) {
                 const PriorityLogic& p = vif(a).prio;
                 if (n >= p.ap_regs()) return S::Undefined;
                 return v = p.ap[g][n], S::Ok;
               },
               [vif, g, n](auto& a, uint64_t v) {
                 VirtualCpuInterface& x = vif(a);
                 if (n >= x.prio.ap_regs()) return S::Undefined;
                 x.prio.ap[g][n] = uint32_t(v) & x.prio.ap_reg_mask();
                 x.update();
                 return S::Ok;
               });
    }
  }
}

// ---- GICv3: ICV_* at EL1 with IMO/FMO --------------------------------------

void Gic::declare_icv() {
  auto vif = [this](const SysregAccess& a) -> VirtualCpuInterface& { return *vcpuifs_[a.cpu]; };
  auto ro = [](const SysregAccess&, uint64_t) { return S::Undefined; };
  auto wo = [](const SysregAccess&, uint64_t&) { return S::Undefined; };
  icv_.def(
      Sr::ICC_PMR_EL1, [vif](auto& a, uint64_t& v) { return v = vif(a).prio.pmr, S::Ok; },
      [vif](auto& a, uint64_t v) {
        VirtualCpuInterface& x = vif(a);
        x.prio.pmr = uint8_t(v) & x.pri_mask();
        x.update();
        return S::Ok;
      });
  for (unsigned g = 0; g < 2; ++g) {
    const VA kind = g ? VA::Group1 : VA::Group0;
    icv_.def(
        g ? Sr::ICC_IAR1_EL1 : Sr::ICC_IAR0_EL1,
        [vif, kind](auto& a, uint64_t& v) { return v = vif(a).acknowledge(kind), S::Ok; }, ro);
    icv_.def(g ? Sr::ICC_EOIR1_EL1 : Sr::ICC_EOIR0_EL1, wo, [vif, g](auto& a, uint64_t v) {
      return vif(a).end_of_interrupt(uint32_t(v), int(g)), S::Ok;
    });
    icv_.def(
        g ? Sr::ICC_HPPIR1_EL1 : Sr::ICC_HPPIR0_EL1,
        [vif, kind](auto& a, uint64_t& v) { return v = vif(a).peek(kind), S::Ok; }, ro);
    icv_.def(
        g ? Sr::ICC_BPR1_EL1 : Sr::ICC_BPR0_EL1,
        [vif, g](auto& a, uint64_t& v) {
          const PriorityLogic& p = vif(a).prio;
          return v = g ? p.bpr1_value() : p.bpr0, S::Ok;
        },
        [vif, g](auto& a, uint64_t v) {
          VirtualCpuInterface& x = vif(a);
          g ? x.prio.set_bpr1(uint8_t(v & 7)) : x.prio.set_bpr0(uint8_t(v & 7));
          x.update();
          return S::Ok;
        });
    icv_.def(
        g ? Sr::ICC_IGRPEN1_EL1 : Sr::ICC_IGRPEN0_EL1,
        [vif, g](auto& a, uint64_t& v) { return v = vif(a).veng[g], S::Ok; },
        [vif, g](auto& a, uint64_t v) {
          vif(a).veng[g] = v & 1;
          vif(a).update();
          return S::Ok;
        });
    for (unsigned n = 0; n < 4; ++n) {
      const Sr ich = (g ? Sr::ICH_AP1R0_EL2 : Sr::ICH_AP0R0_EL2) + n;
      icv_.def((g ? Sr::ICC_AP1R0_EL1 : Sr::ICC_AP0R0_EL1) + n,
               [this, ich](auto& a, uint64_t& v) {
                 SysregAccess x = a;
                 return icc_.dispatch(ich, x) == S::Ok ? (v = x.value, S::Ok) : S::Undefined;
               },
               [this, ich](auto& a, uint64_t v) {
                 SysregAccess x = a;
                 x.value = v;
                 return icc_.dispatch(ich, x);
               });
    }
  }
  icv_.def(Sr::ICC_DIR_EL1, wo,
           [vif](auto& a, uint64_t v) { return vif(a).deactivate(uint32_t(v)), S::Ok; });
  icv_.def(
      Sr::ICC_RPR_EL1,
      [vif](auto& a, uint64_t& v) { return v = vif(a).prio.running_priority(), S::Ok; }, ro);
  const uint64_t pribits = uint64_t(cfg_.vpri_bits - 1) << kIcvCtlrPriBitsShift;
  icv_.def(
      Sr::ICC_CTLR_EL1,
      [vif, pribits](auto& a, uint64_t& v) {
        const VirtualCpuInterface& x = vif(a);
        v = pribits | (x.prio.cbpr ? kIcvCtlrCbpr : 0) | (x.veoim ? kIcvCtlrEoiMode : 0);
        return S::Ok;
      },
      [vif](auto& a, uint64_t v) {
        VirtualCpuInterface& x = vif(a);
        x.prio.cbpr = v & kIcvCtlrCbpr;
        x.veoim = v & kIcvCtlrEoiMode;
        x.update();
        return S::Ok;
      });
}

// ICH_HCR_EL2 traps of EL1 accesses (TC, TALL0, TALL1, TDIR).
bool Gic::trapped_by_hcr(const SysregAccess& a, Sr id) const {
  if (cfg_.version != 3 || a.el != 1) return false;
  const uint32_t h = vcpuifs_[a.cpu]->hcr();
  const SysregInfo& info = sysreg_info(id);
  if (id == Sr::ICC_DIR_EL1 && (h & hcr::kTDIR)) return true;
  switch (info.route) {
    case 0:
      return h & hcr::kTALL0;
    case 1:
      return h & hcr::kTALL1;
    case 2:
      return id != Sr::ICC_NMIAR1_EL1 && (h & hcr::kTC);
    case 3:
      return h & hcr::kTC;
    default:
      return false;
  }
}

// ---- GICv2: GICH (hypervisor) and GICV (guest) ------------------------------

void Gic::declare_gich() {
  gich_ = std::make_unique<RegisterBank>("GICH", 0x1000, cfg_.cpus);
  RegisterBank& b = *gich_;
  auto vif = [this](const RegCtx& c) -> VirtualCpuInterface& { return *vcpuifs_[c.cpu]; };
  RegDef h = reg("GICH_HCR", 0x0);
  h.on_read([vif](const RegCtx& c) -> uint64_t { return vif(c).hcr(); });
  h.on_write([vif](const RegCtx& c, uint64_t v, uint64_t) {
    vif(c).set_hcr(uint32_t(v) & kHcrWritableV2);
  });
  b.add(std::move(h));
  b.add(reg("GICH_VTR", 0x4).ro().reset_to(vtr(cfg_)));
  RegDef vm = reg("GICH_VMCR", 0x8);
  vm.on_read([vif](const RegCtx& c) -> uint64_t { return read_vmcr(vif(c)); });
  vm.on_write([vif](const RegCtx& c, uint64_t v, uint64_t) { write_vmcr(vif(c), uint32_t(v)); });
  b.add(std::move(vm));
  RegDef misr = reg("GICH_MISR", 0x10).ro();
  misr.on_read([vif](const RegCtx& c) -> uint64_t { return vif(c).misr(); });
  b.add(std::move(misr));
  RegDef eisr = reg("GICH_EISR", 0x20).array(2).ro();
  eisr.on_read([vif](const RegCtx& c) -> uint64_t { return c.index ? 0 : vif(c).eisr(); });
  b.add(std::move(eisr));
  RegDef elrsr = reg("GICH_ELRSR", 0x30).array(2).ro();
  elrsr.on_read([vif](const RegCtx& c) -> uint64_t { return c.index ? 0 : vif(c).elrsr(); });
  b.add(std::move(elrsr));
  RegDef apr = reg("GICH_APR", 0xf0);
  apr.on_read([vif](const RegCtx& c) -> uint64_t {
    const PriorityLogic& p = vif(c).prio;
    return p.ap[0][0] | p.ap[1][0];
  });
  apr.on_write([vif](const RegCtx& c, uint64_t v, uint64_t) {
    VirtualCpuInterface& x = vif(c);
    x.prio.ap[0][0] = 0;  // GICv2 has one active priorities register for both groups
    x.prio.ap[1][0] = uint32_t(v);
    x.update();
  });
  b.add(std::move(apr));
  RegDef lr = reg("GICH_LR", 0x100).array(uint16_t(cfg_.lrs));
  lr.on_read([vif](const RegCtx& c) -> uint64_t { return encode_v2(vif(c).lr(c.index)); });
  lr.on_write([vif](const RegCtx& c, uint64_t v, uint64_t) {
    vif(c).set_lr(c.index, decode_v2(uint32_t(v)));
    vif(c).update();
  });
  b.add(std::move(lr));
}

void Gic::declare_gicv() {
  gicv_ = std::make_unique<RegisterBank>("GICV", 0x2000, cfg_.cpus);
  RegisterBank& b = *gicv_;
  auto vif = [this](const RegCtx& c) -> VirtualCpuInterface& { return *vcpuifs_[c.cpu]; };
  RegDef ctlr = reg("GICV_CTLR", 0x0);
  ctlr.on_read([vif](const RegCtx& c) -> uint64_t {
    const VirtualCpuInterface& x = vif(c);
    return (x.veng[0] ? kGicvEnableGrp0 : 0) | (x.veng[1] ? kGicvEnableGrp1 : 0) |
           (x.vackctl ? kGicvAckCtl : 0) | (x.vfiqen ? kGicvFiqEn : 0) |
           (x.prio.cbpr ? kGicvCbpr : 0) | (x.veoim ? kGicvEoiMode : 0);
  });
  ctlr.on_write([vif](const RegCtx& c, uint64_t v, uint64_t) {
    VirtualCpuInterface& x = vif(c);
    x.veng[0] = v & kGicvEnableGrp0;
    x.veng[1] = v & kGicvEnableGrp1;
    x.vackctl = v & kGicvAckCtl;
    x.vfiqen = v & kGicvFiqEn;
    x.prio.cbpr = v & kGicvCbpr;
    x.veoim = v & kGicvEoiMode;
    x.update();
  });
  b.add(std::move(ctlr));
  RegDef pmr = reg("GICV_PMR", 0x4);
  pmr.on_read([vif](const RegCtx& c) -> uint64_t { return vif(c).prio.pmr; });
  pmr.on_write([vif](const RegCtx& c, uint64_t v, uint64_t) {
    vif(c).prio.pmr = uint8_t(v) & vif(c).pri_mask();
    vif(c).update();
  });
  b.add(std::move(pmr));
  for (unsigned g = 0; g < 2; ++g) {
    RegDef bpr = reg(g ? "GICV_ABPR" : "GICV_BPR", g ? 0x1c : 0x8);
    bpr.on_read([vif, g](const RegCtx& c) -> uint64_t {
      return g ? vif(c).prio.bpr1_value() : vif(c).prio.bpr0;
    });
    bpr.on_write([vif, g](const RegCtx& c, uint64_t v, uint64_t) {
      PriorityLogic& p = vif(c).prio;
      g ? p.set_bpr1(uint8_t(v & 7)) : p.set_bpr0(uint8_t(v & 7));
      vif(c).update();
    });
    b.add(std::move(bpr));
    const VA kind = g ? VA::Group1 : VA::Group0OrAckCtl;
    RegDef iar = reg(g ? "GICV_AIAR" : "GICV_IAR", g ? 0x20 : 0xc).ro();
    iar.on_read([vif, kind](const RegCtx& c) -> uint64_t {
      return c.debug ? vif(c).peek(kind) : vif(c).acknowledge(kind);
    });
    b.add(std::move(iar));
    RegDef eoir = reg(g ? "GICV_AEOIR" : "GICV_EOIR", g ? 0x24 : 0x10).wo();
    eoir.on_write(
        [vif](const RegCtx& c, uint64_t v, uint64_t) { vif(c).end_of_interrupt(uint32_t(v)); });
    b.add(std::move(eoir));
    RegDef hppir = reg(g ? "GICV_AHPPIR" : "GICV_HPPIR", g ? 0x28 : 0x18).ro();
    hppir.on_read([vif, kind](const RegCtx& c) -> uint64_t { return vif(c).peek(kind); });
    b.add(std::move(hppir));
  }
  RegDef rpr = reg("GICV_RPR", 0x14).ro();
  rpr.on_read([vif](const RegCtx& c) -> uint64_t { return vif(c).prio.running_priority(); });
  b.add(std::move(rpr));
  RegDef apr = reg("GICV_APR", 0xd0).array(4);
  apr.on_read([vif](const RegCtx& c) -> uint64_t {
    const PriorityLogic& p = vif(c).prio;
    return c.index == 0 ? p.ap[0][0] | p.ap[1][0] : 0;
  });
  apr.on_write([vif](const RegCtx& c, uint64_t v, uint64_t) {
    if (c.index) return;
    vif(c).prio.ap[0][0] = 0;
    vif(c).prio.ap[1][0] = uint32_t(v);
    vif(c).update();
  });
  b.add(std::move(apr));
  b.add(reg("GICV_IIDR", 0xfc).ro().reset_to(kGicvIidr));
  RegDef dir = reg("GICV_DIR", 0x1000).wo();
  dir.on_write([vif](const RegCtx& c, uint64_t v, uint64_t) { vif(c).deactivate(uint32_t(v)); });
  b.add(std::move(dir));
}

}  // namespace gicsim
