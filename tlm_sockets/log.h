// Logging for the model: guest errors (bad accesses a guest made) and
// informational events. A single sink keeps tests able to capture lines.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace gicsim {

enum class LogKind { GuestError, Unimplemented, Info, Event };
// "guest-error", "unimplemented", "info", "event".
const char* log_kind_name(LogKind k);

class Log {
 public:
  using Sink = std::function<void(LogKind, const std::string&)>;
  using Clock = std::function<std::string()>;

  static void guest_error(const std::string& msg) { emit(LogKind::GuestError, msg); }
  static void unimplemented(const std::string& msg) { emit(LogKind::Unimplemented, msg); }
  static void info(const std::string& msg) { emit(LogKind::Info, msg); }
  static void event(const std::string& msg) { emit(LogKind::Event, msg); }

  static void emit(LogKind kind, const std::string& msg);
  // Replaces the sink (default: stderr for errors, nothing for events); returns the old one.
  static Sink set_sink(Sink sink);
  // Sets how time stamps are produced (SystemC time once a simulation runs).
  static void set_clock(Clock clock);
  static void set_events_enabled(bool on);
  static bool events_enabled();
  static uint64_t count(LogKind kind);
  // Lines (other than requested events) the default sink prints to stderr
  // at most; the rest are only counted.
  static constexpr uint64_t kMaxPrinted = 10000;
  static void reset_counts();
};

// One model instance's log: its own counters and sink, so two GICs in one
// simulation are told apart and counted apart. By default it forwards to
// the process-wide Log above (the gicsim tool's stderr, test captures); a
// SystemC platform gives it a sink into sc_report_handler (GicModule does).
class Logger {
 public:
  using Sink = std::function<void(LogKind, const std::string&)>;
  // Whether a kind of message would go anywhere (messages are only built then).
  using Filter = std::function<bool(LogKind)>;

  void guest_error(const std::string& msg) { emit(LogKind::GuestError, msg); }
  void unimplemented(const std::string& msg) { emit(LogKind::Unimplemented, msg); }
  void event(const std::string& msg) { emit(LogKind::Event, msg); }
  void emit(LogKind kind, const std::string& msg);
  // Events are formatted only when someone listens: guard event() with this.
  bool events_enabled() const { return filter_ ? filter_(LogKind::Event) : Log::events_enabled(); }

  void set_sink(Sink sink, Filter filter = nullptr) {
    sink_ = std::move(sink);
    filter_ = std::move(filter);
  }
  uint64_t count(LogKind kind) const { return counts_[static_cast<size_t>(kind)]; }
  void reset_counts() { counts_[0] = counts_[1] = counts_[2] = counts_[3] = 0; }

  // The logger of objects that were given none (forwards to Log).
  static Logger& fallback();

 private:
  uint64_t counts_[4] = {};
  Sink sink_;
  Filter filter_;
};

// Hex formatting helper used in log messages.
std::string hex(uint64_t v);

}  // namespace gicsim
