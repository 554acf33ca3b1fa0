// The main job: what `gicsim` runs without --script. It builds the platform
// (GIC, hypervisor, one CPU stub per physical CPU, interrupt sources), runs
// it for the configured simulated time and reports the figures.
#pragma once

#include <iosfwd>
#include <string>

#include "sim_config.h"

namespace gicsim {

struct JobOutputs {
  std::string stats_file;  // --stats: JSON
  std::string vcd_file;    // --vcd: interrupt lines
};

// Returns the exit code: 0, or 1 when an edge interrupt was lost or
// delivered twice (or an invariant was violated).
int run_main_job(const SimConfig& cfg, const JobOutputs& outputs, std::ostream& out,
                 std::ostream& err);

}  // namespace gicsim
