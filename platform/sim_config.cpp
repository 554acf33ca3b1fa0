#include "sim_config.h"

#include "gic_config_json.h"
#include "input_file.h"
#include "its_driver.h"

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
    "lpi_bits": 0,
    "its": false,
    "memory_map": {
      "gicd": "0x08000000",
      "gicc": "0x08010000",
      "gich": "0x08030000",
      "gicv": "0x08040000",
      "gicr": "0x080A0000",
      "gits": "0x08080000"
    }
  },
  "hypervisor": {
    "vms": 1,
    "vcpus_per_vm": 4,
    "ap_list_policy": "kvm2025",
    "tdir_policy": "kvm2025"
  },
  "run": {
    "duration_ms": 1000,
    "quantum_ns": 10000,
    "seed": 1,
    "progress": true
  },
  "cpu": {
    "clock_mhz": 2000,
    "eoi_mode": 0,
    "timeslice_us": 1000,
    "wfi_trap": "shared",
    "profile": "nvhe",
    "costs": {}
  },
  "iss": {
    "quantum_instructions": 2000,
    "ipc": 1.0,
    "ram_base": "0x40000000",
    "ram_mb": 128,
    "uart_base": "0x09000000",
    "timer_hz": 62500000,
    "max_instructions": 0,
    "max_ms": 10000,
    "wiring": "direct"
  },
  "micro_bench": {
    "iterations": 1000
  },
  "workload": {
    "timer_hz": 1000,
    "ipi_every": 16,
    "devices": [
      {"name": "storm", "spi": 64, "lines": 8, "trigger": "edge", "process": "poisson",
       "rate_hz": 40000, "burst": 4, "hw_mapped": false},
      {"name": "nic", "spi": 80, "lines": 4, "trigger": "edge", "process": "periodic",
       "rate_hz": 20000, "burst": 1, "hw_mapped": true},
      {"name": "disk", "spi": 90, "lines": 2, "trigger": "level", "process": "poisson",
       "rate_hz": 5000, "burst": 1, "hw_mapped": false}
    ]
  }
})";
}

namespace {

using Obj = JsonObj;

// The frames the configured GIC version places: none may wrap past 2^64 or
// overlap another.
void check_frames(Obj& top, const GicConfig& g, const MemoryMap& map, const IssConfig& iss) {
  struct Frame {
    const char* key;
    uint64_t base, size;
  };
  std::vector<Frame> f = {{"gic.memory_map.gicd", map.gicd, 0x10000}};
  if (g.version == 3) {
    f.push_back({"gic.memory_map.gicr", map.gicr, uint64_t(g.cpus) * 0x20000});
    if (g.its) f.push_back({"gic.memory_map.gits", map.gits, 0x20000});
  } else {
    f.push_back({"gic.memory_map.gicc", map.gicc, 0x2000});
    f.push_back({"gic.memory_map.gich", map.gich, 0x1000});
    f.push_back({"gic.memory_map.gicv", map.gicv, 0x2000});
  }
  f.push_back({"iss.ram_base", iss.ram_base, iss.ram_mb << 20});
  f.push_back({"iss.uart_base", iss.uart_base, 0x1000});
  for (size_t a = 0; a < f.size(); ++a) {
    if (f[a].base > ~uint64_t(0) - (f[a].size - 1)) top.fail(f[a].key, "the frame wraps past 2^64");
    for (size_t b = 0; b < a; ++b)
      // Compared by last byte: a frame ending at 2^64 has no representable end.
      if (f[a].base <= f[b].base + (f[b].size - 1) && f[b].base <= f[a].base + (f[a].size - 1))
        top.fail(f[a].key, std::string("overlaps ") + f[b].key);
  }
}

// Every device's SPIs exist (also when gic.spis changed and the devices are
// the default ones); two devices on one SPI would mix their interrupts up.
void check_devices(Obj& top, const WorkloadConfig& w, const GicConfig& g) {
  const auto& d = w.devices;
  for (size_t a = 0; a < d.size(); ++a)
    if (d[a].spi + d[a].lines > g.intids())
      top.fail("workload.devices[" + std::to_string(a) + "].lines",
               "SPIs " + std::to_string(d[a].spi) + ".." +
                   std::to_string(d[a].spi + d[a].lines - 1) +
                   " exceed the configured SPIs (gic.spis = " + std::to_string(g.spis) + ")");
  for (size_t a = 0; a < d.size(); ++a)
    for (size_t b = 0; b < a; ++b)
      if (d[a].spi < d[b].spi + d[b].lines && d[b].spi < d[a].spi + d[a].lines)
        top.fail("workload.devices[" + std::to_string(a) + "]",
                 "SPIs " + std::to_string(d[a].spi) + ".." +
                     std::to_string(d[a].spi + d[a].lines - 1) + " overlap those of devices[" +
                     std::to_string(b) + "] (" + std::to_string(d[b].spi) + ".." +
                     std::to_string(d[b].spi + d[b].lines - 1) + ")");
}

// MSI devices need LPIs and an ITS; their DeviceIDs and queues fit the
// ITS, their LPIs the INTID space, and the host's tables the RAM.
}  // namespace

std::vector<ItsDevice> msi_its_devices(const SimConfig& c, int vm) {
  std::vector<ItsDevice> out;
  for (const MsiDeviceConfig& d : c.workload.msi_devices)
    if (vm == kHostView || d.vm == vm) out.push_back(ItsDevice{d.device_id, d.queues});
  return out;
}

namespace {

void check_msi_devices(Obj& top, const SimConfig& c) {
  const auto& d = c.workload.msi_devices;
  if (d.empty()) return;
  const GicConfig& g = c.gic;
  if (g.version != 3 || !g.lpi_bits || !g.its)
    top.fail("workload.msi_devices", "MSI devices need GICv3 with gic.lpi_bits and gic.its");
  uint64_t lpis = 0;
  for (size_t a = 0; a < d.size(); ++a) {
    const std::string k = "workload.msi_devices[" + std::to_string(a) + "]";
    if (g.its_device_bits < 32 && d[a].device_id >> g.its_device_bits)
      top.fail(k + ".device_id", "beyond gic.its_device_bits");
    if (d[a].device_id >= LpiTableLayout::kMaxDevices)
      top.fail(k + ".device_id", "beyond the host's flat device table (at most " +
                                     std::to_string(LpiTableLayout::kMaxDevices - 1) + ")");
    if (g.its_event_bits < 32 && (d[a].queues - 1) >> g.its_event_bits)
      top.fail(k + ".queues", "more than gic.its_event_bits EventIDs");
    for (size_t b = 0; b < a; ++b)
      if (d[b].device_id == d[a].device_id)
        top.fail(k + ".device_id", "also the DeviceID of msi_devices[" + std::to_string(b) + "]");
    lpis += d[a].queues;
  }
  if (lpis > (uint64_t(1) << g.lpi_bits) - 8192)
    top.fail("workload.msi_devices", "more queues than LPIs (gic.lpi_bits)");
  // PTA: collection targets are RD_base >> 16, 35 bits (the RAM, for the
  // tables, already lies below 2^44: see iss.ram_base).
  if (g.its_pta && c.map.gicr + uint64_t(g.cpus) * 0x20000 > uint64_t(1) << 51)
    top.fail("gic.its_pta", "collection targets as addresses need redistributors below 2^51");
  for (size_t a = 0; a < d.size(); ++a)
    if (d[a].vm >= int(c.vms))
      top.fail("workload.msi_devices[" + std::to_string(a) + "].vm",
               "no such VM (hypervisor.vms is " + std::to_string(c.vms) + ")");
  for (unsigned v = 0; v < c.vms; ++v) {
    uint64_t queues = 0;
    for (const ItsDevice& x : msi_its_devices(c, int(v))) queues += x.queues;
    if (queues > (uint64_t(1) << Vm::kLpiBits) - 8192)
      top.fail("workload.msi_devices", "more queues assigned to vm" + std::to_string(v) +
                                           " than its LPIs (" + std::to_string(Vm::kLpiBits) +
                                           " INTID bits)");
  }
  if (LpiTableLayout(g.cpus, g.lpi_bits, msi_its_devices(c, kHostView)).end > c.iss.ram_mb << 20)
    top.fail("workload.msi_devices",
             "the host's LPI and ITS tables do not fit the RAM (iss.ram_mb)");
}

void apply(const json& root, const std::string& origin, const std::string& base_dir, SimConfig& c) {
  Obj top(root, "", origin);
  {
    Obj g = top.child("gic");
    read_gic_config(g, c.gic, &c.map);
    if (!c.gic.virtualization)
      g.fail("gic.virtualization",
             "must be true: the main job's hypervisor uses the virtualization extensions");
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
    if (const json* p = h.get("tdir_policy")) {
      if (!p->is_string() || (*p != "kvm2025" && *p != "eoimode1"))
        h.fail("hypervisor.tdir_policy", "must be \"kvm2025\" or \"eoimode1\"");
      c.tdir = *p == "eoimode1" ? TdirPolicy::EoiMode1 : TdirPolicy::Kvm2025;
    }
    h.done();
  }
  {
    Obj r = top.child("run");
    double ms = c.duration_s * 1e3;
    r.number("duration_ms", ms, 1e-6, 3.6e6);
    c.duration_s = ms / 1e3;
    r.number("quantum_ns", c.quantum_ns, 1, 1e9);
    r.uint("seed", c.seed, 0, 0xffffffffu);
    r.flag("progress", c.progress);
    r.done();
  }
  {
    Obj cpu = top.child("cpu");
    cpu.number("clock_mhz", c.clock_mhz, 1, 100000);
    cpu.uint("eoi_mode", c.eoi_mode, 0, 1);
    cpu.number("timeslice_us", c.timeslice_us, 0.001, 1e9);
    cpu.choice("wfi_trap", c.wfi_trap_always, "always", "shared");
    std::string profile;
    cpu.text("profile", profile);
    if (!profile.empty()) c.costs = load_profile(profile, base_dir, origin);
    Obj k = cpu.child("costs");
    read_cost_overrides(k, c.costs);
    cpu.done();
  }
  {
    Obj w = top.child("workload");
    w.number("timer_hz", c.workload.timer_hz, 0, 1e9);
    w.uint("ipi_every", c.workload.ipi_every, 0, 1000000);
    if (const json* devs = w.array("devices")) {
      c.workload.devices.clear();
      for (size_t i = 0; i < devs->size(); ++i) {
        Obj d((*devs)[i], w.key("devices[" + std::to_string(i) + "]"), origin);
        DeviceConfig dc;
        d.text("name", dc.name);
        d.uint("spi", dc.spi, 32, 1019);
        d.uint("lines", dc.lines, 1, 988);
        d.choice("trigger", dc.edge, "edge", "level");
        d.choice("process", dc.poisson, "poisson", "periodic");
        d.number("rate_hz", dc.rate_hz, 1e-3, 1e9);
        d.uint("burst", dc.burst, 1, 1024);
        d.flag("hw_mapped", dc.hw_mapped);
        d.done();
        if (dc.hw_mapped && !dc.edge) d.fail(d.key("hw_mapped"), "HW-mapped devices are edge");
        c.workload.devices.push_back(dc);
      }
    }
    if (const json* devs = w.array("msi_devices")) {
      c.workload.msi_devices.clear();
      for (size_t i = 0; i < devs->size(); ++i) {
        Obj d((*devs)[i], w.key("msi_devices[" + std::to_string(i) + "]"), origin);
        MsiDeviceConfig mc;
        d.text("name", mc.name);
        d.uint("device_id", mc.device_id, 0, ~0u);
        d.uint("queues", mc.queues, 1, 1024);
        d.choice("process", mc.poisson, "poisson", "periodic");
        d.number("rate_hz", mc.rate_hz, 1e-3, 1e7);  // per queue: 10 M MSIs/s is a storm already
        unsigned vm = ~0u;
        d.uint("vm", vm, 0, 63);
        mc.vm = vm == ~0u ? -1 : int(vm);
        d.done();
        c.workload.msi_devices.push_back(mc);
      }
    }
    w.done();
  }
  {
    Obj m = top.child("micro_bench");
    m.uint("iterations", c.micro_bench_iterations, 1, 1000000);
    m.done();
  }
  {
    Obj i = top.child("iss");
    i.uint("quantum_instructions", c.iss.quantum, 1, 10000000);
    i.number("ipc", c.iss.ipc, 0.01, 16);
    i.address("ram_base", c.iss.ram_base);
    unsigned ram_mb = unsigned(c.iss.ram_mb);
    i.uint("ram_mb", ram_mb, 1, 4096);
    c.iss.ram_mb = ram_mb;
    i.address("uart_base", c.iss.uart_base);
    i.number("timer_hz", c.iss.timer_hz, 1e3, 1e10);
    double max_insns = double(c.iss.max_instructions);
    i.number("max_instructions", max_insns, 0, 1e18);
    c.iss.max_instructions = uint64_t(max_insns);
    i.number("max_ms", c.iss.max_ms, 1e-3, 3.6e6);
    i.choice("wiring", c.iss.signal_wiring, "signals", "direct");
    i.done();
    if (c.iss.ram_base % 0x1000 || c.iss.uart_base % 0x1000)
      top.fail("iss", "ram_base and uart_base must be 4 KiB aligned");
    // Below the ISS's scratch page (0xFFFFFFF0000) in the 44-bit address space.
    if (c.iss.ram_base > 0xfffffff0000ull - (c.iss.ram_mb << 20) ||
        c.iss.uart_base > 0xfffffff0000ull - 0x1000)
      top.fail("iss", "RAM and UART must lie below 0xFFFFFFF0000");
  }
  if (c.vms * c.vcpus > 255) top.fail("hypervisor", "at most 255 vCPUs in all");
  if (c.gic.version == 2 && c.vcpus > 8)
    top.fail("hypervisor.vcpus_per_vm", "a GICv2 VM has at most 8 CPU interfaces");
  check_frames(top, c.gic, c.map, c.iss);
  check_devices(top, c.workload, c.gic);
  check_msi_devices(top, c);
  top.done();
}

}  // namespace

// The line of byte offset pos in text (1-based).
size_t line_of(const std::string& text, size_t pos) {
  size_t line = 1;
  for (size_t i = 0; i < pos && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  return line;
}

SimConfig load_config(const std::string& text, const std::string& origin,
                      const std::string& base_dir) {
  json j;
  // Duplicate keys would silently keep the last value: refused.
  std::vector<std::set<std::string>> keys;
  std::string dup;
  auto cb = [&](int depth, json::parse_event_t ev, json& parsed) {
    (void)depth;
    if (ev == json::parse_event_t::object_start) keys.emplace_back();
    if (ev == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    if (ev == json::parse_event_t::key && !keys.empty() && dup.empty() &&
        !keys.back().insert(parsed.get<std::string>()).second)
      dup = parsed.get<std::string>();
    return true;
  };
  try {
    j = json::parse(text, cb);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    const size_t p = what.find("parse error");
    throw ConfigError(origin + ":" + std::to_string(line_of(text, e.byte)) +
                      ": invalid JSON: " + (p == std::string::npos ? what : what.substr(p)));
  } catch (const json::exception& e) {
    // A number too large for any JSON number type (out_of_range): the
    // message quotes it, which finds its line.
    std::string what = e.what();
    const size_t q = what.find('\''), q2 = what.rfind('\'');
    size_t pos = std::string::npos;
    if (q != std::string::npos && q2 > q) pos = text.find(what.substr(q + 1, q2 - q - 1));
    throw ConfigError(origin +
                      (pos == std::string::npos ? "" : ":" + std::to_string(line_of(text, pos))) +
                      ": invalid JSON: " + what);
  }
  if (!dup.empty()) {
    // The line of its second appearance.
    const std::string quoted = "\"" + dup + "\"";
    const size_t first = text.find(quoted);
    const size_t second = first == std::string::npos ? first : text.find(quoted, first + 1);
    throw ConfigError(
        origin + (second == std::string::npos ? "" : ":" + std::to_string(line_of(text, second))) +
        ": key '" + dup + "' appears twice in one object");
  }
  SimConfig c;
  apply(json::parse(default_config_json()), "(embedded default)", "", c);
  apply(j, origin, base_dir, c);
  return c;
}

SimConfig default_config() { return load_config(default_config_json(), "(embedded default)"); }

SimConfig load_config_file(const std::string& path) {
  std::string text;
  try {
    text = read_input_file(path);
  } catch (const InputError& e) {
    throw ConfigError(path + ": " + e.what());
  }
  const size_t slash = path.rfind('/');
  return load_config(text, path, slash == std::string::npos ? "" : path.substr(0, slash));
}

}  // namespace gicsim
