#include <gtest/gtest.h>

#include "gic_harness.h"

using namespace gicsim;

namespace {
GicConfig v3(unsigned cpus = 4, unsigned spis = 96) {
  GicConfig c;
  c.version = 3;
  c.cpus = cpus;
  c.spis = spis;
  return c;
}

struct V3 : ::testing::Test {
  GicHarness h{v3()};
};
}  // namespace

// ---- Distributor registers ------------------------------------------------

TEST_F(V3, GicdResetValues) {
  EXPECT_EQ(h.gicd(0x0), 0x50u);  // ARE | DS, groups disabled
  const uint32_t typer = uint32_t(h.gicd(0x4));
  EXPECT_EQ(typer & 0x1f, 3u);               // ITLinesNumber: 128 INTIDs
  EXPECT_EQ(typer >> 5 & 7, 0u);             // CPUNumber: ARE RAO/WI
  EXPECT_EQ(typer >> 10 & 1, 0u);            // SecurityExtn
  EXPECT_EQ(typer >> 19 & 0x1f, 9u);         // IDbits
  EXPECT_EQ(typer >> 25 & 1, 0u);            // No1N: 1-of-N supported
  EXPECT_EQ(h.gicd(0x8), 0x43bu);            // IIDR
  EXPECT_EQ(h.gicd(0xffe8) >> 4 & 0xf, 3u);  // PIDR2.ArchRev
  EXPECT_EQ(h.gicd(0x84), 0u);               // IGROUPR1
  EXPECT_EQ(h.gicd(0x104), 0u);              // ISENABLER1
  EXPECT_EQ(h.gicd(0x420), 0u);              // IPRIORITYR8
  EXPECT_EQ(h.gicd(0xc08), 0u);              // ICFGR2: level
  EXPECT_EQ(h.gicd(0x6100, 0, 8), 0u);       // IROUTER32
}

TEST_F(V3, GicdCtlrEnablesAndRaoFields) {
  h.set_gicd(0x0, 0xffffffff);
  EXPECT_EQ(h.gicd(0x0), 0x53u);  // EnableGrp0/1 + RAO ARE, DS; RWP reads 0
  h.set_gicd(0x0, 0x0);
  EXPECT_EQ(h.gicd(0x0), 0x50u);
}

TEST_F(V3, TyperReflectsConfiguration) {
  GicHarness big{v3(64, 988)};
  const uint32_t t = uint32_t(big.gicd(0x4));
  EXPECT_EQ(t & 0x1f, 31u);
  EXPECT_EQ(t >> 5 & 7, 0u);                       // CPUNumber: ARE is RAO/WI, no legacy targeting
  EXPECT_EQ(big.rdist(63, 0x8, 8) & 0x10, 0x10u);  // Last
  EXPECT_EQ(big.rdist(62, 0x8, 8) & 0x10, 0u);
  EXPECT_EQ(big.rdist(63, 0x8, 8) >> 32, 0x30fu);  // Aff1=3, Aff0=15
  EXPECT_EQ(big.rdist(63, 0x8, 8) >> 8 & 0xffff, 63u);
}

TEST_F(V3, SetClearEnablePendingActive) {
  h.set_gicd(0x104, 0x5);
  EXPECT_EQ(h.gicd(0x104), 0x5u);
  EXPECT_EQ(h.gicd(0x184), 0x5u);
  h.set_gicd(0x184, 0x1);
  EXPECT_EQ(h.gicd(0x104), 0x4u);
  h.set_gicd(0x204, 0x3);
  EXPECT_EQ(h.gicd(0x204), 0x3u);
  h.set_gicd(0x284, 0x1);
  EXPECT_EQ(h.gicd(0x284), 0x2u);
  h.set_gicd(0x304, 0x80000000);
  EXPECT_EQ(h.gicd(0x304), 0x80000000u);
  h.set_gicd(0x384, 0x80000000);
  EXPECT_EQ(h.gicd(0x384), 0u);
}

TEST_F(V3, GicdPrivateWordsAreRazWi) {
  h.set_gicd(0x100, 0xffffffff);
  EXPECT_EQ(h.gicd(0x100), 0u);
  h.set_gicd(0x400, 0xffffffff);
  EXPECT_EQ(h.gicd(0x400), 0u);
  EXPECT_EQ(h.sgi_frame(0, 0x100), 0u);
}

TEST_F(V3, UnimplementedSpisRazWi) {
  h.set_gicd(0x10c, 0xffffffff);  // INTIDs 96..127: 32 SPIs beyond 96+32? implemented: 32..127
  EXPECT_EQ(h.gicd(0x10c), 0xffffffffu);
  h.set_gicd(0x110, 0xffffffff);  // INTIDs 128..159: not implemented
  EXPECT_EQ(h.gicd(0x110), 0u);
  h.set_gicd(0x6000 + 8 * 200, 1, 0, 8);
  EXPECT_EQ(h.gicd(0x6000 + 8 * 200, 0, 8), 0u);
}

TEST_F(V3, PriorityByteAccessAndUnimplementedBits) {
  h.set_gicd(0x420, 0xffffffff);
  EXPECT_EQ(h.gicd(0x420), 0xf8f8f8f8u);  // 5 priority bits: [2:0] RAZ/WI
  h.set_gicd(0x421, 0x13, 0, 1);
  EXPECT_EQ(h.gicd(0x421, 0, 1), 0x10u);
  EXPECT_EQ(h.gicd(0x420), 0xf8f810f8u);
  uint64_t v = 0;
  EXPECT_EQ(h.access(h.gic.gicd(), 0, false, 0x420, 2, v), tlm::TLM_BURST_ERROR_RESPONSE);
}

TEST_F(V3, IcfgrEdgeBitsOnly) {
  h.set_gicd(0xc08, 0xffffffff);
  EXPECT_EQ(h.gicd(0xc08), 0xaaaaaaaau);          // Int_config[0] reserved
  EXPECT_EQ(h.sgi_frame(0, 0xc00), 0xaaaaaaaau);  // SGIs: edge, RO
  h.set_sgi_frame(0, 0xc00, 0);
  EXPECT_EQ(h.sgi_frame(0, 0xc00), 0xaaaaaaaau);
  h.set_sgi_frame(0, 0xc04, 0x80000000);  // PPI 31 edge
  EXPECT_EQ(h.sgi_frame(0, 0xc04), 0x80000000u);
  EXPECT_EQ(h.sgi_frame(1, 0xc04), 0u);
}

TEST_F(V3, IrouterRoutingModeAndReservedBits) {
  h.set_gicd(0x6100, 0xffffffffffffffffull, 0, 8);
  EXPECT_EQ(h.gicd(0x6100, 0, 8), 0xff80ffffffull);  // Aff3, IRM, Aff2..0
  h.set_gicd(0x6104, 0x0, 0, 4);                     // upper half
  EXPECT_EQ(h.gicd(0x6100, 0, 8), 0x80ffffffull);
  uint64_t v = 0;
  EXPECT_EQ(h.access(h.gic.gicd(), 0, false, 0x6102, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST_F(V3, DsRazWiRegisters) {
  h.set_gicd(0xd04, 0xffffffff);  // IGRPMODR1
  EXPECT_EQ(h.gicd(0xd04), 0u);
  h.set_gicd(0xe08, 0xffffffff);  // NSACR2
  EXPECT_EQ(h.gicd(0xe08), 0u);
  h.set_gicd(0x820, 0xffffffff);  // ITARGETSR8 with ARE=1
  EXPECT_EQ(h.gicd(0x820), 0u);
  EXPECT_TRUE(h.log.lines.empty());
}

TEST_F(V3, BadAccessesAreLoggedNotFatal) {
  uint64_t v = 0;
  EXPECT_EQ(h.access(h.gic.gicd(), 0, false, 0x1, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(h.access(h.gic.gicd(), 0, false, 0x0, 8, v), tlm::TLM_BURST_ERROR_RESPONSE);
  EXPECT_EQ(h.access(h.gic.gicd(), 0, false, 0x100, 1, v), tlm::TLM_BURST_ERROR_RESPONSE);
  EXPECT_EQ(h.access(h.gic.gicd(), 0, false, 0x0, 2, v), tlm::TLM_BURST_ERROR_RESPONSE);
  h.set_gicd(0x4, 0);  // write to RO TYPER: ignored
  EXPECT_EQ(h.gicd(0x4) & 0x1f, 3u);
  EXPECT_TRUE(h.log.contains("GICD_TYPER: write to a read-only register ignored"));
  v = 0xffffffff;
  EXPECT_EQ(h.access(h.gic.gicd(), 0, false, 0x5000, 4, v), tlm::TLM_OK_RESPONSE);  // reserved
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(h.log.contains("reserved offset, RAZ/WI"));
  EXPECT_EQ(h.access(h.gic.gicr(), 0, false, 4 * 0x20000, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_TRUE(h.log.contains("outside every frame"));
}

// ---- Redistributor --------------------------------------------------------

TEST_F(V3, RedistributorResetAndWaker) {
  EXPECT_EQ(h.rdist(0, 0x0), 0u);
  EXPECT_EQ(h.rdist(0, 0x4), 0x43bu);
  EXPECT_EQ(h.rdist(1, 0x8, 8), (1ull << 32) | (1u << 8));
  EXPECT_EQ(h.rdist(1, 0x8, 4), 1u << 8);
  EXPECT_EQ(h.rdist(1, 0xc, 4), 1u);
  EXPECT_EQ(h.rdist(2, 0x14), 0x6u);  // ProcessorSleep, ChildrenAsleep
  h.set_rdist(2, 0x14, 0);
  EXPECT_EQ(h.rdist(2, 0x14), 0u);
  EXPECT_EQ(h.rdist(3, 0x14), 0x6u);
  h.set_rdist(2, 0x14, 0x4);  // ChildrenAsleep is RO
  EXPECT_EQ(h.rdist(2, 0x14), 0u);
  EXPECT_EQ(h.rdist(0, 0xffe8) >> 4 & 0xf, 3u);
}

TEST_F(V3, SgiFrameRegistersPerCpu) {
  h.set_sgi_frame(1, 0x80, 0xffffffff);
  EXPECT_EQ(h.sgi_frame(1, 0x80), 0xffffffffu);
  EXPECT_EQ(h.sgi_frame(0, 0x80), 0u);
  h.set_sgi_frame(1, 0x100, 0x8000001);
  EXPECT_EQ(h.sgi_frame(1, 0x100), 0x8000001u);
  h.set_sgi_frame(1, 0x180, 1);
  EXPECT_EQ(h.sgi_frame(1, 0x100), 0x8000000u);
  h.set_sgi_frame(1, 0x41b, 0xa0, 1);
  EXPECT_EQ(h.sgi_frame(1, 0x418), 0xa0000000u);
  EXPECT_EQ(h.sgi_frame(1, 0xd00), 0u);  // IGRPMODR0 RAZ/WI
}

// ---- CPU interface registers ---------------------------------------------

TEST_F(V3, IccResetValues) {
  EXPECT_EQ(h.sr(0, Sr::ICC_PMR_EL1), 0u);
  EXPECT_EQ(h.sr(0, Sr::ICC_BPR0_EL1), 2u);
  EXPECT_EQ(h.sr(0, Sr::ICC_BPR1_EL1), 3u);
  EXPECT_EQ(h.sr(0, Sr::ICC_CTLR_EL1), 4u << 8);  // PRIbits = 5-1
  EXPECT_EQ(h.sr(0, Sr::ICC_RPR_EL1), 0xffu);
  EXPECT_EQ(h.sr(0, Sr::ICC_IGRPEN1_EL1), 0u);
  EXPECT_EQ(h.sr(0, Sr::ICC_SRE_EL1), 7u);
  EXPECT_EQ(h.sr(0, Sr::ICC_SRE_EL2, 2), 0xfu);
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR1_EL1), 1023u);
  EXPECT_EQ(h.sr(0, Sr::ICC_HPPIR0_EL1), 1023u);
  EXPECT_EQ(h.sr(0, Sr::ICC_AP1R0_EL1), 0u);
}

TEST_F(V3, IccWritesAndReservedBits) {
  h.sw(0, Sr::ICC_PMR_EL1, 0xffff);
  EXPECT_EQ(h.sr(0, Sr::ICC_PMR_EL1), 0xf8u);
  h.sw(0, Sr::ICC_BPR0_EL1, 0);
  EXPECT_EQ(h.sr(0, Sr::ICC_BPR0_EL1), 2u);
  h.sw(0, Sr::ICC_BPR1_EL1, 0xff);
  EXPECT_EQ(h.sr(0, Sr::ICC_BPR1_EL1), 7u);
  h.sw(0, Sr::ICC_CTLR_EL1, 0xffffffff);
  EXPECT_EQ(h.sr(0, Sr::ICC_CTLR_EL1), (4u << 8) | 3u);  // CBPR, EOImode; PRIbits RO
  EXPECT_EQ(h.sr(0, Sr::ICC_BPR1_EL1), 3u);              // CBPR: BPR0 + 1
  EXPECT_EQ(h.sr(0, Sr::ICC_CTLR_EL3, 3) & 0x12, 0x12u);
  h.sw(0, Sr::ICC_IGRPEN1_EL1, 0xff);
  EXPECT_EQ(h.sr(0, Sr::ICC_IGRPEN1_EL1), 1u);
  EXPECT_EQ(h.sr(0, Sr::ICC_IGRPEN1_EL3, 3), 1u);
  h.sw(0, Sr::ICC_AP1R0_EL1, 0x80000000);
  EXPECT_EQ(h.sr(0, Sr::ICC_RPR_EL1), 0xf8u);
  uint64_t v = 0;
  EXPECT_EQ(h.sys(0, Sr::ICC_AP1R0_EL1 + 1, false, v),
            SysregStatus::Undefined);                                         // 5 bits: only AP1R0
  EXPECT_EQ(h.sys(0, Sr::ICC_IAR1_EL1, true, v), SysregStatus::Undefined);    // RO
  EXPECT_EQ(h.sys(0, Sr::ICC_EOIR1_EL1, false, v), SysregStatus::Undefined);  // WO
  EXPECT_EQ(h.sys(0, Sr::ICC_SGI1R_EL1, false, v), SysregStatus::Undefined);
  EXPECT_EQ(h.sys(0, Sr::ICC_NMIAR1_EL1, false, v), SysregStatus::Undefined);
  EXPECT_EQ(h.sys(0, Sr::ICC_SRE_EL2, false, v, 1), SysregStatus::Undefined);  // EL too low
  EXPECT_EQ(h.sys(0, Sr::ICH_HCR_EL2, false, v, 1), SysregStatus::Undefined);
  EXPECT_TRUE(h.log.contains("UNDEFINED"));
}

TEST_F(V3, SgiWritesTrapToEl2UnderImoFmo) {
  uint64_t v = 0;
  EXPECT_EQ(h.sys(0, Sr::ICC_SGI1R_EL1, true, v, 1, true, false), SysregStatus::TrapEl2);
  EXPECT_EQ(h.sys(0, Sr::ICC_SGI0R_EL1, true, v, 1, false, true), SysregStatus::TrapEl2);
  EXPECT_EQ(h.sys(0, Sr::ICC_SGI0R_EL1, true, v, 1, true, false), SysregStatus::Ok);
}

// ---- Scenarios -------------------------------------------------------------

TEST_F(V3, SpiRoutedToCpuRoundTrip) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 2);
  EXPECT_FALSE(h.irq(2));
  h.gic.spi_line(40).pulse();
  EXPECT_TRUE(h.irq(2));
  EXPECT_FALSE(h.irq(0));
  EXPECT_EQ(h.sr(2, Sr::ICC_HPPIR1_EL1), 40u);
  EXPECT_EQ(h.sr(2, Sr::ICC_IAR1_EL1), 40u);
  EXPECT_FALSE(h.irq(2));
  EXPECT_EQ(h.gicd(0x304) >> 8 & 1, 1u);  // active
  EXPECT_EQ(h.gicd(0x204) >> 8 & 1, 0u);  // not pending
  EXPECT_EQ(h.sr(2, Sr::ICC_RPR_EL1), 0xa0u);
  h.sw(2, Sr::ICC_EOIR1_EL1, 40);
  EXPECT_EQ(h.gicd(0x304), 0u);
  EXPECT_EQ(h.sr(2, Sr::ICC_RPR_EL1), 0xffu);
  EXPECT_EQ(h.sr(2, Sr::ICC_IAR1_EL1), 1023u);
}

TEST_F(V3, SpiRetargetedWhilePending) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 1);
  h.gic.spi_line(40).pulse();
  EXPECT_TRUE(h.irq(1));
  h.set_gicd(0x6000 + 8 * 40, 3, 0, 8);
  EXPECT_FALSE(h.irq(1));
  EXPECT_TRUE(h.irq(3));
}

TEST_F(V3, OneOfNPicksAParticipatingCpu) {
  h.v3_bringup();
  h.sw(0, Sr::ICC_IGRPEN0_EL1, 0);
  h.sw(0, Sr::ICC_IGRPEN1_EL1, 0);  // cpu0 leaves
  h.set_rdist(1, 0x14, 0x2);        // cpu1 goes to sleep
  h.v3_spi(50, 0x80, 0);
  h.set_gicd(0x6000 + 8 * 50, 1ull << 31, 0, 8);  // IRM = 1
  std::vector<unsigned> taken;
  for (int round = 0; round < 4; ++round) {
    h.gic.spi_line(50).pulse();
    unsigned hits = 0;
    for (unsigned c = 0; c < 4; ++c)
      if (h.irq(c)) {
        ++hits;
        EXPECT_EQ(h.sr(c, Sr::ICC_IAR1_EL1), 50u);
        h.sw(c, Sr::ICC_EOIR1_EL1, 50);
        taken.push_back(c);
      }
    EXPECT_EQ(hits, 1u);
  }
  for (unsigned c : taken) EXPECT_TRUE(c == 2 || c == 3) << c;
  EXPECT_NE(taken[0], taken[1]);  // round robin
}

TEST_F(V3, OneOfNWithNoParticipantStaysPending) {
  h.set_gicd(0x0, 0x3);
  h.v3_spi(50, 0x80, 0);
  h.set_gicd(0x6000 + 8 * 50, 1ull << 31, 0, 8);
  h.gic.spi_line(50).pulse();
  EXPECT_EQ(h.gicd(0x204) >> 18 & 1, 1u);
  h.set_rdist(2, 0x14, 0);
  h.sw(2, Sr::ICC_PMR_EL1, 0xff);
  h.sw(2, Sr::ICC_IGRPEN1_EL1, 1);
  EXPECT_TRUE(h.irq(2));
}

TEST_F(V3, SgiTargetListAllButSelfAndAffinity) {
  GicHarness g{v3(20)};
  g.v3_bringup();
  for (unsigned c = 0; c < 20; ++c) {
    g.set_sgi_frame(c, 0x80, 0xffff);  // SGIs group 1
    g.set_sgi_frame(c, 0x100, 0xffff);
  }
  // Target list 0b101 at Aff1=0: cpus 0 and 2; SGI 3.
  g.sw(1, Sr::ICC_SGI1R_EL1, (3ull << 24) | 0x5);
  for (unsigned c = 0; c < 20; ++c) EXPECT_EQ(g.irq(c), c == 0 || c == 2) << c;
  EXPECT_EQ(g.sr(0, Sr::ICC_IAR1_EL1), 3u);
  EXPECT_EQ(g.sr(2, Sr::ICC_IAR1_EL1), 3u);
  g.sw(0, Sr::ICC_EOIR1_EL1, 3);
  g.sw(2, Sr::ICC_EOIR1_EL1, 3);
  // Aff1=1, target bit 2: cpu 18.
  g.sw(0, Sr::ICC_SGI1R_EL1, (7ull << 24) | (1ull << 16) | 0x4);
  for (unsigned c = 0; c < 20; ++c) EXPECT_EQ(g.irq(c), c == 18) << c;
  EXPECT_EQ(g.sr(18, Sr::ICC_IAR1_EL1), 7u);
  g.sw(18, Sr::ICC_EOIR1_EL1, 7);
  // IRM: all but self.
  g.sw(5, Sr::ICC_SGI1R_EL1, (1ull << 40) | (9ull << 24));
  for (unsigned c = 0; c < 20; ++c) EXPECT_EQ(g.irq(c), c != 5) << c;
  // Group mismatch: SGI0R for a Group 1 SGI is not forwarded.
  g.sw(5, Sr::ICC_SGI0R_EL1, (1ull << 40) | (10ull << 24));
  EXPECT_EQ(g.sgi_frame(0, 0x200) >> 10 & 1, 0u);
}

TEST_F(V3, PpiPerCpu) {
  h.v3_bringup();
  for (unsigned c = 0; c < 4; ++c) {
    h.set_sgi_frame(c, 0x80, 1u << 27);
    h.set_sgi_frame(c, 0x100, 1u << 27);
  }
  h.gic.ppi_line(1, 27).raise();
  EXPECT_TRUE(h.irq(1));
  EXPECT_FALSE(h.irq(0));
  EXPECT_EQ(h.sgi_frame(1, 0x200), 1u << 27);
  EXPECT_EQ(h.sgi_frame(0, 0x200), 0u);
  EXPECT_EQ(h.sr(1, Sr::ICC_IAR1_EL1), 27u);
  h.gic.ppi_line(1, 27).lower();
  h.sw(1, Sr::ICC_EOIR1_EL1, 27);
  EXPECT_FALSE(h.irq(1));
}

TEST_F(V3, PriorityMasking) {
  h.v3_bringup();
  h.v3_spi(40, 0x80, 0);
  h.sw(0, Sr::ICC_PMR_EL1, 0x80);
  h.gic.spi_line(40).pulse();
  EXPECT_FALSE(h.irq(0));
  EXPECT_EQ(h.sr(0, Sr::ICC_HPPIR1_EL1), 40u);  // pending but masked
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR1_EL1), 1023u);
  h.sw(0, Sr::ICC_PMR_EL1, 0x88);
  EXPECT_TRUE(h.irq(0));
}

TEST_F(V3, PreemptionAndNestingWithEoiInOrder) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 0);
  h.v3_spi(41, 0x40, 0);
  h.v3_spi(42, 0xa8, 0);  // same group priority as 40 with BPR1=3? 0xa8 vs 0xa0: different
  h.gic.spi_line(40).pulse();
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR1_EL1), 40u);
  h.gic.spi_line(42).pulse();  // lower priority: does not preempt
  EXPECT_FALSE(h.irq(0));
  h.gic.spi_line(41).pulse();  // higher priority: preempts
  EXPECT_TRUE(h.irq(0));
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR1_EL1), 41u);
  EXPECT_EQ(h.sr(0, Sr::ICC_RPR_EL1), 0x40u);
  EXPECT_EQ(h.sr(0, Sr::ICC_AP1R0_EL1), (1u << 8) | (1u << 20));
  h.sw(0, Sr::ICC_EOIR1_EL1, 41);
  EXPECT_EQ(h.sr(0, Sr::ICC_RPR_EL1), 0xa0u);
  EXPECT_FALSE(h.irq(0));
  h.sw(0, Sr::ICC_EOIR1_EL1, 40);
  EXPECT_TRUE(h.irq(0));  // 42 now
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR1_EL1), 42u);
  h.sw(0, Sr::ICC_EOIR1_EL1, 42);
  EXPECT_EQ(h.sr(0, Sr::ICC_AP1R0_EL1), 0u);
  EXPECT_EQ(h.gicd(0x304), 0u);
}

TEST_F(V3, BinaryPointLimitsPreemption) {
  h.v3_bringup();
  h.sw(0, Sr::ICC_BPR1_EL1, 6);  // group priority bits [7:6]
  h.v3_spi(40, 0xa0, 0);
  h.v3_spi(41, 0x90, 0);  // same group priority 0x80
  h.gic.spi_line(40).pulse();
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR1_EL1), 40u);
  h.gic.spi_line(41).pulse();
  EXPECT_FALSE(h.irq(0));
  EXPECT_EQ(h.sr(0, Sr::ICC_RPR_EL1), 0x80u);
}

TEST_F(V3, Group0IsFiq) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 0);
  h.set_gicd(0x84, 0);  // back to group 0
  h.gic.spi_line(40).pulse();
  EXPECT_TRUE(h.fiq(0));
  EXPECT_FALSE(h.irq(0));
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR1_EL1), 1023u);
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR0_EL1), 40u);
  EXPECT_EQ(h.sr(0, Sr::ICC_AP0R0_EL1), 1u << 20);
  h.sw(0, Sr::ICC_EOIR0_EL1, 40);
  EXPECT_FALSE(h.fiq(0));
}

TEST_F(V3, GroupDisabledNotSignalled) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 0);
  h.sw(0, Sr::ICC_IGRPEN1_EL1, 0);
  h.gic.spi_line(40).pulse();
  EXPECT_FALSE(h.irq(0));
  h.sw(0, Sr::ICC_IGRPEN1_EL1, 1);
  EXPECT_TRUE(h.irq(0));
  h.set_gicd(0x0, 0x1);  // distributor Group 1 off
  EXPECT_FALSE(h.irq(0));
}

TEST_F(V3, EoiMode1SplitsDropAndDeactivate) {
  h.v3_bringup();
  h.sw(0, Sr::ICC_CTLR_EL1, 0x2);
  h.v3_spi(40, 0xa0, 0);
  h.gic.spi_line(40).pulse();
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR1_EL1), 40u);
  h.sw(0, Sr::ICC_EOIR1_EL1, 40);
  EXPECT_EQ(h.sr(0, Sr::ICC_RPR_EL1), 0xffu);  // priority dropped
  EXPECT_EQ(h.gicd(0x304) >> 8 & 1, 1u);       // still active
  h.gic.spi_line(40).pulse();                  // pending+active: not signalled again
  EXPECT_FALSE(h.irq(0));
  EXPECT_EQ(h.gicd(0x204) >> 8 & 1, 1u);
  h.sw(0, Sr::ICC_DIR_EL1, 40);
  EXPECT_EQ(h.gicd(0x304), 0u);
  EXPECT_TRUE(h.irq(0));
}

TEST_F(V3, DirWithEoiMode0IsIgnoredAndLogged) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 0);
  h.gic.spi_line(40).pulse();
  h.sr(0, Sr::ICC_IAR1_EL1);
  h.sw(0, Sr::ICC_DIR_EL1, 40);
  EXPECT_EQ(h.gicd(0x304) >> 8 & 1, 1u);
  EXPECT_TRUE(h.log.contains("DIR of INTID 40 with EOImode 0 ignored"));
}

TEST_F(V3, LevelInterruptRependsWhileLineHigh) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 0, false);
  h.gic.spi_line(40).raise();
  EXPECT_TRUE(h.irq(0));
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR1_EL1), 40u);
  EXPECT_EQ(h.gicd(0x204) >> 8 & 1, 1u);  // pending+active
  EXPECT_EQ(h.gicd(0x304) >> 8 & 1, 1u);
  h.sw(0, Sr::ICC_EOIR1_EL1, 40);
  EXPECT_TRUE(h.irq(0));  // line still high
  EXPECT_EQ(h.sr(0, Sr::ICC_IAR1_EL1), 40u);
  h.gic.spi_line(40).lower();
  h.sw(0, Sr::ICC_EOIR1_EL1, 40);
  EXPECT_FALSE(h.irq(0));
  EXPECT_EQ(h.gicd(0x204), 0u);
}

TEST_F(V3, LevelPendingLatchIndependentOfLine) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 0, false);
  h.set_gicd(0x204, 1u << 8);  // ISPENDR sets the latch
  EXPECT_TRUE(h.irq(0));
  h.set_gicd(0x284, 1u << 8);  // ICPENDR clears it
  EXPECT_FALSE(h.irq(0));
  h.gic.spi_line(40).raise();
  h.set_gicd(0x284, 1u << 8);  // line still high: stays pending
  EXPECT_TRUE(h.irq(0));
}

TEST_F(V3, DisabledPendingNotSignalledUntilEnabled) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 0);
  h.set_gicd(0x184, 1u << 8);
  h.gic.spi_line(40).pulse();
  EXPECT_FALSE(h.irq(0));
  EXPECT_EQ(h.gicd(0x204) >> 8 & 1, 1u);
  h.set_gicd(0x104, 1u << 8);
  EXPECT_TRUE(h.irq(0));
}

TEST_F(V3, PriorityChangeWhilePendingReorders) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 0);
  h.v3_spi(41, 0xb0, 0);
  h.gic.spi_line(40).pulse();
  h.gic.spi_line(41).pulse();
  EXPECT_EQ(h.sr(0, Sr::ICC_HPPIR1_EL1), 40u);
  h.set_gicd(0x400 + 41, 0x10, 0, 1);
  EXPECT_EQ(h.sr(0, Sr::ICC_HPPIR1_EL1), 41u);
}

TEST_F(V3, SpuriousEoiIgnored) {
  h.v3_bringup();
  h.sw(0, Sr::ICC_EOIR1_EL1, 1023);
  EXPECT_TRUE(h.log.lines.empty());
  h.sw(0, Sr::ICC_EOIR1_EL1, 40);  // nothing active
  EXPECT_TRUE(h.log.contains("with no active priority"));
}

TEST_F(V3, DebugReadHasNoSideEffect) {
  h.v3_bringup();
  h.v3_spi(40, 0xa0, 0);
  h.gic.spi_line(40).pulse();
  uint64_t v = 0;
  EXPECT_EQ(h.access(h.gic.gicd(), 0, false, 0x204, 4, v, true), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(v, 1u << 8);
  EXPECT_TRUE(h.irq(0));
}

// Issue 19: every word of every set/clear register pair acts on exactly the
// bits written, for all 988 SPIs (a mutant that ignored ICENABLER words >= 2
// survived the tests that only used word 1).
TEST(V3Sweep, SetClearPairsActOnExactlyTheBitsInEveryWord) {
  GicHarness h{v3(2, 988)};
  const struct { uint32_t set, clear; } pairs[] = {{0x100, 0x180}, {0x200, 0x280}, {0x300, 0x380}};
  for (const auto& p : pairs) {
    for (unsigned w = 1; w < 32; ++w) {
      const uint32_t valid = w == 31 ? 0x0fffffffu : ~0u;  // INTIDs 1020..1023 do not exist
      const uint32_t pattern = 0xa5a5a5a5u ^ (w * 0x01010101u);
      h.set_gicd(p.set + 4 * w, pattern);
      EXPECT_EQ(h.gicd(p.set + 4 * w), pattern & valid) << hex(p.set) << " word " << w;
      EXPECT_EQ(h.gicd(p.clear + 4 * w), pattern & valid) << hex(p.clear) << " word " << w;
      if (w > 1) {
        EXPECT_EQ(h.gicd(p.set + 4 * (w - 1)), 0u) << "word " << w - 1 << " untouched";
      }
      h.set_gicd(p.clear + 4 * w, 0x0000ffffu);
      EXPECT_EQ(h.gicd(p.set + 4 * w), pattern & 0xffff0000u & valid)
          << hex(p.clear) << " word " << w;
      h.set_gicd(p.clear + 4 * w, ~0u);
      EXPECT_EQ(h.gicd(p.set + 4 * w), 0u) << hex(p.clear) << " word " << w;
    }
  }
}

// An edge-triggered interrupt's pending state is its latch: the line falling,
// or rising again while latched, changes nothing anyone looks at (the
// distributor tells its listener only about the edge that latched), while a
// level-sensitive one follows its line both ways.
TEST(Distributor, EdgeLineReportsOnlyTheLatchingEdge) {
  Distributor d(v3());
  std::vector<unsigned> seen;
  d.on_irq = [&](unsigned, unsigned intid) { seen.push_back(intid); };
  d.set_state(Distributor::kEdge, 0, 40, true);
  seen.clear();
  d.set_line(0, 40, true);
  EXPECT_TRUE(d.pending(0, 40));
  d.set_line(0, 40, false);
  EXPECT_TRUE(d.pending(0, 40));  // latched
  d.set_state(Distributor::kLatch, 0, 40, false);
  d.set_line(0, 40, true);   // rises again: latches again
  d.set_line(0, 40, false);  // falls: no change
  EXPECT_EQ(seen, (std::vector<unsigned>{40, 40, 40}));
  EXPECT_TRUE(d.pending(0, 40));
  seen.clear();
  d.set_line(0, 41, true);  // level-sensitive: both edges change the pending state
  EXPECT_TRUE(d.pending(0, 41));
  d.set_line(0, 41, false);
  EXPECT_FALSE(d.pending(0, 41));
  EXPECT_EQ(seen, (std::vector<unsigned>{41, 41}));
}
