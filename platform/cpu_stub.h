// CPU stub: stands in for one physical core and its host. It schedules the
// vCPUs placed on it, runs the guest's interrupt handler through ICV_* (GICV
// in GICv2) and the guest's program (micro-benchmarks), exits to the
// hypervisor model on physical interrupts (kicks and wake-ups are IPIs
// through the GIC, maintenance, forwarded devices), trapped accesses and
// WFI, and charges each path its cost terms (cost_model.h) with TLM-2.0
// loosely-timed temporal decoupling (the global quantum).
#pragma once

#include <systemc>
#include <vector>

#include <tlm>

#include "guest_program.h"
#include "host_ipi.h"
#include "platform.h"
#include "run_stats.h"

namespace gicsim {

class CpuStub : public sc_core::sc_module, public GuestOps {
 public:
  SC_HAS_PROCESS(CpuStub);
  CpuStub(sc_core::sc_module_name name, Platform& p, RunStats& stats, HostIpi& ipi, unsigned cpu);

  // A vCPU scheduled on this CPU.
  void add_vcpu(unsigned vm, unsigned vcpu) { vcpus_.push_back({vm, vcpu}); }
  // What the guests run besides their interrupt handlers (null: nothing).
  void set_program(GuestProgram* g) { program_ = g; }
  // Maps a physical SPI forwarded by the host to a VM (HW-mapped).
  std::function<void(unsigned cpu, unsigned pintid, uint64_t now_ps)> forward;
  // Forwards a host LPI of a device assigned to a VM to that VM's ITS.
  std::function<void(uint32_t lpi, uint64_t sent_ps)> forward_lpi;
  // A vCPU or host thread here became runnable: an idle CPU gets an IPI
  // (from whoever runs now), a busy one notices at its next step.
  void wake_up();
  // How this CPU wakes another (the I/O backend's): set by the platform.
  std::function<void(unsigned cpu)> wake_cpu;
  // Waiting with nothing to run: a wake-up needs an IPI.
  bool idle() const { return idle_; }
  bool owns(unsigned vm, unsigned vcpu) const;
  const sc_core::sc_process_handle& thread() const { return thread_; }

  // GuestOps.
  unsigned cpu() const override { return cpu_; }
  uint64_t cycles() const override;
  void hvc() override;
  uint32_t gicd_read(uint32_t offset) override;
  void eoi(uint32_t value) override;
  void send_sgi(unsigned target_vcpu, unsigned sgi) override;
  void io_out(unsigned backend_cpu) override;
  void inject_spi(unsigned vm, unsigned intid) override;
  void post(sc_core::sc_event_queue& q) override {
    q.notify(sc_core::sc_time::from_value(local_ps_));
  }

 private:
  struct Slot {
    unsigned vm, vcpu;
  };
  void run();
  void charge(Term t, Path p, uint64_t times = 1) { charge_cycles(cfg_.costs[t] * times, p); }
  void charge_cycles(uint64_t cycles, Path p);
  void begin(Path p) { ++my_.paths[size_t(p)].count; }
  uint64_t now_ps() const { return base_ps_ + local_ps_; }
  void advance(uint64_t ps);
  void sync();
  void catch_up();
  void resync();
  int pick();
  Path switch_path(unsigned next) const;
  void enter(unsigned i, Path p, bool scheduled);
  void host_irq();
  void switch_out(unsigned next);
  bool guest_interrupt();
  void guest_wait();
  bool wfi_traps() const;
  void guest_wfi(bool force);
  void trapped_sgi(unsigned target, unsigned sgi, bool record);
  void wake() { wake_.notify(sc_core::SC_ZERO_TIME); }
  uint64_t guest_sysreg(Sr id, bool write, uint64_t v, Path p);
  uint32_t guest_ack(bool& group0);
  void guest_eoi(uint32_t id, bool group0);
  void guest_gicv_write(uint32_t off, uint32_t v, Path p);
  void handler_ipi(const Slot& s);
  uint32_t host_ack();
  void host_write(Sr id, uint32_t gicc_offset, uint32_t v);
  uint64_t host_mmio(uint32_t off, bool write, uint64_t v = 0);
  // The parts of a trap: the exit to the host, and the way back once the
  // hypervisor has done its work (IPIs it asked for sent first).
  void trap_exit(Path p);
  void trap_return(Path p);
  void send_ipis(Path p);
  void charge_lr_work(Path p);
  Slot loaded() const { return vcpus_[size_t(current_)]; }

  // Steps in a row without simulated time advancing before a run is stopped.
  static constexpr uint64_t kNoProgressSteps = 1000000;
  Platform& p_;
  RunStats& stats_;
  HostIpi& ipi_;
  CpuStats& my_;
  unsigned cpu_;
  const SimConfig& cfg_;
  bool v3_;
  double cycle_value_;           // one cycle in time-resolution units
  uint64_t local_ps_ = 0;        // ahead of SystemC time
  uint64_t base_ps_ = 0;         // SystemC time when this thread last resumed
  uint64_t quantum_end_ps_ = 0;  // the next global quantum boundary
  uint64_t quantum_ps_ = 1;
  sc_core::sc_event wake_;
  sc_core::sc_process_handle thread_;
  GuestProgram* program_ = nullptr;
  std::vector<Slot> vcpus_;
  int current_ = -1;  // index in vcpus_ of the loaded vCPU
  int last_vm_ = -1;  // the VM whose vCPU ran here last (stage 2 loaded)
  unsigned rr_ = 0;
  bool idle_ = false;
  bool woken_ = false;  // the IPI that woke this idle CPU was taken
  uint64_t slice_end_ps_ = 0;
  uint64_t lr_accesses_seen_ = 0;
  uint64_t handled_ = 0;
};

}  // namespace gicsim
