#include <gtest/gtest.h>

#include "hypervisor.h"
#include "log_capture.h"
#include "run_stats.h"

using namespace gicsim;

namespace {
struct StatsRig {
  SimConfig cfg;
  Gic gic;
  Hypervisor hyp;
  RunStats stats;
  StatsRig() : cfg(default_config()), gic(cfg.gic), hyp(gic, 1, cfg.vcpus), stats(cfg) {}
};
}  // namespace

TEST(RunStats, EdgeAcceptedButNeverAcknowledgedIsLost) {
  StatsRig r;
  const int src = r.stats.add_source("dev", true);
  r.stats.asserted(0, 0, 40, src, false, 1000);  // accepted, but the model never saw it
  r.stats.finish(r.hyp);
  EXPECT_EQ(r.stats.lost, 1u);
}

TEST(RunStats, StillPendingAtTheEndIsInFlightNotLost) {
  StatsRig r;
  const int src = r.stats.add_source("dev", true);
  r.stats.asserted(0, 0, 40, src, false, 1000);
  r.hyp.inject(0, 40, Hypervisor::Trigger::Edge);
  r.stats.finish(r.hyp);
  EXPECT_EQ(r.stats.lost, 0u);
  EXPECT_EQ(r.stats.in_flight, 1u);
}

TEST(RunStats, SecondAcknowledgeIsDuplicated) {
  StatsRig r;
  const int src = r.stats.add_source("dev", true);
  r.stats.asserted(0, 0, 40, src, false, 1000);
  r.stats.acked(0, 0, 40, 3000);
  r.stats.acked(0, 0, 40, 4000);
  EXPECT_EQ(r.stats.duplicated, 1u);
  ASSERT_EQ(r.stats.latency.count(), 1u);
  EXPECT_EQ(r.stats.latency.percentile(0.5), 4u);  // 2000 ps at 2 GHz: 4 cycles
  EXPECT_EQ(r.stats.latency.max(), 4u);
}

// Latency is kept in cycles: half a nanosecond at 2 GHz is one cycle, not 0 ns.
TEST(RunStats, LatencyKeepsSubNanosecondCycles) {
  StatsRig r;
  const int src = r.stats.add_source("dev", true);
  r.stats.asserted(0, 0, 40, src, false, 1000);
  r.stats.acked(0, 0, 40, 1500);
  EXPECT_EQ(r.stats.latency.max(), 1u);
  r.stats.asserted(0, 0, 41, src, false, 1000);
  r.stats.acked(0, 0, 41, 2500);  // 1.5 ns: 3 cycles
  EXPECT_EQ(r.stats.latency.max(), 3u);
  const std::string j = r.stats.json(r.cfg, r.hyp.stats);
  EXPECT_NE(j.find("\"max\": 1.5"), std::string::npos) << j.substr(0, 2000);
}

TEST(RunStats, CoalescedEdgesAreNotOutstanding) {
  StatsRig r;
  const int src = r.stats.add_source("dev", true);
  r.stats.asserted(0, 0, 40, src, false, 1000);
  r.stats.asserted(0, 0, 40, src, true, 2000);  // arrived while pending: merged
  r.stats.acked(0, 0, 40, 3000);
  r.stats.finish(r.hyp);
  EXPECT_EQ(r.stats.lost, 0u);
  EXPECT_EQ(r.stats.duplicated, 0u);
  EXPECT_EQ(r.stats.sources[size_t(src)].coalesced, 1u);
}

TEST(RunStats, LevelRedeliveryIsNotDuplicated) {
  StatsRig r;
  const int src = r.stats.add_source("disk", false);
  r.stats.asserted(0, 0, 41, src, false, 1000);
  r.stats.acked(0, 0, 41, 2000);
  r.stats.acked(0, 0, 41, 3000);  // line still high: delivered again
  EXPECT_EQ(r.stats.duplicated, 0u);
}

TEST(RunStats, JsonHasTheDocumentedSummary) {
  StatsRig r;
  r.stats.add_source("dev", true);
  const std::string j = r.stats.json(r.cfg, r.hyp.stats);
  for (const char* key :
       {"\"delivered\"", "\"lost\"", "\"duplicated\"", "\"host_seconds\"", "\"simulated_seconds\"",
        "\"world_switches\"", "\"underflows\"", "\"maintenance\"", "\"latency_ns\"",
        "\"latency_cycles\"", "\"p50\"", "\"p99\"", "\"max\"", "\"paths\"", "\"traps_by_kind\"",
        "\"costs\"", "\"el1_state_switch\"", "\"profile\""})
    EXPECT_NE(j.find(key), std::string::npos) << key;
}

TEST(HypInvariants, BookkeepingBugIsReportedNeverFatal) {
  StatsRig r;
  LogCapture log;
  r.hyp.inject(0, 40, Hypervisor::Trigger::Edge);
  VcpuState& v = r.hyp.vm(0).vcpu(0);
  ASSERT_EQ(v.ap_list.size(), 1u);
  r.hyp.vm(0).dist().set_state(Distributor::kActive, 0, 40, true);  // pending and active
  v.ap_list.push_back(v.ap_list[0]);  // a corrupted list: the interrupt twice
  r.hyp.enter(0, 0, 0);
  EXPECT_EQ(r.hyp.stats.invariant_violations, 1u);
  EXPECT_TRUE(log.contains("invariant violated: vINTID 40 in two LRs"));
}
