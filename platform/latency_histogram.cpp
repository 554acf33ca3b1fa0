#include "latency_histogram.h"

#include <algorithm>

namespace gicsim {

// Range r >= 1 holds [2^(r+kSubBits-1), 2^(r+kSubBits)) in 2^kSubBits steps of
// 2^(r-1); range 0 holds [0, 2^kSubBits) exactly.
unsigned LatencyHistogram::bucket(uint32_t v) {
  if (v < (1u << kSubBits)) return v;
  const unsigned msb = 31u - unsigned(__builtin_clz(v));
  const unsigned range = msb - kSubBits + 1;
  const unsigned sub = (v >> (range - 1)) & ((1u << kSubBits) - 1);
  return (range << kSubBits) | sub;
}

uint32_t LatencyHistogram::lowest(unsigned b) {
  const unsigned range = b >> kSubBits, sub = b & ((1u << kSubBits) - 1);
  if (range == 0) return sub;
  return uint32_t((uint64_t(1) << (range + kSubBits - 1)) | (uint64_t(sub) << (range - 1)));
}

uint32_t LatencyHistogram::highest(unsigned b) {
  const unsigned range = b >> kSubBits;
  if (range == 0) return lowest(b);
  return uint32_t(uint64_t(lowest(b)) + (uint64_t(1) << (range - 1)) - 1);
}

void LatencyHistogram::add(uint32_t v) {
  ++counts_[bucket(v)];
  ++count_;
  max_ = std::max(max_, v);
  min_ = std::min(min_, v);
}

void LatencyHistogram::merge(const LatencyHistogram& o) {
  for (unsigned b = 0; b < kBuckets; ++b) counts_[b] += o.counts_[b];
  count_ += o.count_;
  max_ = std::max(max_, o.max_);
  min_ = std::min(min_, o.min_);
}

uint32_t LatencyHistogram::percentile(double q) const {
  if (!count_) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const uint64_t rank = uint64_t(q * double(count_ - 1) + 0.5);  // 0-based
  uint64_t seen = 0;
  for (unsigned b = 0; b < kBuckets; ++b) {
    seen += counts_[b];
    if (seen > rank) {
      // The middle of the bucket, within the samples seen.
      const uint32_t lo = std::max(lowest(b), min_), hi = std::min(highest(b), max_);
      return lo + (hi - lo) / 2;
    }
  }
  return max_;
}

}  // namespace gicsim
