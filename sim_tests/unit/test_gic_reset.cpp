// Gic::reset(): after random activity every register of every frame and
// every system register reads as in a freshly built GIC. Also the bounds of
// the public entry points and the virtualization switch.
#include <gtest/gtest.h>

#include <random>

#include "gic_harness.h"

namespace gicsim {
namespace {

GicConfig config(unsigned version, unsigned states, bool virt = true) {
  GicConfig c;
  c.version = version;
  c.cpus = 3;
  c.spis = 64;
  c.lrs = 4;
  c.security_states = states;
  c.virtualization = virt;
  return c;
}

std::vector<MmioRegion*> regions(Gic& g) {
  std::vector<MmioRegion*> r{&g.gicd()};
  for (const char* f : {"GICR", "GICC", "GICH", "GICV"}) {
    if (!g.has_frame(f)) continue;
    const std::string n = f;
    r.push_back(n == "GICR"   ? &g.gicr()
                : n == "GICC" ? &g.gicc()
                : n == "GICH" ? &g.gich()
                              : &g.gicv());
  }
  return r;
}

// Debug reads of every word of every frame copy, in both Security views, and
// every system register without read side effects, at every level it has.
std::vector<uint64_t> dump(Gic& g) {
  std::vector<uint64_t> out;
  const GicConfig& c = g.config();
  for (MmioRegion* r : regions(g))
    for (const MmioRegion::Frame& f : r->frames())
      for (unsigned cpu = 0; cpu < (f.bank->banked() ? c.cpus : 1); ++cpu)
        for (bool secure : {false, true})
          for (uint32_t off = 0; off < f.bank->size(); off += 4) {
            uint8_t d[4] = {};
            r->access(cpu, false, f.offset + off, 4, d, true, secure);
            out.push_back(uint64_t(d[0]) | d[1] << 8 | d[2] << 16 | uint64_t(d[3]) << 24);
          }
  if (c.version != 3) return out;
  for (unsigned cpu = 0; cpu < c.cpus; ++cpu)
    for (const SysregInfo& i : sysreg_table()) {
      if (i.id == Sr::ICC_IAR0_EL1 || i.id == Sr::ICC_IAR1_EL1 || i.id == Sr::ICC_NMIAR1_EL1)
        continue;  // acknowledges
      for (int view = 0; view < 4; ++view) {
        const uint8_t el = view == 3 ? 3 : view == 2 ? 2 : 1;
        SysregAccess a = make_sysreg_access(i.id, cpu, el, false, 0, view == 1);
        out.push_back(uint64_t(g.sysreg(a)) << 60 ^ a.value);
      }
    }
  return out;
}

// Random guest and device activity: register writes anywhere, acknowledges,
// EOIs, line changes.
void scramble(Gic& g, uint32_t seed) {
  std::mt19937 rng(seed);
  const GicConfig& c = g.config();
  const std::vector<MmioRegion*> rs = regions(g);
  for (unsigned n = 0; n < 4000; ++n) {
    const unsigned what = rng() % 10;
    if (what < 5) {
      MmioRegion& r = *rs[rng() % rs.size()];
      const auto frames = r.frames();
      const MmioRegion::Frame& f = frames[rng() % frames.size()];
      const auto& regs = f.bank->registers();
      const RegDef& d = regs[rng() % regs.size()];
      const uint32_t off = d.offset + (rng() % d.count) * d.width;
      uint64_t v = rng() % 3 ? uint64_t(rng()) << 32 | rng() : ~0ull;
      uint8_t data[8];
      for (unsigned b = 0; b < 8; ++b) data[b] = uint8_t(v >> 8 * b);
      r.access(rng() % c.cpus, true, f.offset + off, d.width, data, false, rng() % 2);
    } else if (what < 8 && c.version == 3) {
      const auto& t = sysreg_table();
      const Sr id = t[rng() % t.size()].id;
      SysregAccess a = make_sysreg_access(id, rng() % c.cpus, uint8_t(1 + rng() % 3), rng() % 2,
                                          uint64_t(rng()) << 32 | rng(), rng() % 2);
      g.sysreg(a);
    } else if (what < 8) {
      uint8_t d[4];
      g.gicc().access(rng() % c.cpus, false, rng() % 2 ? 0xc : 0x20, 4, d, false, rng() % 2);
    } else if (what == 8) {
      g.spi_line(32 + rng() % c.spis).set(rng() % 2);
    } else {
      g.ppi_line(rng() % c.cpus, 16 + rng() % 16).set(rng() % 2);
    }
  }
}

class Reset : public ::testing::TestWithParam<GicConfig> {};

TEST_P(Reset, RandomActivityThenResetReadsLikeAFreshGic) {
  LogCapture quiet;  // the random guest makes plenty of bad accesses
  const GicConfig c = GetParam();
  Gic fresh(c);
  const std::vector<uint64_t> want = dump(fresh);
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    Gic g(c);
    scramble(g, seed);
    const std::vector<uint64_t> before = dump(g);
    EXPECT_NE(before, want) << "the activity changed nothing: the test would prove nothing";
    for (unsigned i = 0; i < c.spis; ++i) g.spi_line(32 + i).lower();
    for (unsigned cpu = 0; cpu < c.cpus; ++cpu)
      for (unsigned i = 16; i < 32; ++i) g.ppi_line(cpu, i).lower();
    g.reset();
    const std::vector<uint64_t> got = dump(g);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_EQ(got[i], want[i]) << "dump word " << i << " differs after reset (seed " << seed
                                 << ")";
    for (unsigned cpu = 0; cpu < c.cpus; ++cpu) {
      const CpuLines& o = g.out(cpu);
      EXPECT_FALSE(o.irq.read() || o.fiq.read() || o.virq.read() || o.vfiq.read() ||
                   o.maint.read());
    }
  }
}

TEST_P(Reset, ALevelHeldHighStaysPendingAndRedistributorsSleep) {
  const GicConfig c = GetParam();
  GicHarness h(c);
  h.secure = c.two_security_states();
  h.gic.spi_line(40).raise();
  if (c.version == 3) h.set_rdist(1, 0x14, 0);
  h.gic.reset();
  EXPECT_EQ(h.gicd(0x204) >> 8 & 1, 1u) << "ISPENDR1: SPI 40's line is still high";
  if (c.version == 3) {
    EXPECT_EQ(h.rdist(1, 0x14), 0x6u) << "GICR_WAKER after reset";
  }
  h.gic.spi_line(40).lower();
  EXPECT_EQ(h.gicd(0x204) >> 8 & 1, 0u);
}

INSTANTIATE_TEST_SUITE_P(Configs, Reset,
                         ::testing::Values(config(3, 1), config(3, 2), config(2, 1), config(2, 2),
                                           config(3, 1, false), config(2, 2, false)),
                         [](const auto& i) {
                           return "v" + std::to_string(i.param.version) + "_" +
                                  std::to_string(i.param.security_states) + "ss" +
                                  (i.param.virtualization ? "" : "_novirt");
                         });

TEST(Bounds, InputLinesAndCpusOutOfRangeThrowNamingValueAndRange) {
  Gic g(config(3, 1));  // 3 CPUs, SPIs 32..95
  auto message = [](auto f) {
    try {
      f();
    } catch (const std::out_of_range& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_EQ(message([&] { g.spi_line(10); }),
            "gicsim::Gic::spi_line: INTID 10 is out of range (valid: 32..95)");
  EXPECT_EQ(message([&] { g.spi_line(200); }),
            "gicsim::Gic::spi_line: INTID 200 is out of range (valid: 32..95)");
  EXPECT_EQ(message([&] { g.ppi_line(0, 40); }),
            "gicsim::Gic::ppi_line: INTID 40 is out of range (valid: 16..31)");
  EXPECT_EQ(message([&] { g.ppi_line(3, 20); }),
            "gicsim::Gic::ppi_line: cpu 3 is out of range (this GIC has CPUs 0..2)");
  EXPECT_EQ(message([&] { g.out(7); }),
            "gicsim::Gic::out: cpu 7 is out of range (this GIC has CPUs 0..2)");
  EXPECT_EQ(message([&] { g.cpuif(3); }),
            "gicsim::Gic::cpuif: cpu 3 is out of range (this GIC has CPUs 0..2)");
  EXPECT_EQ(message([&] { g.vcpuif(3); }),
            "gicsim::Gic::vcpuif: cpu 3 is out of range (this GIC has CPUs 0..2)");
  EXPECT_NO_THROW(g.spi_line(95).raise());
  // A GICv2 CPU-banked frame accessed on behalf of a CPU it does not have:
  // an address error and a log line, never a stray bank.
  LogCapture log;
  GicConfig c2 = config(2, 1);
  Gic v2(c2);
  uint8_t d[4] = {};
  EXPECT_EQ(v2.gicc().access(3, false, 0xc, 4, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(v2.gicd().access(7, true, 0x100, 4, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_TRUE(log.contains("from cpu3, which this GIC does not have"));
  EXPECT_NO_THROW(g.ppi_line(2, 31).raise());
}

TEST(Virtualization, OffLeavesOutIchIcvAndTheGicv2Frames) {
  LogCapture log;
  GicHarness v3(config(3, 1, false));
  uint64_t v = 0;
  EXPECT_EQ(v3.sys(0, Sr::ICH_HCR_EL2, false, v, 2), SysregStatus::Undefined);
  EXPECT_EQ(v3.sys(0, Sr::ICH_VTR_EL2, false, v, 2), SysregStatus::Undefined);
  // EL1 with IMO/FMO reaches the physical interface: there is no ICV_PMR_EL1.
  v = 0xf0;
  EXPECT_EQ(v3.sys(0, Sr::ICC_PMR_EL1, true, v, 1, true, true), SysregStatus::Ok);
  EXPECT_EQ(v3.sr(0, Sr::ICC_PMR_EL1), 0xf0u);
  GicHarness v2(config(2, 1, false));
  EXPECT_TRUE(v2.gic.has_frame("GICC"));
  EXPECT_FALSE(v2.gic.has_frame("GICH"));
  EXPECT_FALSE(v2.gic.has_frame("GICV"));
  GicHarness on(config(2, 1, true));
  EXPECT_TRUE(on.gic.has_frame("GICH") && on.gic.has_frame("GICV"));
}

}  // namespace
}  // namespace gicsim
