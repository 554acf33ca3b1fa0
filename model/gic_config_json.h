// The "gic" object of a configuration file, read into a GicConfig (and the
// platform's MemoryMap). Part of the optional gicsim::json library: it needs
// nlohmann-json, the GIC itself does not.
#pragma once

#include "gic_config.h"
#include "json_obj.h"

namespace gicsim {

// Reads every key of g (version, cpus, spis, pri_bits, virtual_pri_bits,
// lrs, security_states, maintenance_ppi, virtualization, affinity,
// memory_map) into c and map (map may be null: memory_map is then checked
// and dropped), rejects unknown keys and validates the result; errors throw
// ConfigError naming the key.
void read_gic_config(JsonObj& g, GicConfig& c, MemoryMap* map);

}  // namespace gicsim
