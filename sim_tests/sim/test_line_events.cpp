// Simulation test of the interrupt-line sockets inside a running SystemC
// kernel: a process waiting on a line's event wakes once per actual level
// change, never for a set() that leaves the level unchanged; level changes in
// one delta cycle coalesce into one wake-up that sees the final level.
#include <cstdio>
#include <cstdlib>
#include <systemc>
#include <vector>

#include "irq_line.h"

using namespace sc_core;
using gicsim::IrqLine;

namespace {

int failures = 0;
void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

SC_MODULE(Bench) {
  IrqLine line;
  std::vector<std::pair<sc_time, bool>> seen;  // (time, level) per wake-up

  SC_CTOR(Bench) {
    SC_THREAD(watch);
    SC_THREAD(drive);
  }
  void watch() {
    for (;;) {
      wait(line.changed());
      seen.emplace_back(sc_time_stamp(), line.read());
    }
  }
  void drive() {
    wait(1, SC_NS);
    line.set(true);  // change
    wait(1, SC_NS);
    line.set(true);  // no change: no wake-up
    wait(1, SC_NS);
    line.set(false);  // change
    wait(1, SC_NS);
    line.pulse();  // two changes in one delta: one wake-up, final level low
    wait(1, SC_NS);
    line.set(true);
    wait(1, SC_NS);
  }
};

}  // namespace

int sc_main(int, char*[]) {
  Bench b("bench");
  sc_start(10, SC_NS);
  check(b.seen.size() == 4, "four wake-ups");
  if (b.seen.size() == 4) {
    check(b.seen[0].first == sc_time(1, SC_NS) && b.seen[0].second, "rise at 1 ns");
    check(b.seen[1].first == sc_time(3, SC_NS) && !b.seen[1].second,
          "fall at 3 ns (nothing at 2 ns)");
    check(b.seen[2].first == sc_time(4, SC_NS) && !b.seen[2].second,
          "pulse at 4 ns seen once, low");
    check(b.seen[3].first == sc_time(5, SC_NS) && b.seen[3].second, "rise at 5 ns");
  }
  check(b.line.changes() == 5, "five level changes counted");
  for (const auto& s : b.seen)
    std::printf("wake at %s, level %d\n", s.first.to_string().c_str(), int(s.second));
  std::printf("%s\n", failures ? "line events: FAILED" : "line events: ok");
  return failures ? 1 : 0;
}

int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_elab_and_sim(argc, argv);
}
