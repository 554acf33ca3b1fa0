// The gicsim tool's own speed (issue 16), measured by running it: each
// iteration runs the main job (or the micro-benchmarks) with --stats and
// reports what the run measured (the simulation proper, without process
// start-up):
//  - MainJob/<profile>: the default platform, 1 s simulated; counter
//    delivered_M_per_host_s (target >= 1: one million delivered virtual
//    interrupts per host second), host_ns_per_delivered;
//  - MainJobQuantum/<ns>: the same at another quantum (reported);
//  - MicroBench: gicsim --micro-bench (all rows, 1000 iterations each);
//  - KernelWait: this machine's reference, measured in this process: host ns
//    per SystemC timed wait() of four threads that do nothing else (the
//    main job's CPU count). MainJob divides its host ns per delivered
//    interrupt by it (kernel_waits_per_delivered): a figure that does not
//    move with the machine's speed as the absolute one does.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <systemc>
#include <vector>

#include "sc_bench_main.h"

namespace {

// The reference: four SystemC threads, each waiting a fixed time in a loop
// (periods a little apart, so their wake-ups interleave as the CPUs' do).
class Waiter : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Waiter);
  Waiter(sc_core::sc_module_name n, unsigned k) : sc_module(n), period_ps_(1000 + 37 * k) {
    SC_THREAD(run);
  }
  uint64_t waits = 0;

 private:
  void run() {
    for (;;) {
      wait(sc_core::sc_time::from_value(period_ps_));
      ++waits;
    }
  }
  uint64_t period_ps_;
};
std::vector<std::unique_ptr<Waiter>> g_waiters;

// Host ns per timed wait over 1 ms simulated (about 4 M waits); measured
// once per process and kept.
double kernel_wait_ns() {
  static double ns = 0;
  if (ns > 0) return ns;
  uint64_t before = 0;
  for (auto& w : g_waiters) before += w->waits;
  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_MS));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  uint64_t after = 0;
  for (auto& w : g_waiters) after += w->waits;
  ns = after > before ? s / double(after - before) * 1e9 : 0;
  return ns;
}

void KernelWait(benchmark::State& state) {
  for (auto _ : state) {
    if (!(kernel_wait_ns() > 0)) return state.SkipWithError("the reference threads never woke");
    state.SetIterationTime(kernel_wait_ns() * 1e-9);
  }
  state.counters["ns_per_wait"] = kernel_wait_ns();
}
BENCHMARK(KernelWait)->UseManualTime()->Iterations(1);

bool run(const std::string& args, const std::string& config_json, nlohmann::json& stats,
         std::string& why) {
  char dir[] = "/tmp/gicsim-bench-XXXXXX";
  if (!mkdtemp(dir)) return why = "mkdtemp failed", false;
  const std::string d = dir, s = d + "/stats.json", cfg = d + "/cfg.json";
  std::ofstream(cfg) << config_json;
  const std::string cmd = std::string(GICSIM_EXE) + " " + args + " --config " + cfg + " --stats " +
                          s + " > /dev/null 2> " + d + "/err";
  const int rc = std::system(cmd.c_str());
  std::ifstream in(s);
  if (rc != 0 || !in)
    why = "gicsim failed (" + args + ")";
  else
    stats = nlohmann::json::parse(in, nullptr, false);
  std::remove(s.c_str());
  std::remove(cfg.c_str());
  std::remove((d + "/err").c_str());
  rmdir(dir);
  return why.empty();
}

// The counters are over all iterations: total delivered over total host time.
void main_job(benchmark::State& state, const std::string& cfg) {
  double delivered = 0, host = 0;
  for (auto _ : state) {
    nlohmann::json s;
    std::string why;
    if (!run("", cfg, s, why)) return state.SkipWithError(why.c_str());
    const double h = s["summary"]["host_seconds"].get<double>();
    host += h;
    delivered += s["summary"]["delivered"].get<double>();
    state.SetIterationTime(h);
  }
  if (!(host > 0) || !(delivered > 0)) return state.SkipWithError("nothing delivered");
  state.counters["delivered_M_per_host_s"] = delivered / host / 1e6;
  state.counters["host_ns_per_delivered"] = host / delivered * 1e9;
  if (kernel_wait_ns() > 0)  // no reference, no ratio
    state.counters["kernel_waits_per_delivered"] = host / delivered * 1e9 / kernel_wait_ns();
}

void MainJob(benchmark::State& state) {
  static const char* kProfiles[] = {"nvhe", "vhe", "type1"};
  main_job(state, std::string(R"({"run": {"progress": false}, "cpu": {"profile": ")") +
                      kProfiles[state.range(0)] + "\"}}");
}
BENCHMARK(MainJob)
    ->DenseRange(0, 2)
    ->ArgName("profile_nvhe_vhe_type1")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

void MainJobQuantum(benchmark::State& state) {
  main_job(state,
           R"({"run": {"progress": false, "quantum_ns": )" + std::to_string(state.range(0)) + "}}");
}
BENCHMARK(MainJobQuantum)
    ->Arg(1000)
    ->Arg(100000)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

void MicroBench(benchmark::State& state) {
  for (auto _ : state) {
    nlohmann::json s;
    std::string why;
    const auto t0 = std::chrono::steady_clock::now();
    if (!run("--micro-bench", "{}", s, why)) return state.SkipWithError(why.c_str());
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
}
BENCHMARK(MicroBench)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

int sc_main(int argc, char* argv[]) {
  for (unsigned k = 0; k < 4; ++k)
    g_waiters.push_back(std::make_unique<Waiter>(("waiter" + std::to_string(k)).c_str(), k));
  return gicsim::bench::run_benchmarks(argc, argv);
}

int main(int argc, char* argv[]) { return gicsim::bench::start_systemc(argc, argv); }
