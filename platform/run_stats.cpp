#include "run_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace gicsim {

namespace {
const char* kPathNames[kPaths] = {"guest_irq", "trap_sgi",    "trap_dir",   "trap_gic_mmio",
                                  "trap_hvc",  "trap_wfi",    "trap_io",    "kick",
                                  "wakeup",    "maintenance", "device_irq", "vcpu_switch",
                                  "vm_switch", "backend",     "guest_code", "host_lpi"};
}  // namespace

const char* path_name(Path p) { return kPathNames[size_t(p)]; }

uint64_t CpuStats::cycles() const {
  uint64_t n = 0;
  for (const PathStats& p : paths) n += p.cycles;
  return n;
}

RunStats::RunStats(const SimConfig& cfg)
    : cpus(cfg.gic.cpus), vcpus_(cfg.vcpus), spis_(cfg.gic.spis), mhz_(cfg.clock_mhz) {
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
  // In cycles, rounded (a time step is a whole number of cycles' picoseconds).
  const double lat = now_ps > pend_ps_[s] ? double(now_ps - pend_ps_[s]) * mhz_ * 1e-6 : 0;
  const uint32_t l32 = uint32_t(std::min(lat + 0.5, double(0xffffffffu)));
  latency.add(l32);
  if (src >= 0) sources[size_t(src)].latency.add(l32);
}

void RunStats::completed(unsigned vm, unsigned vcpu, unsigned intid) {
  const int src = source_of_[slot(vm, vcpu, intid)];
  if (src >= 0) ++sources[size_t(src)].completed;
}

uint32_t RunStats::cycles_of(uint64_t ps) const {
  return uint32_t(std::min<double>(std::round(double(ps) * mhz_ / 1e6), 4e9));
}

void RunStats::add_host_lpis(const MsiDeviceConfig& d, uint32_t first_lpi, uint32_t first_vlpi) {
  HostLpiStats h;
  h.name = d.name;
  h.device_id = d.device_id;
  h.queues = d.queues;
  h.guest.vm = d.vm;
  host_lpis.push_back(std::move(h));
  if (d.vm >= 0) {
    if (guest_lpi_.size() <= size_t(d.vm)) guest_lpi_.resize(size_t(d.vm) + 1);
    auto& g = guest_lpi_[size_t(d.vm)];
    if (g.size() < first_vlpi - 8192 + d.queues) g.resize(first_vlpi - 8192 + d.queues);
    for (unsigned q = 0; q < d.queues; ++q)
      g[first_vlpi - 8192 + q].device = int16_t(host_lpis.size() - 1);
  }
  const size_t end = first_lpi - 8192 + d.queues;
  if (lpi_device_.size() < end) {
    lpi_device_.resize(end, -1);
    lpi_sent_ps_.resize(end, 0);
    lpi_outstanding_.resize(end, 0);
  }
  for (unsigned q = 0; q < d.queues; ++q)
    lpi_device_[first_lpi - 8192 + q] = int16_t(host_lpis.size() - 1);
}

void RunStats::msi_sent(unsigned device, uint32_t lpi, bool was_pending, uint64_t now_ps) {
  HostLpiStats& h = host_lpis[device];
  ++h.sent;
  if (was_pending) {
    ++h.coalesced;
    return;
  }
  lpi_sent_ps_[lpi - 8192] = now_ps;
  ++lpi_outstanding_[lpi - 8192];
}

bool RunStats::host_lpi_taken(uint32_t lpi, uint64_t now_ps, uint64_t* sent_ps) {
  const size_t i = lpi - 8192;
  if (lpi < 8192 || i >= lpi_device_.size() || lpi_device_[i] < 0) return false;
  HostLpiStats& h = host_lpis[size_t(lpi_device_[i])];
  ++h.taken;
  if (sent_ps) *sent_ps = lpi_sent_ps_[i];
  if (!lpi_outstanding_[i]) {
    ++h.duplicated;  // taken with no MSI sent since the last time
    return true;
  }
  --lpi_outstanding_[i];
  h.latency.add(cycles_of(now_ps > lpi_sent_ps_[i] ? now_ps - lpi_sent_ps_[i] : 0));
  return true;
}

void RunStats::guest_msi(unsigned device, uint32_t vlpi, bool was_pending, bool injected,
                         uint64_t sent_ps) {
  GuestLpiStats& g = host_lpis[device].guest;
  ++g.forwarded;
  GuestLpiSlot* s = guest_slot(unsigned(g.vm), vlpi);
  if (!injected || !s) {
    ++g.dropped;
    return;
  }
  if (was_pending) {
    ++g.coalesced;
    return;
  }
  s->sent_ps = sent_ps;
  ++s->outstanding;
}

bool RunStats::guest_lpi_taken(unsigned vm, uint32_t vlpi, uint64_t now_ps) {
  GuestLpiSlot* s = guest_slot(vm, vlpi);
  if (!s) return false;
  GuestLpiStats& g = host_lpis[size_t(s->device)].guest;
  ++g.taken;
  ++delivered;  // a virtual interrupt like any other
  if (!s->outstanding) {
    ++g.duplicated;  // taken with no MSI forwarded since the last time
    return true;
  }
  --s->outstanding;
  const uint32_t c = cycles_of(now_ps > s->sent_ps ? now_ps - s->sent_ps : 0);
  g.latency.add(c);
  latency.add(c);
  return true;
}

void RunStats::finish_guest_lpis(const std::function<bool(unsigned, uint32_t)>& pending) {
  for (unsigned vm = 0; vm < guest_lpi_.size(); ++vm)
    for (size_t i = 0; i < guest_lpi_[vm].size(); ++i) {
      const GuestLpiSlot& s = guest_lpi_[vm][i];
      if (s.device < 0 || !s.outstanding) continue;
      GuestLpiStats& g = host_lpis[size_t(s.device)].guest;
      (pending(vm, uint32_t(8192 + i)) ? g.pending : g.lost) += s.outstanding;
    }
}

void RunStats::finish_host_lpis(const std::function<bool(uint32_t lpi)>& pending) {
  for (size_t i = 0; i < lpi_device_.size(); ++i) {
    if (lpi_device_[i] < 0 || !lpi_outstanding_[i]) continue;
    HostLpiStats& h = host_lpis[size_t(lpi_device_[i])];
    if (pending(uint32_t(8192 + i)))
      h.pending += lpi_outstanding_[i];
    else
      h.lost += lpi_outstanding_[i];
  }
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

namespace {
constexpr Path kTrapPaths[] = {Path::TrapSgi, Path::TrapDir, Path::TrapGicMmio,
                               Path::TrapHvc, Path::TrapWfi, Path::TrapIo};

nlohmann::json latency_json(const LatencyHistogram& l, double mhz) {
  const uint32_t p50 = l.percentile(0.5), p99 = l.percentile(0.99), mx = l.max();
  // Nanoseconds derived from cycles (to 1 ps), never truncated to whole ns.
  auto ns = [mhz](uint32_t c) { return std::round(double(c) * 1e6 / mhz) / 1e3; };
  return {{"cycles", {{"p50", p50}, {"p99", p99}, {"max", mx}}},
          {"ns", {{"p50", ns(p50)}, {"p99", ns(p99)}, {"max", ns(mx)}}}};
}

nlohmann::json paths_json(const std::array<PathStats, kPaths>& paths) {
  nlohmann::json j = nlohmann::json::object();
  for (size_t p = 0; p < kPaths; ++p)
    j[path_name(Path(p))] = {
        {"count", paths[p].count},
        {"cycles", paths[p].cycles},
        {"mean_cycles", paths[p].count ? double(paths[p].cycles) / double(paths[p].count) : 0.0}};
  return j;
}
}  // namespace

std::array<PathStats, kPaths> RunStats::total_paths() const {
  std::array<PathStats, kPaths> t{};
  for (const CpuStats& c : cpus)
    for (size_t p = 0; p < kPaths; ++p) {
      t[p].count += c.paths[p].count;
      t[p].cycles += c.paths[p].cycles;
    }
  return t;
}

std::string RunStats::json(const SimConfig& cfg, const HypStats& h) const {
  using nlohmann::json;
  json j;
  const double mhz = cfg.clock_mhz;
  json maint = json::object();
  for (unsigned b = 0; b < 8; ++b) maint[kCauses[b]] = h.maintenance[b];
  uint64_t injected = 0;
  for (const SourceStats& s : sources) injected += s.injected;
  const double sim_cycles = simulated_seconds * mhz * 1e6 * double(cpus.size());
  const std::array<PathStats, kPaths> paths = total_paths();
  uint64_t all_cycles = 0, traps = 0;
  json by_kind = json::object();
  for (const PathStats& p : paths) all_cycles += p.cycles;
  for (Path p : kTrapPaths) {
    traps += paths[size_t(p)].count;
    by_kind[path_name(p) + 5] = paths[size_t(p)].count;  // "trap_sgi" -> "sgi"
  }
  const uint64_t handler_cycles = paths[size_t(Path::GuestIrq)].cycles;
  const json lat = latency_json(latency, mhz);
  j["summary"] = {
      {"interrupted", interrupted},
      {"stop_reason", stop_reason},
      {"profile", cfg.costs.profile},
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
      {"guest_msis", h.msis},
      {"guest_msis_dropped", h.msis_dropped},
      {"its_cache_hits", h.its_cache_hits},
      {"its_cache_misses", h.its_cache_misses},
      {"underflows", h.maintenance[1]},
      {"underflow_requests", h.underflow_requests},
      {"maintenance", maint},
      {"maintenance_exits", h.maintenance_exits},
      {"eoicount_deactivations", h.eoicount_deactivations},
      {"traps", traps},
      {"traps_by_kind", by_kind},
      {"invariant_violations", h.invariant_violations},
      {"latency_cycles", lat["cycles"]},
      {"latency_ns", lat["ns"]},
      {"paths", paths_json(paths)},
      // Shares of the simulated CPU time: handling interrupts in the guest,
      // and everything the hypervisor and host did.
      {"handler_share", sim_cycles > 0 ? double(handler_cycles) / sim_cycles : 0.0},
      {"world_switch_share",
       sim_cycles > 0 ? double(all_cycles - handler_cycles) / sim_cycles : 0.0},
  };
  j["costs"] = terms_json(cfg.costs);
  j["lr_occupancy"] = h.lr_occupancy;
  json srcs = json::array();
  for (const SourceStats& s : sources) {
    const json sl = latency_json(s.latency, mhz);
    srcs.push_back({{"name", s.name},
                    {"trigger", s.edge ? "edge" : "level"},
                    {"injected", s.injected},
                    {"coalesced", s.coalesced},
                    {"acked", s.acked},
                    {"completed", s.completed},
                    {"latency_cycles", sl["cycles"]},
                    {"latency_ns", sl["ns"]}});
  }
  j["sources"] = srcs;
  json hl = json::array();
  for (const HostLpiStats& l : host_lpis) {
    const json ll = latency_json(l.latency, mhz);
    hl.push_back({{"name", l.name},
                  {"device_id", l.device_id},
                  {"queues", l.queues},
                  {"sent", l.sent},
                  {"coalesced", l.coalesced},
                  {"taken", l.taken},
                  {"pending", l.pending},
                  {"lost", l.lost},
                  {"duplicated", l.duplicated},
                  {"latency_cycles", ll["cycles"]},
                  {"latency_ns", ll["ns"]}});
    if (l.guest.vm < 0) continue;
    const GuestLpiStats& g = l.guest;
    const json gl = latency_json(g.latency, mhz);
    hl.back()["guest"] = {{"vm", g.vm},
                          {"forwarded", g.forwarded},
                          {"coalesced", g.coalesced},
                          {"dropped", g.dropped},
                          {"taken", g.taken},
                          {"pending", g.pending},
                          {"lost", g.lost},
                          {"duplicated", g.duplicated},
                          {"latency_cycles", gl["cycles"]},
                          {"latency_ns", gl["ns"]}};
  }
  j["host_lpis"] = hl;
  json cj = json::array();
  for (const CpuStats& c : cpus)
    cj.push_back({{"handled", c.handled},
                  {"world_switches", c.world_switches},
                  {"cycles", c.cycles()},
                  {"paths", paths_json(c.paths)}});
  j["cpus"] = cj;
  return j.dump(2) + "\n";
}

std::string RunStats::summary(const SimConfig& cfg, const HypStats& h) const {
  std::string out;
  char buf[512];
  const double mhz = cfg.clock_mhz;
  const uint32_t p50 = latency.percentile(0.5), p99 = latency.percentile(0.99);
  const uint32_t mx = latency.max();
  auto ns = [mhz](uint32_t c) { return double(c) * 1e3 / mhz; };
  uint64_t used = 0, flushes = 0;
  for (size_t n = 0; n < h.lr_occupancy.size(); ++n) {
    used += n * h.lr_occupancy[n];
    flushes += h.lr_occupancy[n];
  }
  const std::array<PathStats, kPaths> paths = total_paths();
  uint64_t traps = 0;
  std::string kinds;
  for (Path p : kTrapPaths) {
    traps += paths[size_t(p)].count;
    if (paths[size_t(p)].count)
      kinds += std::string(kinds.empty() ? "" : ", ") + (path_name(p) + 5) + " " +
               std::to_string(paths[size_t(p)].count);
  }
  std::snprintf(
      buf, sizeof buf,
      "gicsim: GICv%u%s, %u CPUs, %u VM(s) x %u vCPUs, %u LRs, profile %s, %.3f s simulated in "
      "%.2f s\n",
      cfg.gic.version, cfg.gic.two_security_states() ? " (two Security states)" : "", cfg.gic.cpus,
      cfg.vms, cfg.vcpus, cfg.gic.lrs, cfg.costs.profile.c_str(), simulated_seconds, host_seconds);
  out += buf;
  std::snprintf(
      buf, sizeof buf,
      "  delivered   %llu virtual interrupts (%.2f M per host second); lost %llu, duplicated %llu\n"
      "  latency     p50 %u cycles (%.1f ns), p99 %u cycles (%.1f ns), max %u cycles (%.1f ns)\n"
      "  world       %llu entries, %llu kicks, %llu traps%s%s%s\n",
      (unsigned long long)delivered,
      host_seconds > 0 ? double(delivered) / host_seconds / 1e6 : 0.0, (unsigned long long)lost,
      (unsigned long long)duplicated, p50, ns(p50), p99, ns(p99), mx, ns(mx),
      (unsigned long long)h.entries, (unsigned long long)h.kicks, (unsigned long long)traps,
      kinds.empty() ? "" : " (", kinds.c_str(), kinds.empty() ? "" : ")");
  out += buf;
  std::snprintf(buf, sizeof buf,
                "  maintenance eoi %llu, underflow %llu, lrenp %llu, no-pending %llu (%llu exits)\n"
                "  LRs         %.2f used per entry on average\n",
                (unsigned long long)h.maintenance[0], (unsigned long long)h.maintenance[1],
                (unsigned long long)h.maintenance[2], (unsigned long long)h.maintenance[3],
                (unsigned long long)h.maintenance_exits,
                flushes ? double(used) / double(flushes) : 0.0);
  out += buf;
  for (const HostLpiStats& l : host_lpis) {
    std::snprintf(buf, sizeof buf,
                  "  host LPIs   %-10s %llu MSIs, %llu taken, %llu coalesced; lost %llu, "
                  "duplicated %llu; p50 %u cycles\n",
                  l.name.c_str(), (unsigned long long)l.sent, (unsigned long long)l.taken,
                  (unsigned long long)l.coalesced, (unsigned long long)l.lost,
                  (unsigned long long)l.duplicated, l.latency.percentile(0.5));
    out += buf;
    if (l.guest.vm < 0) continue;
    const GuestLpiStats& g = l.guest;
    std::snprintf(buf, sizeof buf,
                  "  guest LPIs  %-10s vm%d: %llu forwarded, %llu taken, %llu coalesced, "
                  "%llu dropped; lost %llu, duplicated %llu; p50 %u cycles\n",
                  l.name.c_str(), g.vm, (unsigned long long)g.forwarded,
                  (unsigned long long)g.taken, (unsigned long long)g.coalesced,
                  (unsigned long long)g.dropped, (unsigned long long)g.lost,
                  (unsigned long long)g.duplicated, g.latency.percentile(0.5));
    out += buf;
  }
  // The paths by the cycles they took.
  uint64_t all = 0;
  for (const PathStats& p : paths) all += p.cycles;
  std::array<size_t, kPaths> order{};
  for (size_t p = 0; p < kPaths; ++p) order[p] = p;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return paths[a].cycles > paths[b].cycles; });
  for (size_t p : order) {
    if (!paths[p].count) continue;
    std::snprintf(buf, sizeof buf, "  path        %-13s %10llu x %8.1f cycles  %5.1f %%\n",
                  path_name(Path(p)), (unsigned long long)paths[p].count,
                  double(paths[p].cycles) / double(paths[p].count),
                  all ? 100.0 * double(paths[p].cycles) / double(all) : 0.0);
    out += buf;
  }
  return out;
}

}  // namespace gicsim
