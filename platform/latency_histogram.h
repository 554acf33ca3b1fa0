// A fixed-size streaming histogram of latencies (HDR-style log-linear
// buckets): values below 2^kSubBits are exact, larger ones fall in buckets
// 1/2^kSubBits of their power of two wide, so a percentile is within 1 % of
// the true sample. Memory does not grow with the number of samples.
#pragma once

#include <array>
#include <cstdint>

namespace gicsim {

class LatencyHistogram {
 public:
  static constexpr unsigned kSubBits = 7;  // 128 sub-buckets: < 0.8 % relative error
  static constexpr unsigned kRanges = 32 - kSubBits + 1;
  static constexpr unsigned kBuckets = kRanges << kSubBits;

  void add(uint32_t v);
  uint64_t count() const { return count_; }
  uint32_t max() const { return max_; }
  // The q-quantile (0..1): the representative of the bucket holding the
  // sample of rank round(q * (count - 1)), as a sorted array would give.
  uint32_t percentile(double q) const;
  void merge(const LatencyHistogram& o);

  static unsigned bucket(uint32_t v);
  static uint32_t lowest(unsigned bucket);
  static uint32_t highest(unsigned bucket);

 private:
  std::array<uint64_t, kBuckets> counts_{};
  uint64_t count_ = 0;
  uint32_t max_ = 0, min_ = UINT32_MAX;
};

}  // namespace gicsim
