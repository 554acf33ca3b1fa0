// Interrupt storms: the host cost of an injection into a running vCPU, as
// the main job runs them (kicks are IPIs, coalesced while one is pending).
// An injection that re-pends an interrupt the vCPU holds pending in an LR
// merges into it (no kick); a burst of new interrupts costs one kick and
// one world switch. Host time per simulated second is then at most the
// offered injection rate times these costs.
#include "bench_common.h"
#include "hypervisor.h"

namespace gicsim::bench {

namespace {

struct StormRig {
  std::unique_ptr<Gic> gic;
  std::unique_ptr<Hypervisor> hyp;
};

StormRig make_rig() {
  GicConfig c;
  c.cpus = 1;
  c.spis = 988;
  c.lrs = 4;
  StormRig r;
  r.gic = std::make_unique<Gic>(c);
  HypOptions o;
  o.defer_kicks = true;
  r.hyp = std::make_unique<Hypervisor>(*r.gic, 1, 1, o);
  return r;
}

// An edge on an interrupt pending in the running vCPU's LR: merged.
void BM_InjectMergedIntoLr(benchmark::State& s) {
  StormRig r = make_rig();
  Hypervisor& h = *r.hyp;
  h.inject(0, 40, Hypervisor::Trigger::Edge);
  h.enter(0, 0, 0);
  for (auto _ : s) h.inject(0, 40, Hypervisor::Trigger::Edge);
  s.counters["kicks"] = double(h.stats.kicks);
  s.counters["merged"] = benchmark::Counter(double(h.stats.merged_injections),
                                            benchmark::Counter::kAvgIterations);
}

// A burst of edges on distinct SPIs to a running vCPU (one kick, the rest
// coalesced), then the vCPU takes its kick (sync, sort, flush of the burst).
// Reported per injection.
void BM_InjectBurst(benchmark::State& s) {
  const unsigned n = unsigned(s.range(0));
  StormRig r = make_rig();
  Hypervisor& h = *r.hyp;
  Distributor& d = h.vm(0).dist();
  h.enter(0, 0, 0);
  for (auto _ : s) {
    for (unsigned i = 0; i < n; ++i) h.inject(0, 32 + i, Hypervisor::Trigger::Edge);
    h.take_kick(0);
    s.PauseTiming();  // the guest "handles" them: the state goes back to idle
    h.exit(0);
    for (unsigned w = 1; w < (32 + n + 31) / 32; ++w) d.update_word(Distributor::kLatch, 0, w, 0, ~0u);
    h.enter(0, 0, 0);
    s.ResumeTiming();
  }
  s.SetItemsProcessed(int64_t(s.iterations()) * n);
  s.counters["kicks_per_burst"] =
      benchmark::Counter(double(h.stats.kicks), benchmark::Counter::kAvgIterations);
}

}  // namespace

void register_storm() {
  benchmark::RegisterBenchmark("BM_InjectMergedIntoLr", BM_InjectMergedIntoLr);
  benchmark::RegisterBenchmark("BM_InjectBurst", BM_InjectBurst)->Arg(8)->Arg(988);
}

}  // namespace gicsim::bench
