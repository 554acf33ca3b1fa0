// Runs a parsed stimulus script on a freshly built platform.
#pragma once

#include <iosfwd>

#include "script.h"

namespace gicsim {

// Elaborates the platform, runs the script, returns the exit code:
// 0 every expectation held, 1 one did not (message printed to err).
int run_script(const Script& script, std::ostream& out, std::ostream& err);

}  // namespace gicsim
