// Guest LPIs (issue 17): the round trip of an assigned device's MSI through
// the hypervisor model, as KVM's vgic-its runs it: the MSI injected
// (translation cache, or on a miss the emulated ITS walking the guest's
// device, translation and collection tables in its RAM), the vLPI flushed
// into an LR at entry, the guest's ICV_IAR1 and ICV_EOIR1, the exit's sync
// and prune. Arg 1: the translation cache hits; arg 0: it is emptied before
// every MSI (a miss each time). The ratio miss / hit is what the cache
// saves (reported by scripts/bench_ratios.py, no target).
#include "bench_common.h"
#include "guest_its_bus.h"

namespace gicsim::bench {

namespace {

constexpr uint32_t kDevice = 3;

struct GuestLpiRig {
  std::unique_ptr<Gic> gic;
  std::unique_ptr<Hypervisor> hyp;
};

GuestLpiRig make_rig() {
  GicConfig c;
  c.cpus = 1;
  c.lrs = 4;
  c.lpi_bits = 16;
  c.its = true;
  GuestLpiRig r;
  r.gic = std::make_unique<Gic>(c);
  r.hyp = std::make_unique<Hypervisor>(*r.gic, 1, 1);
  ItsDriver d(guest_its_bus(*r.hyp, 0), Vm::kRamBase, 1, Vm::kLpiBits, {ItsDevice{kDevice, 16}},
              [](unsigned c) { return uint64_t(c) << 16; });
  if (!d.boot()) std::abort();
  return r;
}

void BM_GuestLpiRoundTrip(benchmark::State& s) {
  const bool cached = s.range(0) != 0;
  GuestLpiRig r = make_rig();
  Hypervisor& h = *r.hyp;
  Gic& g = *r.gic;
  unsigned event = 0, taken = 0;
  for (auto _ : s) {
    if (!cached) h.vm(0).its_cache().clear();
    h.inject_msi(0, kDevice, event);
    h.enter(0, 0, 0);
    SysregAccess a = make_sysreg_access(Sr::ICC_IAR1_EL1, 0, 1, false, 0, true);
    g.sysreg(a);
    taken += a.value == 8192 + event;
    SysregAccess e = make_sysreg_access(Sr::ICC_EOIR1_EL1, 0, 1, true, a.value, true);
    g.sysreg(e);
    h.exit(0);
    event = (event + 1) % 16;
  }
  if (taken != s.iterations()) s.SkipWithError("an MSI was not taken by the guest");
  s.counters["cache_hits"] =
      benchmark::Counter(double(h.stats.its_cache_hits), benchmark::Counter::kAvgIterations);
}

}  // namespace

void register_guest_lpi() {
  benchmark::RegisterBenchmark("BM_GuestLpiRoundTrip", BM_GuestLpiRoundTrip)->Arg(1)->Arg(0);
}

}  // namespace gicsim::bench
