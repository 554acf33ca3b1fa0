// Interrupt sources of the main job: a virtual timer per vCPU (PPI 27),
// devices raising SPIs (edge or level, periodic or Poisson, in bursts,
// optionally HW-mapped through the physical GIC). Each source is an
// SC_METHOD that reschedules itself.
#pragma once

#include <memory>
#include <random>
#include <systemc>
#include <vector>

#include "platform.h"
#include "run_stats.h"

namespace gicsim {

class Sources : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Sources);
  Sources(sc_core::sc_module_name name, Platform& p, RunStats& stats,
          std::function<unsigned(unsigned vm, unsigned vcpu)> cpu_of);

  // The host forwards physical SPI pintid (HW-mapped device) to its VM.
  void forward(unsigned pintid, uint64_t now_ps);
  // Host-side setup of the physical GIC and the VM's distributor.
  void setup();

 private:
  struct Device {
    DeviceConfig cfg;
    int source;
    unsigned next_line = 0;
    uint64_t count = 0;
    sc_core::sc_event ev;
  };
  void timer_tick();
  void device_tick(Device& d);
  void inject(unsigned vm, unsigned vcpu, unsigned intid, Hypervisor::Trigger t, int source);
  sc_core::sc_time next_interval(const Device& d);
  unsigned vcpu_of_line(unsigned line) const { return line % cfg_.vcpus; }

  Platform& p_;
  RunStats& stats_;
  const SimConfig& cfg_;
  std::function<unsigned(unsigned, unsigned)> cpu_of_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::vector<int> phys_source_;       // per INTID: device source of a HW-mapped SPI
  std::vector<uint64_t> phys_assert_;  // per INTID: when the physical line rose
  int timer_source_ = -1;
  std::mt19937_64 rng_;
};

}  // namespace gicsim
