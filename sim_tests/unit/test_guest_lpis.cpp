// Guest LPIs in the hypervisor model (KVM's vgic-its): the guest's emulated
// ITS and redistributors over its RAM, MSIs of assigned devices translated
// (with the translation cache) into virtual LPIs, and their trip through the
// ap_list and the list registers. Expected values from the GICv3
// architecture (LPIs: edge, Group 1, no active state, priority from the
// configuration table after INV) and KVM's vgic-its (16 INTID bits, no
// direct LPIs, the cache dropped when a mapping changes).
#include <gtest/gtest.h>

#include "guest_its_bus.h"
#include "hypervisor.h"
#include "its_driver.h"
#include "le_bytes.h"
#include "vgic_harness.h"

using namespace gicsim;

namespace {

using F = Hypervisor::GuestFrame;
constexpr uint32_t kDev = 5;
constexpr uint32_t kLpi0 = 8192;  // the guest's LPI of event 0 (the driver maps from 8192)
constexpr uint8_t kPrio = 0xa0;   // Linux's LPI priority, as the driver writes it

GicConfig lpi_config() {
  GicConfig c = VgicHarness::make(3, 4, 2);
  c.lpi_bits = 16;
  c.its = true;
  return c;
}

struct GuestLpis : ::testing::Test {
  VgicHarness h{lpi_config()};
  Hypervisor hyp{h.gic, 1, 2};
  Vm& vm = hyp.vm(0);
  LpiTableLayout layout{2, Vm::kLpiBits, {ItsDevice{kDev, 4}}};
  uint64_t cwriter = 0;

  uint64_t reg(F f, uint64_t off, bool write = false, uint64_t v = 0, unsigned width = 8,
               bool host = true, unsigned vcpu = 0) {
    uint8_t b[8];
    store_le(v, b);
    EXPECT_EQ(hyp.guest_mmio(0, vcpu, f, write, off, width, b, host), tlm::TLM_OK_RESPONSE);
    return load_le(b, width);
  }
  void mem(uint64_t addr, uint64_t v, unsigned width) {
    uint8_t b[8];
    store_le(v, b);
    ASSERT_TRUE(vm.memory()->write(addr, b, width));
  }
  // The guest's driver: device kDev with 4 events, event q -> LPI 8192 + q
  // on vCPU q % 2 (collection q % 2).
  void boot() {
    bool ok = true;
    ItsDriver d(guest_its_bus(hyp, 0, [&ok](const std::string&) { ok = false; }), Vm::kRamBase, 2,
                Vm::kLpiBits, {ItsDevice{kDev, 4}}, [](unsigned c) { return uint64_t(c) << 16; });
    ASSERT_TRUE(d.boot());
    ASSERT_TRUE(ok);
    ASSERT_EQ(vm.its()->command_errors(), 0u);
    cwriter = reg(F::Gits, 0x88);
  }
  // One more command from the guest (host: the hypervisor's own access; else
  // vCPU 0's trapped CWRITER write).
  void command(std::array<uint64_t, 4> c, bool host = true) {
    for (unsigned i = 0; i < 4; ++i) mem(Vm::kRamBase + layout.queue + cwriter + 8 * i, c[i], 8);
    cwriter += 32;
    reg(F::Gits, 0x88, true, cwriter, 8, host);
  }
  void sync() { command({0x05, 0, 0, 0}); }
  std::vector<unsigned> list(unsigned k) {
    std::vector<unsigned> v;
    for (const ApEntry& e : vm.vcpu(k).ap_list) v.push_back(e.intid);
    return v;
  }
};

TEST_F(GuestLpis, GuestSeesLpisAnItsAndNoDirectLpis) {
  ASSERT_NE(vm.lpis(), nullptr);
  ASSERT_NE(vm.its(), nullptr);
  const uint64_t typer = reg(F::Gicd, 0x4, false, 0, 4);
  EXPECT_TRUE(typer >> 17 & 1);        // GICD_TYPER.LPIS
  EXPECT_EQ(typer >> 19 & 0x1f, 15u);  // IDbits: 16 bits, as KVM's vgic-its
  const uint64_t rtyper = reg(F::Gicr, 0x8);
  EXPECT_TRUE(rtyper & 1);               // GICR_TYPER.PLPIS
  EXPECT_FALSE(rtyper >> 3 & 1);         // DirectLPI = 0 (KVM)
  EXPECT_EQ(reg(F::Gits, 0x8) & 1, 1u);  // GITS_TYPER.Physical
  boot();
  reg(F::Gicr, 0x40, true, kLpi0);  // GICR_SETLPIR: RAZ/WI without DirectLPI
  EXPECT_TRUE(list(0).empty());
  EXPECT_EQ(hyp.state(0, 0, kLpi0), ListReg::kInvalid);
}

TEST_F(GuestLpis, AVmWithoutAnItsRefusesGitsAndMsis) {
  GicConfig c = VgicHarness::make(3, 4, 2);
  VgicHarness plain(c);
  Hypervisor hyp2(plain.gic, 1, 2);
  uint8_t b[8] = {};
  EXPECT_EQ(hyp2.guest_mmio(0, 0, F::Gits, false, 0x8, 8, b, true),
            tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_FALSE(hyp2.inject_msi(0, 1, 0));
  EXPECT_EQ(hyp2.stats.msis_dropped, 1u);
  EXPECT_EQ(hyp2.vm(0).lpis(), nullptr);
}

TEST_F(GuestLpis, MsiBecomesAPendingLpiInAnLrAndTheGuestTakesIt) {
  boot();
  ASSERT_TRUE(hyp.inject_msi(0, kDev, 1));  // event 1 -> LPI 8193 on vCPU 1
  EXPECT_EQ(list(1), std::vector<unsigned>{kLpi0 + 1});
  EXPECT_TRUE(list(0).empty());
  EXPECT_EQ(hyp.state(0, 1, kLpi0 + 1), ListReg::kPending);
  hyp.enter(0, 1, 0);
  const ListReg l = h.lr(0);
  EXPECT_EQ(l.vintid, kLpi0 + 1);
  EXPECT_EQ(l.state, ListReg::kPending);
  EXPECT_TRUE(l.group);  // Group 1
  EXPECT_EQ(l.prio, kPrio);
  EXPECT_FALSE(l.hw);
  EXPECT_FALSE(l.eoi);                     // edge: nothing to resample
  EXPECT_FALSE(vm.pending(0, kLpi0 + 1));  // consumed by the LR
  EXPECT_EQ(h.iar(1), kLpi0 + 1);
  EXPECT_EQ(hyp.state(0, 1, kLpi0 + 1), ListReg::kActive);
  h.eoir(1, kLpi0 + 1);
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
  hyp.exit(0);
  EXPECT_TRUE(list(1).empty());  // pruned: neither pending nor active
  EXPECT_EQ(hyp.state(0, 1, kLpi0 + 1), ListReg::kInvalid);
}

TEST_F(GuestLpis, AnLpiLrIsNeverPendingAndActive) {
  boot();
  hyp.inject_msi(0, kDev, 0);
  hyp.enter(0, 0, 0);
  EXPECT_EQ(h.iar(1), kLpi0);  // active in the LR
  // A second MSI while the first is being handled: the vCPU is kicked (an
  // exit folds the active LR), and re-entry may not merge the two.
  hyp.inject_msi(0, kDev, 0);
  EXPECT_EQ(hyp.state(0, 0, kLpi0), ListReg::kPending | ListReg::kActive);
  ListReg l = h.lr(0);
  EXPECT_EQ(l.vintid, kLpi0);
  EXPECT_EQ(l.state, ListReg::kActive);
  EXPECT_TRUE(l.eoi);  // its EOI maintenance brings the pending instance
  for (unsigned n = 1; n < 4; ++n) EXPECT_NE(h.lr(n).vintid, kLpi0) << "LR" << n;
  h.eoir(1, kLpi0);
  EXPECT_TRUE(h.misr() & misr::kEOI);
  ASSERT_TRUE(hyp.settle(0));
  l = h.lr(0);
  EXPECT_EQ(l.vintid, kLpi0);
  EXPECT_EQ(l.state, ListReg::kPending);
  EXPECT_EQ(h.iar(1), kLpi0);  // the second instance, once
  h.eoir(1, kLpi0);
  hyp.exit(0);
  EXPECT_EQ(hyp.state(0, 0, kLpi0), ListReg::kInvalid);
}

TEST_F(GuestLpis, AnMsiMergesIntoTheLrHoldingItPending) {
  boot();
  hyp.inject_msi(0, kDev, 0);
  hyp.enter(0, 0, 0);
  const uint64_t kicks = hyp.stats.kicks;
  hyp.inject_msi(0, kDev, 0);  // pending in the running vCPU's LR already: one instance
  EXPECT_EQ(hyp.stats.kicks, kicks);
  EXPECT_EQ(hyp.stats.merged_injections, 1u);
  EXPECT_EQ(h.iar(1), kLpi0);
  h.eoir(1, kLpi0);
  EXPECT_EQ(h.iar(1), 1023u);  // nothing else
}

TEST_F(GuestLpis, TranslationCacheHitsAndIsDroppedWhenAMappingChanges) {
  boot();
  hyp.inject_msi(0, kDev, 2);
  EXPECT_EQ(hyp.stats.its_cache_misses, 1u);
  hyp.inject_msi(0, kDev, 2);
  hyp.inject_msi(0, kDev, 2);
  EXPECT_EQ(hyp.stats.its_cache_hits, 2u);
  EXPECT_EQ(vm.its_cache().size(), 1u);
  // MOVI event 2 to collection 1: the cache forgets it, the pending LPI
  // moves to vCPU 1, and the next MSI lands there too.
  command({0x01 | uint64_t(kDev) << 32, 2, 1, 0});
  EXPECT_EQ(vm.its_cache().size(), 0u);
  EXPECT_EQ(hyp.state(0, 1, kLpi0 + 2), ListReg::kPending);
  EXPECT_FALSE(vm.lpis()->lpi_pending(0, kLpi0 + 2));
  hyp.inject_msi(0, kDev, 2);
  EXPECT_EQ(hyp.stats.its_cache_misses, 2u);
  hyp.enter(0, 1, 1);
  h.cpu = 1;
  EXPECT_EQ(h.iar(1), kLpi0 + 2);
  h.eoir(1, kLpi0 + 2);
  EXPECT_EQ(h.iar(1), 1023u);  // one instance: the moved one and the new MSI merged
}

TEST_F(GuestLpis, TheCacheIsBoundedLeastRecentlyUsedFirst) {
  ItsTranslationCache c(2);
  c.insert(1, 0, {8192, 0});
  c.insert(1, 1, {8193, 1});
  ASSERT_NE(c.find(1, 0), nullptr);  // 1/0 most recently used
  c.insert(1, 2, {8194, 0});         // evicts 1/1
  EXPECT_EQ(c.find(1, 1), nullptr);
  ASSERT_NE(c.find(1, 2), nullptr);
  EXPECT_EQ(c.find(1, 2)->intid, 8194u);
  EXPECT_EQ(c.size(), 2u);
  c.clear();
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.invalidations(), 1u);
  EXPECT_EQ(vm.its_cache().capacity(), 32u);  // KVM: 16 per vCPU
}

TEST_F(GuestLpis, DiscardStopsTheMsiAndDisablingTheItsDropsTheCache) {
  boot();
  hyp.inject_msi(0, kDev, 3);
  EXPECT_EQ(vm.its_cache().size(), 1u);
  command({0x0f | uint64_t(kDev) << 32, 3, 0, 0});  // DISCARD: unmapped, pending cleared
  EXPECT_EQ(hyp.state(0, 1, kLpi0 + 3), ListReg::kInvalid);
  EXPECT_FALSE(hyp.inject_msi(0, kDev, 3));
  EXPECT_EQ(hyp.stats.msis_dropped, 1u);
  hyp.inject_msi(0, kDev, 0);
  EXPECT_EQ(vm.its_cache().size(), 1u);
  reg(F::Gits, 0x0, true, 0, 4);  // GITS_CTLR.Enabled = 0
  EXPECT_EQ(vm.its_cache().size(), 0u);
  EXPECT_FALSE(hyp.inject_msi(0, kDev, 0));
}

TEST_F(GuestLpis, InvAppliesANewPriorityAndEnable) {
  boot();
  const uint64_t cfg = Vm::kRamBase + layout.prop + 1;  // LPI 8193's configuration byte
  mem(cfg, 0x40 | 0x2 | 0x1, 1);
  hyp.inject_msi(0, kDev, 1);
  hyp.enter(0, 1, 0);
  EXPECT_EQ(h.lr(0).prio, kPrio);  // cached until an INV
  hyp.exit(0);
  command({0x0c | uint64_t(kDev) << 32, 1, 0, 0});  // INV
  hyp.enter(0, 1, 0);
  EXPECT_EQ(h.lr(0).prio, 0x40);
  hyp.exit(0);
  mem(cfg, 0x40 | 0x2, 1);                // disabled
  command({0x0d, 0, 1, 0});               // INVALL of collection 1
  EXPECT_TRUE(vm.pending(0, kLpi0 + 1));  // still pending, no longer delivered
  hyp.enter(0, 1, 0);
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
  EXPECT_FALSE(hyp.vcpu_pending(0, 1));
}

TEST_F(GuestLpis, ATrappedItsCommandFoldsRunningVcpusFirst) {
  boot();
  hyp.inject_msi(0, kDev, 0);
  hyp.enter(0, 0, 0);
  EXPECT_EQ(h.lr(0).state, ListReg::kPending);  // held in vCPU 0's LR
  // vCPU 0 itself moves the LPI to collection 1 (a trapped CWRITER write):
  // the LR folds back first, so MOVI finds it pending and moves it.
  command({0x01 | uint64_t(kDev) << 32, 0, 1, 0}, false);
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
  EXPECT_EQ(list(1), std::vector<unsigned>{kLpi0});
  EXPECT_EQ(hyp.state(0, 1, kLpi0), ListReg::kPending);
}

TEST_F(GuestLpis, DisablingLpisWritesThePendingTableAndDropsThem) {
  boot();
  hyp.inject_msi(0, kDev, 0);
  EXPECT_EQ(list(0), std::vector<unsigned>{kLpi0});
  reg(F::Gicr, 0x0, true, 0, 4);  // vCPU 0: EnableLPIs = 0
  EXPECT_EQ(hyp.state(0, 0, kLpi0), ListReg::kInvalid);
  uint8_t b = 0;
  ASSERT_TRUE(vm.memory()->read(Vm::kRamBase + layout.pend + kLpi0 / 8, &b, 1));
  EXPECT_EQ(b & 1, 1);  // written back
  hyp.enter(0, 0, 0);   // nothing to deliver; the stale entry is pruned
  EXPECT_EQ(h.lr(0).state, ListReg::kInvalid);
  hyp.exit(0);
  EXPECT_TRUE(list(0).empty());
  EXPECT_FALSE(hyp.inject_msi(0, kDev, 0));  // its redistributor takes no LPIs now
  EXPECT_EQ(hyp.stats.msis_dropped, 1u);
  EXPECT_TRUE(hyp.inject_msi(0, kDev, 1));  // vCPU 1's still does
}

TEST_F(GuestLpis, ATrappedDirDeactivatesAnLpi) {
  boot();
  hyp.set_tdir_policy(TdirPolicy::Kvm2025);
  h.set_vmcr(h.vmcr() | 1u << 9);  // resident later: the guest's EOImode 1 in its context
  vm.vcpu(0).ctx.vmcr |= 1u << 9;
  hyp.inject_msi(0, kDev, 0);
  hyp.enter(0, 0, 0);
  EXPECT_TRUE(h.hcr() & hcr::kTDIR);  // an LPI sits in the LRs
  EXPECT_EQ(h.iar(1), kLpi0);
  h.eoir(1, kLpi0);  // priority drop only (EOImode 1)
  EXPECT_EQ(h.lr(0).state, ListReg::kActive);
  hyp.exit(0);  // vCPU 0 leaves with the LPI active
  EXPECT_TRUE(vm.lpi_active());
  vm.vcpu(1).ctx.vmcr |= 1u << 9;
  hyp.enter(0, 1, 1);  // vCPU 1 holds nothing, but an LPI of the VM is active
  h.cpu = 1;
  EXPECT_TRUE(h.hcr() & hcr::kTDIR);
  hyp.emulate_dir(1, kLpi0);  // deactivated from the other vCPU, where it lives
  EXPECT_EQ(hyp.state(0, 0, kLpi0), ListReg::kInvalid);
  EXPECT_FALSE(vm.lpi_active());
  EXPECT_TRUE(list(0).empty() || vm.vcpu(0).list_dirty);
}

TEST_F(GuestLpis, HostileGuestItsAccessesAreHarmless) {
  boot();
  // Commands with wrong parameters: ignored, counted, nothing delivered.
  command({0x0a | uint64_t(kDev) << 32, 9 | uint64_t(kLpi0) << 32, 0, 0});  // event beyond Size
  command({0x0a | uint64_t(kDev) << 32, 0 | uint64_t(70000) << 32, 0, 0});  // LPI beyond 16 bits
  command({0x09, 0, 1ull << 63 | 7ull << 16 | 0, 0});                       // MAPC to vCPU 7
  command({0xff, 0, 0, 0});
  EXPECT_EQ(vm.its()->command_errors(), 4u);
  EXPECT_FALSE(hyp.inject_msi(0, 99, 0));  // unmapped device
  EXPECT_TRUE(hyp.inject_msi(0, kDev, 0));
  // The guest points its tables outside its RAM: bus errors, logged.
  reg(F::Gits, 0x0, true, 0, 4);
  reg(F::Gits, 0x100, true, 1ull << 63 | 0x10000000ull, 8);
  reg(F::Gits, 0x0, true, 1, 4);
  EXPECT_FALSE(hyp.inject_msi(0, kDev, 0));
  EXPECT_EQ(hyp.stats.invariant_violations, 0u);
}

}  // namespace
