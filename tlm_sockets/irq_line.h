// Interrupt lines: level signalling by function call. A line remembers its
// level, calls its connected listeners and notifies its sc_event only when
// the level actually changes. IrqLines is a fixed-size vector of lines
// (SPIs, PPIs per CPU, outputs per CPU).
#pragma once

#include <functional>
#include <memory>
#include <systemc>
#include <vector>

namespace gicsim {

class IrqLine {
 public:
  using Listener = std::function<void(bool level)>;

  IrqLine() = default;
  IrqLine(const IrqLine&) = delete;
  IrqLine& operator=(const IrqLine&) = delete;

  // Drives the line; returns true when the level changed.
  bool set(bool level) {
    if (level == level_) return false;
    level_ = level;
    ++edges_;
    if (event_) event_->notify(sc_core::SC_ZERO_TIME);
    if (rose_ && level) rose_->notify(sc_core::SC_ZERO_TIME);
    for (const Listener& l : listeners_) l(level);
    return true;
  }
  void raise() { set(true); }
  void lower() { set(false); }
  // One edge: high then low (an edge-triggered input latches on the rise).
  void pulse() {
    set(true);
    set(false);
  }
  bool read() const { return level_; }
  // The level as a variable, for sc_trace (VCD).
  const bool& level_ref() const { return level_; }
  // Number of level changes seen (tests and statistics).
  uint64_t changes() const { return edges_; }

  // Connects a sink (function-call binding): it is called on every change.
  void connect(Listener l) { listeners_.push_back(std::move(l)); }
  // Forwards this line into another one.
  void connect(IrqLine& sink) {
    listeners_.push_back([&sink](bool v) { sink.set(v); });
  }
  // Event notified (delta cycle) on every actual level change.
  const sc_core::sc_event& changed() {
    if (!event_) event_ = std::make_unique<sc_core::sc_event>();
    return *event_;
  }
  // Event notified (delta cycle) when the line goes high: what a CPU
  // waiting for an interrupt needs (no wake-up when it drops).
  const sc_core::sc_event& rose() {
    if (!rose_) rose_ = std::make_unique<sc_core::sc_event>();
    return *rose_;
  }

 private:
  bool level_ = false;
  uint64_t edges_ = 0;
  std::vector<Listener> listeners_;
  std::unique_ptr<sc_core::sc_event> event_, rose_;
};

class IrqLines {
 public:
  explicit IrqLines(size_t n = 0) : n_(n), lines_(new IrqLine[n]) {}
  IrqLine& operator[](size_t i) { return lines_[i]; }
  const IrqLine& operator[](size_t i) const { return lines_[i]; }
  size_t size() const { return n_; }

 private:
  size_t n_;
  std::unique_ptr<IrqLine[]> lines_;
};

}  // namespace gicsim
