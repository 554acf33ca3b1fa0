// Shared by the stress tests: the hypervisor takes every maintenance
// interrupt on every CPU; a storm or an invariant violation is a failure.
#pragma once

#include <string>

#include "hypervisor.h"

namespace gicsim::stress {

template <typename BeforeEachCpu>
bool settle_all(Hypervisor& h, unsigned cpus, std::string& why, BeforeEachCpu before) {
  for (unsigned c = 0; c < cpus; ++c) {
    before(c);
    if (!h.settle(c)) {
      why = "maintenance storm on cpu" + std::to_string(c);
      return false;
    }
  }
  if (h.stats.invariant_violations) {
    why = "hypervisor invariant violated";
    return false;
  }
  return true;
}

inline bool settle_all(Hypervisor& h, unsigned cpus, std::string& why) {
  return settle_all(h, cpus, why, [](unsigned) {});
}

}  // namespace gicsim::stress
