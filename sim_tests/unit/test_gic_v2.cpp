#include <gtest/gtest.h>

#include "gic_harness.h"

using namespace gicsim;

namespace {
struct V2 : ::testing::Test {
  static GicConfig cfg() {
    GicConfig c;
    c.version = 2;
    c.cpus = 4;
    c.spis = 64;
    return c;
  }
  GicHarness h{cfg()};
  uint64_t gicc(unsigned cpu, uint64_t off, bool debug = false) {
    uint64_t v = 0;
    EXPECT_EQ(h.access(h.gic.gicc(), cpu, false, off, 4, v, debug), tlm::TLM_OK_RESPONSE);
    return v;
  }
  void set_gicc(unsigned cpu, uint64_t off, uint64_t v) { h.wr(h.gic.gicc(), off, v, cpu); }
  void bringup() {
    h.set_gicd(0x0, 0x3);
    for (unsigned c = 0; c < 4; ++c) {
      set_gicc(c, 0x4, 0xff);
      set_gicc(c, 0x0, 0x3);
    }
  }
};
}  // namespace

TEST_F(V2, GicdResetValues) {
  EXPECT_EQ(h.gicd(0x0), 0u);
  EXPECT_EQ(h.gicd(0x4), 2u | (3u << 5));  // 96 INTIDs, 4 CPUs
  EXPECT_EQ(h.gicd(0x8), 0x0200143bu);
  EXPECT_EQ(h.gicd(0xfe8) >> 4 & 0xf, 2u);
  EXPECT_EQ(h.gicd(0xc00), 0xaaaaaaaau);
}

TEST_F(V2, ItargetsrBankedForPrivateAndByteWritableForSpis) {
  EXPECT_EQ(h.gicd(0x800, 0), 0x01010101u);
  EXPECT_EQ(h.gicd(0x81c, 2), 0x04040404u);
  h.set_gicd(0x81c, 0xffffffff, 2);  // RO
  EXPECT_EQ(h.gicd(0x81c, 2), 0x04040404u);
  h.set_gicd(0x821, 0xff, 0, 1);
  EXPECT_EQ(h.gicd(0x820), 0x0f00u);  // only 4 CPUs implemented
  EXPECT_EQ(h.gicd(0x821, 0, 1), 0x0fu);
}

TEST_F(V2, BankedPrivateWordsByAccessingCpu) {
  h.set_gicd(0x100, 0x80000000, 1);
  EXPECT_EQ(h.gicd(0x100, 1), 0x8000ffffu);  // SGIs always enabled (RAO/WI)
  EXPECT_EQ(h.gicd(0x100, 0), 0xffffu);
  h.set_gicd(0x180, 0xffff, 1);
  EXPECT_EQ(h.gicd(0x100, 1), 0x8000ffffu);
  h.set_gicd(0x41f, 0x80, 3, 1);
  EXPECT_EQ(h.gicd(0x41c, 3), 0x80000000u);
  EXPECT_EQ(h.gicd(0x41c, 0), 0u);
}

TEST_F(V2, GiccResetAndRegisters) {
  EXPECT_EQ(gicc(0, 0x0), 0u);
  EXPECT_EQ(gicc(0, 0x4), 0u);
  EXPECT_EQ(gicc(0, 0x8), 2u);
  EXPECT_EQ(gicc(0, 0x1c), 3u);
  EXPECT_EQ(gicc(0, 0xc), 1023u);
  EXPECT_EQ(gicc(0, 0x14), 0xffu);
  EXPECT_EQ(gicc(0, 0xfc), 0x0202143bu);
  set_gicc(0, 0x0, 0xffffffff);
  EXPECT_EQ(gicc(0, 0x0), 0x3ffu);
  set_gicc(0, 0x4, 0xff);
  EXPECT_EQ(gicc(0, 0x4), 0xf8u);
  EXPECT_EQ(gicc(1, 0x4), 0u);  // banked
  uint64_t v = 0;
  EXPECT_EQ(h.access(h.gic.gicc(), 0, false, 0x2000, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(h.access(h.gic.gicc(), 0, false, 0xc, 1, v), tlm::TLM_BURST_ERROR_RESPONSE);
}

TEST_F(V2, SgiSourceCpuInIar) {
  bringup();
  h.set_gicd(0xf00, (0x5u << 16) | 3, 1);  // cpu1 -> cpus 0, 2: SGI 3
  h.set_gicd(0xf00, (0x1u << 16) | 3, 3);  // cpu3 -> cpu 0: SGI 3
  EXPECT_TRUE(h.irq(0));
  EXPECT_TRUE(h.irq(2));
  EXPECT_EQ(h.gicd(0xf10, 0) & 0xff000000u, 0x0a000000u);  // sources of SGI 3: cpus 1, 3
  EXPECT_EQ(gicc(0, 0x18), (1u << 10) | 3);                // HPPIR
  EXPECT_EQ(gicc(0, 0xc), (1u << 10) | 3);                 // lowest source first
  set_gicc(0, 0x10, (1u << 10) | 3);
  EXPECT_EQ(gicc(0, 0xc), (3u << 10) | 3);
  set_gicc(0, 0x10, (3u << 10) | 3);
  EXPECT_EQ(gicc(0, 0xc), 1023u);
  EXPECT_EQ(gicc(2, 0xc), (1u << 10) | 3);
}

TEST_F(V2, SgirFilters) {
  bringup();
  h.set_gicd(0xf00, (1u << 24) | 5, 2);  // all but self
  for (unsigned c = 0; c < 4; ++c) EXPECT_EQ(h.irq(c), c != 2);
  h.set_gicd(0xf00, (2u << 24) | 6, 2);  // self
  EXPECT_TRUE(h.irq(2));
  EXPECT_EQ(gicc(2, 0xc), (2u << 10) | 6);
  h.set_gicd(0xf00, (3u << 24) | 6, 2);
  EXPECT_TRUE(h.log.contains("reserved TargetListFilter"));
}

TEST_F(V2, SpendsgirAndCpendsgir) {
  bringup();
  h.set_gicd(0xf20, 0x06, 1, 1);  // SGI 0 at cpu1, sources 1 and 2
  EXPECT_EQ(h.gicd(0xf20, 1), 0x06u);
  EXPECT_EQ(h.gicd(0x200, 1) & 1, 1u);
  h.set_gicd(0xf10, 0x06, 1);
  EXPECT_EQ(h.gicd(0xf20, 1), 0u);
  EXPECT_FALSE(h.irq(1));
  h.set_gicd(0x200, 0xffff, 1);  // SGI bits of ISPENDR are read-only in GICv2
  EXPECT_EQ(h.gicd(0x200, 1), 0u);
}

TEST_F(V2, SpiToTwoTargetsTakenOnce) {
  bringup();
  h.set_gicd(0x84, 0);                // group 0
  h.set_gicd(0x820 + 8, 0x06, 0, 1);  // SPI 40 -> cpus 1, 2
  h.set_gicd(0x104, 1u << 8);
  h.gic.spi_line(40).raise();
  EXPECT_TRUE(h.irq(1));
  EXPECT_TRUE(h.irq(2));
  EXPECT_EQ(gicc(2, 0xc), 40u);
  EXPECT_FALSE(h.irq(1));
  EXPECT_EQ(gicc(1, 0xc), 1023u);
  set_gicc(2, 0x10, 40);
}

TEST_F(V2, Group1AckCtlAndAliases) {
  bringup();
  h.set_gicd(0x84, 1u << 8);  // SPI 40 group 1
  h.set_gicd(0x828, 0x1, 0, 1);
  h.set_gicd(0x104, 1u << 8);
  h.gic.spi_line(40).raise();
  EXPECT_TRUE(h.irq(0));
  EXPECT_EQ(gicc(0, 0x18), 1022u);  // AckCtl=0: HPPIR reports 1022
  EXPECT_EQ(gicc(0, 0xc), 1022u);
  EXPECT_EQ(gicc(0, 0x28), 40u);  // AHPPIR
  EXPECT_EQ(gicc(0, 0x20), 40u);  // AIAR
  EXPECT_EQ(gicc(0, 0xe0), 1u);   // NSAPR0: priority 0 is active
  set_gicc(0, 0x24, 40);          // AEOIR
  EXPECT_EQ(h.gicd(0x304), 0u);
}

TEST_F(V2, Group0AsFiqWithFiqEn) {
  bringup();
  set_gicc(0, 0x0, 0x3 | 0x8);  // FIQEn
  h.set_gicd(0x828, 0x1, 0, 1);
  h.set_gicd(0x104, 1u << 8);
  h.gic.spi_line(40).raise();
  EXPECT_TRUE(h.fiq(0));
  EXPECT_FALSE(h.irq(0));
}

TEST_F(V2, EoiModeAndDir) {
  bringup();
  set_gicc(0, 0x0, 0x3 | (1u << 9));
  h.set_gicd(0x828, 0x1, 0, 1);
  h.set_gicd(0x104, 1u << 8);
  h.gic.spi_line(40).raise();
  EXPECT_EQ(gicc(0, 0xc), 40u);
  set_gicc(0, 0x10, 40);
  EXPECT_EQ(gicc(0, 0x14), 0xffu);
  EXPECT_EQ(h.gicd(0x304) >> 8 & 1, 1u);
  set_gicc(0, 0x1000, 40);
  EXPECT_EQ(h.gicd(0x304), 0u);
}

TEST_F(V2, DebugReadOfIarDoesNotAcknowledge) {
  bringup();
  h.set_gicd(0x828, 0x1, 0, 1);
  h.set_gicd(0x104, 1u << 8);
  h.gic.spi_line(40).raise();
  EXPECT_EQ(gicc(0, 0xc, true), 40u);
  EXPECT_TRUE(h.irq(0));
  EXPECT_EQ(gicc(0, 0xc), 40u);
  EXPECT_FALSE(h.irq(0));
}

TEST_F(V2, NoSysregCpuInterface) {
  uint64_t v = 0;
  EXPECT_EQ(h.sys(0, Sr::ICC_IAR1_EL1, false, v), SysregStatus::Undefined);
}
