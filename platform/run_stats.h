// Statistics of a main-job run: per-source injection/ack/completion counts,
// interrupt latency (assert -> acknowledge), lost and duplicated edge
// interrupts, and per-CPU cycle accounting. Written as JSON by --stats.
#pragma once

#include <array>
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
  LatencyHistogram latency;  // assert -> acknowledge, in cycles
};

// The paths a CPU stub runs (README: "Cost terms"), each charged its terms.
enum class Path : uint8_t {
  GuestIrq,     // a virtual interrupt taken and handled in the guest
  TrapSgi,      // a trapped SGI write (ICC_SGI1R_EL1; GICv2: GICD_SGIR, a stage-2 trap)
  TrapDir,      // a trapped deactivation (TDIR; GICv2: the GICV_DIR page)
  TrapGicMmio,  // a guest access to its distributor/redistributors
  TrapHvc,      // a hypercall
  TrapWfi,      // a trapped WFI
  TrapIo,       // an I/O doorbell write
  Kick,         // a running vCPU exits for a physical IPI
  Wakeup,       // an idle CPU takes the IPI that wakes a blocked vCPU
  Maintenance,  // a maintenance interrupt exit
  DeviceIrq,    // a physical device interrupt the host forwards (HW-mapped)
  VcpuSwitch,   // another vCPU of the same VM (time slice, after a block)
  VmSwitch,     // a vCPU of another VM
  Backend,      // a host I/O thread's work
  GuestCode,    // the guest's own operations outside its handler (micro-benchmarks)
  kCount
};
constexpr size_t kPaths = size_t(Path::kCount);
const char* path_name(Path p);

struct PathStats {
  uint64_t count = 0;   // times the path ran
  uint64_t cycles = 0;  // cycles charged to it
};

struct CpuStats {
  uint64_t handled = 0;
  uint64_t world_switches = 0;  // guest entries
  std::array<PathStats, kPaths> paths{};
  uint64_t cycles() const;
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
  LatencyHistogram latency;  // all sources, in cycles
  double host_seconds = 0, simulated_seconds = 0;
  // The run stopped before its configured time (a signal, no progress).
  bool interrupted = false;
  std::string stop_reason;

  // Paths summed over the CPUs.
  std::array<PathStats, kPaths> total_paths() const;
  std::string json(const SimConfig& cfg, const HypStats& h) const;
  std::string summary(const SimConfig& cfg, const HypStats& h) const;

 private:
  size_t slot(unsigned vm, unsigned vcpu, unsigned intid) const {
    const size_t per_vm = size_t(vcpus_) * 32 + spis_;
    return vm * per_vm +
           (intid < 32 ? size_t(vcpu) * 32 + intid : size_t(vcpus_) * 32 + intid - 32);
  }
  unsigned vcpus_, spis_;
  double mhz_;
  std::vector<uint64_t> pend_ps_;
  std::vector<uint32_t> outstanding_;
  std::vector<int16_t> source_of_;
};

}  // namespace gicsim
