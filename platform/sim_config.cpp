#include "sim_config.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace gicsim {

using nlohmann::json;

const char* default_config_json() {
  return R"({
  "gic": {
    "version": 3,
    "cpus": 4,
    "spis": 96,
    "pri_bits": 5,
    "virtual_pri_bits": 5,
    "lrs": 4,
    "security_states": 1,
    "maintenance_ppi": 25,
    "memory_map": {
      "gicd": "0x08000000",
      "gicc": "0x08010000",
      "gich": "0x08030000",
      "gicv": "0x08040000",
      "gicr": "0x080A0000"
    }
  },
  "hypervisor": {
    "vms": 1,
    "vcpus_per_vm": 4,
    "ap_list_policy": "kvm2025"
  },
  "run": {
    "duration_ms": 1000
  }
})";
}

namespace {

// Walks one JSON object, remembering which keys were used so that unknown
// keys can be reported.
class Obj {
 public:
  Obj(const json& j, std::string path, const std::string& origin)
      : j_(j), path_(std::move(path)), origin_(origin) {
    if (!j.is_object()) fail(path_.empty() ? "(top level)" : path_, "must be an object");
  }
  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw ConfigError(origin_ + ": key '" + key + "': " + what);
  }
  std::string key(const std::string& k) const { return path_.empty() ? k : path_ + "." + k; }
  const json* get(const std::string& k) {
    seen_.insert(k);
    auto it = j_.find(k);
    return it == j_.end() ? nullptr : &*it;
  }
  void uint(const std::string& k, unsigned& out, unsigned lo, unsigned hi) {
    const json* v = get(k);
    if (!v) return;
    if (!v->is_number_integer()) fail(key(k), "must be an integer");
    const long long x = v->get<long long>();
    if (x < lo || x > hi)
      fail(key(k), "must be in " + std::to_string(lo) + ".." + std::to_string(hi));
    out = unsigned(x);
  }
  void number(const std::string& k, double& out, double lo, double hi) {
    const json* v = get(k);
    if (!v) return;
    if (!v->is_number()) fail(key(k), "must be a number");
    const double x = v->get<double>();
    if (!(x >= lo && x <= hi)) fail(key(k), "out of range");
    out = x;
  }
  void address(const std::string& k, uint64_t& out) {
    const json* v = get(k);
    if (!v) return;
    if (v->is_number_unsigned()) {
      out = v->get<uint64_t>();
    } else if (v->is_string()) {
      const std::string s = v->get<std::string>();
      size_t pos = 0;
      try {
        out = std::stoull(s, &pos, 0);
      } catch (const std::exception&) {
        pos = 0;
      }
      if (pos == 0 || pos != s.size()) fail(key(k), "must be an address such as \"0x08000000\"");
    } else {
      fail(key(k), "must be an address (number or hex string)");
    }
    if (out % 0x10000) fail(key(k), "must be 64 KiB aligned");
  }
  Obj child(const std::string& k) {
    const json* v = get(k);
    static const json empty = json::object();
    return Obj(v ? *v : empty, key(k), origin_);
  }
  void done() const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
      if (!seen_.count(it.key())) fail(key(it.key()), "unknown key");
  }

 private:
  const json& j_;
  std::string path_;
  const std::string& origin_;
  std::set<std::string> seen_;
};

void apply(const json& root, const std::string& origin, SimConfig& c) {
  Obj top(root, "", origin);
  {
    Obj g = top.child("gic");
    g.uint("version", c.gic.version, 2, 3);
    g.uint("cpus", c.gic.cpus, 1, 64);
    g.uint("spis", c.gic.spis, 32, 988);
    g.uint("pri_bits", c.gic.pri_bits, 4, 8);
    g.uint("virtual_pri_bits", c.gic.vpri_bits, 5, 8);
    g.uint("lrs", c.gic.lrs, 1, 16);
    g.uint("security_states", c.gic.security_states, 1, 2);
    g.uint("maintenance_ppi", c.gic.maint_ppi, 16, 31);
    Obj m = g.child("memory_map");
    m.address("gicd", c.gic.map.gicd);
    m.address("gicc", c.gic.map.gicc);
    m.address("gich", c.gic.map.gich);
    m.address("gicv", c.gic.map.gicv);
    m.address("gicr", c.gic.map.gicr);
    m.done();
    g.done();
    const std::string err = c.gic.validate();
    if (!err.empty()) {
      const size_t colon = err.find(':');
      g.fail("gic." + err.substr(0, colon), err.substr(colon + 2));
    }
  }
  {
    Obj h = top.child("hypervisor");
    h.uint("vms", c.vms, 1, 64);
    h.uint("vcpus_per_vm", c.vcpus, 1, 64);
    if (const json* p = h.get("ap_list_policy")) {
      if (!p->is_string() || (*p != "seed" && *p != "kvm2025"))
        h.fail("hypervisor.ap_list_policy", "must be \"seed\" or \"kvm2025\"");
      c.policy = *p == "seed" ? SortPolicy::Seed : SortPolicy::Kvm2025;
    }
    h.done();
  }
  {
    Obj r = top.child("run");
    double ms = c.duration_s * 1e3;
    r.number("duration_ms", ms, 1e-6, 3.6e6);
    c.duration_s = ms / 1e3;
    r.done();
  }
  top.done();
}

}  // namespace

SimConfig load_config(const std::string& text, const std::string& origin) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    size_t line = 1;
    for (size_t i = 0; i < e.byte && i < text.size(); ++i)
      if (text[i] == '\n') ++line;
    std::string what = e.what();
    const size_t p = what.find("parse error");
    throw ConfigError(origin + ":" + std::to_string(line) +
                      ": invalid JSON: " + (p == std::string::npos ? what : what.substr(p)));
  }
  SimConfig c;
  apply(json::parse(default_config_json()), "(embedded default)", c);
  apply(j, origin, c);
  return c;
}

SimConfig default_config() { return load_config(default_config_json(), "(embedded default)"); }

SimConfig load_config_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw ConfigError(path + ": cannot open the file");
  std::stringstream ss;
  ss << f.rdbuf();
  return load_config(ss.str(), path);
}

}  // namespace gicsim
