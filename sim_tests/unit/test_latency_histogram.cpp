#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "latency_histogram.h"

using namespace gicsim;

TEST(LatencyHistogram, SmallValuesAreExact) {
  LatencyHistogram h;
  for (uint32_t v = 0; v < 100; ++v) h.add(v);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.percentile(0.0), 0u);
  EXPECT_EQ(h.percentile(0.5), 50u);  // rank round(0.5 * 99) = 50
  EXPECT_EQ(h.percentile(1.0), 99u);
  EXPECT_EQ(h.max(), 99u);
}

TEST(LatencyHistogram, BucketsCoverEveryValueOnce) {
  for (uint64_t v = 0; v <= 0xffffffffu; v = v * 3 / 2 + 1) {
    const unsigned b = LatencyHistogram::bucket(uint32_t(v));
    ASSERT_LT(b, LatencyHistogram::kBuckets);
    EXPECT_LE(LatencyHistogram::lowest(b), v);
    EXPECT_GE(LatencyHistogram::highest(b), v);
  }
  EXPECT_LT(LatencyHistogram::bucket(0xffffffffu), LatencyHistogram::kBuckets);
}

// Percentiles within 1 % of the sorted-array answer, on skewed data.
TEST(LatencyHistogram, PercentilesWithinOnePercent) {
  std::mt19937 rng(7);
  std::lognormal_distribution<double> d(7.0, 1.5);
  std::vector<uint32_t> v;
  LatencyHistogram h;
  for (int i = 0; i < 200000; ++i) {
    const uint32_t x = uint32_t(std::min(d(rng), 4e9));
    v.push_back(x);
    h.add(x);
  }
  std::sort(v.begin(), v.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const double exact = v[size_t(q * double(v.size() - 1) + 0.5)];
    EXPECT_NEAR(h.percentile(q), exact, exact * 0.01 + 1) << q;
  }
  EXPECT_EQ(h.max(), v.back());
}

TEST(LatencyHistogram, MemoryDoesNotGrow) {
  EXPECT_LE(sizeof(LatencyHistogram), 32u * 1024u);
  LatencyHistogram h, other;
  other.add(1000);
  h.merge(other);
  EXPECT_EQ(h.count(), 1u);
  EXPECT_EQ(h.percentile(0.5), other.percentile(0.5));
}
