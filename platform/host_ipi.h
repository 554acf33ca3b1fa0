// Physical IPIs between the hosts of the CPU stubs: a kick of a running vCPU
// and the wake-up of an idle CPU are SGI 0 (Linux's reschedule IPI) sent
// through the modelled GIC, by ICC_SGI1R_EL1 (GICv3) or GICD_SGIR (GICv2).
// A CPU stub that asks for one sends it itself, at its own local time (it
// synchronises first: temporal decoupling must not make it take effect at
// the global time of its quantum); a request from outside the CPUs (a device
// source) pends the SGI at once, at its exact time.
#pragma once

#include <systemc>

#include <vector>

#include "platform.h"

namespace gicsim {

class HostIpi {
 public:
  static constexpr unsigned kSgi = 0;
  explicit HostIpi(Platform& p);

  // The stubs' threads, so a request knows which CPU asks.
  void add_cpu(unsigned cpu, sc_core::sc_process_handle thread);
  // An IPI to target from whoever runs now.
  void request(unsigned target);
  // The requests of a CPU since it last looked (it sends them).
  std::vector<unsigned>& outbox(unsigned cpu) { return outbox_[cpu]; }
  // The SGI register write of CPU from (it runs synchronised).
  void send(unsigned from, unsigned target);
  // The CPU the current SystemC process stands for, or -1.
  int current_cpu() const;
  uint64_t external = 0;  // requests from outside the CPUs

 private:
  Platform& p_;
  std::vector<const sc_core::sc_object*> threads_;  // the stubs' processes
  std::vector<std::vector<unsigned>> outbox_;
};

}  // namespace gicsim
