// The ITS core (issue 17): registers, the command queue in memory, every
// command and its error cases, translation, two-level tables, PTA, bus
// errors. Commands are encoded here from the architecture's field
// positions (GICv3 spec, ITS command descriptions), not from the model.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "its.h"

using namespace gicsim;

namespace {

constexpr uint64_t kRam = 0x40000000, kRamSize = 4 << 20;
constexpr uint64_t kQueue = kRam, kDevTable = kRam + 0x10000, kColTable = kRam + 0x20000;
constexpr uint64_t kItt = kRam + 0x30000;

struct Target : LpiTarget {
  unsigned n = 4;
  std::set<std::pair<unsigned, uint32_t>> pending;
  std::vector<std::string> calls;
  unsigned cpus() const override { return n; }
  bool lpi_pending(unsigned cpu, uint32_t intid) const override {
    return pending.count({cpu, intid});
  }
  void set_lpi_pending(unsigned cpu, uint32_t intid, bool p) override {
    if (p)
      pending.insert({cpu, intid});
    else
      pending.erase({cpu, intid});
  }
  void invalidate_lpi(unsigned cpu, uint32_t intid) override {
    calls.push_back("inv " + std::to_string(cpu) + " " + std::to_string(intid));
  }
  void invalidate_all(unsigned cpu) override { calls.push_back("invall " + std::to_string(cpu)); }
  void move_all(unsigned from, unsigned to) override {
    calls.push_back("movall " + std::to_string(from) + " " + std::to_string(to));
  }
  void sync(unsigned cpu) override { calls.push_back("sync " + std::to_string(cpu)); }
};

// Command encodings (32 bytes: four little-endian doublewords).
using Cmd = std::array<uint64_t, 4>;
Cmd mapd(uint32_t dev, unsigned size, uint64_t itt, bool v = true) {
  return {0x08 | uint64_t(dev) << 32, size, (v ? 1ull << 63 : 0) | itt, 0};
}
Cmd mapc(uint16_t icid, uint64_t rdbase, bool v = true) {
  return {0x09, 0, (v ? 1ull << 63 : 0) | rdbase << 16 | icid, 0};
}
Cmd mapti(uint32_t dev, uint32_t ev, uint32_t intid, uint16_t icid) {
  return {0x0a | uint64_t(dev) << 32, ev | uint64_t(intid) << 32, icid, 0};
}
Cmd mapi(uint32_t dev, uint32_t ev, uint16_t icid) {
  return {0x0b | uint64_t(dev) << 32, ev, icid, 0};
}
Cmd dev_event(uint8_t op, uint32_t dev, uint32_t ev) {
  return {op | uint64_t(dev) << 32, ev, 0, 0};
}
Cmd movi(uint32_t dev, uint32_t ev, uint16_t icid) {
  return {0x01 | uint64_t(dev) << 32, ev, icid, 0};
}
Cmd invall(uint16_t icid) { return {0x0d, 0, icid, 0}; }
Cmd movall(uint64_t rd1, uint64_t rd2) { return {0x0e, 0, rd1 << 16, rd2 << 16}; }
Cmd sync(uint64_t rd) { return {0x05, 0, rd << 16, 0}; }
constexpr uint8_t kInt = 0x03, kClear = 0x04, kInv = 0x0c, kDiscard = 0x0f;

struct ItsTest : ::testing::Test {
  RamMemory mem{kRam, kRamSize};
  Target target;
  Logger log;
  ItsConfig cfg;
  std::unique_ptr<Its> its;
  uint64_t wr = 0;  // the queue's write offset

  void SetUp() override {
    log.set_sink([](LogKind, const std::string&) {});  // counted, not printed
    make();
  }
  void make() {
    its = std::make_unique<Its>(cfg, mem, target, log);
    wr = 0;
    its->write_cbaser(1ull << 63 | kQueue | 0);       // one 4 KiB page: 128 commands
    its->write_baser(0, 1ull << 63 | kDevTable | 0);  // 4 KiB: 512 devices
    its->write_baser(1, 1ull << 63 | kColTable | 0);
    its->write_ctlr(1);
  }
  // Writes commands into the queue and moves CWRITER; returns the errors added.
  uint64_t run(std::initializer_list<Cmd> cmds) {
    const uint64_t before = its->command_errors();
    for (const Cmd& c : cmds) {
      for (unsigned i = 0; i < 4; ++i) mem.write64(kQueue + wr + 8 * i, c[i]);
      wr = (wr + 32) % 4096;
    }
    its->write_cwriter(wr);
    return its->command_errors() - before;
  }
  // Device 1 with 4 event bits, collections 0..3 on CPUs 0..3, event e -> LPI 8192 + e.
  void map_basic() {
    ASSERT_EQ(run({mapd(1, 3, kItt), mapc(0, 0), mapc(1, 1), mapc(2, 2), mapc(3, 3)}), 0u);
    for (uint32_t e = 0; e < 16; ++e) ASSERT_EQ(run({mapti(1, e, 8192 + e, e % 4)}), 0u);
  }
  bool pending(unsigned cpu, uint32_t intid) const { return target.pending.count({cpu, intid}); }
};

}  // namespace

TEST_F(ItsTest, IdentificationAndTyper) {
  const uint64_t t = its->typer();
  EXPECT_EQ(t & 1, 1u);                   // Physical
  EXPECT_EQ(t >> 1 & 1, 0u);              // Virtual: no GICv4
  EXPECT_EQ(t >> 4 & 0xf, 7u);            // ITT_entry_size: 8 bytes
  EXPECT_EQ(t >> 8 & 0x1f, 15u);          // ID_bits: 16 EventID bits
  EXPECT_EQ(t >> 13 & 0x1f, 15u);         // Devbits: 16 DeviceID bits
  EXPECT_EQ(t >> 19 & 1, 0u);             // PTA: processor numbers
  EXPECT_EQ(t >> 36 & 1, 1u);             // CIL: CIDbits is valid
  EXPECT_EQ(t >> 32 & 0xf, 15u);          // 16-bit ICIDs
  EXPECT_EQ(Its::kIidr & 0xfff, 0x43bu);  // Arm
}

TEST_F(ItsTest, ControlQuiescentWhenDisabled) {
  EXPECT_EQ(its->ctlr(), 1u);
  its->write_ctlr(0);
  EXPECT_EQ(its->ctlr(), 1u << 31);
}

TEST_F(ItsTest, BaserFields) {
  its->write_ctlr(0);
  // Type (device 1, collection 4) and Entry_Size (8 bytes) are read-only.
  its->write_baser(0, ~0ull);
  const uint64_t b = its->baser(0);
  EXPECT_EQ(b >> 56 & 7, 1u);
  EXPECT_EQ(b >> 48 & 0x1f, 7u);
  EXPECT_EQ(b >> 8 & 3, 2u);  // Page_Size 3 (reserved) reads as 64 KiB
  EXPECT_EQ(b & 0xff, 0xffu);
  EXPECT_EQ(its->baser(1) >> 56 & 7, 4u);
  EXPECT_EQ(its->baser(2), 0u);
  its->write_baser(2, ~0ull);
  EXPECT_EQ(its->baser(2), 0u);
  // Writes while enabled are ignored.
  its->write_baser(1, 0);
  its->write_ctlr(1);
  its->write_baser(1, 1ull << 63 | kColTable);
  EXPECT_EQ(its->baser(1) >> 63, 0u);
  EXPECT_EQ(log.count(LogKind::GuestError), 1u);
}

TEST_F(ItsTest, CbaserWriteResetsCreadrAndIsIgnoredWhileEnabled) {
  run({sync(0)});
  EXPECT_EQ(its->creadr(), 32u);
  its->write_cbaser(1ull << 63 | (kQueue + 0x1000));
  EXPECT_EQ(its->creadr(), 32u);  // enabled: ignored
  EXPECT_EQ(its->cbaser() & 0xffffffffff000, kQueue);
  its->write_ctlr(0);
  its->write_cbaser(1ull << 63 | kQueue);
  EXPECT_EQ(its->creadr(), 0u);
}

TEST_F(ItsTest, MapAndTranslate) {
  map_basic();
  EXPECT_EQ(its->creadr(), its->cwriter());
  EXPECT_EQ(its->translate(1, 5), Its::Error::None);
  EXPECT_TRUE(pending(1, 8197));
  EXPECT_EQ(its->translate(1, 2), Its::Error::None);
  EXPECT_TRUE(pending(2, 8194));
  EXPECT_EQ(target.pending.size(), 2u);
  // The mappings live in memory: the DTE of device 1 names the ITT.
  uint64_t dte = 0;
  ASSERT_TRUE(mem.read64(kDevTable + 8, dte));
  EXPECT_EQ(dte >> 63, 1u);
  EXPECT_EQ(dte & 0x000fffffffffff00ull, kItt);
}

TEST_F(ItsTest, TranslationErrors) {
  map_basic();
  EXPECT_EQ(its->translate(2, 0), Its::Error::DeviceUnmapped);
  EXPECT_EQ(its->translate(1, 16), Its::Error::EventOutOfRange);
  EXPECT_EQ(its->translate(1u << 16, 0), Its::Error::DeviceOutOfRange);
  EXPECT_EQ(its->translate(600, 0), Its::Error::DeviceOutOfRange);  // beyond the table
  run({mapd(3, 3, kItt + 0x1000)});
  EXPECT_EQ(its->translate(3, 0), Its::Error::InterruptUnmapped);
  its->write_ctlr(0);
  EXPECT_EQ(its->translate(1, 0), Its::Error::Disabled);
  EXPECT_EQ(its->translation_errors(), 6u);
  EXPECT_TRUE(target.pending.empty());
}

TEST_F(ItsTest, IntClearAndMapi) {
  map_basic();
  run({dev_event(kInt, 1, 3)});
  EXPECT_TRUE(pending(3, 8195));
  run({dev_event(kClear, 1, 3)});
  EXPECT_FALSE(pending(3, 8195));
  // MAPI: the LPI is the EventID itself.
  run({mapd(7, 15, kItt + 0x2000), mapi(7, 9000, 2), dev_event(kInt, 7, 9000)});
  EXPECT_TRUE(pending(2, 9000));
}

TEST_F(ItsTest, MoviMovesPendingState) {
  map_basic();
  its->translate(1, 0);  // LPI 8192 on CPU 0
  EXPECT_EQ(run({movi(1, 0, 3)}), 0u);
  EXPECT_FALSE(pending(0, 8192));
  EXPECT_TRUE(pending(3, 8192));
  target.pending.clear();
  its->translate(1, 0);
  EXPECT_TRUE(pending(3, 8192));
  // A collection remapped to another CPU takes its LPIs along.
  run({mapc(3, 1)});
  its->translate(1, 0);
  EXPECT_TRUE(pending(1, 8192));
}

TEST_F(ItsTest, DiscardRemovesTheMapping) {
  map_basic();
  its->translate(1, 4);
  ASSERT_TRUE(pending(0, 8196));
  EXPECT_EQ(run({dev_event(kDiscard, 1, 4)}), 0u);
  EXPECT_FALSE(pending(0, 8196));
  EXPECT_EQ(its->translate(1, 4), Its::Error::InterruptUnmapped);
  EXPECT_EQ(run({dev_event(kDiscard, 1, 4)}), 1u);
  EXPECT_EQ(its->last_error(), Its::Error::InterruptUnmapped);
}

TEST_F(ItsTest, InvInvallMovallSync) {
  map_basic();
  run({dev_event(kInv, 1, 6), invall(1), movall(0, 2), movall(1, 1), sync(3)});
  const std::vector<std::string> want = {"inv 2 8198", "invall 1", "movall 0 2", "sync 3"};
  EXPECT_EQ(target.calls, want);
}

TEST_F(ItsTest, CommandErrorsAreIgnoredAndCounted) {
  map_basic();
  struct Case {
    Cmd c;
    Its::Error e;
  };
  const Case cases[] = {
      {mapd(1u << 16, 3, kItt), Its::Error::DeviceOutOfRange},
      {mapd(600, 3, kItt), Its::Error::DeviceOutOfRange},
      {mapd(2, 16, kItt), Its::Error::SizeOutOfRange},
      {mapc(7, 4), Its::Error::TargetOutOfRange},
      {mapc(600, 0), Its::Error::CollectionOutOfRange},
      {mapti(2, 0, 8192, 0), Its::Error::DeviceUnmapped},
      {mapti(1, 16, 8192, 0), Its::Error::EventOutOfRange},
      {mapti(1, 0, 8191, 0), Its::Error::IntidOutOfRange},
      {mapti(1, 0, 1u << 16, 0), Its::Error::IntidOutOfRange},
      {mapti(1, 0, 8192, 600), Its::Error::CollectionOutOfRange},
      {mapi(1, 3, 0), Its::Error::IntidOutOfRange},
      {dev_event(kInt, 2, 0), Its::Error::DeviceUnmapped},
      {dev_event(kInt, 1, 20), Its::Error::EventOutOfRange},
      {dev_event(kClear, 1u << 20, 0), Its::Error::DeviceOutOfRange},
      {dev_event(kInv, 1, 99), Its::Error::EventOutOfRange},
      {movi(1, 0, 9), Its::Error::CollectionUnmapped},
      {movi(1, 0, 600), Its::Error::CollectionOutOfRange},
      {invall(9), Its::Error::CollectionUnmapped},
      {movall(0, 4), Its::Error::TargetOutOfRange},
      {sync(99), Its::Error::TargetOutOfRange},
      {{0x42, 0, 0, 0}, Its::Error::UnknownCommand},
  };
  for (const Case& k : cases) {
    EXPECT_EQ(run({k.c}), 1u) << Its::error_name(k.e);
    EXPECT_EQ(its->last_error(), k.e) << Its::error_name(k.e);
  }
  EXPECT_EQ(its->creadr(), its->cwriter());  // the queue went on
  EXPECT_TRUE(target.pending.empty());
  EXPECT_TRUE(target.calls.empty());
  // The mappings the failed commands named are unchanged.
  EXPECT_EQ(its->translate(1, 0), Its::Error::None);
  EXPECT_TRUE(pending(0, 8192));
  // An LPI whose collection is unmapped is not delivered.
  run({mapc(0, 0, false)});
  EXPECT_EQ(run({dev_event(kInt, 1, 4)}), 1u);
  EXPECT_EQ(its->last_error(), Its::Error::CollectionUnmapped);
  EXPECT_EQ(run({dev_event(kDiscard, 1, 4)}), 1u);
  EXPECT_EQ(its->translate(1, 4), Its::Error::CollectionUnmapped);
}

TEST_F(ItsTest, InvalidTablesRefuseMappings) {
  its->write_ctlr(0);
  its->write_baser(0, 0);
  its->write_ctlr(1);
  EXPECT_EQ(run({mapd(1, 3, kItt)}), 1u);
  EXPECT_EQ(its->last_error(), Its::Error::TableInvalid);
}

TEST_F(ItsTest, QueueBusErrorStallsUntilRetry) {
  its->write_ctlr(0);
  its->write_cbaser(1ull << 63 | 0x1000);  // no memory there
  its->write_ctlr(1);
  its->write_cwriter(32);
  EXPECT_EQ(its->creadr(), 1u);  // Stalled, offset 0
  EXPECT_EQ(its->last_error(), Its::Error::BusError);
  its->write_cwriter(32 | 1);  // Retry: still no memory, still stalled
  EXPECT_EQ(its->creadr() & 1, 1u);
  EXPECT_EQ(its->command_errors(), 2u);
}

TEST_F(ItsTest, TableBusErrorIsACommandError) {
  its->write_ctlr(0);
  its->write_baser(0, 1ull << 63 | 0x2000);  // device table where no memory is
  its->write_ctlr(1);
  EXPECT_EQ(run({mapd(1, 3, kItt)}), 1u);
  EXPECT_EQ(its->last_error(), Its::Error::BusError);
  its->write_ctlr(0);
  its->write_baser(0, 1ull << 63 | kDevTable);
  its->write_ctlr(1);
  // An ITT outside memory: MAPD succeeds (nothing is read), MAPTI fails.
  EXPECT_EQ(run({mapd(1, 3, 0x3000), mapc(0, 0)}), 0u);
  EXPECT_EQ(run({mapti(1, 0, 8192, 0)}), 1u);
  EXPECT_EQ(its->last_error(), Its::Error::BusError);
  EXPECT_EQ(its->translate(1, 0), Its::Error::BusError);
}

TEST_F(ItsTest, QueueWrapsAround) {
  map_basic();  // 21 commands
  for (int i = 0; i < 200; ++i) run({dev_event(kInt, 1, uint32_t(i % 16))});
  EXPECT_EQ(its->creadr(), wr);
  EXPECT_EQ(its->commands(), 221u);
  EXPECT_EQ(target.pending.size(), 16u);
}

TEST_F(ItsTest, CommandsWaitForEnable) {
  its->write_ctlr(0);
  for (unsigned i = 0; i < 4; ++i) mem.write64(kQueue + 8 * i, sync(1)[i]);
  its->write_cwriter(32);
  EXPECT_EQ(its->creadr(), 0u);
  its->write_ctlr(1);
  EXPECT_EQ(its->creadr(), 32u);
  EXPECT_EQ(target.calls, std::vector<std::string>{"sync 1"});
}

TEST_F(ItsTest, CwriterBeyondTheQueueIsIgnored) {
  its->write_cwriter(0x2000);
  EXPECT_EQ(its->cwriter(), 0u);
  EXPECT_EQ(log.count(LogKind::GuestError), 1u);
}

TEST_F(ItsTest, TwoLevelDeviceTable) {
  its->write_ctlr(0);
  // Level 1: one 4 KiB page (512 entries, each covering 512 devices).
  its->write_baser(0, 1ull << 63 | 1ull << 62 | kDevTable);
  mem.write64(kDevTable + 8 * 3, 1ull << 63 | (kRam + 0x50000));  // devices 1536..2047
  its->write_ctlr(1);
  EXPECT_EQ(run({mapd(1600, 3, kItt), mapc(0, 2), mapti(1600, 1, 9000, 0)}), 0u);
  uint64_t dte = 0;
  mem.read64(kRam + 0x50000 + 8 * (1600 - 1536), dte);
  EXPECT_EQ(dte >> 63, 1u);
  EXPECT_EQ(its->translate(1600, 1), Its::Error::None);
  EXPECT_TRUE(pending(2, 9000));
  EXPECT_EQ(run({mapd(5, 3, kItt)}), 1u);  // level-1 entry 0 not valid
  EXPECT_EQ(its->last_error(), Its::Error::DeviceOutOfRange);
}

TEST_F(ItsTest, SixtyFourKilobytePagesCarryHighAddressBits) {
  its->write_ctlr(0);
  // PA[51:48] = 0 here (RAM is low); the table must be found at its 64 KiB
  // aligned address with Page_Size 64 KiB.
  its->write_baser(1, 1ull << 63 | 2ull << 8 | (kRam + 0x60000));
  its->write_ctlr(1);
  EXPECT_EQ(run({mapc(5, 1)}), 0u);
  uint64_t cte = 0;
  mem.read64(kRam + 0x60000 + 5 * 8, cte);
  EXPECT_EQ(cte >> 63, 1u);
}

TEST(ItsWidths, ThirtyTwoBitDeviceAndEventIds) {
  RamMemory mem{kRam, kRamSize};
  Target target;
  Logger log;
  log.set_sink([](LogKind, const std::string&) {});
  ItsConfig cfg;
  cfg.device_bits = 32;
  cfg.event_bits = 32;
  Its its(cfg, mem, target, log);
  EXPECT_EQ(its.typer() >> 13 & 0x1f, 31u);
  EXPECT_EQ(its.typer() >> 8 & 0x1f, 31u);
  its.write_baser(0, 1ull << 63 | kDevTable);
  its.write_ctlr(1);
  // Every DeviceID is in the ITS's range; this one is beyond the table.
  EXPECT_EQ(its.translate(0xffffffffu, 0xffffffffu), Its::Error::DeviceOutOfRange);
  EXPECT_EQ(its.translate(3, 0xffffffffu), Its::Error::DeviceUnmapped);
}

TEST(ItsPta, TargetsAreRedistributorAddresses) {
  RamMemory mem{kRam, kRamSize};
  Target target;
  Logger log;
  ItsConfig cfg;
  cfg.pta = true;
  cfg.rd_base = 0x080a0000;
  Its its(cfg, mem, target, log);
  EXPECT_EQ(its.typer() >> 19 & 1, 1u);
  its.write_cbaser(1ull << 63 | kQueue);
  its.write_baser(0, 1ull << 63 | kDevTable);
  its.write_baser(1, 1ull << 63 | kColTable);
  its.write_ctlr(1);
  const Cmd cmds[] = {mapd(0, 0, kItt), mapc(0, (0x080a0000 + 2 * 0x20000) >> 16),
                      mapti(0, 0, 8192, 0), mapc(1, 0x080b0000 >> 16)};
  for (unsigned k = 0; k < 4; ++k)
    for (unsigned i = 0; i < 4; ++i) mem.write64(kQueue + 32 * k + 8 * i, cmds[k][i]);
  its.write_cwriter(128);
  EXPECT_EQ(its.command_errors(), 1u);  // the last names no frame's base
  EXPECT_EQ(its.last_error(), Its::Error::TargetOutOfRange);
  EXPECT_EQ(its.translate(0, 0), Its::Error::None);
  EXPECT_TRUE(target.pending.count({2, 8192}));
}

// A hostile guest: random commands and tables never crash the ITS, and the
// queue is always consumed (or stalled on a bus error).
TEST_F(ItsTest, RandomCommandsAreSurvived) {
  std::mt19937_64 rng(17);
  unsigned delivered = 0;
  for (int round = 0; round < 2000; ++round) {
    // Mostly plausible commands on a few devices, events and collections
    // (some of them out of range), one in eight entirely random.
    const auto dev = uint32_t(rng() % 8), ev = uint32_t(rng() % 40);
    const auto icid = uint16_t(rng() % 6);
    const uint32_t intid = rng() % 8 ? 8192 + uint32_t(rng() % 64) : uint32_t(rng());
    const uint64_t itt = rng() % 8 ? kItt + dev * 0x1000 : rng() & 0x000fffffffffff00ull;
    Cmd c{};
    switch (rng() % 13) {
      case 0:
        c = mapd(dev, unsigned(rng() % 7), itt, rng() % 8);
        break;
      case 1:
        c = mapc(icid, rng() % 5, rng() % 8);
        break;
      case 2:
        c = mapti(dev, ev, intid, icid);
        break;
      case 3:
        c = mapi(dev, rng() % 2 ? ev : 8192 + ev, icid);
        break;
      case 4:
        c = dev_event(kInt, dev, ev);
        break;
      case 5:
        c = dev_event(kClear, dev, ev);
        break;
      case 6:
        c = dev_event(kInv, dev, ev);
        break;
      case 7:
        c = dev_event(kDiscard, dev, ev);
        break;
      case 8:
        c = movi(dev, ev, icid);
        break;
      case 9:
        c = invall(icid);
        break;
      case 10:
        c = movall(rng() % 5, rng() % 5);
        break;
      case 11:
        c = sync(rng() % 5);
        break;
      default:
        for (auto& d : c) d = rng();
    }
    run({c});
    if (its->translate(uint32_t(rng() % 8), uint32_t(rng() % 32)) == Its::Error::None) ++delivered;
    EXPECT_EQ(its->creadr(), wr);
  }
  EXPECT_EQ(its->commands(), 2000u);
  // The draw reaches the mapped paths, not only the error ones.
  EXPECT_GT(its->commands() - its->command_errors(), 300u);
  EXPECT_GT(delivered, 20u);
}
