// The driver shared by the Google Benchmark executables that run SystemC in
// process: main() starts the kernel without its banner (sc_elab_and_sim, so
// sc_main builds the modules first), and sc_main ends by running the
// benchmarks the command line selects.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <systemc>

namespace gicsim::bench {

// Runs the selected benchmarks; 1 on an argument Google Benchmark does not know.
inline int run_benchmarks(int argc, char* argv[]) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

inline int start_systemc(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}

}  // namespace gicsim::bench
