// Simulator configuration: the JSON schema (documented in the README), its
// embedded default, and strict loading (unknown keys, wrong types and
// impossible values are errors naming the key).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "cost_model.h"
#include "gic_config.h"
#include "iss_config.h"
#include "its_driver.h"
#include "json_obj.h"
#include "vm.h"

namespace gicsim {

// A device raising SPIs into the VM.
struct DeviceConfig {
  std::string name = "device";
  unsigned spi = 64;       // first INTID
  unsigned lines = 1;      // consecutive SPIs, spread over the vCPUs
  bool edge = true;        // edge or level
  bool poisson = false;    // Poisson arrivals (else periodic)
  double rate_hz = 1000;   // events per second per line
  unsigned burst = 1;      // interrupts per event (distinct lines, round robin)
  bool hw_mapped = false;  // physical SPI forwarded by the host as HW=1
};

// An MSI-capable device of the host (GICv3 with an ITS): each queue writes
// its EventID to GITS_TRANSLATER with the device's DeviceID; the host maps
// every queue to an LPI on a CPU (queue q on CPU q % cpus) and handles it.
// Assigned to a VM (vm >= 0), the host forwards each MSI to that VM's
// emulated ITS (KVM's irqfd path), where the guest mapped queue q to a
// virtual LPI on vCPU q % vcpus.
struct MsiDeviceConfig {
  std::string name = "msi";
  unsigned device_id = 0;
  unsigned queues = 1;
  bool poisson = false;
  double rate_hz = 1000;  // MSIs per second per queue
  int vm = -1;            // the VM it is assigned to; -1: the host's own
};

struct WorkloadConfig {
  double timer_hz = 1000;   // per-vCPU virtual timer (PPI 27); 0: off
  unsigned ipi_every = 16;  // the handler sends an IPI every N interrupts; 0: off
  std::vector<DeviceConfig> devices;
  std::vector<MsiDeviceConfig> msi_devices;
};

struct SimConfig {
  GicConfig gic;
  MemoryMap map;  // where the platform's bus maps the GIC frames (gic.memory_map)
  unsigned vms = 1;
  unsigned vcpus = 4;                       // per VM
  SortPolicy policy = SortPolicy::Kvm2025;  // ap_list sorting of the vgic
  TdirPolicy tdir = TdirPolicy::Kvm2025;    // when the vgic sets TDIR
  double duration_s = 1.0;                  // simulated time of the main job
  double quantum_ns = 10000;                // TLM-2.0 global quantum of the CPU stubs
  unsigned seed = 1;                        // Poisson sources
  bool progress = true;                     // progress lines on stderr
  double clock_mhz = 2000;
  unsigned eoi_mode = 0;         // the guest's EOImode
  double timeslice_us = 1000;    // vCPUs sharing a CPU: round-robin slice
  bool wfi_trap_always = false;  // else WFI traps only on a shared CPU (KVM's default)
  CostModel costs;               // cpu.profile with cpu.costs applied
  WorkloadConfig workload;
  IssConfig iss;                           // the bare-metal platform of gicsim --elf
  unsigned micro_bench_iterations = 1000;  // gicsim --micro-bench, per benchmark
};

// The MSI devices as an ITS driver maps them: every one for the host
// (kHostView), or those assigned to VM vm.
constexpr int kHostView = -2;
std::vector<ItsDevice> msi_its_devices(const SimConfig& c, int vm);

// The embedded default platform, as JSON text.
const char* default_config_json();
// Parses and validates; origin names the file in messages ("FILE: key 'x': ...").
// base_dir: where a relative cpu.profile path starts (the config file's directory).
SimConfig load_config(const std::string& text, const std::string& origin,
                      const std::string& base_dir = "");
SimConfig default_config();
SimConfig load_config_file(const std::string& path);

}  // namespace gicsim
