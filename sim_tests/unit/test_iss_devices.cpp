// The generic timer (DDI 0487 D11), the PL011 (DDI 0183) register bank and
// ELF loading of the bare-metal platform.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "devices.h"
#include "elf_image.h"
#include "generic_timer.h"

using namespace gicsim;

namespace {
// op1, CRm, op2 of the timer registers (op0 3, CRn 14).
struct Reg {
  unsigned op1, crm, op2;
};
constexpr Reg kFrq{3, 0, 0}, kPct{3, 0, 1}, kVct{3, 0, 2}, kPTval{3, 2, 0}, kPCtl{3, 2, 1},
    kPCval{3, 2, 2}, kVCtl{3, 3, 1}, kVCval{3, 3, 2}, kVoff{4, 0, 3}, kHpCtl{4, 2, 1},
    kHpCval{4, 2, 2};
constexpr uint64_t kHz = 62500000;

uint64_t rd(GenericTimer& t, Reg r, uint64_t count, unsigned el = 2) {
  uint64_t v = 0;
  EXPECT_EQ(t.access(r.op1, r.crm, r.op2, false, v, count, el, kHz), GenericTimer::Result::Ok);
  return v;
}
void wr(GenericTimer& t, Reg r, uint64_t v, uint64_t count, unsigned el = 2) {
  EXPECT_EQ(t.access(r.op1, r.crm, r.op2, true, v, count, el, kHz), GenericTimer::Result::Ok);
}
}  // namespace

TEST(GenericTimer, CounterViewsAndFrequency) {
  GenericTimer t;
  EXPECT_EQ(rd(t, kFrq, 0), kHz);
  EXPECT_EQ(rd(t, kPct, 1000), 1000u);
  wr(t, kVoff, 300, 1000);
  EXPECT_EQ(rd(t, kVct, 1000), 700u);  // CNTVCT = CNTPCT - CNTVOFF_EL2
  uint64_t v = 5;
  EXPECT_EQ(t.access(kFrq.op1, kFrq.crm, kFrq.op2, true, v, 0, 2, kHz),
            GenericTimer::Result::Undefined);  // writable at EL3 only
}

TEST(GenericTimer, ConditionLineAndIstatus) {
  GenericTimer t;
  wr(t, kPCval, 500, 0);
  wr(t, kPCtl, GenericTimer::kEnable, 0);
  EXPECT_FALSE(t.line(GenericTimer::Phys, 499));
  EXPECT_EQ(rd(t, kPCtl, 499) & GenericTimer::kIstatus, 0u);
  EXPECT_TRUE(t.line(GenericTimer::Phys, 500));  // CNTPCT >= CVAL
  EXPECT_EQ(rd(t, kPCtl, 500), GenericTimer::kEnable | GenericTimer::kIstatus);
  wr(t, kPCtl, GenericTimer::kEnable | GenericTimer::kImask, 500);
  EXPECT_FALSE(t.line(GenericTimer::Phys, 600));  // masked: ISTATUS still set
  EXPECT_NE(rd(t, kPCtl, 600) & GenericTimer::kIstatus, 0u);
  wr(t, kPCtl, 0, 600);
  EXPECT_EQ(rd(t, kPCtl, 600), 0u);  // disabled: ISTATUS reads 0
}

TEST(GenericTimer, TvalIsSigned32BitDistance) {
  GenericTimer t;
  wr(t, kPTval, 100, 1000);
  EXPECT_EQ(rd(t, kPCval, 1000), 1100u);
  EXPECT_EQ(rd(t, kPTval, 1050), 50u);
  EXPECT_EQ(rd(t, kPTval, 1200), uint64_t(uint32_t(-100)));
  wr(t, kPTval, 0xffffff9c, 1000);  // -100
  EXPECT_EQ(rd(t, kPCval, 1000), 900u);
}

TEST(GenericTimer, VirtualTimerUsesTheOffsetAndNextRise) {
  GenericTimer t;
  wr(t, kVoff, 1000, 0);
  wr(t, kVCval, 50, 0);
  wr(t, kVCtl, GenericTimer::kEnable, 0);
  // CNTVCT = CNTPCT - CNTVOFF modulo 2^64, compared unsigned: below the
  // offset the view wraps to a huge count and the condition is met.
  EXPECT_TRUE(t.line(GenericTimer::Virt, 0));
  EXPECT_FALSE(t.line(GenericTimer::Virt, 1049));
  EXPECT_TRUE(t.line(GenericTimer::Virt, 1050));
  EXPECT_EQ(t.next_rise(1000), 1050u);
  wr(t, kHpCval, 1020, 1000);
  wr(t, kHpCtl, GenericTimer::kEnable, 1000);
  EXPECT_EQ(t.next_rise(1000), 1020u);  // the earliest of the armed timers
  EXPECT_EQ(t.next_rise(1030), 1050u);
  EXPECT_FALSE(t.next_rise(2000));  // all conditions met: no rise ahead
}

TEST(GenericTimer, El2RegistersAreUndefinedBelowEl2) {
  GenericTimer t;
  uint64_t v = 0;
  EXPECT_EQ(t.access(kHpCtl.op1, kHpCtl.crm, kHpCtl.op2, false, v, 0, 1, kHz),
            GenericTimer::Result::Undefined);
  EXPECT_EQ(t.access(kVoff.op1, kVoff.crm, kVoff.op2, true, v, 0, 1, kHz),
            GenericTimer::Result::Undefined);
  EXPECT_EQ(t.access(3, 2, 1, false, v, 0, 1, kHz), GenericTimer::Result::Ok);  // CNTP_CTL_EL0
  EXPECT_EQ(t.access(0, 1, 0, false, v, 0, 1, kHz), GenericTimer::Result::NotTimer);  // CNTKCTL
}

TEST(Pl011, TransmitsAndReportsAnEmptyFifo) {
  std::string out;
  Pl011 u([&out](char c) { out.push_back(c); });
  auto access = [&](bool write, uint32_t off, uint32_t v, unsigned len = 4) {
    tlm::tlm_generic_payload p;
    uint8_t d[4];
    std::memcpy(d, &v, 4);
    p.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    p.set_address(off);
    p.set_data_ptr(d);
    p.set_data_length(len);
    p.set_streaming_width(len);
    p.set_byte_enable_ptr(nullptr);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    u.region().transport(p, false);
    EXPECT_EQ(p.get_response_status(), tlm::TLM_OK_RESPONSE) << off;
    uint32_t r = 0;
    std::memcpy(&r, d, len);
    return r;
  };
  access(true, 0x000, 'h');
  access(true, 0x000, 'i', 1);  // byte access to DR
  EXPECT_EQ(out, "hi");
  EXPECT_EQ(access(false, 0x018, 0), 0x90u);   // FR: TXFE | RXFE
  EXPECT_EQ(access(false, 0x030, 0), 0x300u);  // CR reset: TXE | RXE
  EXPECT_EQ(access(false, 0xfe0, 0), 0x11u);   // UARTPeriphID0
  EXPECT_EQ(access(false, 0xffc, 0), 0xb1u);   // UARTPCellID3
}

TEST(ElfImage, RejectsWhatIsNotAnAarch64Executable) {
  const std::string dir = ::testing::TempDir();
  EXPECT_THROW(load_elf(dir + "/does-not-exist.elf"), ElfError);
  const std::string text = dir + "/text.elf";
  std::ofstream(text) << "not an elf";
  try {
    load_elf(text);
    FAIL();
  } catch (const ElfError& e) {
    EXPECT_NE(std::string(e.what()).find("not an ELF file"), std::string::npos);
  }
  // The test binary itself: an x86-64 (or other host) ELF.
  try {
    load_elf("/proc/self/exe");
    FAIL();
  } catch (const ElfError& e) {
    const std::string m = e.what();
    EXPECT_TRUE(m.find("not an AArch64 program") != std::string::npos ||
                m.find("not an executable") != std::string::npos)
        << m;
  }
}

TEST(ElfImage, PlacesSegmentsOnlyInsideRam) {
  ElfImage img;
  img.entry = 0x40000000;
  img.segments.push_back({0x40000010, std::vector<uint8_t>{1, 2, 3}});
  std::vector<uint8_t> ram(0x100, 0);
  place_elf(img, "x.elf", ram.data(), 0x40000000, ram.size());
  EXPECT_EQ(ram[0x10], 1);
  EXPECT_EQ(ram[0x12], 3);
  img.segments[0].paddr = 0x400000fe;  // one byte past the end
  EXPECT_THROW(place_elf(img, "x.elf", ram.data(), 0x40000000, ram.size()), ElfError);
  img.segments[0].paddr = 0x40000000;
  img.entry = 0x50000000;
  EXPECT_THROW(place_elf(img, "x.elf", ram.data(), 0x40000000, ram.size()), ElfError);
}
