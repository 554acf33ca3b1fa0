// CPU stub: stands in for one physical core. It schedules the vCPUs placed
// on it, runs the guest's interrupt handler through ICV_* (GICV in GICv2),
// exits to the hypervisor model on physical interrupts (maintenance, HW
// device interrupts to forward), trapped accesses and WFI, and charges
// configurable cycle costs using TLM-2.0 loosely-timed temporal decoupling
// (tlm_utils::tlm_quantumkeeper).
#pragma once

#include <systemc>
#include <vector>

#include <tlm_utils/tlm_quantumkeeper.h>

#include "platform.h"
#include "run_stats.h"

namespace gicsim {

class CpuStub : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(CpuStub);
  CpuStub(sc_core::sc_module_name name, Platform& p, RunStats& stats, unsigned cpu);

  // A vCPU scheduled on this CPU.
  void add_vcpu(unsigned vm, unsigned vcpu) { vcpus_.push_back({vm, vcpu}); }
  // Maps a physical SPI forwarded by the host to a VM (HW-mapped).
  std::function<void(unsigned cpu, unsigned pintid, uint64_t now_ps)> forward;
  void wake() { wake_.notify(sc_core::SC_ZERO_TIME); }
  bool owns(unsigned vm, unsigned vcpu) const;

 private:
  struct Slot {
    unsigned vm, vcpu;
  };
  void run();
  void charge(uint64_t cycles, uint64_t& bucket);
  uint64_t now_ps() const;
  int pick();
  void enter(unsigned i);
  void resume(unsigned i);
  void host_irq();
  bool guest_interrupt();
  uint64_t guest_sysreg(Sr id, bool write, uint64_t v = 0);
  uint32_t guest_ack(bool& group0);
  void guest_eoi(uint32_t id, bool group0);
  void guest_ipi(const Slot& s);
  uint32_t host_ack();
  void host_write(Sr id, uint32_t gicc_offset, uint32_t v);
  uint64_t host_mmio(uint32_t off, bool write, uint64_t v = 0);
  void charge_lr_work();

  // Steps in a row without simulated time advancing before a run is stopped.
  static constexpr uint64_t kNoProgressSteps = 1000000;
  Platform& p_;
  RunStats& stats_;
  CpuStats& my_;
  unsigned cpu_;
  const SimConfig& cfg_;
  bool v3_;
  double cycle_value_;  // one cycle in time-resolution units
  tlm_utils::tlm_quantumkeeper qk_;
  sc_core::sc_event wake_;
  std::vector<Slot> vcpus_;
  int current_ = -1;  // index in vcpus_ of the loaded vCPU
  unsigned rr_ = 0;
  uint64_t slice_end_ps_ = 0;
  uint64_t lr_accesses_seen_ = 0;
  uint64_t kicks_seen_ = 0;
  uint64_t handled_ = 0;
};

}  // namespace gicsim
