// MSI devices of the main job (workload.msi_devices; GICv3 with LPIs and an
// ITS): at time 0 the host programs its LPI and ITS tables the way Linux's
// irq-gic-v3-its does, all through the bus (ItsDriver), and every guest
// with assigned devices does the same on its emulated redistributors and
// ITS; then each device queue writes its EventID to GITS_TRANSLATER with
// the device's DeviceID (periodic or Poisson). The LPIs exit whatever guest
// runs on their CPU and the host handles them (CpuStub, path host_lpi); an
// assigned device's MSI is forwarded to its VM's ITS (forward()), where it
// becomes a virtual LPI the guest takes.
#pragma once

#include <memory>
#include <random>
#include <systemc>
#include <vector>

#include "its_driver.h"
#include "platform.h"
#include "run_stats.h"

namespace gicsim {

class MsiDevices : public sc_core::sc_module {
 public:
  MsiDevices(sc_core::sc_module_name name, Platform& p, RunStats& stats);
  // Whether an LPI of the devices is pending on its CPU (end-of-run accounting).
  bool pending(uint32_t lpi) const;
  // Whether a guest's virtual LPI is pending (in its state or an LR).
  bool guest_pending(unsigned vm, uint32_t vlpi) const;
  // Whether the boots programmed everything without an ITS command error.
  bool booted() const { return booted_; }
  // The host took LPI lpi (sent at sent_ps): an assigned device's MSI goes
  // on to its VM. Returns whether it was one.
  bool forward(uint32_t lpi, uint64_t sent_ps);

 private:
  struct Device {
    MsiDeviceConfig cfg;
    unsigned index = 0;
    uint32_t first_lpi = 0;
    uint32_t first_vlpi = 0;  // assigned: the guest's LPI of queue 0
    unsigned next_queue = 0;
    sc_core::sc_event ev;
  };
  void boot();
  bool boot_guest(unsigned vm);
  void tick(Device& d);
  sc_core::sc_time next_interval(const Device& d);
  void write(uint64_t addr, uint64_t v, unsigned width);
  uint64_t read(uint64_t addr);

  Platform& p_;
  RunStats& stats_;
  const SimConfig& cfg_;
  ItsDriver host_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::mt19937_64 rng_;
  bool booted_ = false;
};

}  // namespace gicsim
