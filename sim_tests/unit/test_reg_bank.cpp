#include <gtest/gtest.h>

#include <cstring>

#include "le_bytes.h"
#include "log_capture.h"
#include "mmio_region.h"
#include "reg_bank.h"

using namespace gicsim;

namespace {

struct BankTest : ::testing::Test {
  RegisterBank bank{"TEST", 0x1000, 2};
  uint64_t side_effects = 0;
  uint64_t written = 0, written_mask = 0;
  LogCapture log;

  void SetUp() override {
    bank.add(reg("RW", 0x0).reset_to(0x11223344));
    bank.add(reg("RO", 0x4).ro().reset_to(0xcafe));
    bank.add(reg("WO", 0x8).wo().on_write([this](const RegCtx&, uint64_t v, uint64_t m) {
      written = v;
      written_mask = m;
    }));
    bank.add(reg("RAZ", 0xc).raz_wi());
    bank.add(reg("ARR", 0x100).array(4).bytes().reset_to(0x80808080));
    bank.add(reg("BANKED", 0x200).per_cpu().writable(0xff));
    bank.add(reg("WIDE", 0x300).wide().reset_to(0x1122334455667788ull));
    bank.add(reg("SIDE", 0x400).ro().on_read([this](const RegCtx& c) -> uint64_t {
      if (!c.debug) ++side_effects;
      return 0x1000 + c.index + c.cpu;
    }));
  }
  tlm::tlm_response_status acc(bool write, uint32_t off, unsigned len, uint64_t& v,
                               unsigned cpu = 0, bool debug = false,
                               const std::vector<uint8_t>& be = {}) {
    uint8_t data[8];
    store_le(v, data);
    MmioAccess a;
    a.write = write;
    a.offset = off;
    a.len = len;
    a.data = data;
    a.cpu = cpu;
    a.debug = debug;
    if (!be.empty()) {
      a.byte_enable = be.data();
      a.byte_enable_len = unsigned(be.size());
    }
    auto st = bank.access(a);
    if (!write) v = load_le(data, len);
    return st;
  }
  uint64_t rd(uint32_t off, unsigned len = 4, unsigned cpu = 0) {
    uint64_t v = 0;
    EXPECT_EQ(acc(false, off, len, v, cpu), tlm::TLM_OK_RESPONSE);
    return v;
  }
  void wr(uint32_t off, uint64_t v, unsigned len = 4, unsigned cpu = 0) {
    EXPECT_EQ(acc(true, off, len, v, cpu), tlm::TLM_OK_RESPONSE);
  }
};

TEST_F(BankTest, ResetValuesAndReadWrite) {
  EXPECT_EQ(rd(0x0), 0x11223344u);
  wr(0x0, 0xdeadbeef);
  EXPECT_EQ(rd(0x0), 0xdeadbeefu);
  EXPECT_EQ(bank.stored("RW"), 0xdeadbeefu);
  bank.reset();
  EXPECT_EQ(rd(0x0), 0x11223344u);
  EXPECT_TRUE(log.lines.empty());
}

TEST_F(BankTest, ReadOnlyWriteIgnoredAndLogged) {
  wr(0x4, 0x1234);
  EXPECT_EQ(rd(0x4), 0xcafeu);
  EXPECT_TRUE(log.contains("TEST RO: write to a read-only register ignored"));
}

TEST_F(BankTest, WriteOnlyReadsZeroAndLogged) {
  EXPECT_EQ(rd(0x8), 0u);
  EXPECT_TRUE(log.contains("read of a write-only register"));
  wr(0x8, 0x55);
  EXPECT_EQ(written, 0x55u);
  EXPECT_EQ(written_mask, 0xffffffffu);
}

TEST_F(BankTest, DeclaredRazWiIsSilent) {
  wr(0xc, 0xffffffff);
  EXPECT_EQ(rd(0xc), 0u);
  EXPECT_TRUE(log.lines.empty());
}

TEST_F(BankTest, ReservedOffsetIsRazWiAndLogged) {
  wr(0x10, 0xffffffff);
  EXPECT_EQ(rd(0x10), 0u);
  EXPECT_EQ(log.lines.size(), 2u);
  EXPECT_TRUE(log.contains("reserved offset, RAZ/WI"));
}

TEST_F(BankTest, ByteAccessWhereAllowed) {
  EXPECT_EQ(rd(0x101, 1), 0x80u);
  wr(0x102, 0x12, 1);
  EXPECT_EQ(rd(0x100), 0x80128080u);
  wr(0x10c, 0x12, 1);
  EXPECT_EQ(bank.stored("ARR", 3), 0x80808012u);
  EXPECT_EQ(bank.name_at(0x108), "ARR<2>");
}

TEST_F(BankTest, ByteAccessRefusedOnWordRegister) {
  uint64_t v = 0;
  EXPECT_EQ(acc(false, 0x0, 1, v), tlm::TLM_BURST_ERROR_RESPONSE);
  EXPECT_TRUE(log.contains("unsupported access width for this register"));
}

TEST_F(BankTest, HalfwordAccessRefused) {
  uint64_t v = 0;
  EXPECT_EQ(acc(false, 0x100, 2, v), tlm::TLM_BURST_ERROR_RESPONSE);
}

TEST_F(BankTest, SixtyFourBitAccessOnWordRegisterRefused) {
  uint64_t v = 0;
  EXPECT_EQ(acc(false, 0x0, 8, v), tlm::TLM_BURST_ERROR_RESPONSE);
}

TEST_F(BankTest, OddWidthRefused) {
  uint64_t v = 0;
  EXPECT_EQ(acc(false, 0x0, 3, v), tlm::TLM_BURST_ERROR_RESPONSE);
  EXPECT_TRUE(log.contains("unsupported access width"));
}

TEST_F(BankTest, UnalignedAccessIsAddressError) {
  uint64_t v = 0;
  EXPECT_EQ(acc(false, 0x2, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(acc(true, 0x304, 8, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_TRUE(log.contains("unaligned access"));
}

TEST_F(BankTest, BeyondFrameIsAddressError) {
  uint64_t v = 0;
  EXPECT_EQ(acc(false, 0x1000, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_TRUE(log.contains("beyond the frame"));
}

TEST_F(BankTest, WideRegisterFullAndHalves) {
  EXPECT_EQ(rd(0x300, 8), 0x1122334455667788ull);
  EXPECT_EQ(rd(0x300, 4), 0x55667788u);
  EXPECT_EQ(rd(0x304, 4), 0x11223344u);
  wr(0x304, 0xaabbccdd);
  EXPECT_EQ(rd(0x300, 8), 0xaabbccdd55667788ull);
}

TEST_F(BankTest, BankedRegisterPerCpuWithWritableMask) {
  wr(0x200, 0x1ff, 4, 0);
  wr(0x200, 0x22, 4, 1);
  EXPECT_EQ(rd(0x200, 4, 0), 0xffu);
  EXPECT_EQ(rd(0x200, 4, 1), 0x22u);
}

TEST_F(BankTest, ByteEnablesMaskWritesAndReads) {
  uint64_t v = 0xaabbccdd;
  EXPECT_EQ(acc(true, 0x0, 4, v, 0, false, {0xff, 0x00, 0xff, 0x00}), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(rd(0x0), 0x11bb33ddu);
  v = 0xffffffff;
  EXPECT_EQ(acc(false, 0x0, 4, v, 0, false, {0x00, 0xff}), tlm::TLM_OK_RESPONSE);
  // Disabled bytes keep the initiator's data (0xff).
  EXPECT_EQ(v, 0x11ff33ffu);
}

TEST_F(BankTest, DebugReadHasNoSideEffects) {
  uint64_t v = 0;
  EXPECT_EQ(acc(false, 0x400, 4, v, 1, true), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(v, 0x1001u);
  EXPECT_EQ(side_effects, 0u);
  EXPECT_EQ(rd(0x400), 0x1000u);
  EXPECT_EQ(side_effects, 1u);
}

TEST(RegisterBankDecl, OverlapIsAModelBug) {
  RegisterBank b("X", 0x100);
  b.add(reg("A", 0x0).array(4));
  EXPECT_THROW(b.add(reg("B", 0xc)), std::logic_error);
  EXPECT_THROW(b.add(reg("C", 0x100)), std::logic_error);
}

struct PayloadTest : ::testing::Test {
  RegisterBank bank{"F", 0x1000};
  MmioRegion region{"REGION", 0x20000};
  LogCapture log;
  void SetUp() override {
    bank.add(reg("R", 0x0).reset_to(0x42));
    region.map(0x10000, &bank);
  }
  tlm::tlm_response_status go(tlm::tlm_command cmd, uint64_t addr, unsigned len, unsigned sw = 0) {
    tlm::tlm_generic_payload p;
    uint8_t data[8] = {};
    p.set_command(cmd);
    p.set_address(addr);
    p.set_data_ptr(data);
    p.set_data_length(len);
    p.set_streaming_width(sw ? sw : len);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    region.transport(p, false);
    EXPECT_NE(p.get_response_status(), tlm::TLM_INCOMPLETE_RESPONSE);
    return p.get_response_status();
  }
};

TEST_F(PayloadTest, RoutesToFrame) {
  EXPECT_EQ(go(tlm::TLM_READ_COMMAND, 0x10000, 4), tlm::TLM_OK_RESPONSE);
}

TEST_F(PayloadTest, OutsideEveryFrameIsAddressError) {
  EXPECT_EQ(go(tlm::TLM_READ_COMMAND, 0x0, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(go(tlm::TLM_READ_COMMAND, 0x11000, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(go(tlm::TLM_READ_COMMAND, 0x30000, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_TRUE(log.contains("outside every frame"));
}

TEST_F(PayloadTest, StreamingBurstIsBurstError) {
  EXPECT_EQ(go(tlm::TLM_READ_COMMAND, 0x10000, 8, 4), tlm::TLM_BURST_ERROR_RESPONSE);
}

TEST_F(PayloadTest, IgnoreCommandIsOk) {
  EXPECT_EQ(go(tlm::TLM_IGNORE_COMMAND, 0x10000, 4), tlm::TLM_OK_RESPONSE);
}
// Little-endian conversion: the low len bytes, least significant first (the
// byte order TLM-2.0 data arrays and GIC tables use); bytes past len stay.
TEST(LeBytes, StoresAndLoadsTheLowBytesLeastSignificantFirst) {
  const uint64_t v = 0x8877665544332211ull;
  for (unsigned len = 1; len <= 8; ++len) {
    uint8_t b[9];
    std::memset(b, 0xee, sizeof b);
    store_le(v, b, len);
    for (unsigned i = 0; i < len; ++i) EXPECT_EQ(b[i], 0x11 * (i + 1)) << "len " << len;
    for (unsigned i = len; i < 9; ++i) EXPECT_EQ(b[i], 0xee) << "len " << len;
    const uint64_t low = len == 8 ? v : v & ((uint64_t(1) << (8 * len)) - 1);
    EXPECT_EQ(load_le(b, len), low) << "len " << len;
  }
  const uint8_t bytes[8] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x80};
  EXPECT_EQ(load_le(bytes), 0x8007060504030201ull);
  EXPECT_EQ(load_le(bytes, 0), 0u);
  uint8_t wide[8] = {};
  store_le(v, wide, 12);  // at most 8 bytes
  EXPECT_EQ(load_le(wide), v);
}
}  // namespace
