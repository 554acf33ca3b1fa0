// Shared by the stress tests: their common command-line options, and the
// hypervisor taking every maintenance interrupt on every CPU (a storm or an
// invariant violation is a failure).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "hypervisor.h"

namespace gicsim::stress {

// The platform shape and the run, as both stresses take them.
struct StressOptions {
  std::vector<uint64_t> seeds{1};
  long steps = 100000;
  unsigned version = 3, cpus = 2, vcpus = 3, lrs = 4;
  std::string policy = "kvm2025";
  void add_to(CLI::App& app) {
    app.add_option("--seeds", seeds, "seeds to run (each replays exactly)");
    app.add_option("--steps", steps, "random steps per seed");
    app.add_option("--version", version, "GIC version (LR backend): 2 or 3")
        ->check(CLI::IsMember({2, 3}));
    app.add_option("--cpus", cpus, "physical CPUs")->check(CLI::Range(1, 8));
    app.add_option("--vcpus", vcpus, "vCPUs of the VM")->check(CLI::Range(1, 8));
    app.add_option("--lrs", lrs, "list registers")->check(CLI::Range(1, 16));
    app.add_option("--policy", policy, "ap_list policy")->check(CLI::IsMember({"seed", "kvm2025"}));
  }
  SortPolicy sort_policy() const {
    return policy == "seed" ? SortPolicy::Seed : SortPolicy::Kvm2025;
  }
};

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
