// The gicsim tool's own speed (issue 16), measured by running it: each
// iteration runs the main job (or the micro-benchmarks) with --stats and
// reports what the run measured (the simulation proper, without process
// start-up):
//  - MainJob/<profile>: the default platform, 1 s simulated; counter
//    delivered_M_per_host_s (target >= 1: one million delivered virtual
//    interrupts per host second), host_ns_per_delivered;
//  - MainJobQuantum/<ns>: the same at another quantum (reported);
//  - MicroBench: gicsim --micro-bench (all rows, 1000 iterations each).
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

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

void main_job(benchmark::State& state, const std::string& cfg) {
  double delivered = 0, host = 0;
  for (auto _ : state) {
    nlohmann::json s;
    std::string why;
    if (!run("", cfg, s, why)) return state.SkipWithError(why.c_str());
    host = s["summary"]["host_seconds"].get<double>();
    delivered = s["summary"]["delivered"].get<double>();
    state.SetIterationTime(host);
  }
  state.counters["delivered_M_per_host_s"] = delivered / host / 1e6;
  state.counters["host_ns_per_delivered"] = host / delivered * 1e9;
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

BENCHMARK_MAIN();
