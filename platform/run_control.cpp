#include "run_control.h"

#include <csignal>

namespace gicsim::run_control {

namespace {
volatile std::sig_atomic_t g_signal = 0;
bool g_requested = false;
std::string g_reason;

extern "C" void on_signal(int sig) {
  if (!g_signal) g_signal = sig;
}
}  // namespace

void catch_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaction(s, &sa, nullptr);
}

int stop_signal() { return int(g_signal); }
bool stop_requested() { return g_signal != 0 || g_requested; }
void request_stop(const std::string& reason) {
  if (!g_requested) g_reason = reason;
  g_requested = true;
}
const std::string& stop_reason() { return g_reason; }
void reset() {
  g_signal = 0;
  g_requested = false;
  g_reason.clear();
}

}  // namespace gicsim::run_control
