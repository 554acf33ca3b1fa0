// Stopping a main-job run at a safe point: SIGINT, SIGTERM and SIGHUP only
// set a flag (async-signal-safe); the CPU stubs look at it between steps and
// stop the simulation, so statistics are written for the time simulated.
// A run whose simulated time no longer advances is stopped the same way.
#pragma once

#include <string>

namespace gicsim::run_control {

// Installs the handlers (for the main job; scripts keep the defaults).
void catch_signals();
// The signal that asked the run to stop, or 0.
int stop_signal();
// Whether the run must stop now (a signal, or request_stop()).
bool stop_requested();
// Asks the run to stop with a reason (e.g. no progress); empty: none.
void request_stop(const std::string& reason);
const std::string& stop_reason();
// Back to the initial state (tests).
void reset();

}  // namespace gicsim::run_control
