// Logging for the model: guest errors (bad accesses a guest made) and
// informational events. A single sink keeps tests able to capture lines.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace gicsim {

enum class LogKind { GuestError, Unimplemented, Info, Event };

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

// Hex formatting helper used in log messages.
std::string hex(uint64_t v);

}  // namespace gicsim
