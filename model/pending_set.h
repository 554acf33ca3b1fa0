// Candidate set of one CPU interface for one group: the interrupts that are
// pending, enabled, not active and routed here, bucketed by priority level.
// Insert, erase and "highest priority" are O(1)-ish (a few word scans), so
// the hot path never scans all interrupts.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace gicsim {

class PendingSet {
 public:
  static constexpr unsigned kIntids = 1024;
  static constexpr unsigned kWords = kIntids / 64;

  explicit PendingSet(unsigned levels = 256) : words_(size_t(levels) * kWords), summary_(levels) {}

  void insert(unsigned level, unsigned intid) {
    uint64_t& w = words_[size_t(level) * kWords + intid / 64];
    w |= bit(intid % 64);
    summary_[level] |= uint16_t(1u << (intid / 64));
    levels_[level / 64] |= bit(level % 64);
  }
  void erase(unsigned level, unsigned intid) {
    uint64_t& w = words_[size_t(level) * kWords + intid / 64];
    w &= ~bit(intid % 64);
    if (w) return;
    summary_[level] &= uint16_t(~(1u << (intid / 64)));
    if (!summary_[level]) levels_[level / 64] &= ~bit(level % 64);
  }
  bool empty() const { return !(levels_[0] | levels_[1] | levels_[2] | levels_[3]); }
  // Highest priority (lowest level), lowest INTID within it.
  bool top(unsigned& level, unsigned& intid) const {
    for (unsigned i = 0; i < 4; ++i) {
      if (!levels_[i]) continue;
      level = i * 64 + unsigned(__builtin_ctzll(levels_[i]));
      const unsigned wi = unsigned(__builtin_ctz(summary_[level]));
      intid = wi * 64 + unsigned(__builtin_ctzll(words_[size_t(level) * kWords + wi]));
      return true;
    }
    return false;
  }
  bool contains(unsigned level, unsigned intid) const {
    return words_[size_t(level) * kWords + intid / 64] & bit(intid % 64);
  }

 private:
  static uint64_t bit(unsigned n) { return uint64_t(1) << n; }
  std::vector<uint64_t> words_;
  std::vector<uint16_t> summary_;
  std::array<uint64_t, 4> levels_{};
};

}  // namespace gicsim
