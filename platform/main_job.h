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

// Exit codes of gicsim (the README lists them).
enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,       // an expectation failed; interrupts lost or delivered twice
  kExitBadInput = 2,     // a bad command line, configuration or script; no progress
  kExitOutputError = 3,  // an output file could not be written completely
};

// Returns the exit code: kExitOk, kExitFailed when an edge interrupt was lost
// or delivered twice (or an invariant was violated), kExitOutputError when
// --stats or --vcd could not be written, kExitBadInput when the run made no
// progress, 128 + n when signal n stopped it (the outputs are still written).
int run_main_job(const SimConfig& cfg, const JobOutputs& outputs, std::ostream& out,
                 std::ostream& err);

}  // namespace gicsim
