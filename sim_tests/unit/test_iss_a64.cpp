// The AArch64 rules the ISS CPU applies itself (platform/iss/a64.h),
// checked against the Arm ARM (DDI 0487): vector offsets (D1.10.2), ESR
// layouts (D13.2.37), interrupt routing and masking (D1.3.6, with
// SCR_EL3.IRQ/FIQ = 0), and the load/store decoder that finds a faulting
// access's instruction.
#include <gtest/gtest.h>

#include <map>

#include "a64.h"

using namespace gicsim::a64;

TEST(IssA64, VectorOffsets) {
  EXPECT_EQ(vector_offset(1, false, 1, VectorKind::Sync), 0x000u);  // current EL, SP_EL0
  EXPECT_EQ(vector_offset(1, true, 1, VectorKind::Irq), 0x280u);    // current EL, SP_ELx
  EXPECT_EQ(vector_offset(2, true, 2, VectorKind::Fiq), 0x300u);
  EXPECT_EQ(vector_offset(1, true, 2, VectorKind::Sync), 0x400u);  // lower EL, AArch64
  EXPECT_EQ(vector_offset(1, true, 2, VectorKind::Irq), 0x480u);
  EXPECT_EQ(vector_offset(0, false, 1, VectorKind::SError), 0x580u);
}

TEST(IssA64, SyndromeLayouts) {
  // ESR_ELx: EC [31:26], IL [25], ISS [24:0].
  EXPECT_EQ(esr(Ec::Hvc, 0x1234), 0x5a001234u);
  EXPECT_EQ(esr(Ec::Unknown, 0), 0x02000000u);
  EXPECT_EQ(esr(Ec::DataAbortSame, kFscExternal | kIssWnR), 0x96000050u);
  // EC 0x18: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5],
  // CRm [4:1], Direction [0] (1 = read). ICC_SGI1R_EL1 (3,0,12,11,5), write, X3:
  EXPECT_EQ(iss_sysreg(3, 0, 12, 11, 5, 3, false),
            (3u << 20) | (5u << 17) | (12u << 10) | (3u << 5) | (11u << 1));
  EXPECT_EQ(iss_sysreg(3, 4, 12, 11, 0, 31, true) & 1u, 1u);
  EXPECT_EQ(kIssWfi, 0x01e00000u);  // CV = 1, COND = 0b1110, TI = 0 (WFI)
}

namespace {
constexpr uint64_t kEl1h = 1u << 2 | 1, kEl2h = 2u << 2 | 1;
}

TEST(IssA64, PhysicalIrqGoesToEl1WithoutImo) {
  Lines l;
  l.irq = true;
  auto t = pick_interrupt(l, 1, kEl1h, 0);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, IntKind::Irq);
  EXPECT_EQ(t->target_el, 1u);
  EXPECT_FALSE(pick_interrupt(l, 1, kEl1h | pstate::kI, 0));  // masked at the target EL
  EXPECT_FALSE(pick_interrupt(l, 2, kEl2h, 0));  // a lower target EL: never taken at EL2
}

TEST(IssA64, PhysicalIrqGoesToEl2WithImoAndIgnoresTheGuestMask) {
  Lines l;
  l.irq = true;
  auto t = pick_interrupt(l, 1, kEl1h | pstate::kDaif, hcr::kImo);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->target_el, 2u);  // a higher EL: PSTATE.I does not mask it
  EXPECT_FALSE(pick_interrupt(l, 2, kEl2h | pstate::kI, hcr::kImo));
  EXPECT_TRUE(pick_interrupt(l, 2, kEl2h, hcr::kImo));
  EXPECT_EQ(pick_interrupt(l, 1, kEl1h, hcr::kTge)->target_el, 2u);  // TGE routes too
}

TEST(IssA64, VirtualInterruptsOnlyAtEl1UnderImoFmo) {
  Lines l;
  l.virq = true;
  EXPECT_FALSE(pick_interrupt(l, 1, kEl1h, 0));  // IMO clear: no virtual IRQ
  auto t = pick_interrupt(l, 1, kEl1h, hcr::kImo);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, IntKind::VIrq);
  EXPECT_EQ(t->target_el, 1u);
  EXPECT_FALSE(pick_interrupt(l, 1, kEl1h | pstate::kI, hcr::kImo));
  EXPECT_FALSE(pick_interrupt(l, 2, kEl2h, hcr::kImo));  // never at EL2
  Lines none;
  EXPECT_EQ(pick_interrupt(none, 1, kEl1h, hcr::kImo | hcr::kVi)->kind, IntKind::VIrq);
  EXPECT_EQ(pick_interrupt(none, 1, kEl1h, hcr::kFmo | hcr::kVf)->kind, IntKind::VFiq);
}

TEST(IssA64, PriorityFiqIrqVfiqVirq) {
  Lines l{true, true, true, true};
  EXPECT_EQ(pick_interrupt(l, 1, kEl1h, hcr::kImo | hcr::kFmo)->kind, IntKind::Fiq);
  l.fiq = false;
  EXPECT_EQ(pick_interrupt(l, 1, kEl1h, hcr::kImo | hcr::kFmo)->kind, IntKind::Irq);
  l.irq = false;
  EXPECT_EQ(pick_interrupt(l, 1, kEl1h, hcr::kImo | hcr::kFmo)->kind, IntKind::VFiq);
}

TEST(IssA64, WfiWakesOnMaskedInterrupts) {
  Lines l;
  l.irq = true;
  EXPECT_TRUE(wfi_wakes(l, 1, 0));  // whatever PSTATE.I says
  EXPECT_FALSE(wfi_wakes(Lines{}, 1, 0));
  l = Lines{};
  l.virq = true;
  EXPECT_TRUE(wfi_wakes(l, 1, hcr::kImo));
  EXPECT_FALSE(wfi_wakes(l, 2, hcr::kImo));
}

TEST(IssA64, DecodesLoadsAndStores) {
  // Encodings from the cross assembler (gcc-aarch64-linux-gnu).
  struct Case {
    uint32_t insn;
    bool write;
    unsigned size, pair, rn;
    int64_t offset;
    int rm;
  };
  const Case cases[] = {
      {0xf9400520, false, 8, 1, 9, 8, -1},    // ldr x0, [x9, #8]
      {0xb8236930, true, 4, 1, 9, 0, 3},      // str w16, [x9, x3]
      {0x39400d21, false, 1, 1, 9, 3, -1},    // ldrb w1, [x9, #3]
      {0x79000521, true, 2, 1, 9, 2, -1},     // strh w1, [x9, #2]
      {0xf85f8121, false, 8, 1, 9, -8, -1},   // ldur x1, [x9, #-8]
      {0xf8008521, true, 8, 1, 9, 0, -1},     // str x1, [x9], #8 (post-index)
      {0xf8408d21, false, 8, 1, 9, 8, -1},    // ldr x1, [x9, #8]! (pre-index)
      {0xa9bf7bfd, true, 8, 2, 31, -16, -1},  // stp x29, x30, [sp, #-16]!
      {0x29400521, false, 4, 2, 9, 0, -1},    // ldp w1, w1, [x9]
  };
  for (const Case& c : cases) {
    const MemAccessDecode d = decode_mem(c.insn);
    ASSERT_TRUE(d.is_mem) << std::hex << c.insn;
    EXPECT_EQ(d.write, c.write) << std::hex << c.insn;
    EXPECT_EQ(d.size, c.size) << std::hex << c.insn;
    EXPECT_EQ(d.pair, c.pair) << std::hex << c.insn;
    EXPECT_EQ(d.rn, c.rn) << std::hex << c.insn;
    EXPECT_EQ(d.offset, c.offset) << std::hex << c.insn;
    EXPECT_EQ(d.rm, c.rm) << std::hex << c.insn;
  }
  EXPECT_FALSE(decode_mem(0xd503201f).is_mem);  // nop
  EXPECT_FALSE(decode_mem(0x91000421).is_mem);  // add x1, x1, #1
  EXPECT_FALSE(decode_mem(0xf9800120).is_mem);  // prfm pldl1keep, [x9]
}

TEST(IssA64, FindsTheFaultingAccessInABlock) {
  // ldr x0, [x9, #8]; add x1, x1, #1; str w16, [x9, x3]; ldr x0, [x9, #8]
  const uint32_t block[] = {0xf9400520, 0x91000421, 0xb8236930, 0xf9400520};
  std::map<unsigned, uint64_t> regs = {{9, 0x50000000}, {3, 0x1235}};
  auto x = [&](unsigned r) { return regs.count(r) ? regs[r] : 0; };
  EXPECT_EQ(find_access(block, 4, 0x50000008, 8, false, x), 0u);
  EXPECT_EQ(find_access(block, 4, 0x50001235, 4, true, x), 2u);
  // No instruction computes the address: the first of the right direction.
  EXPECT_EQ(find_access(block, 4, 0x60000000, 4, true, x), 2u);
  EXPECT_FALSE(find_access(block, 2, 0x50000000, 4, true, x));
}
