// The main job: what `gicsim` runs without --script.
#pragma once

#include <iosfwd>

#include "sim_config.h"

namespace gicsim {

// Runs the configured platform and prints a summary; returns the exit code.
int run_main_job(const SimConfig& cfg, std::ostream& out, std::ostream& err);

}  // namespace gicsim
