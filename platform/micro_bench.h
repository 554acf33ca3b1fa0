// gicsim --micro-bench: kvm-unit-tests' arm/micro-bench on the CPU stubs,
// with the configured GIC, profile and cost terms. One VM with two vCPUs
// (vCPU 0 on CPU 0 drives, vCPU 1 on CPU 1 is the IPI target) and an I/O
// backend thread on CPU 2. Each benchmark repeats micro_bench.iterations
// times and reports cycles per operation (mean, p50, p99):
//   hvc             a hypercall handled by the host
//   mmio_read_vgic  a guest read of GICD_IIDR (a stage-2 trap, emulated)
//   eoi             ICV_EOIR1_EL1 (GICv2: GICV_EOIR) of 1023: no trap
//   ipi             an SGI to vCPU 1, running, until its handler runs
//   ipi_blocked     the same with vCPU 1 blocked in WFI (woken, scheduled, loaded)
//   io_out          a doorbell write until the backend thread on CPU 2 has it
//   io_in           the backend injects an SPI until vCPU 0 acknowledges it
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "main_job.h"
#include "sim_config.h"

namespace gicsim {

struct MicroBenchRow {
  std::string name;
  std::vector<uint64_t> samples;  // cycles per operation
  double mean() const;
  uint64_t percentile(double q) const;  // nearest rank
};

// The benchmarks in the order they run.
const std::vector<std::string>& micro_bench_names();

// Runs the benchmarks (exit codes as run_main_job's; kExitBadInput when the
// platform has fewer than 3 CPUs); writes the table to out and, with
// outputs.stats_file, the JSON.
int run_micro_bench(const SimConfig& cfg, const JobOutputs& outputs, std::ostream& out,
                    std::ostream& err);

}  // namespace gicsim
