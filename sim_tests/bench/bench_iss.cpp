// The instruction-set-simulator platform's speed (issue 14), measured on
// the gicsim tool itself: each iteration runs `gicsim --elf PROGRAM --stats`
// and reports what the run measured (host time of the simulation proper,
// without process start-up):
//  - IssCompute: a compute loop with the GIC attached; counter MIPS (guest
//    instructions per host second);
//  - IssTimerRoundTrip: 100k timer interrupts (fire, entry, IAR, EOIR,
//    ERET); counter host_ns_per_irq;
//  - IssLatency/<quantum>: cycles from the timer line rising to the first
//    vector instruction, with a quantum of 1 block and the default 2000
//    instructions; counter latency_cycles (mean), stub_cycles (the CPU
//    stub's cost for the same path: cpu.costs.exception_entry) and ratio.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

struct Run {
  nlohmann::json stats;
  std::string out;
};

bool run(const std::string& elf, const std::string& config_json, Run& r, std::string& why) {
  char dir[] = "/tmp/gicsim-bench-XXXXXX";
  if (!mkdtemp(dir)) return why = "mkdtemp failed", false;
  const std::string d = dir, stats = d + "/stats.json", cfg = d + "/cfg.json", out = d + "/out";
  std::ofstream(cfg) << config_json;
  const std::string cmd = std::string(GICSIM_EXE) + " --elf " + std::string(BAREMETAL_DIR) + "/" +
                          elf + " --config " + cfg + " --stats " + stats + " > " + out + " 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream o(out);
  std::stringstream ss;
  ss << o.rdbuf();
  r.out = ss.str();
  std::ifstream s(stats);
  if (rc != 0 || !s) {
    why = "gicsim failed: " + r.out;
  } else {
    r.stats = nlohmann::json::parse(s, nullptr, false);
  }
  std::remove(stats.c_str());
  std::remove(cfg.c_str());
  std::remove(out.c_str());
  rmdir(dir);
  return why.empty();
}

uint64_t value_after(const std::string& text, const std::string& key) {
  const auto at = text.find(key);
  return at == std::string::npos ? 0 : std::strtoull(text.c_str() + at + key.size(), nullptr, 10);
}

void IssCompute(benchmark::State& state) {
  double instructions = 0, host = 0;
  for (auto _ : state) {
    Run r;
    std::string why;
    if (!run("bench_compute.elf", "{}", r, why)) return state.SkipWithError(why.c_str());
    host = r.stats["host_s"].get<double>();
    instructions = r.stats["instructions"].get<double>();
    state.SetIterationTime(host);
  }
  state.counters["MIPS"] = instructions / host / 1e6;
  state.counters["instructions"] = instructions;
}
BENCHMARK(IssCompute)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

void IssTimerRoundTrip(benchmark::State& state) {
  double irqs = 0, host = 0;
  for (auto _ : state) {
    Run r;
    std::string why;
    if (!run("bench_timer.elf", "{}", r, why)) return state.SkipWithError(why.c_str());
    host = r.stats["host_s"].get<double>();
    irqs = r.stats["cpus"][0]["exceptions"]["irq"].get<double>();
    state.SetIterationTime(host);
  }
  state.counters["irqs"] = irqs;
  state.counters["host_ns_per_irq"] = host / irqs * 1e9;
}
BENCHMARK(IssTimerRoundTrip)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

void IssLatency(benchmark::State& state) {
  const unsigned quantum = unsigned(state.range(0));
  const unsigned entry = 60;  // cpu.costs.exception_entry of the default configuration
  double mean = 0, lo = 0, hi = 0;
  for (auto _ : state) {
    Run r;
    std::string why;
    const std::string cfg =
        "{\"cpu\": {\"clock_mhz\": 2000}, \"iss\": {\"quantum_instructions\": " +
        std::to_string(quantum) + ", \"timer_hz\": 2000000000}}";
    if (!run("bench_latency.elf", cfg, r, why)) return state.SkipWithError(why.c_str());
    const double rounds = double(value_after(r.out, "rounds "));
    mean = double(value_after(r.out, "sum ")) / rounds;
    lo = double(value_after(r.out, "min "));
    hi = double(value_after(r.out, "max "));
    state.SetIterationTime(r.stats["host_s"].get<double>());
  }
  state.counters["latency_cycles"] = mean;
  state.counters["latency_min"] = lo;
  state.counters["latency_max"] = hi;
  state.counters["stub_cycles"] = entry;
  state.counters["ratio"] = mean / entry;
}
BENCHMARK(IssLatency)
    ->Arg(1)
    ->Arg(2000)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
