#include <gtest/gtest.h>

#include "log_capture.h"
#include "vgic_harness.h"

using namespace gicsim;

namespace {

// Shared behaviour: the same body runs on GICv2 and GICv3.
class Vgic : public ::testing::TestWithParam<unsigned> {
 protected:
  VgicHarness h{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(Versions, Vgic, ::testing::Values(2u, 3u),
                         [](const auto& i) { return "v" + std::to_string(i.param); });

TEST_P(Vgic, ResetValues) {
  EXPECT_EQ(h.hcr(), 0u);
  EXPECT_EQ(h.misr(), 0u);
  EXPECT_EQ(h.eisr(), 0u);
  EXPECT_EQ(h.elrsr(), 0xfu);
  EXPECT_EQ(h.apr_all(), 0u);
  for (unsigned n = 0; n < 4; ++n) EXPECT_EQ(h.lr(n).state, ListReg::kInvalid);
  // VBPR0 = 2, VBPR1 = 3 (VFIQEn RES1 on GICv3).
  EXPECT_EQ(h.vmcr(), h.v3 ? 0x004c0008u : 0x004c0000u);
  EXPECT_FALSE(h.virq());
  EXPECT_FALSE(h.maint());
}

TEST_P(Vgic, HcrWritableBitsAndReservedZero) {
  h.set_hcr(0xffffffff);
  EXPECT_EQ(h.hcr(), h.v3 ? 0xf8005cffu : 0xf80000ffu);
  h.set_hcr(0);
  EXPECT_EQ(h.hcr(), 0u);
}

TEST_P(Vgic, VmcrFieldsAndClamps) {
  h.set_vmcr(0xffffffff);
  const uint32_t expect = h.v3 ? 0xf8fc021bu : 0xf8fc021fu;  // VPMR 5 bits; v3: VAckCtl RES0
  EXPECT_EQ(h.vmcr(), expect);
  h.set_vmcr(0);
  EXPECT_EQ(h.vmcr() >> 18 & 0x3f, (2u << 3) | 3u);  // VBPR0, VBPR1 clamp to 2, 3
}

TEST_P(Vgic, LrRoundTripAndUnimplementedPriorityBits) {
  ListReg l = VgicHarness::pending(45, 0xaf);
  l.eoi = true;
  h.set_lr(2, l);
  const ListReg r = h.lr(2);
  EXPECT_EQ(r.vintid, 45u);
  EXPECT_EQ(r.prio, 0xa8);  // 5 virtual priority bits
  EXPECT_TRUE(r.eoi);
  EXPECT_TRUE(r.group);
  EXPECT_EQ(r.state, ListReg::kPending);
  ListReg hw = VgicHarness::pending(50, 0x10);
  hw.hw = true;
  hw.pintid = 60;
  h.set_lr(3, hw);
  EXPECT_TRUE(h.lr(3).hw);
  EXPECT_EQ(h.lr(3).pintid, 60u);
  EXPECT_FALSE(h.lr(3).eoi);
}

TEST_P(Vgic, AcknowledgeAndEoiOneLr) {
  h.enable();
  h.set_lr(0, VgicHarness::pending(40, 0xa0));
  EXPECT_TRUE(h.virq());
  EXPECT_EQ(h.hppir(1), 40u);
  EXPECT_EQ(h.iar(1), 40u);
  EXPECT_EQ(h.lr(0).state, ListReg::kActive);
  EXPECT_FALSE(h.virq());
  EXPECT_EQ(h.rpr(), 0xa0u);
  EXPECT_EQ(h.apr1(), 1u << 20);
  h.eoir(1, 40);
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
  EXPECT_EQ(h.rpr(), 0xffu);
  EXPECT_EQ(h.elrsr() & 1, 1u);
  EXPECT_EQ(h.iar(1), 1023u);
}

TEST_P(Vgic, PreemptionBetweenTwoLrsOfDifferentPriorityAndGroup) {
  h.enable();
  h.set_lr(0, VgicHarness::pending(40, 0xa0, true));
  EXPECT_EQ(h.iar(1), 40u);
  h.set_lr(1, VgicHarness::pending(41, 0x40, false));  // Group 0, higher priority
  EXPECT_TRUE(h.vfiq());
  EXPECT_FALSE(h.virq());
  EXPECT_EQ(h.iar(1), 1023u);  // wrong group
  EXPECT_EQ(h.iar(0), 41u);
  EXPECT_EQ(h.rpr(), 0x40u);
  h.set_lr(2, VgicHarness::pending(42, 0x80, true));  // lower than running 0x40
  EXPECT_FALSE(h.virq());
  h.eoir(0, 41);
  EXPECT_TRUE(h.virq());  // 0x80 preempts 0xa0
  EXPECT_EQ(h.iar(1), 42u);
  h.eoir(1, 42);
  h.eoir(1, 40);
  EXPECT_EQ(h.apr_all(), 0u);
  EXPECT_EQ(h.elrsr(), 0xfu);
}

TEST_P(Vgic, VpmrMasks) {
  h.enable(0x80);
  h.set_lr(0, VgicHarness::pending(40, 0x80));
  EXPECT_FALSE(h.virq());
  EXPECT_EQ(h.hppir(1), 40u);
  EXPECT_EQ(h.iar(1), 1023u);
  h.set_pmr(0x88);
  EXPECT_TRUE(h.virq());
}

TEST_P(Vgic, GroupDisabledInVmcrNotSignalled) {
  h.enable();
  h.set_vmcr(h.vmcr() & ~2u);  // VENG1 off
  h.set_lr(0, VgicHarness::pending(40, 0x80));
  EXPECT_FALSE(h.virq());
  EXPECT_EQ(h.iar(1), 1023u);
}

TEST_P(Vgic, DisabledInterfaceSignalsNothing) {
  h.enable();
  h.set_hcr(0);
  h.set_lr(0, VgicHarness::pending(40, 0x80));
  EXPECT_FALSE(h.virq());
  h.set_hcr(hcr::kEn);
  EXPECT_TRUE(h.virq());
}

TEST_P(Vgic, VeoimSplitsEoiAndDir) {
  h.enable();
  h.set_eoimode(true);
  h.set_lr(0, VgicHarness::pending(40, 0xa0));
  EXPECT_EQ(h.iar(1), 40u);
  h.eoir(1, 40);
  EXPECT_EQ(h.rpr(), 0xffu);
  EXPECT_EQ(h.lr(0).state, ListReg::kActive);
  h.dir(40);
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
  EXPECT_EQ(h.hcr() >> 27, 0u);
}

// An active priority the hypervisor restored (an interrupt acknowledged
// before it left the LRs): the guest's EOI of it drops that priority.
static void activate_outside_lrs(VgicHarness& h, unsigned bit) {
  h.v3 ? h.ich(Sr::ICH_AP1R0_EL2, 1u << bit) : h.gich(0xf0, 1u << bit);
}

TEST_P(Vgic, EoiWithNoMatchingLrCountsAndLrenp) {
  h.enable();
  h.set_hcr(hcr::kEn | hcr::kLRENPIE);
  EXPECT_EQ(h.misr() & misr::kLRENP, 0u);
  activate_outside_lrs(h, 20);
  h.eoir(1, 77);
  EXPECT_EQ(h.hcr() >> 27, 1u);
  EXPECT_EQ(h.apr_all(), 0u);
  EXPECT_EQ(h.misr() & misr::kLRENP, misr::kLRENP);
  EXPECT_TRUE(h.maint());
  activate_outside_lrs(h, 20);
  h.eoir(1, 78);
  EXPECT_EQ(h.hcr() >> 27, 2u);
  h.set_hcr(hcr::kEn | hcr::kLRENPIE);  // hypervisor clears EOIcount
  EXPECT_EQ(h.misr(), 0u);
  EXPECT_FALSE(h.maint());
  h.set_eoimode(true);  // VEOIM: the DIR counts, not the EOIR
  activate_outside_lrs(h, 20);
  h.eoir(1, 79);
  EXPECT_EQ(h.hcr() >> 27, 0u);
  h.dir(79);  // DIR clears no APR bit, yet counts: the priority dropped at the EOIR
  EXPECT_EQ(h.hcr() >> 27, 1u);
}

// GICH_HCR.EOICount: EOIs that clear no active-priority bit do not count
// (IHI 0048B; QEMU's GICv2 does the same). GICv3 makes the same choice for
// its CONSTRAINED UNPREDICTABLE case.
TEST_P(Vgic, EoiWithNothingActiveDoesNotCount) {
  h.enable();
  h.set_hcr(hcr::kEn | hcr::kLRENPIE);
  h.eoir(1, 77);
  h.eoir(0, 78);
  EXPECT_EQ(h.hcr(), hcr::kEn | hcr::kLRENPIE);
  EXPECT_FALSE(h.maint());
  // A matching active LR: GICv2 deactivates it all the same (QEMU's GICv2
  // too); GICv3 does not look at the LRs when no priority was dropped.
  ListReg l = VgicHarness::pending(40, 0xa0);
  l.state = ListReg::kActive;
  h.set_lr(0, l);
  h.eoir(1, 40);
  EXPECT_EQ(h.lr(0).state, h.v3 ? ListReg::kActive : ListReg::kInvalid);
  EXPECT_EQ(h.hcr() >> 27, 0u);
}

TEST_P(Vgic, EoiMatchingAnLrDoesNotCount) {
  h.enable();
  h.set_lr(0, VgicHarness::pending(40, 0xa0));
  EXPECT_EQ(h.iar(1), 40u);
  h.eoir(1, 40);
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
  EXPECT_EQ(h.hcr() >> 27, 0u);
  EXPECT_EQ(h.apr_all(), 0u);
}

// MISR.LRENP needs HCR.LRENPIE: EOIcount alone raises no maintenance.
TEST_P(Vgic, MisrLrenpNeedsItsEnable) {
  h.enable();
  activate_outside_lrs(h, 20);
  h.eoir(1, 77);
  EXPECT_EQ(h.hcr() >> 27, 1u);
  EXPECT_EQ(h.misr(), 0u);
  EXPECT_FALSE(h.maint());
  h.set_hcr(hcr::kEn | hcr::kLRENPIE | (1u << 27));
  EXPECT_EQ(h.misr(), misr::kLRENP);
  EXPECT_TRUE(h.maint());
}

TEST_P(Vgic, EoiCountWraps) {
  h.enable();
  h.set_hcr(hcr::kEn | (31u << 27));
  activate_outside_lrs(h, 20);
  h.eoir(1, 77);
  EXPECT_EQ(h.hcr() >> 27, 0u);
  EXPECT_EQ(h.hcr() & hcr::kEn, hcr::kEn);
}

TEST_P(Vgic, PendingActiveLr) {
  h.enable();
  ListReg l = VgicHarness::pending(40, 0xa0);
  l.state = ListReg::kPendingActive;
  h.set_lr(0, l);
  EXPECT_FALSE(h.virq());  // active: not signalled again
  h.set_lr(0, [&] {
    ListReg x = l;
    x.state = ListReg::kPending;
    return x;
  }());
  EXPECT_EQ(h.iar(1), 40u);
  h.set_lr(0, l);  // hypervisor re-pends while active
  h.eoir(1, 40);
  EXPECT_EQ(h.lr(0).state, ListReg::kPending);
  EXPECT_TRUE(h.virq());
  EXPECT_EQ(h.iar(1), 40u);
}

TEST_P(Vgic, Group0IsVfiq) {
  h.enable();
  if (!h.v3) h.gicv(0x0, 0x3 | 0x8);  // GICv2: FIQEn
  h.set_lr(0, VgicHarness::pending(40, 0xa0, false));
  EXPECT_TRUE(h.vfiq());
  EXPECT_FALSE(h.virq());
  EXPECT_EQ(h.iar(0), 40u);
  EXPECT_FALSE(h.vfiq());
  h.eoir(0, 40);
}

TEST_P(Vgic, SpecialIntidGoesPendingToInvalid) {
  for (uint32_t id : {1020u, 1021u, 1022u, 1023u}) {  // the whole range, both ends
    h.enable();
    h.set_lr(0, VgicHarness::pending(id, 0x10));
    EXPECT_EQ(h.iar(1), id);
    EXPECT_EQ(h.lr(0).state, ListReg::kInvalid) << id;
    EXPECT_EQ(h.apr_all(), 0u) << id;
  }
  // 1019 is an ordinary interrupt: it goes active.
  h.set_lr(0, VgicHarness::pending(1019, 0x10));
  EXPECT_EQ(h.iar(1), 1019u);
  EXPECT_EQ(h.lr(0).state, ListReg::kActive);
}

// ---- maintenance ----------------------------------------------------------

TEST_P(Vgic, MisrEoiSetAndClearedWithEisrElrsr) {
  h.enable();
  ListReg l = VgicHarness::pending(40, 0xa0);
  l.eoi = true;
  h.set_lr(1, l);
  EXPECT_EQ(h.elrsr() & 2, 0u);
  EXPECT_EQ(h.iar(1), 40u);
  h.eoir(1, 40);
  EXPECT_EQ(h.eisr(), 2u);
  EXPECT_EQ(h.elrsr() & 2, 0u);  // EOI=1 and invalid: not empty until processed
  EXPECT_EQ(h.misr() & misr::kEOI, misr::kEOI);
  EXPECT_TRUE(h.maint());
  h.set_lr(1, ListReg{});  // hypervisor clears the LR
  EXPECT_EQ(h.eisr(), 0u);
  EXPECT_EQ(h.elrsr() & 2, 2u);
  EXPECT_EQ(h.misr(), 0u);
  EXPECT_FALSE(h.maint());
}

TEST_P(Vgic, EisrElrsrForHwAndEoiCombinations) {
  for (int hw = 0; hw < 2; ++hw) {
    for (int eoi = 0; eoi < 2; ++eoi) {
      ListReg l;
      l.vintid = 40;
      l.hw = hw;
      l.pintid = 60;
      l.eoi = eoi && !hw;
      l.state = ListReg::kInvalid;
      h.set_lr(0, l);
      const bool eisr = !hw && eoi;
      EXPECT_EQ(h.eisr() & 1, eisr ? 1u : 0u) << hw << eoi;
      EXPECT_EQ(h.elrsr() & 1, eisr ? 0u : 1u) << hw << eoi;
      l.state = ListReg::kActive;
      h.set_lr(0, l);
      EXPECT_EQ(h.eisr() & 1, 0u);
      EXPECT_EQ(h.elrsr() & 1, 0u);
    }
  }
}

TEST_P(Vgic, MisrUnderflow) {
  h.enable();
  h.set_lr(0, VgicHarness::pending(40, 0xa0));
  h.set_lr(1, VgicHarness::pending(41, 0xa0));
  h.set_hcr(hcr::kEn | hcr::kUIE);
  EXPECT_EQ(h.misr() & misr::kU, 0u);  // two valid LRs
  EXPECT_FALSE(h.maint());
  EXPECT_EQ(h.iar(1), 40u);
  h.eoir(1, 40);  // one valid left
  EXPECT_EQ(h.misr() & misr::kU, misr::kU);
  EXPECT_TRUE(h.maint());
  h.set_hcr(hcr::kEn);
  EXPECT_FALSE(h.maint());
}

TEST_P(Vgic, MisrNoPending) {
  h.enable();
  h.set_hcr(hcr::kEn | hcr::kNPIE);
  EXPECT_EQ(h.misr(), misr::kNP);
  h.set_lr(0, VgicHarness::pending(40, 0xa0));
  EXPECT_EQ(h.misr(), 0u);
  EXPECT_EQ(h.iar(1), 40u);  // now active, nothing pending
  EXPECT_EQ(h.misr(), misr::kNP);
  EXPECT_TRUE(h.maint());
}

TEST_P(Vgic, MisrGroupEnableDisableCauses) {
  h.enable();
  const uint32_t vm = h.vmcr();
  h.set_hcr(hcr::kEn | hcr::kVGrp0EIE | hcr::kVGrp1EIE);
  EXPECT_EQ(h.misr(), misr::kVGrp0E | misr::kVGrp1E);
  h.set_hcr(hcr::kEn | hcr::kVGrp0DIE | hcr::kVGrp1DIE);
  EXPECT_EQ(h.misr(), 0u);
  h.set_vmcr(vm & ~1u);  // VENG0 off (VGrp0D uses VENG0)
  EXPECT_EQ(h.misr(), misr::kVGrp0D);
  h.set_vmcr(vm & ~2u);
  EXPECT_EQ(h.misr(), misr::kVGrp1D);
  EXPECT_TRUE(h.maint());
  h.set_hcr(0);  // En=0: no maintenance interrupt
  EXPECT_FALSE(h.maint());
}

TEST_P(Vgic, MaintenanceInterruptIsPpi25OfThePhysicalGic) {
  h.enable();
  h.set_hcr(hcr::kEn | hcr::kNPIE);
  EXPECT_TRUE(h.maint());
  EXPECT_TRUE(h.gic.dist().pending(0, 25));
  h.set_hcr(hcr::kEn);
  EXPECT_FALSE(h.gic.dist().pending(0, 25));
}

TEST_P(Vgic, HwDeactivatesPhysicalSpiAndPpi) {
  Distributor& d = h.gic.dist();
  for (unsigned pintid : {27u, 45u}) {
    // The physical interrupt was acknowledged by the hypervisor: active.
    d.update_word(Distributor::kActive, 0, pintid / 32, 1u << (pintid % 32), 0);
    ASSERT_TRUE(d.bit(Distributor::kActive, 0, pintid));
    h.enable();
    ListReg l = VgicHarness::pending(pintid + 100, 0xa0);
    l.hw = true;
    l.pintid = uint16_t(pintid);
    h.set_lr(0, l);
    EXPECT_EQ(h.iar(1), pintid + 100);
    h.eoir(1, pintid + 100);
    EXPECT_FALSE(d.bit(Distributor::kActive, 0, pintid)) << pintid;
    EXPECT_EQ(h.eisr(), 0u);
    EXPECT_EQ(h.elrsr() & 1, 1u);
  }
}

// Issue 13: a HW LR naming a pINTID the GIC does not implement (here 200
// with 64 SPIs) deactivates nothing and says so.
TEST_P(Vgic, HwLrWithUnimplementedPintidIsLogged) {
  LogCapture log;
  h.enable();
  ListReg l = VgicHarness::pending(40, 0xa0);
  l.hw = true;
  l.pintid = 200;
  h.set_lr(0, l);
  EXPECT_EQ(h.iar(1), 40u);
  h.eoir(1, 40);
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
  EXPECT_TRUE(log.contains("pINTID 200, which the GIC does not implement")) << log.lines.size();
}

// ---- GICv3 only -----------------------------------------------------------

struct VgicV3 : ::testing::Test {
  VgicHarness h{3};
};

TEST_F(VgicV3, VtrFromConfiguration) {
  EXPECT_EQ(h.ich(Sr::ICH_VTR_EL2), (3u) | (4u << 26) | (4u << 29) | (1u << 19) | (1u << 20));
  VgicHarness h16{3, 16};
  EXPECT_EQ(h16.ich(Sr::ICH_VTR_EL2) & 0x1f, 15u);
  EXPECT_EQ(h16.elrsr(), 0xffffu);
}

TEST_F(VgicV3, LrReservedBitsReadZero) {
  h.ich(Sr::ICH_LR0_EL2, ~0ull & ~(1ull << 61));  // HW=0
  EXPECT_EQ(h.ich(Sr::ICH_LR0_EL2), 0xd0f802000000ffffull);
  h.ich(Sr::ICH_LR0_EL2 + 1, ~0ull);  // HW=1: pINTID [44:32], no EOI bit
  EXPECT_EQ(h.ich(Sr::ICH_LR0_EL2 + 1), 0xf0f81fff0000ffffull);
}

TEST_F(VgicV3, UnimplementedRegistersUndefined) {
  uint64_t v = 0;
  EXPECT_EQ(h.sys(0, Sr::ICH_LR0_EL2 + 4, false, v, 2), SysregStatus::Undefined);
  EXPECT_EQ(h.sys(0, Sr::ICH_AP1R0_EL2 + 1, false, v, 2), SysregStatus::Undefined);
  EXPECT_EQ(h.sys(0, Sr::ICH_MISR_EL2, true, v, 2), SysregStatus::Undefined);
  EXPECT_EQ(h.sys(0, Sr::ICH_VTR_EL2, true, v, 2), SysregStatus::Undefined);
  EXPECT_EQ(h.sys(0, Sr::ICC_IAR1_EL1, true, v, 1, true, true), SysregStatus::Undefined);
  VgicHarness h8{3, 16};
  h8.gic.vcpuif(0).prio.configure(8, 7);
  EXPECT_EQ(h8.sys(0, Sr::ICH_AP1R0_EL2 + 3, false, v, 2), SysregStatus::Ok);
}

TEST_F(VgicV3, IcvApRegistersAreIchApRegisters) {
  h.ich(Sr::ICH_AP1R0_EL2, 0x10);
  EXPECT_EQ(h.icv(Sr::ICC_AP1R0_EL1), 0x10u);
  h.icv(Sr::ICC_AP0R0_EL1, 0x4);
  EXPECT_EQ(h.ich(Sr::ICH_AP0R0_EL2), 0x4u);
  EXPECT_EQ(h.rpr(), 0x10u);
}

TEST_F(VgicV3, IcvCtlrAndBinaryPoints) {
  EXPECT_EQ(h.icv(Sr::ICC_CTLR_EL1), 4u << 8);
  h.icv(Sr::ICC_CTLR_EL1, 0x3);
  EXPECT_EQ(h.ich(Sr::ICH_VMCR_EL2) & 0x210, 0x210u);  // VEOIM, VCBPR
  h.icv(Sr::ICC_BPR0_EL1, 5);
  EXPECT_EQ(h.icv(Sr::ICC_BPR1_EL1), 6u);  // CBPR alias
  h.icv(Sr::ICC_IGRPEN1_EL1, 1);
  EXPECT_EQ(h.ich(Sr::ICH_VMCR_EL2) & 2, 2u);
}

TEST_F(VgicV3, IccAndIcvAreSeparateViews) {
  h.icv(Sr::ICC_PMR_EL1, 0xf0);
  EXPECT_EQ(h.sr(0, Sr::ICC_PMR_EL1), 0u);  // physical PMR untouched
  EXPECT_EQ(h.ich(Sr::ICH_VMCR_EL2) >> 24, 0xf0u);
  uint64_t v = 0;
  // IMO only routes the Group 1 and common registers; Group 0 stays physical.
  EXPECT_EQ(h.sys(0, Sr::ICC_BPR0_EL1, false, v, 1, true, false), SysregStatus::Ok);
  EXPECT_EQ(v, 2u);
}

TEST_F(VgicV3, HcrTraps) {
  uint64_t v = 0;
  auto st = [&](Sr id, bool write) {
    v = 0;
    return h.sys(0, id, write, v, 1, true, true);
  };
  h.ich(Sr::ICH_HCR_EL2, hcr::kEn | hcr::kTALL1);
  EXPECT_EQ(st(Sr::ICC_IAR1_EL1, false), SysregStatus::TrapEl2);
  EXPECT_EQ(st(Sr::ICC_IGRPEN1_EL1, true), SysregStatus::TrapEl2);
  EXPECT_EQ(st(Sr::ICC_IAR0_EL1, false), SysregStatus::Ok);
  h.ich(Sr::ICH_HCR_EL2, hcr::kEn | hcr::kTALL0);
  EXPECT_EQ(st(Sr::ICC_IAR0_EL1, false), SysregStatus::TrapEl2);
  EXPECT_EQ(st(Sr::ICC_AP0R0_EL1, false), SysregStatus::TrapEl2);
  EXPECT_EQ(st(Sr::ICC_IAR1_EL1, false), SysregStatus::Ok);
  h.ich(Sr::ICH_HCR_EL2, hcr::kEn | hcr::kTC);
  EXPECT_EQ(st(Sr::ICC_PMR_EL1, true), SysregStatus::TrapEl2);
  EXPECT_EQ(st(Sr::ICC_CTLR_EL1, false), SysregStatus::TrapEl2);
  EXPECT_EQ(st(Sr::ICC_RPR_EL1, false), SysregStatus::TrapEl2);
  EXPECT_EQ(st(Sr::ICC_DIR_EL1, true), SysregStatus::TrapEl2);
  EXPECT_EQ(st(Sr::ICC_IAR1_EL1, false), SysregStatus::Ok);
  h.ich(Sr::ICH_HCR_EL2, hcr::kEn | hcr::kTDIR);
  EXPECT_EQ(st(Sr::ICC_DIR_EL1, true), SysregStatus::TrapEl2);
  EXPECT_EQ(st(Sr::ICC_PMR_EL1, true), SysregStatus::Ok);
  h.ich(Sr::ICH_HCR_EL2, hcr::kEn);
  EXPECT_EQ(st(Sr::ICC_DIR_EL1, true), SysregStatus::Ok);
}

// ---- GICv2 only -----------------------------------------------------------

// VirtualWriteEOIR1: the LR is deactivated only when its group is the
// register's and its group priority is the one dropped (QEMU agrees).
TEST_F(VgicV3, EoirOfTheOtherGroupDropsButDoesNotDeactivate) {
  h.enable();
  h.set_lr(0, VgicHarness::pending(40, 0xa0, false));  // Group 0
  EXPECT_EQ(h.iar(0), 40u);
  EXPECT_EQ(h.ich(Sr::ICH_AP0R0_EL2), 1u << 20);
  h.eoir(1, 40);                               // EOIR1 of a Group 0 interrupt
  EXPECT_EQ(h.ich(Sr::ICH_AP0R0_EL2), 0u);     // the priority is dropped
  EXPECT_EQ(h.lr(0).state, ListReg::kActive);  // but the LR stays active
  EXPECT_EQ(h.hcr() >> 27, 0u);
}

TEST_F(VgicV3, EoirOfAnotherPriorityDoesNotDeactivate) {
  h.enable();
  ListReg l = VgicHarness::pending(40, 0xa0);
  l.state = ListReg::kActive;
  h.set_lr(0, l);
  h.ich(Sr::ICH_AP1R0_EL2, 1u << 8);  // 0x40 active, not the LR's 0xa0
  h.eoir(1, 40);
  EXPECT_EQ(h.ich(Sr::ICH_AP1R0_EL2), 0u);
  EXPECT_EQ(h.lr(0).state, ListReg::kActive);
}

// One EOI drops one priority: with the same priority active in both groups
// the Group 0 bit goes first, and an EOIR1 does not clear both.
TEST_F(VgicV3, SamePriorityActiveInBothGroupsDropsOne) {
  h.enable();
  h.ich(Sr::ICH_AP0R0_EL2, 1u << 20);
  h.ich(Sr::ICH_AP1R0_EL2, 1u << 20);
  h.eoir(1, 77);
  EXPECT_EQ(h.ich(Sr::ICH_AP0R0_EL2), 0u);
  EXPECT_EQ(h.ich(Sr::ICH_AP1R0_EL2), 1u << 20);
  EXPECT_EQ(h.hcr() >> 27, 1u);
  h.eoir(1, 78);
  EXPECT_EQ(h.ich(Sr::ICH_AP1R0_EL2), 0u);
  EXPECT_EQ(h.hcr() >> 27, 2u);
}

struct VgicV2 : ::testing::Test {
  VgicHarness h{2};
};

TEST_F(VgicV2, GichVtrAndBanking) {
  EXPECT_EQ(h.gich(0x4), 3u | (4u << 26) | (4u << 29));
  h.gich(0x0, 1);
  h.cpu = 1;
  EXPECT_EQ(h.gich(0x0), 0u);  // banked per accessing CPU
  h.cpu = 0;
  EXPECT_EQ(h.gich(0x0), 1u);
  EXPECT_EQ(h.gich(0x24), 0u);  // EISR1
  EXPECT_EQ(h.gich(0x34), 0u);  // ELRSR1
  h.gich(0x110, 0xffffffff);    // LR4: beyond 4 LRs, reserved RAZ/WI
  EXPECT_EQ(h.gich(0x110), 0u);
  EXPECT_TRUE(h.log.contains("reserved offset"));
  EXPECT_EQ(h.gicv(0xfc), 0x0202143bu);
}

TEST_F(VgicV2, LrEncoding) {
  h.gich(0x100, 0xffffffff);
  EXPECT_EQ(h.gich(0x100), 0xff8fffffu);  // HW=1: pINTID in [19:10]; [22:20] RES0
  h.gich(0x100, 0x7fffffff);
  EXPECT_EQ(h.gich(0x100), 0x7f881fffu);  // HW=0: EOI [19], CPUID [12:10]
}

TEST_F(VgicV2, SgiSourceCpuidThroughLrAndIar) {
  h.enable();
  h.gicv(0x0, 0x3);
  ListReg l = VgicHarness::pending(5, 0xa0, false);
  l.source = 3;
  h.set_lr(0, l);
  l.source = 1;
  l.prio = 0xb0;
  h.set_lr(1, l);
  EXPECT_EQ(h.gich(0x100) >> 10 & 7, 3u);
  EXPECT_EQ(h.gicv(0x18), (3u << 10) | 5);  // HPPIR
  EXPECT_EQ(h.gicv(0xc), (3u << 10) | 5);
  h.gicv(0x10, (3u << 10) | 5);
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
  EXPECT_EQ(h.lr(1).state, ListReg::kPending);  // same SGI, other source
  EXPECT_EQ(h.gicv(0xc), (1u << 10) | 5);
  h.gicv(0x10, (3u << 10) | 5);  // wrong source: no match, counted (a priority dropped)
  EXPECT_EQ(h.gich(0x0) >> 27, 1u);
  EXPECT_EQ(h.lr(1).state, ListReg::kActive);
  h.gicv(0x10, (1u << 10) | 5);
  EXPECT_EQ(h.lr(1).state, ListReg::kInvalid);
}

TEST_F(VgicV2, AckCtlAndGroup1Aliases) {
  h.enable();
  h.gicv(0x0, 0x3);  // AckCtl=0
  h.set_lr(0, VgicHarness::pending(40, 0xa0, true));
  EXPECT_EQ(h.gicv(0x18), 1022u);
  EXPECT_EQ(h.gicv(0xc), 1022u);
  EXPECT_EQ(h.gicv(0x28), 40u);
  EXPECT_EQ(h.gicv(0x20), 40u);
  EXPECT_EQ(h.gicv(0xd0), 1u << 20);
  h.gicv(0x24, 40);
  EXPECT_EQ(h.gicv(0xd0), 0u);
}

}  // namespace
