// Google Benchmark driver. SystemC needs every module built before the
// kernel finishes elaboration, so fixtures are created here, elaboration is
// completed with sc_start(SC_ZERO_TIME), and then the benchmarks run.
#include <cstdlib>
#include <new>

#include "bench_common.h"
#include "log.h"
#include "sc_bench_main.h"

using namespace gicsim;
using namespace gicsim::bench;

// Counts heap allocations, so benchmarks can check they make none.
namespace gicsim::bench {
uint64_t g_allocations = 0;
bool g_trap_alloc = false;
}  // namespace gicsim::bench
void* operator new(std::size_t n) {
  ++gicsim::bench::g_allocations;
  if (gicsim::bench::g_trap_alloc) __builtin_trap();
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

int sc_main(int argc, char* argv[]) {
  Log::set_sink([](LogKind, const std::string&) {});
  std::vector<std::function<void()>> late;
  register_phys(late);
  register_virt();
  register_world_switch();
  register_storm();
  register_lpi();
  register_guest_lpi();
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
  for (auto& f : late) f();
  return run_benchmarks(argc, argv);
}

int main(int argc, char* argv[]) { return start_systemc(argc, argv); }
