#include "gic_config_json.h"

namespace gicsim {

void read_gic_config(JsonObj& g, GicConfig& c, MemoryMap* map) {
  g.uint("version", c.version, 2, 3);
  g.uint("cpus", c.cpus, 1, 64);
  g.uint("spis", c.spis, 32, 988);
  g.uint("pri_bits", c.pri_bits, 4, 8);
  g.uint("virtual_pri_bits", c.vpri_bits, 5, 8);
  g.uint("lrs", c.lrs, 1, 16);
  g.uint("security_states", c.security_states, 1, 2);
  g.uint("maintenance_ppi", c.maint_ppi, 16, 31);
  g.flag("virtualization", c.virtualization);
  g.uint("lpi_bits", c.lpi_bits, 0, 24);
  g.flag("its", c.its);
  g.uint("its_device_bits", c.its_device_bits, 1, 32);
  g.uint("its_event_bits", c.its_event_bits, 1, 32);
  g.flag("its_pta", c.its_pta);
  if (const nlohmann::json* a = g.array("affinity")) {
    c.affinity.clear();
    for (const nlohmann::json& v : *a) {
      if (!v.is_number_unsigned())
        g.fail(g.key("affinity"), "must list non-negative integers (MPIDR affinity)");
      c.affinity.push_back(v.get<uint64_t>());
    }
  }
  MemoryMap scratch;
  MemoryMap& m = map ? *map : scratch;
  JsonObj mm = g.child("memory_map");
  mm.address("gicd", m.gicd);
  mm.address("gicc", m.gicc);
  mm.address("gich", m.gich);
  mm.address("gicv", m.gicv);
  mm.address("gicr", m.gicr);
  mm.address("gits", m.gits);
  mm.done();
  g.done();
  const std::string err = c.validate();
  if (!err.empty()) {
    // The GIC's check names its fields; say them as the file does.
    std::string field = err.substr(0, err.find(':'));
    if (field == "vpri_bits") field = "virtual_pri_bits";
    if (field == "maint_ppi") field = "maintenance_ppi";
    g.fail(g.key(field), err.substr(err.find(':') + 2));
  }
}

GicConfig GicConfig::from_json(const std::string& text, MemoryMap* map, const std::string& origin) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw ConfigError(origin + ": not valid JSON: " + e.what());
  }
  // A whole configuration file: its "gic" object.
  const bool whole = j.is_object() && j.contains("gic") && j["gic"].is_object();
  const nlohmann::json& gic = whole ? j["gic"] : j;
  GicConfig c;
  JsonObj g(gic, whole ? "gic" : "", origin);
  read_gic_config(g, c, map);
  return c;
}

}  // namespace gicsim
