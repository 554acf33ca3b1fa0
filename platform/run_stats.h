// Statistics of a main-job run: per-source injection/ack/completion counts,
// interrupt latency (assert -> acknowledge), lost and duplicated edge
// interrupts, and per-CPU cycle accounting. Written as JSON by --stats.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hypervisor.h"
#include "latency_histogram.h"
#include "sim_config.h"

namespace gicsim {

struct SourceStats {
  std::string name;
  bool edge = true;
  uint64_t injected = 0;   // made the interrupt pending
  uint64_t coalesced = 0;  // arrived while it was already pending (merged, as the GIC does)
  uint64_t acked = 0;
  uint64_t completed = 0;
  LatencyHistogram latency_ns;  // assert -> acknowledge
};

struct CpuStats {
  uint64_t handled = 0;
  uint64_t cycles_handler = 0;  // exception entry, ICV accesses, handler body
  uint64_t cycles_switch = 0;   // world switches, flush/sync LR work, host IRQs, traps
  uint64_t world_switches = 0;
};

class RunStats {
 public:
  RunStats(const SimConfig& cfg);

  int add_source(const std::string& name, bool edge);
  // Bookkeeping of one virtual interrupt, by (vm, vcpu, intid).
  void asserted(unsigned vm, unsigned vcpu, unsigned intid, int source, bool was_pending,
                uint64_t now_ps);
  void acked(unsigned vm, unsigned vcpu, unsigned intid, uint64_t now_ps);
  void completed(unsigned vm, unsigned vcpu, unsigned intid);
  // At the end: edge interrupts accepted but neither acked nor still pending are lost.
  void finish(Hypervisor& hyp);

  std::vector<SourceStats> sources;
  std::vector<CpuStats> cpus;
  uint64_t delivered = 0, lost = 0, duplicated = 0, in_flight = 0;
  LatencyHistogram latency_ns;  // all sources
  double host_seconds = 0, simulated_seconds = 0;
  // The run stopped before its configured time (a signal, no progress).
  bool interrupted = false;
  std::string stop_reason;

  std::string json(const SimConfig& cfg, const HypStats& h) const;
  std::string summary(const SimConfig& cfg, const HypStats& h) const;

 private:
  size_t slot(unsigned vm, unsigned vcpu, unsigned intid) const {
    const size_t per_vm = size_t(vcpus_) * 32 + spis_;
    return vm * per_vm +
           (intid < 32 ? size_t(vcpu) * 32 + intid : size_t(vcpus_) * 32 + intid - 32);
  }
  unsigned vcpus_, spis_;
  std::vector<uint64_t> pend_ps_;
  std::vector<uint32_t> outstanding_;
  std::vector<int16_t> source_of_;
};

}  // namespace gicsim
