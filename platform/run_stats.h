// Statistics of a main-job run: per-source injection/ack/completion counts,
// interrupt latency (assert -> acknowledge), lost and duplicated edge
// interrupts, and per-CPU cycle accounting. Written as JSON by --stats.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
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

// An assigned device's MSIs in its guest (forwarded by the host).
struct GuestLpiStats {
  int vm = -1;                                     // -1: not assigned
  uint64_t forwarded = 0;                          // host-handled MSIs injected into the VM's ITS
  uint64_t coalesced = 0;                          // the virtual LPI was pending already (merged)
  uint64_t dropped = 0;                            // the guest's ITS did not translate it
  uint64_t taken = 0;                              // acknowledged by the guest
  uint64_t lost = 0, duplicated = 0, pending = 0;  // at the end
  LatencyHistogram latency;                        // MSI write -> guest acknowledge, in cycles
};

// An MSI device of the host: its MSIs become LPIs the host handles.
struct HostLpiStats {
  std::string name;
  unsigned device_id = 0, queues = 0;
  uint64_t sent = 0;       // MSIs written to GITS_TRANSLATER
  uint64_t coalesced = 0;  // arrived while the LPI was already pending (merged)
  uint64_t taken = 0;      // acknowledged by the host
  uint64_t lost = 0, duplicated = 0, pending = 0;  // at the end
  LatencyHistogram latency;                        // MSI write -> host acknowledge, in cycles
  GuestLpiStats guest;                             // assigned to a VM
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
  HostLpi,      // an MSI of a host device: the LPI exits the guest, the host handles it
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
  // Host MSI devices: one per workload.msi_devices entry, its LPIs
  // first_lpi .. first_lpi + queues - 1.
  // first_vlpi: assigned to a VM, the guest's LPI of queue 0.
  void add_host_lpis(const MsiDeviceConfig& d, uint32_t first_lpi, uint32_t first_vlpi = 0);
  void msi_sent(unsigned device, uint32_t lpi, bool was_pending, uint64_t now_ps);
  // The host acknowledged an LPI (false: not one of the devices'); sent_ps:
  // when the MSI it carries was written.
  bool host_lpi_taken(uint32_t lpi, uint64_t now_ps, uint64_t* sent_ps = nullptr);
  // An assigned device's MSI forwarded to its guest as vLPI (was_pending:
  // merged; injected: the guest's ITS translated it).
  void guest_msi(unsigned device, uint32_t vlpi, bool was_pending, bool injected, uint64_t sent_ps);
  // A guest acknowledged a virtual LPI (false: not an assigned device's).
  bool guest_lpi_taken(unsigned vm, uint32_t vlpi, uint64_t now_ps);
  // At the end: forwarded and not merged must have been taken or be pending.
  void finish_guest_lpis(const std::function<bool(unsigned vm, uint32_t vlpi)>& pending);
  // At the end: edge interrupts accepted but neither acked nor still pending are lost.
  void finish(Hypervisor& hyp);
  // Host LPIs: sent and not coalesced must have been taken or be pending.
  void finish_host_lpis(const std::function<bool(uint32_t lpi)>& pending);

  std::vector<SourceStats> sources;
  std::vector<HostLpiStats> host_lpis;
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
  // Host LPIs, by LPI - 8192: the device, and when the pending one was sent.
  std::vector<int16_t> lpi_device_;
  std::vector<uint64_t> lpi_sent_ps_;
  std::vector<uint8_t> lpi_outstanding_;
  // Guest LPIs of assigned devices, per VM by vLPI - 8192.
  struct GuestLpiSlot {
    int16_t device = -1;
    uint8_t outstanding = 0;
    uint64_t sent_ps = 0;
  };
  std::vector<std::vector<GuestLpiSlot>> guest_lpi_;
  GuestLpiSlot* guest_slot(unsigned vm, uint32_t vlpi) {
    if (vm >= guest_lpi_.size() || vlpi < 8192 || vlpi - 8192 >= guest_lpi_[vm].size())
      return nullptr;
    GuestLpiSlot& g = guest_lpi_[vm][vlpi - 8192];
    return g.device >= 0 ? &g : nullptr;
  }
  uint32_t cycles_of(uint64_t ps) const;
};

}  // namespace gicsim
