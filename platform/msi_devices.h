// MSI devices of the main job's host (workload.msi_devices; GICv3 with LPIs
// and an ITS): at time 0 the host programs its LPI and ITS tables the way
// Linux's irq-gic-v3-its does (PROPBASER/PENDBASER and EnableLPIs per
// redistributor, GITS_BASER/CBASER, the ITS enabled, MAPC per CPU, MAPD
// per device, MAPTI per queue, SYNC), all through the bus; then each device
// queue writes its EventID to GITS_TRANSLATER with the device's DeviceID
// (periodic or Poisson). The LPIs exit whatever guest runs on their CPU and
// the host handles them (CpuStub, path host_lpi).
#pragma once

#include <memory>
#include <random>
#include <systemc>
#include <vector>

#include "host_lpi_layout.h"
#include "platform.h"
#include "run_stats.h"

namespace gicsim {

class MsiDevices : public sc_core::sc_module {
 public:
  MsiDevices(sc_core::sc_module_name name, Platform& p, RunStats& stats);
  // The CPU a device queue's LPI is routed to (Linux spreads queues).
  unsigned cpu_of_queue(unsigned q) const { return q % cfg_.gic.cpus; }
  // Whether an LPI of the devices is pending on its CPU (end-of-run accounting).
  bool pending(uint32_t lpi) const;
  // Whether the boot programmed everything without an ITS command error.
  bool booted() const { return booted_; }

 private:
  struct Device {
    MsiDeviceConfig cfg;
    unsigned index = 0;
    uint32_t first_lpi = 0;
    unsigned next_queue = 0;
    sc_core::sc_event ev;
  };
  void boot();
  void tick(Device& d);
  sc_core::sc_time next_interval(const Device& d);
  void write(uint64_t addr, uint64_t v, unsigned width);
  void command(std::array<uint64_t, 4> c);
  void flush();

  Platform& p_;
  RunStats& stats_;
  const SimConfig& cfg_;
  HostLpiLayout layout_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::mt19937_64 rng_;
  uint64_t cwriter_ = 0;
  bool booted_ = false;
};

}  // namespace gicsim
