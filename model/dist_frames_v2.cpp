// GICv2 (GIC-400) distributor registers: GICD_CTLR, ITARGETSR, SGIR and
// CPENDSGIR/SPENDSGIR, with the Security Extensions when configured (the
// registers shared with GICv3 are in dist_frames.cpp).
#include "dist_frames.h"
#include "log.h"

namespace gicsim {

namespace {
// GICD_CTLR fields: the Secure view (or the only one); the Non-secure view
// has Enable (Group 1) in bit 0.
constexpr uint32_t kCtlrEnableGrp0 = 1u << 0;
constexpr uint32_t kCtlrEnableGrp1 = 1u << 1;
// GICD_SGIR fields.
constexpr unsigned kSgirFilterShift = 24;
constexpr unsigned kSgirTargetsShift = 16;
constexpr uint32_t kSgirNsatt = 1u << 15;
}  // namespace

void DistributorFrames::declare_gicd_v2_ctlr(RegDef& ctlr) {
  ctlr.on_read([this](const RegCtx& c) -> uint64_t {
    if (dist_.secure() && !c.secure) return dist_.group_enabled(1) ? kCtlrEnableGrp0 : 0;
    return (dist_.group_enabled(0) ? kCtlrEnableGrp0 : 0) |
           (dist_.group_enabled(1) ? kCtlrEnableGrp1 : 0);
  });
  ctlr.on_write([this](const RegCtx& c, uint64_t v, uint64_t m) {
    if (dist_.secure() && !c.secure) {
      if (m & kCtlrEnableGrp0) dist_.set_group_enabled(1, v & kCtlrEnableGrp0);
      return;
    }
    if (m & kCtlrEnableGrp0) dist_.set_group_enabled(0, v & kCtlrEnableGrp0);
    if (m & kCtlrEnableGrp1) dist_.set_group_enabled(1, v & kCtlrEnableGrp1);
  });
}

void DistributorFrames::declare_gicd_v2(RegisterBank& b) {
  RegDef tg = reg("GICD_ITARGETSR", 0x800).array(255).bytes();
  tg.on_read([this](const RegCtx& c) -> uint64_t {
    uint64_t v = 0;
    for (unsigned i = 0; i < 4; ++i) {
      const unsigned intid = c.index * 4 + i;
      if (intid >= cfg_.intids()) break;
      if (ns_blocked(c, intid)) continue;
      const uint8_t t = intid < 32 ? uint8_t(1u << c.cpu) : dist_.targets(intid);
      v |= uint64_t(t) << (8 * i);
    }
    return v;
  });
  tg.on_write([this](const RegCtx& c, uint64_t v, uint64_t m) {
    for (unsigned i = 0; i < 4; ++i) {
      const unsigned intid = c.index * 4 + i;
      if (intid < 32 || intid >= cfg_.intids() || !(m >> (8 * i) & 0xff)) continue;
      if (ns_blocked(c, intid)) continue;
      dist_.set_targets(intid, uint8_t(v >> (8 * i)));
    }
  });
  b.add(std::move(tg));
  RegDef sgir = reg("GICD_SGIR", 0xf00).wo();
  sgir.on_write([this](const RegCtx& c, uint64_t v, uint64_t) {
    const unsigned sgi = v & 0xf;
    const unsigned filter = (v >> kSgirFilterShift) & 3;
    uint8_t targets = uint8_t(v >> kSgirTargetsShift);
    if (filter == 1) targets = uint8_t(~(1u << c.cpu));
    if (filter == 2) targets = uint8_t(1u << c.cpu);
    if (filter == 3) {
      dist_.logger().guest_error("GICD_SGIR: reserved TargetListFilter 0b11, no SGI sent");
      return;
    }
    // Security Extensions: a Secure write sends the SGI to targets where it
    // is Group 0 (NSATT 0) or Group 1 (NSATT 1); a Non-secure one, Group 1.
    const bool two = dist_.secure();
    const unsigned want = !c.secure || (v & kSgirNsatt) ? Distributor::kG1NS : Distributor::kG0;
    for (unsigned t = 0; t < cfg_.cpus; ++t)
      if (targets >> t & 1 && (!two || dist_.group_of(t, sgi) == want))
        dist_.send_sgi_v2(t, sgi, c.cpu);
  });
  b.add(std::move(sgir));
  for (unsigned set = 0; set < 2; ++set) {
    RegDef d = reg(set ? "GICD_SPENDSGIR" : "GICD_CPENDSGIR", set ? 0xf20 : 0xf10).array(4).bytes();
    d.on_read([this](const RegCtx& c) -> uint64_t {
      uint64_t v = 0;
      for (unsigned i = 0; i < 4; ++i)
        if (!ns_blocked(c, c.index * 4 + i))
          v |= uint64_t(dist_.sgi_sources(c.cpu, c.index * 4 + i)) << (8 * i);
      return v;
    });
    d.on_write([this, set](const RegCtx& c, uint64_t v, uint64_t m) {
      for (unsigned i = 0; i < 4; ++i) {
        if (ns_blocked(c, c.index * 4 + i)) continue;
        const uint8_t bitsv = uint8_t((v & m) >> (8 * i));
        dist_.update_sgi_sources(c.cpu, c.index * 4 + i, set ? bitsv : 0, set ? 0 : bitsv);
      }
    });
    b.add(std::move(d));
  }
  declare_id_regs(b, 0xfd0, 2);
}

}  // namespace gicsim
