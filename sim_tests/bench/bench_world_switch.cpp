// World-switch benchmark: one flush + sync of a vCPU whose ap_list holds 1,
// 16 or 256 pending interrupts, with 4 or 16 LRs. Heap allocations per
// iteration are counted (the steady state must not allocate).
#include <map>

#include "bench_common.h"
#include "hypervisor.h"

namespace gicsim::bench {

extern uint64_t g_allocations;
extern bool g_trap_alloc;

namespace {

struct Rig {
  std::unique_ptr<Gic> gic;
  std::unique_ptr<Hypervisor> hyp;
};
std::map<std::pair<unsigned, unsigned>, Rig> rigs;

Rig& rig(unsigned lrs, unsigned pending) {
  auto it = rigs.find({lrs, pending});
  if (it != rigs.end()) return it->second;
  GicConfig c;
  c.cpus = 1;
  c.spis = 288;
  c.lrs = lrs;
  Rig r;
  r.gic = std::make_unique<Gic>(c);
  r.hyp = std::make_unique<Hypervisor>(*r.gic, 1, 1);
  Vm& vm = r.hyp->vm(0);
  for (unsigned i = 0; i < pending; ++i) {
    vm.dist().set_priority(0, 32 + i, uint8_t((i * 37) & 0xf8));
    r.hyp->inject(0, 32 + i, Hypervisor::Trigger::Edge);
  }
  return rigs.emplace(std::make_pair(lrs, pending), std::move(r)).first->second;
}

void BM_WorldSwitch(benchmark::State& s) {
  const unsigned lrs = unsigned(s.range(0)), pending = unsigned(s.range(1));
  Rig& r = rig(lrs, pending);
  Hypervisor& h = *r.hyp;
  Vm& vm = h.vm(0);
  h.flush(vm, 0, 0);  // warm up: scratch capacity reached
  h.sync(vm, 0, 0);
  if (vm.vcpu(0).ap_list.size() != pending) return s.SkipWithError("ap_list size");
  const uint64_t before = g_allocations;
  g_trap_alloc = getenv("GICSIM_TRAP_ALLOC") != nullptr;
  for (auto _ : s) {
    h.flush(vm, 0, 0);
    h.sync(vm, 0, 0);
  }
  g_trap_alloc = false;
  const uint64_t allocs = g_allocations - before;
  s.counters["allocs_per_switch"] = benchmark::Counter(double(allocs) / double(s.iterations()));
  if (allocs) s.SkipWithError("heap allocation in the steady state");
}

}  // namespace

void register_world_switch() {
  benchmark::RegisterBenchmark("BM_WorldSwitch", BM_WorldSwitch)
      ->ArgsProduct({{4, 16}, {1, 16, 256}});
}

}  // namespace gicsim::bench
