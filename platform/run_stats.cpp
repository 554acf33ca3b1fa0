#include "run_stats.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace gicsim {

RunStats::RunStats(const SimConfig& cfg)
    : cpus(cfg.gic.cpus), vcpus_(cfg.vcpus), spis_(cfg.gic.spis) {
  const size_t n = size_t(cfg.vms) * (size_t(vcpus_) * 32 + spis_);
  pend_ps_.assign(n, 0);
  outstanding_.assign(n, 0);
  source_of_.assign(n, -1);
}

int RunStats::add_source(const std::string& name, bool edge) {
  SourceStats s;
  s.name = name;
  s.edge = edge;
  sources.push_back(std::move(s));
  return int(sources.size() - 1);
}

void RunStats::asserted(unsigned vm, unsigned vcpu, unsigned intid, int source, bool was_pending,
                        uint64_t now_ps) {
  const size_t s = slot(vm, vcpu, intid);
  source_of_[s] = int16_t(source);
  SourceStats& src = sources[size_t(source)];
  if (was_pending) {
    ++src.coalesced;
    return;
  }
  ++src.injected;
  ++outstanding_[s];
  pend_ps_[s] = now_ps;
}

void RunStats::acked(unsigned vm, unsigned vcpu, unsigned intid, uint64_t now_ps) {
  const size_t s = slot(vm, vcpu, intid);
  ++delivered;
  const int src = source_of_[s];
  if (src >= 0) ++sources[size_t(src)].acked;
  if (outstanding_[s] == 0) {
    // Level interrupts are redelivered while their line stays high.
    if (src < 0 || sources[size_t(src)].edge) ++duplicated;
    return;
  }
  --outstanding_[s];
  const uint64_t lat = now_ps > pend_ps_[s] ? (now_ps - pend_ps_[s]) / 1000 : 0;
  const uint32_t l32 = uint32_t(std::min<uint64_t>(lat, 0xffffffffu));
  latency_ns.add(l32);
  if (src >= 0) sources[size_t(src)].latency_ns.add(l32);
}

void RunStats::completed(unsigned vm, unsigned vcpu, unsigned intid) {
  const int src = source_of_[slot(vm, vcpu, intid)];
  if (src >= 0) ++sources[size_t(src)].completed;
}

void RunStats::finish(Hypervisor& hyp) {
  for (unsigned vm = 0; vm < hyp.vms(); ++vm) {
    for (unsigned k = 0; k < vcpus_; ++k) {
      for (unsigned intid = 0; intid < 32 + spis_; ++intid) {
        if (intid >= 32 && k > 0) break;
        const size_t s = slot(vm, k, intid);
        if (!outstanding_[s]) continue;
        const int src = source_of_[s];
        if (src >= 0 && !sources[size_t(src)].edge) continue;
        if (hyp.state(vm, k, intid) & ListReg::kPending)
          in_flight += outstanding_[s];
        else
          lost += outstanding_[s];
      }
    }
  }
}

namespace {
const char* kCauses[8] = {"eoi",           "underflow",      "lrenp",         "no_pending",
                          "vgrp0_enabled", "vgrp0_disabled", "vgrp1_enabled", "vgrp1_disabled"};
}  // namespace

std::string RunStats::json(const SimConfig& cfg, const HypStats& h) const {
  using nlohmann::json;
  json j;
  const double mhz = cfg.clock_mhz;
  const uint32_t p50 = latency_ns.percentile(0.5), p99 = latency_ns.percentile(0.99);
  const uint32_t mx = latency_ns.max();
  json maint = json::object();
  for (unsigned b = 0; b < 8; ++b) maint[kCauses[b]] = h.maintenance[b];
  uint64_t injected = 0;
  for (const SourceStats& s : sources) injected += s.injected;
  const double sim_cycles = simulated_seconds * mhz * 1e6 * double(cpus.size());
  uint64_t switch_cycles = 0, handler_cycles = 0;
  for (const CpuStats& c : cpus) {
    switch_cycles += c.cycles_switch;
    handler_cycles += c.cycles_handler;
  }
  j["summary"] = {
      {"interrupted", interrupted},
      {"stop_reason", stop_reason},
      {"delivered", delivered},
      {"injected", injected},
      {"lost", lost},
      {"duplicated", duplicated},
      {"in_flight", in_flight},
      {"host_seconds", host_seconds},
      {"simulated_seconds", simulated_seconds},
      {"host_seconds_per_simulated_second",
       simulated_seconds > 0 ? host_seconds / simulated_seconds : 0.0},
      {"delivered_per_host_second", host_seconds > 0 ? double(delivered) / host_seconds : 0.0},
      {"world_switches", h.entries},
      {"exits", h.exits},
      {"kicks", h.kicks},
      {"merged_injections", h.merged_injections},
      {"coalesced_kicks", h.coalesced_kicks},
      {"underflows", h.maintenance[1]},
      {"underflow_requests", h.underflow_requests},
      {"maintenance", maint},
      {"maintenance_exits", h.maintenance_exits},
      {"eoicount_deactivations", h.eoicount_deactivations},
      {"traps", h.traps},
      {"invariant_violations", h.invariant_violations},
      {"latency_ns", {{"p50", p50}, {"p99", p99}, {"max", mx}}},
      {"latency_cycles",
       {{"p50", uint64_t(p50 * mhz / 1e3)},
        {"p99", uint64_t(p99 * mhz / 1e3)},
        {"max", uint64_t(mx * mhz / 1e3)}}},
      {"world_switch_share", sim_cycles > 0 ? double(switch_cycles) / sim_cycles : 0.0},
      {"handler_share", sim_cycles > 0 ? double(handler_cycles) / sim_cycles : 0.0},
  };
  j["lr_occupancy"] = h.lr_occupancy;
  json srcs = json::array();
  for (const SourceStats& s : sources)
    srcs.push_back({{"name", s.name},
                    {"trigger", s.edge ? "edge" : "level"},
                    {"injected", s.injected},
                    {"coalesced", s.coalesced},
                    {"acked", s.acked},
                    {"completed", s.completed},
                    {"latency_ns",
                     {{"p50", s.latency_ns.percentile(0.5)},
                      {"p99", s.latency_ns.percentile(0.99)},
                      {"max", s.latency_ns.max()}}}});
  j["sources"] = srcs;
  json cj = json::array();
  for (const CpuStats& c : cpus)
    cj.push_back({{"handled", c.handled},
                  {"world_switches", c.world_switches},
                  {"cycles_handler", c.cycles_handler},
                  {"cycles_world_switch", c.cycles_switch}});
  j["cpus"] = cj;
  return j.dump(2) + "\n";
}

std::string RunStats::summary(const SimConfig& cfg, const HypStats& h) const {
  char buf[2048];
  const double mhz = cfg.clock_mhz;
  const uint32_t p50 = latency_ns.percentile(0.5), p99 = latency_ns.percentile(0.99);
  const uint32_t mx = latency_ns.max();
  uint64_t used = 0, flushes = 0;
  for (size_t n = 0; n < h.lr_occupancy.size(); ++n) {
    used += n * h.lr_occupancy[n];
    flushes += h.lr_occupancy[n];
  }
  std::snprintf(
      buf, sizeof buf,
      "gicsim: GICv%u%s, %u CPUs, %u VM(s) x %u vCPUs, %u LRs, %.3f s simulated in %.2f s\n"
      "  delivered   %llu virtual interrupts (%.2f M per host second); lost %llu, duplicated %llu\n"
      "  latency     p50 %u ns (%llu cycles), p99 %u ns (%llu cycles), max %u ns (%llu cycles)\n"
      "  world       %llu switches, %llu kicks, %llu traps\n"
      "  maintenance eoi %llu, underflow %llu, lrenp %llu, no-pending %llu (%llu exits)\n"
      "  LRs         %.2f used per entry on average\n",
      cfg.gic.version, cfg.gic.two_security_states() ? " (two Security states)" : "", cfg.gic.cpus,
      cfg.vms, cfg.vcpus, cfg.gic.lrs, simulated_seconds, host_seconds,
      (unsigned long long)delivered,
      host_seconds > 0 ? double(delivered) / host_seconds / 1e6 : 0.0, (unsigned long long)lost,
      (unsigned long long)duplicated, p50, (unsigned long long)(p50 * mhz / 1e3), p99,
      (unsigned long long)(p99 * mhz / 1e3), mx, (unsigned long long)(mx * mhz / 1e3),
      (unsigned long long)h.entries, (unsigned long long)h.kicks, (unsigned long long)h.traps,
      (unsigned long long)h.maintenance[0], (unsigned long long)h.maintenance[1],
      (unsigned long long)h.maintenance[2], (unsigned long long)h.maintenance[3],
      (unsigned long long)h.maintenance_exits, flushes ? double(used) / double(flushes) : 0.0);
  return buf;
}

}  // namespace gicsim
