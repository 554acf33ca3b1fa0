#include <gtest/gtest.h>

#include <algorithm>

#include "hypervisor.h"
#include "vgic_harness.h"

using namespace gicsim;

namespace {

using D = Distributor;
using T = Hypervisor::Trigger;

// The world switch on either backend: one test body where the behaviour is shared.
struct HypHarness : VgicHarness {
  Hypervisor hyp;
  std::vector<unsigned> resampled;
  HypHarness(unsigned version, unsigned lrs = 4, unsigned vcpus = 2,
             SortPolicy policy = SortPolicy::Kvm2025)
      : VgicHarness(version, lrs, 2), hyp(gic, 1, vcpus, HypOptions{policy, true}) {
    hyp.on_resample = [this](unsigned, unsigned, unsigned intid) { resampled.push_back(intid); };
  }
  Vm& vm() { return hyp.vm(0); }
  D& vd() { return vm().dist(); }
  std::vector<unsigned> list(unsigned k) {
    std::vector<unsigned> v;
    for (const ApEntry& e : vm().vcpu(k).ap_list) v.push_back(e.intid);
    return v;
  }
  // Guest access to its emulated GICD.
  void vgicd(uint32_t off, uint64_t v, unsigned width = 4, unsigned vcpu = 0) {
    wr(vm().frames().gicd(), off, v, vcpu, width);
  }
};

class Hyp : public ::testing::TestWithParam<unsigned> {
 protected:
  HypHarness h{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(Backends, Hyp, ::testing::Values(2u, 3u),
                         [](const auto& i) { return "v" + std::to_string(i.param); });

TEST_P(Hyp, BackendMatchesVersion) {
  EXPECT_STREQ(h.hyp.backend().name(), GetParam() == 3 ? "gicv3" : "gicv2");
}

TEST_P(Hyp, EdgePendingMovesIntoTheLr) {
  h.hyp.inject(0, 40, T::Edge);
  EXPECT_EQ(h.list(0), std::vector<unsigned>{40});
  h.hyp.enter(0, 0, 0);
  const ListReg l = h.lr(0);
  EXPECT_EQ(l.vintid, 40u);
  EXPECT_EQ(l.state, ListReg::kPending);
  EXPECT_FALSE(l.eoi);
  EXPECT_FALSE(l.hw);
  EXPECT_FALSE(h.vd().pending(0, 40));  // consumed by the LR
  EXPECT_EQ(h.hyp.state(0, 0, 40), ListReg::kPending);
  h.hyp.exit(0);
  EXPECT_TRUE(h.vd().pending(0, 40));  // folded back: still pending
  EXPECT_EQ(h.hcr(), 0u);              // interface off until the next entry
  h.hyp.enter(0, 1, 0);                // the next vCPU: stale LRs are cleared
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
}

TEST_P(Hyp, LevelPendingHasEoiBitAndKeepsLinePending) {
  h.hyp.inject(0, 41, T::High);
  h.hyp.enter(0, 0, 0);
  const ListReg l = h.lr(0);
  EXPECT_EQ(l.state, ListReg::kPending);
  EXPECT_TRUE(l.eoi);
  EXPECT_TRUE(h.vd().pending(0, 41));
}

TEST_P(Hyp, ActiveFoldsBackAndReturnsActive) {
  h.hyp.inject(0, 40, T::Edge);
  h.hyp.enter(0, 0, 0);
  EXPECT_EQ(h.iar(h.v3 ? 1 : 0), 40u);
  h.hyp.exit(0);
  EXPECT_TRUE(h.vd().bit(D::kActive, 0, 40));
  EXPECT_FALSE(h.vd().pending(0, 40));
  h.hyp.enter(0, 0, 0);
  EXPECT_EQ(h.lr(0).state, ListReg::kActive);
  EXPECT_EQ(h.rpr(), 0xa0u);  // APRs saved and restored
}

TEST_P(Hyp, EdgeActiveAndPendingGoesPendingActive) {
  h.hyp.inject(0, 40, T::Edge);
  h.hyp.enter(0, 0, 0);
  h.iar(h.v3 ? 1 : 0);
  h.hyp.inject(0, 40, T::Edge);  // kicks the running vCPU
  EXPECT_EQ(h.lr(0).state, ListReg::kPendingActive);
  EXPECT_GE(h.hyp.stats.kicks, 1u);
}

TEST_P(Hyp, LevelActiveAndPendingIsNeverPendingActive) {
  h.hyp.inject(0, 41, T::High);
  h.hyp.enter(0, 0, 0);
  h.iar(h.v3 ? 1 : 0);
  h.hyp.exit(0);
  EXPECT_TRUE(h.vd().bit(D::kActive, 0, 41));
  EXPECT_TRUE(h.vd().pending(0, 41));
  h.hyp.enter(0, 0, 0);
  EXPECT_EQ(h.lr(0).state, ListReg::kActive);
  EXPECT_TRUE(h.lr(0).eoi);
}

TEST_P(Hyp, HwMappedHasPintidNoEoiAndNeverPendingActive) {
  h.hyp.map(0, 50, 60);
  h.hyp.inject(0, 50, T::Edge);
  h.hyp.enter(0, 0, 0);
  ListReg l = h.lr(0);
  EXPECT_TRUE(l.hw);
  EXPECT_EQ(l.pintid, 60u);
  EXPECT_FALSE(l.eoi);
  h.iar(h.v3 ? 1 : 0);
  h.hyp.inject(0, 50, T::Edge);
  EXPECT_EQ(h.lr(0).state, ListReg::kActive);  // the pending half waits
  EXPECT_TRUE(h.vd().pending(0, 50));
}

TEST_P(Hyp, MaintenanceNotifiesClearsAndForgets) {
  h.hyp.inject(0, 41, T::High);
  h.hyp.enter(0, 0, 0);
  const unsigned g = h.v3 ? 1 : 0;
  EXPECT_EQ(h.iar(g), 41u);
  h.hyp.inject(0, 41, T::Low);
  h.eoir(g, 41);
  EXPECT_EQ(h.eisr(), 1u);
  EXPECT_TRUE(h.maint());
  h.hyp.handle_maintenance(0);
  EXPECT_EQ(h.resampled, std::vector<unsigned>{41});
  EXPECT_EQ(h.hyp.stats.maintenance[0], 1u);  // MISR.EOI
  EXPECT_EQ(h.eisr(), 0u);
  EXPECT_FALSE(h.maint());
  EXPECT_FALSE(h.vd().pending(0, 41));
  EXPECT_TRUE(h.list(0).empty());  // pruned: neither pending nor active
  h.hyp.handle_maintenance(0);
  EXPECT_EQ(h.resampled.size(), 1u);  // not replayed
}

TEST_P(Hyp, UnderflowWhenCandidatesExceedLrs) {
  for (unsigned i = 0; i < 6; ++i) h.hyp.inject(0, 40 + i, T::Edge);
  h.hyp.enter(0, 0, 0);
  EXPECT_TRUE(h.hcr() & hcr::kUIE);
  EXPECT_TRUE(h.hcr() & hcr::kNPIE);
  EXPECT_EQ(h.elrsr(), 0u);
  EXPECT_EQ(h.hyp.stats.underflow_requests, 1u);
  EXPECT_EQ(h.hyp.stats.lr_occupancy[4], 1u);
  h.hyp.exit(0);
  EXPECT_EQ(h.hcr(), 0u);  // UIE cleared after sync
}

// Underflow maintenance in a running world switch: twelve interrupts through
// four LRs. Each time the guest drains the LRs to at most one valid entry,
// MISR.U raises the maintenance interrupt, the hypervisor exits, folds and
// refills; every interrupt arrives once, in priority order.
TEST_P(Hyp, UnderflowRefillsWhileTheGuestDrainsTheLrs) {
  const unsigned g = h.v3 ? 1 : 0;
  std::vector<unsigned> want;
  for (unsigned i = 0; i < 12; ++i) {
    const unsigned id = 40 + i;
    h.vgicd(0x400 + id, uint8_t(0xb0 - 8 * ((i * 5) % 12)), 1);  // distinct, shuffled
    h.hyp.inject(0, id, T::Edge);
    want.push_back(id);
  }
  std::sort(want.begin(), want.end(),
            [&](unsigned a, unsigned b) { return h.vd().priority(0, a) < h.vd().priority(0, b); });
  h.hyp.enter(0, 0, 0);
  std::vector<unsigned> got;
  unsigned underflows = 0;
  for (unsigned round = 0; round < 64 && got.size() < want.size(); ++round) {
    if (h.maint()) {
      // Only MISR.U may be asserted here: the guest's EOIs need no maintenance.
      EXPECT_EQ(h.misr(), misr::kU) << "round " << round;
      EXPECT_LE(4 - __builtin_popcount(h.elrsr() & 0xf), 1) << "U with two valid LRs";
      ++underflows;
      h.hyp.handle_maintenance(0);
      EXPECT_FALSE(h.maint() && (h.misr() & misr::kU)) << "refilled, U drops";
      continue;
    }
    ASSERT_TRUE(h.virq()) << "nothing signalled and no maintenance: lost interrupts";
    const unsigned id = h.iar(g);
    got.push_back(id);
    h.eoir(g, id);
  }
  EXPECT_EQ(got, want);
  EXPECT_GE(underflows, 2u);
  EXPECT_EQ(h.hyp.stats.maintenance[1], underflows);  // MISR.U seen at sync
  EXPECT_GE(h.hyp.stats.underflow_requests, 3u);
  EXPECT_FALSE(h.hcr() & hcr::kUIE) << "all fit in the LRs now: no underflow request";
  EXPECT_FALSE(h.virq());
  h.hyp.exit(0);
  EXPECT_TRUE(h.list(0).empty());
}

TEST_P(Hyp, PruneAndMigration) {
  h.hyp.inject(0, 40, T::Edge);
  EXPECT_EQ(h.list(0), std::vector<unsigned>{40});
  h.hyp.enter(0, 0, 0);
  // The guest retargets SPI 40 to vCPU 1 while it is in vCPU 0's LR.
  if (h.v3)
    h.vgicd(0x6000 + 8 * 40, 1, 8);
  else
    h.vgicd(0x800 + 40, 0x2, 1);
  h.hyp.exit(0);
  EXPECT_TRUE(h.list(0).empty());
  EXPECT_EQ(h.list(1), std::vector<unsigned>{40});
  h.hyp.enter(0, 1, 1);
  h.cpu = 1;
  EXPECT_EQ(h.lr(0).vintid, 40u);
}

TEST_P(Hyp, EoiCountWalkStartsAfterTheLastPlacedInterrupt) {
  // Five active interrupts, four LRs: one lives outside the LRs.
  for (unsigned i = 0; i < 5; ++i) h.vgicd(0x400 + 40 + i, 0x80 - 0x10 * i, 1);
  h.vgicd(0x304, 0x1f00);  // ISACTIVER1: INTIDs 40..44
  EXPECT_EQ(h.list(0).size(), 5u);
  h.hyp.enter(0, 0, 0);
  EXPECT_TRUE(h.hcr() & hcr::kLRENPIE);
  // TDIR whatever the EOImode (GICv2 has no TDIR bit: the DIR page traps).
  EXPECT_EQ(bool(h.hcr() & hcr::kTDIR), h.v3);
  EXPECT_TRUE(h.hyp.gicv_dir_trapped(0) || h.v3);
  // Highest priorities (44..41) are in the LRs; 40 (lowest) is outside.
  for (unsigned n = 0; n < 4; ++n) EXPECT_EQ(h.lr(n).vintid, 44 - n);
  // The guest had acknowledged 40 (priority 0x80): its active priority is set.
  h.v3 ? h.ich(Sr::ICH_AP1R0_EL2, 1u << 16) : h.gich(0xf0, 1u << 16);
  h.eoir(h.v3 ? 1 : 0, 40);  // no LR holds 40: EOIcount
  EXPECT_EQ(h.hcr() >> 27, 1u);
  EXPECT_TRUE(h.maint());
  h.hyp.handle_maintenance(0);
  EXPECT_FALSE(h.vd().bit(D::kActive, 0, 40));
  EXPECT_EQ(h.hyp.stats.eoicount_deactivations, 1u);
  for (unsigned i = 41; i < 45; ++i) EXPECT_TRUE(h.vd().bit(D::kActive, 0, i));
}

TEST_P(Hyp, TdirWhenActiveOutsideLrsInEoiMode1) {
  for (unsigned i = 0; i < 5; ++i) h.vgicd(0x400 + 40 + i, 0x80 - 0x10 * i, 1);
  h.vgicd(0x304, 0x1f00);
  h.vm().vcpu(0).ctx.vmcr |= 1u << 9;  // VEOIM
  h.hyp.enter(0, 0, 0);
  if (h.v3) {
    EXPECT_TRUE(h.hcr() & hcr::kTDIR);
    uint64_t v = 40;
    ASSERT_EQ(h.sys(0, Sr::ICC_DIR_EL1, true, v, 1, true, true), SysregStatus::TrapEl2);
    SysregAccess a = make_sysreg_access(Sr::ICC_DIR_EL1, 0, 1, true, 40, true);
    EXPECT_EQ(h.hyp.handle_trap(0, a), SysregStatus::Ok);
    EXPECT_FALSE(h.vd().bit(D::kActive, 0, 40));
  } else {
    EXPECT_FALSE(h.hcr() & hcr::kTDIR);  // GICv2 has no TDIR
  }
}

TEST_P(Hyp, VcpuPendingQuery) {
  EXPECT_FALSE(h.hyp.vcpu_pending(0, 0));
  h.hyp.inject(0, 40, T::Edge);
  EXPECT_TRUE(h.hyp.vcpu_pending(0, 0));
  EXPECT_FALSE(h.hyp.vcpu_pending(0, 1));
  h.hyp.enter(0, 0, 0);
  EXPECT_TRUE(h.hyp.vcpu_pending(0, 0));  // pending in an LR
}

// The flush itself places only interrupts whose target is this vCPU, even
// one that a change the hypervisor did not hear of left on the wrong list.
TEST_P(Hyp, FlushSkipsAnInterruptTargetedElsewhere) {
  h.hyp.inject(0, 40, T::Edge);
  EXPECT_EQ(h.list(0), std::vector<unsigned>{40});
  h.vm().quiet = true;  // as if the change happened inside the hypervisor
  if (h.v3)
    h.vd().set_irouter(40, h.vd().affinity_of(1));
  else
    h.vd().set_targets(40, 0x2);
  h.vm().quiet = false;
  h.vm().vcpu(0).list_dirty = false;
  h.hyp.flush(h.vm(), 0, 0);
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
  EXPECT_TRUE(h.vm().vcpu(0).list_dirty);  // the next prune migrates it
  h.hyp.sync(h.vm(), 0, 0);
  EXPECT_EQ(h.list(1), std::vector<unsigned>{40});
}

// ---- sorting ------------------------------------------------------------------

std::vector<unsigned> sorted(SortPolicy p) {
  HypHarness h{3, 4, 2, p};
  // 40: active, low priority; 41: pending, high; 42: pending, mid; 43: pending
  // but its group (0) is disabled in VMCR; 44: pending, high, HW-mapped.
  h.vgicd(0x428, 0xc0a0a040 | 0u, 4);  // priorities 40..43: 0x40 0xa0 0xa0 0xc0 (byte order)
  h.vgicd(0x428, 0x40, 1);
  h.vgicd(0x429, 0x20, 1);
  h.vgicd(0x42a, 0x60, 1);
  h.vgicd(0x42b, 0x10, 1);
  h.vgicd(0x42c, 0x20, 1);
  h.vgicd(0x84, ~(1u << 11));      // 43 in Group 0
  h.vm().vcpu(0).ctx.vmcr &= ~1u;  // VENG0 off
  h.hyp.map(0, 44, 60);
  h.vgicd(0x304, 1u << 8);  // 40 active
  for (unsigned i = 41; i < 45; ++i) h.hyp.inject(0, i, T::Edge);
  h.hyp.sort(h.vm(), 0);
  return h.list(0);
}

TEST(HypSort, SeedActiveFirstThenPendingByPriority) {
  EXPECT_EQ(sorted(SortPolicy::Seed), (std::vector<unsigned>{40, 43, 41, 44, 42}));
}

// KVM 2016's comparator returns 0 for two active interrupts (and for equal
// priorities) and list_sort is stable: the list order stays, whatever the
// priorities. Many changed entries take the std::sort path, few the
// insertion sort: both must be stable.
TEST(HypSort, SeedKeepsListOrderAmongActives) {
  for (unsigned extra : {0u, 20u}) {
    HypHarness h{3, 4, 2, SortPolicy::Seed};
    h.vgicd(0x400 + 45, 0x80, 1);
    h.vgicd(0x400 + 41, 0x20, 1);
    h.vgicd(0x304, 1u << 13);  // 45 active (priority 0x80), queued first
    h.vgicd(0x304, 1u << 9);   // 41 active (priority 0x20), queued second
    h.hyp.sort(h.vm(), 0);
    h.hyp.inject(0, 41, T::Edge);  // requeued: 41 is stale, 45 not
    for (unsigned i = 0; i < extra; ++i) h.hyp.inject(0, 50 + i, T::Edge);
    h.hyp.sort(h.vm(), 0);
    const std::vector<unsigned> l = h.list(0);
    ASSERT_GE(l.size(), 2u);
    EXPECT_EQ(l[0], 45u) << "extra " << extra;  // not by priority
    EXPECT_EQ(l[1], 41u) << "extra " << extra;
  }
}

TEST(HypSort, Kvm2025GroupEnabledPendingNotActivePriorityHw) {
  EXPECT_EQ(sorted(SortPolicy::Kvm2025), (std::vector<unsigned>{44, 41, 42, 40, 43}));
}

// ---- GICv2 SGIs -------------------------------------------------------------------

// KVM since 4.17: one LR per SGI (duplicate VirtualIDs are UNPREDICTABLE),
// the lowest source first, the EOI bit while other sources wait.
TEST(HypV2, SgiMultiSourceOneLrLowestFirstRestPending) {
  HypHarness h{2, 2, 4};
  for (unsigned src : {3u, 1u, 2u}) h.vgicd(0xf00, 0x10005, 4, src);
  h.hyp.enter(0, 0, 0);
  EXPECT_EQ(h.lr(0).source, 1u);
  EXPECT_TRUE(h.lr(0).eoi);  // sources 2 and 3 wait for its EOI
  EXPECT_EQ(h.lr(1).state, ListReg::kInvalid);
  EXPECT_EQ(h.vd().sgi_sources(0, 5), 0xc);
  EXPECT_EQ(h.hyp.sgi_sources(0, 0, 5), 0xe);
  EXPECT_EQ(h.hyp.state(0, 0, 5), ListReg::kPending);
  h.hyp.exit(0);
  EXPECT_EQ(h.vd().sgi_sources(0, 5), 0xe);  // sources folded back
}

// An active SGI with other sources pending: Active-only with the EOI bit,
// and the state query says pending+active.
TEST(HypV2, ActiveSgiWithMoreSourcesIsActiveOnlyWithEoi) {
  HypHarness h{2, 4, 4};
  h.vgicd(0xf00, 0x10005, 4, 1);
  h.hyp.enter(0, 0, 0);
  EXPECT_EQ(h.iar(0), (1u << 10) | 5);
  h.vgicd(0xf00, 0x10005, 4, 1);  // the same source again, while active
  h.vgicd(0xf00, 0x10005, 4, 2);
  EXPECT_EQ(h.hyp.state(0, 0, 5), ListReg::kPendingActive);
  h.hyp.exit_to_host(0);
  h.hyp.resume(0);
  const ListReg l = h.lr(0);
  EXPECT_EQ(l.state, ListReg::kActive);
  EXPECT_EQ(l.source, 1u);
  EXPECT_TRUE(l.eoi);
  for (unsigned n = 1; n < 4; ++n) EXPECT_EQ(h.lr(n).state, ListReg::kInvalid);
  EXPECT_EQ(h.hyp.state(0, 0, 5), ListReg::kPendingActive);
  EXPECT_EQ(h.hyp.stats.invariant_violations, 0u);
}

}  // namespace

namespace {

TEST_P(Hyp, WfiBlocksUntilAnInterruptArrives) {
  std::vector<unsigned> woken;
  h.hyp.on_wake = [&](unsigned, unsigned k) { woken.push_back(k); };
  h.hyp.enter(0, 1, 0);
  EXPECT_TRUE(h.hyp.wfi(0));
  EXPECT_FALSE(h.hyp.loaded(0));
  EXPECT_TRUE(h.vm().vcpu(1).blocked);
  h.hyp.inject(0, 20, T::Edge, 1);  // a PPI for vCPU 1
  EXPECT_EQ(woken, std::vector<unsigned>{1});
  EXPECT_FALSE(h.vm().vcpu(1).blocked);
  h.hyp.enter(0, 1, 0);
  EXPECT_FALSE(h.hyp.wfi(0));  // pending: WFI completes at once
  EXPECT_EQ(h.hyp.stats.wakeups, 1u);
}

TEST_P(Hyp, SeveralVcpusShareOnePhysicalCpu) {
  h.hyp.inject(0, 20, T::Edge, 0);
  h.hyp.inject(0, 21, T::Edge, 1);
  h.hyp.enter(0, 0, 0);
  EXPECT_EQ(h.lr(0).vintid, 20u);
  h.set_pmr(0xe0);       // guest state of vCPU 0
  h.hyp.enter(0, 1, 0);  // switches: vCPU 0 saved, vCPU 1 restored
  EXPECT_EQ(h.lr(0).vintid, 21u);
  EXPECT_EQ(h.vmcr() >> 24, 0xf0u);
  h.hyp.enter(0, 0, 0);
  EXPECT_EQ(h.lr(0).vintid, 20u);
  EXPECT_EQ(h.vmcr() >> 24, 0xe0u);
  EXPECT_EQ(h.hyp.stats.entries, 3u);
  EXPECT_EQ(h.hyp.stats.exits, 2u);
  EXPECT_EQ(h.hyp.stats.invariant_violations, 0u);
}

TEST(HypV3, Group0FromTheGuestsIgroupIsVfiq) {
  HypHarness h{3};
  h.vgicd(0x84, ~(1u << 8));  // SPI 40 in Group 0
  h.hyp.inject(0, 40, T::Edge);
  h.hyp.enter(0, 0, 0);
  EXPECT_FALSE(h.lr(0).group);
  EXPECT_TRUE(h.vfiq());
  EXPECT_FALSE(h.virq());
  EXPECT_EQ(h.iar(0), 40u);
}

TEST(HypV3, EoiMaintainedLrHasNoStateLeftAndIsCleared) {
  HypHarness h{3};
  h.hyp.inject(0, 41, T::High);
  h.hyp.enter(0, 0, 0);
  h.iar(1);
  h.hyp.inject(0, 41, T::Low);
  h.eoir(1, 41);
  const ListReg l = h.lr(0);
  EXPECT_EQ(l.state, ListReg::kInvalid);  // the invariant sync checks
  EXPECT_TRUE(l.eoi);
  h.hyp.handle_maintenance(0);
  EXPECT_EQ(h.hyp.stats.invariant_violations, 0u);
  EXPECT_FALSE(h.lr(0).eoi);  // cleared: ELRSR shows it empty again
  EXPECT_EQ(h.elrsr() & 1, 1u);
}

}  // namespace
