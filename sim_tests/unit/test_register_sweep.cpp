// Register sweep: every frame and system register of the GIC, for GICv2 and
// GICv3 with one and two Security states and priority widths 4..8, checked
// against the table in register_spec.cpp (written from the architecture):
// the declared maps match it; reset values; RW bits with 0s, 1s, and
// walking patterns; RO and WO and RAZ/WI registers; reserved offsets;
// set/clear pairs on exactly the named bits; byte lanes; allowed access
// widths and the error responses for the others; system-register access
// levels and unimplemented array elements.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "gic_harness.h"
#include "register_spec.h"

namespace gicsim {
namespace {

using spec::Acc;
using spec::MmioReg;

struct SweepConfig {
  const char* label;
  unsigned version, cpus, spis, pri_bits, vpri_bits, lrs, security_states;
  GicConfig gic() const {
    GicConfig c;
    c.version = version;
    c.cpus = cpus;
    c.spis = spis;
    c.pri_bits = pri_bits;
    c.vpri_bits = vpri_bits;
    c.lrs = lrs;
    c.security_states = security_states;
    return c;
  }
};

void PrintTo(const SweepConfig& c, std::ostream* os) { *os << c.label; }

const SweepConfig kConfigs[] = {
    {"v3_1ss_pri5", 3, 2, 96, 5, 5, 4, 1}, {"v3_1ss_pri8_988", 3, 3, 988, 8, 8, 16, 1},
    {"v3_1ss_pri4", 3, 2, 64, 4, 6, 1, 1}, {"v3_1ss_pri6", 3, 1, 32, 6, 7, 2, 1},
    {"v3_2ss_pri5", 3, 2, 96, 5, 7, 4, 2}, {"v3_2ss_pri7", 3, 2, 64, 7, 5, 3, 2},
    {"v2_1ss_pri5", 2, 2, 64, 5, 5, 4, 1}, {"v2_1ss_pri8_480", 2, 8, 480, 8, 5, 16, 1},
    {"v2_2ss_pri5", 2, 3, 64, 5, 5, 2, 2}, {"v2_2ss_pri6", 2, 2, 96, 6, 5, 4, 2},
};

// One reachable copy of a frame: where it is and whose registers it shows.
struct FrameCopy {
  MmioRegion* region;
  uint64_t base;  // frame offset inside the region
  RegisterBank* bank;
  unsigned accessor;  // CPU the access comes from
  unsigned cpu;       // the banked copy (redistributor or accessing CPU)
};

uint64_t width_mask(unsigned width) { return width == 8 ? ~0ull : (1ull << (8 * width)) - 1; }

class Sweep : public ::testing::TestWithParam<SweepConfig> {
 protected:
  void SetUp() override {
    cfg_ = GetParam().gic();
    h_ = std::make_unique<GicHarness>(cfg_);
    table_ = spec::mmio_registers(cfg_);
    for (const MmioReg& r : table_) by_name_[r.name] = &r;
  }

  std::vector<FrameCopy> copies() {
    std::vector<MmioRegion*> regions{&h_->gic.gicd()};
    if (cfg_.version == 3) {
      regions.push_back(&h_->gic.gicr());
    } else {
      regions.push_back(&h_->gic.gicc());
      regions.push_back(&h_->gic.gich());
      regions.push_back(&h_->gic.gicv());
    }
    std::vector<FrameCopy> out;
    for (MmioRegion* r : regions)
      for (const MmioRegion::Frame& f : r->frames()) {
        if (f.instance >= 0) {
          out.push_back({r, f.offset, f.bank, 0, unsigned(f.instance)});
        } else if (f.bank->banked()) {
          for (unsigned c = 0; c < cfg_.cpus; ++c) out.push_back({r, f.offset, f.bank, c, c});
        } else {
          out.push_back({r, f.offset, f.bank, 0, 0});
        }
      }
    return out;
  }
  // The Security views a sweep takes: Non-secure only with one state.
  std::vector<bool> views() const {
    return cfg_.two_security_states() ? std::vector<bool>{true, false} : std::vector<bool>{false};
  }
  void set_view(bool secure) { h_->secure = secure; }
  spec::Ctx ctx(const FrameCopy& f, unsigned index) const {
    return spec::Ctx{&cfg_, f.cpu, index, cfg_.two_security_states() && !h_->secure};
  }
  unsigned count(const MmioReg& r) const { return r.count ? r.count(cfg_) : 1; }
  // The frame's registers in the table.
  std::vector<const MmioReg*> regs_of(const FrameCopy& f) const {
    std::vector<const MmioReg*> out;
    for (const MmioReg& r : table_)
      if (f.bank->frame() == r.frame) out.push_back(&r);
    return out;
  }

  static bool hidden(const MmioReg& r, const spec::Ctx& c) {
    return c.ns_view && (r.flags & (spec::kPerIrq | spec::kSecureOnly));
  }
  static uint64_t reset_of(const MmioReg& r, const spec::Ctx& c) {
    if (r.acc == Acc::WO || r.acc == Acc::RAZWI || hidden(r, c) || !r.reset) return 0;
    return r.reset(c) & width_mask(r.width());
  }
  static uint64_t rw_of(const MmioReg& r, const spec::Ctx& c) {
    if (r.acc != Acc::RW || hidden(r, c) || !r.rw) return 0;
    return r.rw(c) & width_mask(r.width());
  }
  static uint64_t after(const MmioReg& r, const spec::Ctx& c, uint64_t written) {
    if (r.acc != Acc::RW || hidden(r, c)) return reset_of(r, c);
    if (r.after) return r.after(c, written) & width_mask(r.width());
    const uint64_t rw = rw_of(r, c);
    return (reset_of(r, c) & ~rw) | (written & rw);
  }

  tlm::tlm_response_status access(const FrameCopy& f, bool write, uint64_t off, unsigned len,
                                  uint64_t& v) {
    return h_->access(*f.region, f.accessor, write, f.base + off, len, v);
  }
  uint64_t read(const FrameCopy& f, uint64_t off, unsigned len) {
    uint64_t v = 0;
    EXPECT_EQ(access(f, false, off, len, v), tlm::TLM_OK_RESPONSE) << where(f, off);
    return v;
  }
  void write(const FrameCopy& f, uint64_t off, unsigned len, uint64_t v) {
    EXPECT_EQ(access(f, true, off, len, v), tlm::TLM_OK_RESPONSE) << where(f, off);
  }
  std::string where(const FrameCopy& f, uint64_t off) const {
    return f.bank->frame() + "+" + hex(off) + " cpu" + std::to_string(f.cpu) +
           (h_->secure ? " secure" : "");
  }
  static std::vector<uint64_t> patterns(unsigned width) {
    std::vector<uint64_t> p{0, ~0ull, 0xa5a5a5a5a5a5a5a5ull, 0x5a5a5a5a5a5a5a5aull};
    for (unsigned b = 0; b < 8 * width; ++b) p.push_back(1ull << b);
    for (uint64_t& x : p) x &= width_mask(width);
    return p;
  }

  GicConfig cfg_;
  std::unique_ptr<GicHarness> h_;
  std::vector<MmioReg> table_;
  std::map<std::string, const MmioReg*> by_name_;
};

std::string spec_access(RegAccess a) {
  const char* n[] = {"RW", "RO", "WO", "RAZWI"};
  return n[unsigned(a)];
}
std::string spec_access(Acc a) { return spec_access(RegAccess(unsigned(a))); }

TEST_P(Sweep, DeclaredMapsMatchTheSpecTable) {
  std::set<std::string> declared;
  for (const FrameCopy& f : copies()) {
    for (const RegDef& d : f.bank->registers()) {
      declared.insert(d.name);
      auto it = by_name_.find(d.name);
      ASSERT_NE(it, by_name_.end()) << d.name << " is declared but not in the spec table";
      const MmioReg& r = *it->second;
      EXPECT_EQ(r.frame, f.bank->frame()) << d.name;
      EXPECT_EQ(d.offset, r.offset) << d.name;
      EXPECT_EQ(d.width, r.width()) << d.name;
      EXPECT_EQ(d.count, count(r)) << d.name;
      EXPECT_EQ(spec_access(d.access), spec_access(r.acc)) << d.name;
    }
    EXPECT_EQ(f.bank->size(), spec::frame_size(cfg_, f.bank->frame().c_str()));
  }
  for (const MmioReg& r : table_)
    EXPECT_TRUE(declared.count(r.name)) << r.name << " is in the spec but not declared";
}

TEST_P(Sweep, ResetValuesOfEveryRegisterAndCopy) {
  for (bool secure : views()) {
    set_view(secure);
    for (const FrameCopy& f : copies())
      for (const MmioReg* r : regs_of(f))
        for (unsigned i = 0; i < count(*r); ++i) {
          const uint64_t off = r->offset + i * r->width();
          EXPECT_EQ(read(f, off, r->width()), reset_of(*r, ctx(f, i)))
              << r->name << "[" << i << "] " << where(f, off);
        }
  }
}

TEST_P(Sweep, ReadWriteBitsFollowTheFieldLayout) {
  for (bool secure : views()) {
    set_view(secure);
    for (const FrameCopy& f : copies())
      for (const MmioReg* r : regs_of(f)) {
        if (r->flags & (spec::kAction | spec::kSet | spec::kClear)) continue;
        for (unsigned i = 0; i < count(*r); ++i) {
          const spec::Ctx c = ctx(f, i);
          const uint64_t off = r->offset + i * r->width();
          for (uint64_t p : patterns(r->width())) {
            write(f, off, r->width(), p);
            ASSERT_EQ(read(f, off, r->width()), after(*r, c, p))
                << r->name << "[" << i << "] wrote " << hex(p) << " " << where(f, off);
          }
          write(f, off, r->width(), reset_of(*r, c));
          ASSERT_EQ(read(f, off, r->width()), reset_of(*r, c)) << r->name << " restored";
        }
      }
  }
}

TEST_P(Sweep, SetClearPairsActOnExactlyTheNamedBits) {
  for (bool secure : views()) {
    set_view(secure);
    for (const FrameCopy& f : copies())
      for (const MmioReg* set : regs_of(f)) {
        if (!(set->flags & spec::kSet)) continue;
        const MmioReg& clr = *by_name_.at(set->pair);
        ASSERT_TRUE(clr.flags & spec::kClear) << clr.name;
        for (unsigned i = 0; i < count(*set); ++i) {
          const spec::Ctx c = ctx(f, i);
          const uint64_t so = set->offset + 4 * i, co = clr.offset + 4 * i;
          const uint64_t rw = rw_of(*set, c), fixed = reset_of(*set, c) & ~rw;
          ASSERT_EQ(rw, rw_of(clr, c)) << set->name << " and " << clr.name << " name other bits";
          for (uint64_t p : patterns(4)) {
            const uint64_t q = (p << 7 | p >> 25) & 0xffffffff;  // another pattern
            write(f, so, 4, p);
            EXPECT_EQ(read(f, so, 4), fixed | (p & rw)) << set->name << "[" << i << "] " << hex(p);
            EXPECT_EQ(read(f, co, 4), fixed | (p & rw)) << clr.name << "[" << i << "]";
            write(f, co, 4, q);
            EXPECT_EQ(read(f, so, 4), fixed | (p & ~q & rw))
                << clr.name << "[" << i << "] cleared " << hex(q) << " after " << hex(p);
            write(f, co, 4, 0xffffffff);
            ASSERT_EQ(read(f, so, 4), fixed) << clr.name << "[" << i << "] all cleared";
          }
          if (!(set->flags & spec::kBytes)) continue;
          for (unsigned lane = 0; lane < 4; ++lane) {  // one byte at a time
            write(f, so + lane, 1, 0xff);
            EXPECT_EQ(read(f, so, 4), fixed | (0xffull << 8 * lane & rw)) << set->name << lane;
            write(f, co + lane, 1, 0xff);
            EXPECT_EQ(read(f, so, 4), fixed) << clr.name << lane;
          }
        }
      }
  }
}

TEST_P(Sweep, ByteAccessibleRegistersChangeOneLane) {
  for (bool secure : views()) {
    set_view(secure);
    for (const FrameCopy& f : copies())
      for (const MmioReg* r : regs_of(f)) {
        if (!(r->flags & spec::kBytes) || (r->flags & (spec::kSet | spec::kClear))) continue;
        for (unsigned i = 0; i < count(*r); ++i) {
          const spec::Ctx c = ctx(f, i);
          const uint64_t off = r->offset + 4 * i;
          uint64_t cur = reset_of(*r, c);
          for (unsigned lane = 0; lane < 4; ++lane)
            for (uint64_t b : std::initializer_list<uint64_t>{0xff, 0x5a, 1u << (2 * lane), 0}) {
              write(f, off + lane, 1, b);
              cur = after(*r, c, (cur & ~(0xffull << 8 * lane)) | b << 8 * lane);
              ASSERT_EQ(read(f, off, 4), cur) << r->name << "[" << i << "] lane " << lane;
              EXPECT_EQ(read(f, off + lane, 1), cur >> 8 * lane & 0xff) << r->name;
            }
          write(f, off, 4, reset_of(*r, c));
        }
      }
  }
}

TEST_P(Sweep, AccessWidthsTheArchitectureAllowsAndErrorsForOthers) {
  for (const FrameCopy& f : copies())
    for (const MmioReg* r : regs_of(f)) {
      const unsigned n = count(*r);
      for (unsigned i : {0u, n - 1}) {
        const spec::Ctx c = ctx(f, i);
        const uint64_t base = r->offset + i * r->width();
        const uint64_t reset = reset_of(*r, c);
        for (unsigned size : {1u, 2u, 4u, 8u})
          for (unsigned pos = 0; pos < r->width(); pos += size) {
            const bool ok =
                size <= r->width() && (size == 4 || (size == 8 && (r->flags & spec::kWide)) ||
                                       (size == 1 && (r->flags & spec::kBytes)));
            // Unaligned (an 8-byte access to a 4-byte register at an odd word)
            // is an address error; an aligned access of a width the register
            // does not take is a burst error.
            const bool aligned = (base + pos) % size == 0;
            const auto want = !aligned ? tlm::TLM_ADDRESS_ERROR_RESPONSE
                              : ok     ? tlm::TLM_OK_RESPONSE
                                       : tlm::TLM_BURST_ERROR_RESPONSE;
            uint64_t v = 0;
            EXPECT_EQ(access(f, false, base + pos, size, v), want)
                << r->name << " read of " << size << " at +" << pos;
            if (ok && r->acc != Acc::WO) {
              EXPECT_EQ(v, reset >> 8 * pos & width_mask(size)) << r->name << " +" << pos;
            }
            // A write of the value the register holds (or a harmless one).
            uint64_t w = r->flags & spec::kAction ? r->harmless : reset >> 8 * pos;
            if (r->flags & spec::kClear) w = 0;
            w &= width_mask(size);
            EXPECT_EQ(access(f, true, base + pos, size, w), want)
                << r->name << " write of " << size << " at +" << pos;
            if (r->acc != Acc::WO) {
              EXPECT_EQ(read(f, base, r->width()), reset)
                  << r->name << " after a write of " << size;
            }
          }
        uint64_t v = 0;
        EXPECT_EQ(access(f, false, base + 2, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE) << r->name;
        EXPECT_EQ(access(f, true, base + 2, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE) << r->name;
      }
    }
  // Past the end of a frame.
  const FrameCopy f = copies().front();
  uint64_t v = 0;
  EXPECT_EQ(access(f, false, f.bank->size() - 4, 8, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST_P(Sweep, ReservedOffsetsAreRazWi) {
  for (const FrameCopy& f : copies()) {
    std::vector<bool> used(f.bank->size() / 4, false);
    for (const MmioReg* r : regs_of(f))
      for (uint32_t o = r->offset; o < r->offset + count(*r) * r->width(); o += 4)
        used[o / 4] = true;
    unsigned reserved = 0;
    for (uint32_t w = 0; w < used.size(); ++w) {
      if (used[w]) continue;
      ++reserved;
      write(f, 4 * w, 4, 0xffffffff);
      ASSERT_EQ(read(f, 4 * w, 4), 0u) << where(f, 4 * w);
    }
    EXPECT_GT(reserved, 0u) << f.bank->frame();
  }
  // Nothing a reserved write did reached a real register.
  for (const FrameCopy& f : copies())
    for (const MmioReg* r : regs_of(f))
      for (unsigned i = 0; i < count(*r); ++i)
        ASSERT_EQ(read(f, r->offset + i * r->width(), r->width()), reset_of(*r, ctx(f, i)))
            << r->name;
}

// ---- System registers ------------------------------------------------------

class SysSweep : public Sweep {
 protected:
  SysregStatus sys(const spec::SysReg& r, unsigned n, unsigned cpu, bool write, uint64_t& v,
                   int el = -1) {
    const Sr id = r.id + n;
    uint8_t level = uint8_t(el >= 0 ? el : base_el(r));
    SysregAccess a = make_sysreg_access(id, cpu, level, write, v);
    a.imo = a.fmo = r.view == spec::View::Icv;
    a.secure = level == 3;
    const SysregStatus st = h_->gic.sysreg(a);
    v = a.value;
    return st;
  }
  unsigned base_el(const spec::SysReg& r) const {
    if (r.view == spec::View::Icc && cfg_.two_security_states()) return 3;
    return r.min_el;
  }
  static uint64_t reset_of(const spec::SysReg& r, const spec::Ctx& c) {
    return r.acc == Acc::WO || !r.reset ? 0 : r.reset(c);
  }
  static uint64_t after(const spec::SysReg& r, const spec::Ctx& c, uint64_t w) {
    if (r.acc != Acc::RW) return reset_of(r, c);
    if (r.after) return r.after(c, w);
    const uint64_t rw = r.rw ? r.rw(c) : 0;
    return (reset_of(r, c) & ~rw) | (w & rw);
  }
  unsigned count(const spec::SysReg& r) const { return r.count ? r.count(cfg_) : 1; }
  std::string name(const spec::SysReg& r, unsigned n) const {
    return sysreg_name(r.id + n, r.view == spec::View::Icv);
  }
};

TEST_P(SysSweep, EveryEncodingIsInTheSpecTable) {
  std::set<unsigned> listed;
  for (const spec::SysReg& r : spec::sys_registers(cfg_)) {
    const unsigned max = r.id == Sr::ICH_LR0_EL2 ? 16 : r.count ? 4 : 1;
    for (unsigned n = 0; n < max; ++n) listed.insert(unsigned(r.id + n));
  }
  for (Sr id : spec::undefined_sysregs()) listed.insert(unsigned(id));
  for (const SysregInfo& i : sysreg_table())
    EXPECT_TRUE(listed.count(unsigned(i.id))) << i.name << " has no entry in the spec table";
}

TEST_P(SysSweep, ResetValuesAndReadWriteBits) {
  for (unsigned cpu = 0; cpu < cfg_.cpus; ++cpu)
    for (const spec::SysReg& r : spec::sys_registers(cfg_))
      for (unsigned n = 0; n < count(r); ++n) {
        const spec::Ctx c{&cfg_, cpu, n, false};
        uint64_t v = 0;
        const SysregStatus rd = sys(r, n, cpu, false, v);
        if (r.acc == Acc::WO) {
          EXPECT_EQ(rd, SysregStatus::Undefined) << name(r, n) << " is write-only";
        } else {
          EXPECT_EQ(rd, SysregStatus::Ok) << name(r, n);
          EXPECT_EQ(v, reset_of(r, c)) << name(r, n) << " reset, cpu" << cpu;
        }
        if (r.acc == Acc::RO) {
          v = ~0ull;
          EXPECT_EQ(sys(r, n, cpu, true, v), SysregStatus::Undefined) << name(r, n) << " is RO";
        }
        if (r.acc != Acc::RW || (r.flags & spec::kAction)) continue;
        for (uint64_t p : Sweep::patterns(8)) {
          uint64_t w = p;
          ASSERT_EQ(sys(r, n, cpu, true, w), SysregStatus::Ok) << name(r, n);
          ASSERT_EQ(sys(r, n, cpu, false, v), SysregStatus::Ok);
          ASSERT_EQ(v, after(r, c, p)) << name(r, n) << " wrote " << hex(p) << " cpu" << cpu;
        }
        uint64_t w = reset_of(r, c);
        sys(r, n, cpu, true, w);
        sys(r, n, cpu, false, v);
        ASSERT_EQ(v, reset_of(r, c)) << name(r, n) << " restored";
      }
}

TEST_P(SysSweep, ActionRegistersAcceptTheirHarmlessValue) {
  for (const spec::SysReg& r : spec::sys_registers(cfg_)) {
    if (!(r.flags & spec::kAction) || r.acc != Acc::WO) continue;
    uint64_t v = r.harmless;
    EXPECT_EQ(sys(r, 0, 0, true, v), SysregStatus::Ok) << name(r, 0);
  }
  // Nothing became pending or active anywhere.
  for (unsigned cpu = 0; cpu < cfg_.cpus; ++cpu) {
    EXPECT_FALSE(h_->irq(cpu) || h_->fiq(cpu));
    EXPECT_EQ(h_->sgi_frame(cpu, 0x200), 0u) << "SGIs pending on cpu" << cpu;
  }
}

TEST_P(SysSweep, LowerExceptionLevelsAndMissingElementsAreUndefined) {
  for (const spec::SysReg& r : spec::sys_registers(cfg_)) {
    for (bool write : {false, true}) {
      uint64_t v = 0;
      // From below the register's lowest EL (EL0 for the EL1 registers).
      EXPECT_EQ(sys(r, 0, 0, write, v, int(r.min_el) - 1), SysregStatus::Undefined)
          << name(r, 0) << " from EL" << r.min_el - 1;
      const unsigned max = r.id == Sr::ICH_LR0_EL2 ? 16 : r.count ? 4 : 1;
      for (unsigned n = count(r); n < max; ++n)
        EXPECT_EQ(sys(r, n, 0, write, v), SysregStatus::Undefined) << name(r, n) << " absent";
    }
  }
  for (Sr id : spec::undefined_sysregs())
    for (bool virt : {false, true}) {
      uint64_t v = 0;
      SysregAccess a = make_sysreg_access(id, 0, 1, false, v, virt);
      EXPECT_EQ(h_->gic.sysreg(a), SysregStatus::Undefined) << sysreg_name(id, virt);
    }
}

std::string label(const ::testing::TestParamInfo<SweepConfig>& i) { return i.param.label; }
INSTANTIATE_TEST_SUITE_P(Configs, Sweep, ::testing::ValuesIn(kConfigs), label);
std::vector<SweepConfig> v3_configs() {
  std::vector<SweepConfig> out;
  for (const SweepConfig& c : kConfigs)
    if (c.version == 3) out.push_back(c);
  return out;
}
INSTANTIATE_TEST_SUITE_P(Configs, SysSweep, ::testing::ValuesIn(v3_configs()), label);

}  // namespace
}  // namespace gicsim
