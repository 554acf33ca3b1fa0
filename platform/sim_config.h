// Simulator configuration: the JSON schema (documented in the README), its
// embedded default, and strict loading (unknown keys, wrong types and
// impossible values are errors naming the key).
#pragma once

#include <stdexcept>
#include <string>

#include "gic_config.h"
#include "vm.h"

namespace gicsim {

struct SimConfig {
  GicConfig gic;
  unsigned vms = 1;
  unsigned vcpus = 4;                       // per VM
  SortPolicy policy = SortPolicy::Kvm2025;  // ap_list sorting of the vgic
  double duration_s = 1.0;                  // simulated time of the main job
};

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The embedded default platform, as JSON text.
const char* default_config_json();
// Parses and validates; origin names the file in messages ("FILE: key 'x': ...").
SimConfig load_config(const std::string& text, const std::string& origin);
SimConfig default_config();
SimConfig load_config_file(const std::string& path);

}  // namespace gicsim
