// Register maps of the distributor (GICD, GICv2 and GICv3) and of the GICv3
// redistributor frames (RD_base, SGI_base). Every register is declared here,
// once; callbacks read and write the Distributor's state.
#include "dist_frames.h"

#include <type_traits>

#include "log.h"
#include "priority.h"

namespace gicsim {

namespace {
constexpr uint32_t kIidrArm = 0x43b;          // JEP106 code of Arm
constexpr uint32_t kIidrGic400 = 0x0200143b;  // GIC-400 r0p0
using F = Distributor::Field;

// GICD_CTLR fields (single security state).
constexpr uint32_t kCtlrEnableGrp0 = 1u << 0;
constexpr uint32_t kCtlrEnableGrp1 = 1u << 1;
constexpr uint32_t kCtlrAre = 1u << 4;
constexpr uint32_t kCtlrDs = 1u << 6;
// GICD_CTLR with two Security states: Secure and Non-secure views.
constexpr uint32_t kCtlrEnableGrp1Ns = 1u << 1;
constexpr uint32_t kCtlrEnableGrp1S = 1u << 2;
constexpr uint32_t kCtlrAreS = 1u << 4;
constexpr uint32_t kCtlrAreNs = 1u << 5;
constexpr uint32_t kCtlrEnableGrp1A = 1u << 1;  // Non-secure view
constexpr uint32_t kCtlrAreNsView = 1u << 4;    // Non-secure view
// GICD_TYPER fields.
constexpr unsigned kTyperCpuNumberShift = 5;
constexpr unsigned kTyperIdBitsShift = 19;
constexpr uint32_t kTyperSecurityExtn = 1u << 10;
constexpr uint32_t kTyperLpis = 1u << 17;
// Non-secure reach of a one-bit-per-interrupt register (two Security states):
// kNsGroup = Non-secure Group 1 interrupts only, 1..3 = also Secure ones whose
// NSACR is at least that (Distributor::ns_mask), kNsNone = RAZ/WI.
constexpr uint8_t kNsGroup = 4, kNsNone = 5;
// GICR_TYPER fields.
constexpr uint64_t kGicrTyperLast = 1u << 4;
constexpr uint64_t kGicrTyperPlpis = 1u << 0;
constexpr uint64_t kGicrTyperDirectLpi = 1u << 3;
// GICR_CTLR fields.
constexpr uint32_t kGicrCtlrEnableLpis = 1u << 0;
constexpr unsigned kGicrTyperProcNumShift = 8;
constexpr unsigned kGicrTyperAffShift = 32;
// GICR_WAKER fields.
constexpr uint32_t kWakerProcessorSleep = 1u << 1;
constexpr uint32_t kWakerChildrenAsleep = 1u << 2;
}  // namespace

void DistributorFrames::declare_id_regs(RegisterBank& b, uint32_t base, uint8_t arch_rev) {
  // PIDR4..7, PIDR0..3, CIDR0..3 (CoreSight identification block).
  const uint8_t pidr[8] = {0x04, 0, 0, 0, 0x92, 0xb4, uint8_t(arch_rev << 4 | 0xb), 0};
  const char* names[8] = {"PIDR4", "PIDR5", "PIDR6", "PIDR7", "PIDR0", "PIDR1", "PIDR2", "PIDR3"};
  for (unsigned i = 0; i < 8; ++i)
    b.add(reg(b.frame() + "_" + names[i], base + 4 * i).ro().reset_to(pidr[i]));
  const uint8_t cidr[4] = {0x0d, 0xf0, 0x05, 0xb1};
  for (unsigned i = 0; i < 4; ++i)
    b.add(reg(b.frame() + "_CIDR" + std::to_string(i), base + 0x20 + 4 * i).ro().reset_to(cidr[i]));
}

// One-bit-per-interrupt registers: IGROUPR, IS/ICENABLER, IS/ICPENDR, IS/ICACTIVER.
void DistributorFrames::declare_bit_regs(RegisterBank& b, bool gicr) {
  const bool v3 = cfg_.version == 3;
  const uint16_t n = gicr ? 1 : 32;
  const std::string p = gicr ? "GICR_" : "GICD_";
  const std::string sfx = gicr ? "0" : "";
  // Words the guest may not touch here (RAZ/WI): GICv3 GICD word 0 (SGIs and
  // PPIs live in the redistributor) and words beyond the implemented SPIs.
  const unsigned first = v3 && !gicr ? 1 : 0;
  const unsigned words = (cfg_.intids() + 31) / 32;
  enum Kind : uint8_t { kRw, kSet, kClear };
  // Captured by value next to the Distributor pointer: small enough for
  // std::function's in-place storage, and one load from the state it
  // changes, which keeps the MMIO hot path short.
  struct Spec {
    F field;
    Kind kind;
    uint8_t first;
    bool sgi_fixed;  // GICv2: SGI enable/pending bits are read-only here
    uint16_t words;
    uint8_t ns_read, ns_write;  // Non-secure reach (two Security states)
  };
  auto bits = [&](const char* name, uint32_t off, F field, Kind kind, uint8_t ns_read = kNsGroup,
                  uint8_t ns_write = kNsGroup) {
    RegDef d = reg(p + name + sfx, off).array(n);
    // GICv2 (GIC-400): SGIs are always enabled, and their pending state is
    // set and cleared through SPENDSGIR/CPENDSGIR.
    const bool two = dist_.secure();
    const Spec sp{field,           kind,
                  uint8_t(first),  !v3 && (field == F::kLatch || field == F::kEnable),
                  uint16_t(words), ns_read,
                  ns_write};
    // The Security-state checks are compiled only into the two-state frames'
    // callbacks: a single-state GIC's hot path does not test for them.
    auto declare = [&](auto two_states) {
      constexpr bool kTwo = decltype(two_states)::value;
      d.on_read([dist = &dist_, sp](const RegCtx& c) -> uint64_t {
        if (c.index < sp.first || c.index >= sp.words) return 0;
        uint32_t v = sp.field == F::kLatch ? dist->pending_word(c.cpu, c.index)
                                           : dist->word(sp.field, c.cpu, c.index);
        if constexpr (kTwo)
          if (!c.secure) v &= sp.ns_read == kNsNone ? 0 : dist->ns_mask(c.cpu, c.index, sp.ns_read);
        return v;
      });
      d.on_write([dist = &dist_, sp](const RegCtx& c, uint64_t v, uint64_t m) {
        if (c.index < sp.first || c.index >= sp.words) return;
        uint32_t keep = c.index == 0 && sp.sgi_fixed ? 0xffff0000u : ~0u;
        if constexpr (kTwo)
          if (!c.secure)
            keep &= sp.ns_write == kNsNone ? 0 : dist->ns_mask(c.cpu, c.index, sp.ns_write);
        const uint32_t msk = uint32_t(m) & keep, val = uint32_t(v) & msk;
        const uint32_t set = sp.kind == kClear ? 0 : val;
        const uint32_t clear = sp.kind == kClear ? val : sp.kind == kRw ? msk & ~val : 0;
        dist->update_word(sp.field, c.cpu, c.index, set, clear);
      });
    };
    if (two)
      declare(std::true_type{});
    else
      declare(std::false_type{});
    b.add(std::move(d));
  };
  // Two Security states: group configuration is Secure only; NSACR opens
  // Secure interrupts' pending (0b01 set, 0b10 clear) and active (0b10 read) bits.
  bits("IGROUPR", 0x080, F::kGroup, kRw, kNsNone, kNsNone);
  bits("ISENABLER", 0x100, F::kEnable, kSet);
  bits("ICENABLER", 0x180, F::kEnable, kClear);
  bits("ISPENDR", 0x200, F::kLatch, kSet, 1, 1);
  bits("ICPENDR", 0x280, F::kLatch, kClear, 2, 2);
  bits("ISACTIVER", 0x300, F::kActive, kSet, 2, kNsGroup);
  bits("ICACTIVER", 0x380, F::kActive, kClear, 2, kNsGroup);
  if (!v3) return;
  if (!dist_.secure()) {
    // Single security state (DS=1): IGRPMODR and NSACR are RAZ/WI.
    b.add(reg(p + "IGRPMODR" + sfx, 0xd00).array(n).raz_wi());
    b.add(reg(p + "NSACR", 0xe00).array(gicr ? 1 : 64).raz_wi());
    return;
  }
  bits("IGRPMODR", 0xd00, F::kGrpMod, kRw, kNsNone, kNsNone);
  // NSACR: Secure only. GICR_NSACR covers the SGIs; GICD_NSACR0/1 (SGIs and
  // PPIs) are RAZ/WI under affinity routing.
  RegDef ns = reg(p + "NSACR", 0xe00).array(gicr ? 1 : 64);
  ns.on_read([this, gicr](const RegCtx& c) -> uint64_t {
    if (!c.secure || (!gicr && c.index < 2)) return 0;
    return dist_.nsacr_word(c.cpu, c.index);
  });
  ns.on_write([this, gicr](const RegCtx& c, uint64_t v, uint64_t m) {
    if (!c.secure || (!gicr && c.index < 2)) return;
    const uint32_t cur = dist_.nsacr_word(c.cpu, c.index);
    dist_.set_nsacr_word(c.cpu, c.index, uint32_t((cur & ~m) | (v & m)));
  });
  b.add(std::move(ns));
}

// Byte-per-interrupt priorities and two-bits-per-interrupt configuration.
void DistributorFrames::declare_prio_cfg_regs(RegisterBank& b, bool gicr) {
  const bool v3 = cfg_.version == 3;
  const std::string p = gicr ? "GICR_" : "GICD_";
  auto absent = [this, v3, gicr](unsigned first_intid) {
    return (v3 && !gicr && first_intid < 32) || first_intid >= cfg_.intids();
  };
  // Two Security states: a Non-secure access reaches Non-secure Group 1
  // interrupts only, and sees their priorities in the Non-secure view.
  const bool two = dist_.secure();
  RegDef prio = reg(p + "IPRIORITYR", 0x400).array(gicr ? 8 : 255).bytes();
  prio.on_read([this, absent, two](const RegCtx& c) -> uint64_t {
    uint64_t v = 0;
    if (absent(c.index * 4)) return 0;
    for (unsigned i = 0; i < 4; ++i) {
      const unsigned intid = c.index * 4 + i;
      if (ns_blocked(c, intid)) continue;
      uint8_t pr = dist_.priority(c.cpu, intid);
      if (two && !c.secure) pr = PriorityLogic::to_ns(pr);
      v |= uint64_t(pr) << (8 * i);
    }
    return v;
  });
  prio.on_write([this, absent, two](const RegCtx& c, uint64_t v, uint64_t m) {
    if (absent(c.index * 4)) return;
    for (unsigned i = 0; i < 4; ++i) {
      const unsigned intid = c.index * 4 + i;
      if (!(m >> (8 * i) & 0xff) || ns_blocked(c, intid)) continue;
      uint8_t pr = uint8_t(v >> (8 * i));
      if (two && !c.secure) pr = PriorityLogic::from_ns(pr);
      dist_.set_priority(c.cpu, intid, pr);
    }
  });
  b.add(std::move(prio));

  RegDef cfg = reg(p + "ICFGR", 0xc00).array(gicr ? 2 : 64);
  cfg.on_read([this, absent](const RegCtx& c) -> uint64_t {
    if (absent(c.index * 16)) return 0;
    const uint32_t edge = dist_.word(F::kEdge, c.cpu, c.index / 2) >> (16 * (c.index % 2));
    uint64_t v = 0;
    for (unsigned i = 0; i < 16; ++i)
      if (!ns_blocked(c, c.index * 16 + i)) v |= uint64_t(edge >> i & 1) << (2 * i + 1);
    return v;
  });
  cfg.on_write([this, absent](const RegCtx& c, uint64_t v, uint64_t m) {
    if (absent(c.index * 16) || c.index == 0) return;  // SGIs: always edge, read-only
    uint32_t set = 0, clr = 0;
    for (unsigned i = 0; i < 16; ++i) {
      if (!(m >> (2 * i + 1) & 1) || ns_blocked(c, c.index * 16 + i)) continue;
      (v >> (2 * i + 1) & 1 ? set : clr) |= 1u << (i + 16 * (c.index % 2));
    }
    dist_.update_word(F::kEdge, c.cpu, c.index / 2, set, clr);
  });
  b.add(std::move(cfg));
}

DistributorFrames::DistributorFrames(Distributor& dist, std::string prefix, Lpis* lpis,
                                     bool direct_lpis)
    : dist_(dist),
      cfg_(dist.config()),
      lpis_(lpis),
      direct_lpis_(lpis && direct_lpis),
      sleep_(cfg_.cpus, 1) {
  declare_gicd();
  gicd_region_ = std::make_unique<MmioRegion>(prefix + "GICD", 0x10000);
  gicd_region_->map(0, gicd_.get());
  if (cfg_.version == 3) {
    declare_gicr();
    gicr_region_ = std::make_unique<MmioRegion>(prefix + "GICR", uint64_t(cfg_.cpus) * 0x20000);
    for (unsigned c = 0; c < cfg_.cpus; ++c) {
      gicr_region_->map(uint64_t(c) * 0x20000, gicr_rd_.get(), int(c));
      gicr_region_->map(uint64_t(c) * 0x20000 + 0x10000, gicr_sgi_.get(), int(c));
    }
  }
  for (unsigned c = 0; c < cfg_.cpus; ++c) update_participation(c);
  for (RegisterBank* b : banks()) b->set_logger(&dist_.logger());
  gicd_region_->set_logger(&dist_.logger());
  if (gicr_region_) gicr_region_->set_logger(&dist_.logger());
}

void DistributorFrames::reset() {
  for (RegisterBank* b : banks()) b->reset();
  for (unsigned c = 0; c < cfg_.cpus; ++c) {
    sleep_[c] = 1;
    update_participation(c);
  }
}

std::vector<RegisterBank*> DistributorFrames::banks() {
  std::vector<RegisterBank*> out{gicd_.get()};
  if (gicr_rd_) out.push_back(gicr_rd_.get());
  if (gicr_sgi_) out.push_back(gicr_sgi_.get());
  return out;
}

void DistributorFrames::set_awake(unsigned cpu, bool awake) {
  sleep_[cpu] = !awake;
  update_participation(cpu);
}

// A PE takes part in 1-of-N SPI distribution while its redistributor is
// awake (GICR_WAKER.ProcessorSleep == 0) and it has a group enabled.
void DistributorFrames::update_participation(unsigned cpu) {
  const bool groups = cpu_groups_enabled ? cpu_groups_enabled(cpu) : true;
  dist_.set_participating(cpu, !sleep_[cpu] && groups);
}

void DistributorFrames::declare_gicd() {
  const bool v3 = cfg_.version == 3;
  // GICv2 banks SGI/PPI registers by the accessing CPU; GICv3 keeps them in GICR.
  gicd_ = std::make_unique<RegisterBank>("GICD", v3 ? 0x10000 : 0x1000, v3 ? 1 : cfg_.cpus);
  RegisterBank& b = *gicd_;
  b.set_security_aware(dist_.secure());
  RegDef ctlr = reg("GICD_CTLR", 0x0);
  if (!v3) {
    declare_gicd_v2_ctlr(ctlr);
  } else if (dist_.secure()) {
    // Two Security states (DS = 0, RAZ/WI: security cannot be disabled).
    // Secure view: EnableGrp0, EnableGrp1NS, EnableGrp1S, ARE_S, ARE_NS.
    // Non-secure view: EnableGrp1A (= EnableGrp1NS) and ARE_NS. Affinity
    // routing is always on (ARE_S/ARE_NS RAO/WI).
    ctlr.on_read([this](const RegCtx& c) -> uint64_t {
      if (!c.secure) return (dist_.group_enabled(1) ? kCtlrEnableGrp1A : 0) | kCtlrAreNsView;
      return (dist_.group_enabled(0) ? kCtlrEnableGrp0 : 0) |
             (dist_.group_enabled(1) ? kCtlrEnableGrp1Ns : 0) |
             (dist_.group_enabled(2) ? kCtlrEnableGrp1S : 0) | kCtlrAreS | kCtlrAreNs;
    });
    ctlr.on_write([this](const RegCtx& c, uint64_t v, uint64_t m) {
      if (!c.secure) {
        if (m & kCtlrEnableGrp1A) dist_.set_group_enabled(1, v & kCtlrEnableGrp1A);
        return;
      }
      if (m & kCtlrEnableGrp0) dist_.set_group_enabled(0, v & kCtlrEnableGrp0);
      if (m & kCtlrEnableGrp1Ns) dist_.set_group_enabled(1, v & kCtlrEnableGrp1Ns);
      if (m & kCtlrEnableGrp1S) dist_.set_group_enabled(2, v & kCtlrEnableGrp1S);
    });
  } else {
    ctlr.on_read([this](const RegCtx&) -> uint64_t {
      return (dist_.group_enabled(0) ? kCtlrEnableGrp0 : 0) |
             (dist_.group_enabled(1) ? kCtlrEnableGrp1 : 0) | kCtlrAre | kCtlrDs;  // RAO/WI
    });
    ctlr.on_write([this](const RegCtx&, uint64_t v, uint64_t m) {
      if (m & kCtlrEnableGrp0) dist_.set_group_enabled(0, v & kCtlrEnableGrp0);
      if (m & kCtlrEnableGrp1) dist_.set_group_enabled(1, v & kCtlrEnableGrp1);
    });
  }
  b.add(std::move(ctlr));
  const uint32_t it_lines = (cfg_.intids() + 31) / 32 - 1;
  // CPUNumber counts the PEs usable without affinity routing: GICv2 targets
  // up to 8; GICv3 here has ARE RAO/WI, so none beyond one (QEMU reports 0 too).
  const uint32_t cpu_number = v3 ? 0 : cfg_.cpus - 1;
  uint32_t typer = it_lines | cpu_number << kTyperCpuNumberShift;
  if (v3 && lpis_)
    typer |= (lpis_->id_bits() - 1) << kTyperIdBitsShift | kTyperLpis;
  else if (v3)
    typer |= 9u << kTyperIdBitsShift;  // 10 INTID bits
  if (dist_.secure()) typer |= kTyperSecurityExtn;
  b.add(reg("GICD_TYPER", 0x4).ro().reset_to(typer));
  b.add(reg("GICD_IIDR", 0x8).ro().reset_to(v3 ? kIidrArm : kIidrGic400));
  if (v3) {
    b.add(reg("GICD_TYPER2", 0xc).ro());
    b.add(reg("GICD_STATUSR", 0x10).raz_wi());
  }
  declare_bit_regs(b, false);
  declare_prio_cfg_regs(b, false);
  if (v3) {
    RegDef ir = reg("GICD_IROUTER", 0x6100).array(988).wide();
    // Two Security states: a Secure SPI's routing is RAZ/WI to Non-secure
    // accesses unless its NSACR is 0b11.
    auto hidden = [this](const RegCtx& c, unsigned intid) {
      return ns_blocked(c, intid) && dist_.nsacr(0, intid) < 3;
    };
    ir.on_read([this, hidden](const RegCtx& c) -> uint64_t {
      if (c.index + 32 >= cfg_.intids() || hidden(c, c.index + 32)) return 0;
      return dist_.irouter(c.index + 32);
    });
    ir.on_write([this, hidden](const RegCtx& c, uint64_t v, uint64_t m) {
      if (c.index + 32 >= cfg_.intids() || hidden(c, c.index + 32)) return;
      dist_.set_irouter(c.index + 32, (dist_.irouter(c.index + 32) & ~m) | (v & m));
    });
    b.add(std::move(ir));
    // Affinity routing is always enabled (ARE RAO/WI): ITARGETSR is RAZ/WI.
    b.add(reg("GICD_ITARGETSR", 0x800).array(255).bytes().raz_wi());
    declare_id_regs(b, 0xffd0, 3);
    return;
  }
  declare_gicd_v2(b);
}

void DistributorFrames::declare_gicr() {
  gicr_rd_ = std::make_unique<RegisterBank>("GICR", 0x10000, cfg_.cpus);
  RegisterBank& rd = *gicr_rd_;
  // Every other GICR_CTLR field is RES0 or reads 0 here: the DPG bits
  // (GICR_TYPER.DPGS = 0: 1-of-N participation follows WAKER and the CPU's
  // group enables), RWP and UWP (writes take effect at once).
  if (lpis_)
    declare_gicr_lpis(rd);
  else
    rd.add(reg("GICR_CTLR", 0x0).per_cpu().writable(0));  // EnableLPIs RES0: no LPIs
  rd.add(reg("GICR_IIDR", 0x4).ro().reset_to(kIidrArm));
  RegDef typer = reg("GICR_TYPER", 0x8).wide().ro();
  typer.on_read([this](const RegCtx& c) -> uint64_t {
    return dist_.affinity_of(c.cpu) << kGicrTyperAffShift |
           uint64_t(c.cpu) << kGicrTyperProcNumShift |
           (c.cpu + 1 == cfg_.cpus ? kGicrTyperLast : 0) | (lpis_ ? kGicrTyperPlpis : 0) |
           (direct_lpis_ ? kGicrTyperDirectLpi : 0);  // CommonLPIAff 0: all share
  });
  rd.add(std::move(typer));
  rd.add(reg("GICR_STATUSR", 0x10).raz_wi());
  RegDef waker = reg("GICR_WAKER", 0x14);
  // Two Security states: power management is Secure firmware's (RAZ/WI to
  // Non-secure accesses, which Linux reads as "no PM in this redistributor").
  const bool ns_blind = dist_.secure();
  waker.on_read([this, ns_blind](const RegCtx& c) -> uint64_t {
    if (ns_blind && !c.secure) return 0;
    return sleep_[c.cpu] ? kWakerProcessorSleep | kWakerChildrenAsleep : 0;
  });
  waker.on_write([this, ns_blind](const RegCtx& c, uint64_t v, uint64_t m) {
    if (ns_blind && !c.secure) return;
    if (m & kWakerProcessorSleep) set_awake(c.cpu, !(v & kWakerProcessorSleep));
  });
  rd.add(std::move(waker));
  declare_id_regs(rd, 0xffd0, 3);

  gicr_sgi_ = std::make_unique<RegisterBank>("GICR.SGI", 0x10000, cfg_.cpus);
  rd.set_security_aware(dist_.secure());
  gicr_sgi_->set_security_aware(dist_.secure());
  declare_bit_regs(*gicr_sgi_, true);
  declare_prio_cfg_regs(*gicr_sgi_, true);
}

// LPIs: GICR_CTLR.EnableLPIs, the configuration and pending table bases,
// and the direct-LPI and invalidation registers (GICv3.1), per redistributor.
void DistributorFrames::declare_gicr_lpis(RegisterBank& rd) {
  Lpis& l = *lpis_;
  rd.add(reg("GICR_CTLR", 0x0)
             .on_read([&l](const RegCtx& c) -> uint64_t {
               return l.enabled(c.cpu) ? kGicrCtlrEnableLpis : 0;
             })
             .on_write([&l](const RegCtx& c, uint64_t v, uint64_t m) {
               if (m & kGicrCtlrEnableLpis) l.set_enabled(c.cpu, v & kGicrCtlrEnableLpis);
             }));
  rd.add(reg("GICR_PROPBASER", 0x70)
             .wide()
             .on_read([&l](const RegCtx& c) -> uint64_t { return l.propbaser(c.cpu); })
             .on_write([&l](const RegCtx& c, uint64_t v, uint64_t m) {
               l.write_propbaser(c.cpu, (l.propbaser(c.cpu) & ~m) | (v & m));
             }));
  rd.add(reg("GICR_PENDBASER", 0x78)
             .wide()
             .on_read([&l](const RegCtx& c) -> uint64_t {
               return l.pendbaser(c.cpu) & ~Lpis::kPendPtz;  // PTZ reads as 0
             })
             .on_write([&l](const RegCtx& c, uint64_t v, uint64_t m) {
               l.write_pendbaser(c.cpu, (l.pendbaser(c.cpu) & ~m) | (v & m));
             }));
  // Writes of a pINTID ([31:0]); the upper word is RES0 (no vLPIs).
  auto lpi_wo = [&rd](const char* name, uint32_t off, std::function<void(unsigned, uint32_t)> f) {
    rd.add(reg(name, off).wide().wo().on_write(
        [f = std::move(f)](const RegCtx& c, uint64_t v, uint64_t m) {
          if (m & 0xffffffffu) f(c.cpu, uint32_t(v & m));
        }));
  };
  if (direct_lpis_) {
    lpi_wo("GICR_SETLPIR", 0x40, [&l](unsigned cpu, uint32_t id) { l.setlpir(cpu, id); });
    lpi_wo("GICR_CLRLPIR", 0x48, [&l](unsigned cpu, uint32_t id) { l.clrlpir(cpu, id); });
  } else {
    rd.add(reg("GICR_SETLPIR", 0x40).wide().raz_wi());  // DirectLPI = 0
    rd.add(reg("GICR_CLRLPIR", 0x48).wide().raz_wi());
  }
  lpi_wo("GICR_INVLPIR", 0xa0, [&l](unsigned cpu, uint32_t id) { l.invalidate_lpi(cpu, id); });
  lpi_wo("GICR_INVALLR", 0xb0, [&l](unsigned cpu, uint32_t) { l.invalidate_all(cpu); });
  rd.add(reg("GICR_SYNCR", 0xc0).ro());  // Busy = 0: every operation has completed
}

}  // namespace gicsim
