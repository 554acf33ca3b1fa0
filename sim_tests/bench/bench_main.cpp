// Google Benchmark driver. SystemC needs every module built before the
// kernel finishes elaboration, so fixtures are created here, elaboration is
// completed with sc_start(SC_ZERO_TIME), and then the benchmarks run.
#include <cstdlib>

#include "bench_common.h"
#include "log.h"

using namespace gicsim;
using namespace gicsim::bench;

int sc_main(int argc, char* argv[]) {
  Log::set_sink([](LogKind, const std::string&) {});
  std::vector<std::function<void()>> late;
  register_phys(late);
  register_virt();
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
  for (auto& f : late) f();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
