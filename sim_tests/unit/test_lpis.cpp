// LPIs in the redistributors and the ITS wired into the GIC (issue 17):
// ID registers, GICR_CTLR/PROPBASER/PENDBASER, direct LPIs, invalidation,
// the CPU interface's handling of LPIs (no active state), the pending table
// in memory, and an MSI through the GITS frames, all through registers.
// Expected values come from the GICv3 architecture's register descriptions.
#include <gtest/gtest.h>

#include "gic_harness.h"

using namespace gicsim;

namespace {

constexpr uint64_t kRam = 0x40000000, kRamSize = 8 << 20;
constexpr uint64_t kProp = kRam + 0x100000;  // configuration table (64 KiB aligned)
constexpr uint64_t kPend = kRam + 0x200000;  // pending tables, 64 KiB per CPU
constexpr uint64_t kQueue = kRam + 0x300000, kDt = kRam + 0x310000, kCt = kRam + 0x320000;
constexpr uint64_t kItt = kRam + 0x330000;
// Register offsets (GICv3 architecture).
constexpr uint64_t kGicrCtlr = 0x0, kGicrTyper = 0x8, kSetLpir = 0x40, kClrLpir = 0x48;
constexpr uint64_t kPropbaser = 0x70, kPendbaser = 0x78, kInvLpir = 0xa0, kInvAllr = 0xb0;
constexpr uint64_t kSyncr = 0xc0;

GicConfig lpi_config(unsigned lpi_bits = 16, bool its = true) {
  GicConfig c;
  c.cpus = 4;
  c.lpi_bits = lpi_bits;
  c.its = its;
  return c;
}

struct LpiTest : ::testing::Test {
  GicHarness h{lpi_config()};
  RamMemory ram{kRam, kRamSize};

  void SetUp() override {
    h.gic.set_memory(&ram);
    h.v3_bringup();
  }
  void set_config(uint32_t intid, uint8_t prio, bool enable) {
    const uint8_t b = uint8_t((prio & 0xfc) | 2 | (enable ? 1 : 0));  // bit 1 RES1
    ram.write(kProp + intid - 8192, &b, 1);
  }
  // PROPBASER with IDbits = 15 (16 bits), PENDBASER per CPU, EnableLPIs.
  void enable_lpis(unsigned cpu, bool ptz = true) {
    h.set_rdist(cpu, kPropbaser, kProp | 15, 8);
    h.set_rdist(cpu, kPendbaser, (kPend + cpu * 0x10000) | (ptz ? 1ull << 62 : 0), 8);
    h.set_rdist(cpu, kGicrCtlr, 1);
  }
  uint64_t iar(unsigned cpu) { return h.sr(cpu, Sr::ICC_IAR1_EL1); }
};

}  // namespace

TEST(LpiIds, TyperAdvertisesLpisAndIdBits) {
  GicHarness h{lpi_config(20)};
  const uint64_t t = h.gicd(0x4);
  EXPECT_EQ(t >> 17 & 1, 1u);      // LPIS
  EXPECT_EQ(t >> 19 & 0x1f, 19u);  // IDbits: 20 INTID bits
  const uint64_t r = h.rdist(0, kGicrTyper, 8);
  EXPECT_EQ(r & 1, 1u);        // PLPIS
  EXPECT_EQ(r >> 3 & 1, 1u);   // DirectLPI
  EXPECT_EQ(r >> 24 & 3, 0u);  // CommonLPIAff: all redistributors share
  EXPECT_TRUE(h.gic.has_frame("GITS"));
  EXPECT_EQ(h.sr(0, Sr::ICC_CTLR_EL1) >> 11 & 7, 1u);  // IDbits: 24-bit INTIDs
  GicHarness h16{lpi_config(16)};
  EXPECT_EQ(h16.sr(0, Sr::ICC_CTLR_EL1) >> 11 & 7, 0u);  // 16 bits suffice
  // Without LPIs: IDbits 10, LPIS 0, PLPIS 0, the LPI registers reserved.
  GicHarness n{lpi_config(0, false)};
  EXPECT_EQ(n.gicd(0x4) >> 17 & 1, 0u);
  EXPECT_EQ(n.gicd(0x4) >> 19 & 0x1f, 9u);
  EXPECT_EQ(n.rdist(0, kGicrTyper, 8) & 1, 0u);
  n.set_rdist(0, kPropbaser, 0x1234000, 8);
  EXPECT_EQ(n.rdist(0, kPropbaser, 8), 0u);
  EXPECT_FALSE(n.gic.has_frame("GITS"));
}

TEST(LpiIds, ConfigurationLimits) {
  GicConfig c = lpi_config(13);
  EXPECT_NE(c.validate().find("lpi_bits"), std::string::npos);
  c.lpi_bits = 25;
  EXPECT_NE(c.validate().find("lpi_bits"), std::string::npos);
  c = lpi_config(16);
  c.version = 2;
  c.cpus = 4;
  EXPECT_NE(c.validate().find("lpi_bits"), std::string::npos);
  c = lpi_config(0, true);
  EXPECT_NE(c.validate().find("its"), std::string::npos);
  EXPECT_EQ(lpi_config(24).validate(), "");
}

TEST_F(LpiTest, BaseRegistersKeepTheirFieldsAndLockWhileEnabled) {
  h.set_rdist(1, kPropbaser, ~0ull, 8);
  // IDbits [4:0], InnerCache [9:7], Shareability [11:10], PA [51:12], OuterCache [58:56].
  EXPECT_EQ(h.rdist(1, kPropbaser, 8), 0x070fffffffffff9full);
  h.set_rdist(1, kPendbaser, ~0ull, 8);
  EXPECT_EQ(h.rdist(1, kPendbaser, 8), 0x070fffffffff0f80ull);  // PTZ reads 0
  enable_lpis(2);
  EXPECT_EQ(h.rdist(2, kGicrCtlr) & 1, 1u);
  h.set_rdist(2, kPropbaser, 0, 8);
  EXPECT_EQ(h.rdist(2, kPropbaser, 8), kProp | 15);
  EXPECT_TRUE(h.log.contains("EnableLPIs set"));
  EXPECT_EQ(h.rdist(2, kSyncr), 0u);  // never busy
}

TEST_F(LpiTest, DirectLpiIsTakenWithoutActiveState) {
  set_config(8200, 0x40, true);
  enable_lpis(1);
  h.set_rdist(1, kSetLpir, 8200, 8);
  EXPECT_TRUE(h.irq(1));
  EXPECT_FALSE(h.irq(0));
  EXPECT_EQ(h.sr(1, Sr::ICC_HPPIR1_EL1), 8200u);
  EXPECT_EQ(iar(1), 8200u);
  EXPECT_FALSE(h.irq(1));
  // Running priority is the LPI's; no active state to deactivate.
  EXPECT_EQ(h.sr(1, Sr::ICC_RPR_EL1), 0x40u);
  // A second edge while it is being handled: pending again at once.
  h.set_rdist(1, kSetLpir, 8200, 8);
  EXPECT_EQ(h.sr(1, Sr::ICC_HPPIR1_EL1), 8200u);
  EXPECT_FALSE(h.irq(1));  // same priority as the running one: not signalled
  h.sw(1, Sr::ICC_EOIR1_EL1, 8200);
  EXPECT_EQ(h.sr(1, Sr::ICC_RPR_EL1), 0xffu);
  EXPECT_TRUE(h.irq(1));
  EXPECT_EQ(iar(1), 8200u);
  h.sw(1, Sr::ICC_EOIR1_EL1, 8200);
  EXPECT_EQ(iar(1), 1023u);
  EXPECT_EQ(h.gic.logger().count(LogKind::GuestError), 0u);
}

TEST_F(LpiTest, PriorityOrderAgainstSpisAndOtherLpis) {
  set_config(8192, 0x80, true);
  set_config(8193, 0x20, true);
  set_config(9000, 0x20, true);
  enable_lpis(0);
  h.v3_spi(40, 0x30, 0);
  h.set_rdist(0, kSetLpir, 8192, 8);
  h.set_rdist(0, kSetLpir, 9000, 8);
  h.set_rdist(0, kSetLpir, 8193, 8);
  h.set_gicd(0x200 + 4, 1u << 8);  // SPI 40 pending
  EXPECT_EQ(iar(0), 8193u);        // 0x20, lowest INTID of its priority
  EXPECT_EQ(h.sr(0, Sr::ICC_HPPIR1_EL1), 9000u);
  h.sw(0, Sr::ICC_EOIR1_EL1, 8193);
  EXPECT_EQ(iar(0), 9000u);
  h.sw(0, Sr::ICC_EOIR1_EL1, 9000);
  EXPECT_EQ(iar(0), 40u);  // 0x30
  h.sw(0, Sr::ICC_EOIR1_EL1, 40);
  EXPECT_EQ(iar(0), 8192u);
}

TEST_F(LpiTest, DisabledLpisAndDisabledGroupStayPending) {
  set_config(8300, 0x40, false);
  enable_lpis(0);
  h.set_rdist(0, kSetLpir, 8300, 8);
  EXPECT_FALSE(h.irq(0));
  EXPECT_TRUE(h.gic.lpis()->lpi_pending(0, 8300));
  // Enabled in the table: seen only after an invalidation.
  set_config(8300, 0x40, true);
  EXPECT_FALSE(h.irq(0));
  h.set_rdist(0, kInvLpir, 8300, 8);
  EXPECT_TRUE(h.irq(0));
  h.sw(0, Sr::ICC_IGRPEN1_EL1, 0);  // LPIs are Non-secure Group 1
  EXPECT_FALSE(h.irq(0));
  h.sw(0, Sr::ICC_IGRPEN1_EL1, 1);
  EXPECT_TRUE(h.irq(0));
  h.set_rdist(0, kClrLpir, 8300, 8);
  EXPECT_FALSE(h.irq(0));
}

TEST_F(LpiTest, InvallAppliesANewPriority) {
  set_config(8400, 0xa0, true);
  enable_lpis(0);
  h.sw(0, Sr::ICC_PMR_EL1, 0x80);
  h.set_rdist(0, kSetLpir, 8400, 8);
  EXPECT_FALSE(h.irq(0));  // masked by PMR
  set_config(8400, 0x60, true);
  h.set_rdist(0, kInvAllr, 0, 8);
  EXPECT_TRUE(h.irq(0));
  EXPECT_EQ(iar(0), 8400u);
  EXPECT_EQ(h.sr(0, Sr::ICC_RPR_EL1), 0x60u);
}

TEST_F(LpiTest, LpisNeedEnableLpisAndATableThatCoversThem) {
  set_config(8192, 0x40, true);
  h.set_rdist(0, kSetLpir, 8192, 8);  // EnableLPIs 0: ignored
  EXPECT_FALSE(h.gic.lpis()->lpi_pending(0, 8192));
  enable_lpis(0);
  h.set_rdist(0, kSetLpir, 70000, 8);  // beyond 16 bits
  h.set_rdist(0, kSetLpir, 100, 8);    // not an LPI
  EXPECT_FALSE(h.irq(0));
  EXPECT_EQ(h.gic.logger().count(LogKind::GuestError), 3u);  // each ignored write logged
}

TEST_F(LpiTest, PendingTableIsLoadedAndWrittenBack) {
  set_config(8500, 0x40, true);
  set_config(12000, 0x40, true);
  // Pending bits in CPU 3's table before EnableLPIs (PTZ = 0).
  uint8_t b = uint8_t(1u << (8500 % 8));
  ram.write(kPend + 3 * 0x10000 + 8500 / 8, &b, 1);
  enable_lpis(3, false);
  EXPECT_TRUE(h.irq(3));
  EXPECT_EQ(iar(3), 8500u);
  h.sw(3, Sr::ICC_EOIR1_EL1, 8500);
  h.set_rdist(3, kSetLpir, 12000, 8);
  // EnableLPIs 1 -> 0 writes the pending state back (RWP reads 0 at once).
  h.set_rdist(3, kGicrCtlr, 0);
  EXPECT_EQ(h.rdist(3, kGicrCtlr), 0u);
  EXPECT_FALSE(h.irq(3));
  uint8_t got[2] = {};
  ram.read(kPend + 3 * 0x10000 + 8500 / 8, &got[0], 1);
  ram.read(kPend + 3 * 0x10000 + 12000 / 8, &got[1], 1);
  EXPECT_EQ(got[0], 0u);
  EXPECT_EQ(got[1], uint8_t(1u << (12000 % 8)));
  // And back on: the LPI is pending again.
  h.set_rdist(3, kGicrCtlr, 1);
  EXPECT_EQ(iar(3), 12000u);
}

TEST_F(LpiTest, TablesOutsideMemoryAreLoggedNotFatal) {
  h.set_rdist(0, kPropbaser, 0x1000 | 15, 8);  // no memory there
  h.set_rdist(0, kGicrCtlr, 1);
  EXPECT_TRUE(h.log.contains("bus error"));
  h.set_rdist(0, kSetLpir, 8192, 8);
  EXPECT_FALSE(h.irq(0));  // its configuration (all zero) leaves it disabled
}

TEST_F(LpiTest, EoiOfAnUnimplementedIntidOnlyDropsPriority) {
  h.v3_spi(33, 0x50, 0);
  h.set_gicd(0x200 + 4, 1u << 1);
  EXPECT_EQ(iar(0), 33u);
  // INTID 33 + 1024 is not 33: it does not deactivate it.
  h.sw(0, Sr::ICC_EOIR1_EL1, 33 + 1024);
  EXPECT_EQ(h.sr(0, Sr::ICC_RPR_EL1), 0xffu);
  EXPECT_EQ(h.gicd(0x300 + 4) >> 1 & 1, 1u);  // still active
}

// ---- MSIs through the GITS frames --------------------------------------------

namespace {
struct MsiTest : LpiTest {
  uint64_t wr = 0;
  void SetUp() override {
    LpiTest::SetUp();
    MmioRegion& g = h.gic.gits();
    h.wr(g, 0x80, 1ull << 63 | kQueue, 0, 8);  // CBASER: 4 KiB queue
    h.wr(g, 0x100, 1ull << 63 | kDt, 0, 8);    // BASER0: device table
    h.wr(g, 0x108, 1ull << 63 | kCt, 0, 8);    // BASER1: collection table
    h.wr(g, 0x0, 1);                           // Enabled
    for (unsigned c = 0; c < 4; ++c) enable_lpis(c);
  }
  void cmd(std::array<uint64_t, 4> c) {
    for (unsigned i = 0; i < 4; ++i) ram.write64(kQueue + wr + 8 * i, c[i]);
    wr = (wr + 32) % 4096;
    h.wr(h.gic.gits(), 0x88, wr, 0, 8);
  }
  void msi(uint32_t device, uint32_t event) {
    uint8_t data[4] = {uint8_t(event), uint8_t(event >> 8), uint8_t(event >> 16),
                       uint8_t(event >> 24)};
    tlm::tlm_generic_payload p;
    DeviceIdExtension ext(device);
    p.set_command(tlm::TLM_WRITE_COMMAND);
    p.set_address(0x10040);
    p.set_data_ptr(data);
    p.set_data_length(4);
    p.set_streaming_width(4);
    p.set_extension(&ext);
    h.gic.gits().transport(p, false);
    p.clear_extension(&ext);
    EXPECT_EQ(p.get_response_status(), tlm::TLM_OK_RESPONSE);
  }
};
}  // namespace

TEST_F(MsiTest, RegistersReadBack) {
  MmioRegion& g = h.gic.gits();
  EXPECT_EQ(h.rd(g, 0x0), 1u);
  EXPECT_EQ(h.rd(g, 0x4) & 0xfff, 0x43bu);
  EXPECT_EQ(h.rd(g, 0x8, 0, 8) & 1, 1u);
  EXPECT_EQ(h.rd(g, 0x100, 0, 8) >> 56 & 7, 1u);
  EXPECT_EQ(h.rd(g, 0x108, 0, 8) >> 56 & 7, 4u);
  EXPECT_EQ(h.rd(g, 0x110, 0, 8), 0u);
  EXPECT_EQ(h.rd(g, 0xffe8) & 0xf0, 0x30u);  // PIDR2.ArchRev: GICv3
  uint64_t v = 0;
  EXPECT_EQ(h.access(g, 0, false, 0x10040, 4, v), tlm::TLM_OK_RESPONSE);  // WO: RAZ + log
  EXPECT_EQ(v, 0u);
}

TEST_F(MsiTest, MapDeviceRaiseMsiTakeLpiOnTheRightCpu) {
  set_config(8192 + 7, 0x40, true);
  h.set_rdist(2, kInvAllr, 0, 8);
  cmd({0x08 | 5ull << 32, 4, 1ull << 63 | kItt, 0});        // MAPD dev 5, 5 event bits
  cmd({0x09, 0, 1ull << 63 | 2ull << 16 | 3, 0});           // MAPC ICID 3 -> CPU 2
  cmd({0x0a | 5ull << 32, 7 | (8192ull + 7) << 32, 3, 0});  // MAPTI ev 7 -> LPI 8199
  cmd({0x05, 0, 2ull << 16, 0});                            // SYNC
  EXPECT_EQ(h.gic.its()->command_errors(), 0u);
  EXPECT_EQ(h.rd(h.gic.gits(), 0x90, 0, 8), wr);  // CREADR caught up
  msi(5, 7);
  EXPECT_TRUE(h.irq(2));
  EXPECT_EQ(iar(2), 8199u);
  h.sw(2, Sr::ICC_EOIR1_EL1, 8199);
  // MOVI to a collection on CPU 0, then DISCARD.
  cmd({0x09, 0, 1ull << 63 | 0ull << 16 | 1, 0});
  cmd({0x01 | 5ull << 32, 7, 1, 0});
  msi(5, 7);
  EXPECT_FALSE(h.irq(2));
  EXPECT_TRUE(h.irq(0));  // one configuration table for all (CommonLPIAff 0)
  EXPECT_EQ(iar(0), 8199u);
  h.sw(0, Sr::ICC_EOIR1_EL1, 8199);
  cmd({0x0f | 5ull << 32, 7, 0, 0});  // DISCARD
  msi(5, 7);
  EXPECT_EQ(iar(0), 1023u);
  EXPECT_EQ(h.gic.its()->translation_errors(), 1u);
}
