#include "log.h"

#include <array>
#include <cstdio>

namespace gicsim {
const char* log_kind_name(LogKind k) {
  switch (k) {
    case LogKind::GuestError:
      return "guest-error";
    case LogKind::Unimplemented:
      return "unimplemented";
    case LogKind::Info:
      return "info";
    case LogKind::Event:
      return "event";
  }
  return "?";
}

namespace {
struct State {
  Log::Clock clock;
  bool events = false;
  std::array<uint64_t, 4> counts{};
  uint64_t printed = 0;  // by the default sink (guest errors, ...)
  Log::Sink sink;
};

State& state() {
  static State s;
  return s;
}

// Unrequested lines (guest errors, ...) on stderr are capped: a hostile
// guest must not fill a disk. Events are printed only when asked for (--log).
void default_sink(LogKind kind, const std::string& line) {
  if (kind == LogKind::Event) {
    if (state().events) std::fprintf(stderr, "%s\n", line.c_str());
    return;
  }
  uint64_t& printed = state().printed;
  if (printed < Log::kMaxPrinted)
    std::fprintf(stderr, "%s\n", line.c_str());
  else if (printed == Log::kMaxPrinted)
    std::fprintf(stderr, "gicsim: %llu log lines printed; further ones are counted, not printed\n",
                 static_cast<unsigned long long>(printed));
  ++printed;
}
}  // namespace

void Log::emit(LogKind kind, const std::string& msg) {
  State& s = state();
  s.counts[static_cast<size_t>(kind)]++;
  if (kind == LogKind::Event && !s.events && !s.sink) return;
  std::string line = "gicsim";
  if (s.clock) line += " @" + s.clock();
  line += " ";
  line += log_kind_name(kind);
  line += ": ";
  line += msg;
  if (s.sink)
    s.sink(kind, line);
  else
    default_sink(kind, line);
}

Log::Sink Log::set_sink(Sink sink) {
  Sink old = std::move(state().sink);
  state().sink = std::move(sink);
  return old;
}

void Log::set_clock(Clock clock) { state().clock = std::move(clock); }
void Log::set_events_enabled(bool on) { state().events = on; }
bool Log::events_enabled() { return state().events; }
uint64_t Log::count(LogKind kind) { return state().counts[static_cast<size_t>(kind)]; }
void Log::reset_counts() {
  state().counts = {};
  state().printed = 0;
}

void Logger::emit(LogKind kind, const std::string& msg) {
  counts_[static_cast<size_t>(kind)]++;
  if (sink_) {
    if (!filter_ || filter_(kind)) sink_(kind, msg);
    return;
  }
  Log::emit(kind, msg);
}

Logger& Logger::fallback() {
  static Logger l;
  return l;
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace gicsim
