// libFuzzer, structure-aware: the fuzzer's bytes choose a main-job
// configuration (which keys, values inside and at and beyond their limits,
// devices, memory maps). A configuration the loader accepts is run for a
// short simulated time in a child process (a SystemC kernel starts once per
// process), with a host-time limit. Findings: a crash or sanitizer report in
// the loader or the run, a hang, or an accepted configuration that the GIC's
// own check refuses.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "fuzz_common.h"
#include "main_job.h"
#include "sim_config.h"

using namespace gicsim;
using namespace gicsim::fuzz;
using nlohmann::json;

int sc_main(int, char*[]) { return 0; }

namespace {

// A number near the interesting points of a key's range.
json number(Bytes& in, double lo, double hi) {
  switch (in.u8() % 8) {
    case 0:
      return lo;
    case 1:
      return hi;
    case 2:
      return lo - 1;
    case 3:
      return hi + 1;
    case 4:
      return double(in.u32()) * 1e3;  // far beyond
    case 5:
      return -double(in.u16());
    default:
      return lo + (hi - lo) * double(in.u16()) / 65535.0;
  }
}
json integer(Bytes& in, long long lo, long long hi) {
  const json n = number(in, double(lo), double(hi));
  return in.u8() & 1 ? json(static_cast<long long>(n.get<double>())) : n;
}

json address(Bytes& in) {
  const char* fixed[] = {
      "0x08000000",         "0x08010000", "0x08030000", "0x08040000",  "0x080A0000",
      "0xFFFFFFFFFFFF0000", "-65536",     "0200000000", " 0x08000000", "0x"};
  if (in.u8() & 1) return fixed[in.u8() % 10];
  std::ostringstream s;
  s << "0x" << std::hex << (uint64_t(in.u16()) << 16);
  return s.str();
}

json generate(Bytes& in) {
  json j = json::object();
  const uint16_t keys = in.u16();
  if (keys & 1) {
    json g = json::object();
    if (in.u8() & 1) g["version"] = integer(in, 2, 3);
    if (in.u8() & 1) g["cpus"] = integer(in, 1, 8);
    if (in.u8() & 1) g["spis"] = 32 * (1 + in.u8() % 31);
    if (in.u8() & 1) g["lrs"] = integer(in, 1, 16);
    if (in.u8() & 1) g["pri_bits"] = integer(in, 4, 8);
    if (in.u8() & 1) g["virtual_pri_bits"] = integer(in, 5, 8);
    if (in.u8() & 1) g["security_states"] = integer(in, 1, 2);
    if (in.u8() & 1) g["maintenance_ppi"] = integer(in, 16, 31);
    if (in.u8() & 1) g["virtualization"] = (in.u8() & 3) ? json(bool(in.u8() & 1)) : json("yes");
    if (in.u8() & 1) {  // per-CPU affinity: valid clusters, or junk
      json list = json::array();
      const unsigned n = in.u8() % 10;
      for (unsigned i = 0; i < n; ++i)
        list.push_back((in.u8() & 3) ? json(uint64_t(i / 4) << 8 | (i % 4))
                                     : integer(in, -5, 1ll << 40));
      g["affinity"] = list;
    }
    if (in.u8() & 1)
      for (const char* f : {"gicd", "gicc", "gich", "gicv", "gicr"})
        if (in.u8() & 1) g["memory_map"][f] = address(in);
    j["gic"] = g;
  }
  if (keys & 2) {
    j["hypervisor"]["vms"] = integer(in, 1, 4);
    j["hypervisor"]["vcpus_per_vm"] = integer(in, 1, 16);
    j["hypervisor"]["ap_list_policy"] = in.u8() & 1 ? "seed" : "kvm2025";
    j["hypervisor"]["tdir_policy"] = in.u8() & 1 ? "eoimode1" : "kvm2025";
  }
  if (keys & 4) {
    j["cpu"]["eoi_mode"] = integer(in, 0, 1);
    j["cpu"]["wfi_trap"] = in.u8() & 1 ? "always" : "shared";
    if (in.u8() & 1) {  // a preset, a missing profile file, or junk
      static const char* const profiles[] = {"nvhe", "vhe", "type1", "no-such.json", ""};
      j["cpu"]["profile"] = (in.u8() & 7) ? json(profiles[in.u8() % 5]) : integer(in, -1, 9);
    }
    // Every term, the retired "world_switch" (refused with a hint) and an unknown key.
    for (const char* k :
         {"exception_entry",  "register_access", "handler_body",     "lr_access",   "host_irq_body",
          "trap_to_el2",      "exit_entry",      "el1_state_switch", "emulate_sgi", "emulate_dir",
          "emulate_gic_mmio", "emulate_hvc",     "emulate_wfi",      "emulate_io",  "irqfd_inject",
          "ipi_send",         "schedule",        "vcpu_load",        "vm_switch",   "world_switch",
          "bogus_term"})
      if ((in.u8() & 3) == 0) j["cpu"]["costs"][k] = integer(in, -3, 1ll << 34);
  }
  if (keys & 32) j["micro_bench"]["iterations"] = integer(in, -1, 1ll << 33);
  if (keys & 8) {
    json w = json::object();
    if (in.u8() & 1) w["timer_hz"] = number(in, 0, 1e9);
    if (in.u8() & 1) w["ipi_every"] = integer(in, 0, 64);
    json devs = json::array();
    for (unsigned d = 0, n = in.u8() % 4; d < n; ++d) {
      json dev;
      dev["name"] = "d" + std::to_string(d);
      dev["spi"] = integer(in, 32, 127);
      dev["lines"] = integer(in, 1, 96);
      dev["trigger"] = in.u8() & 1 ? "level" : "edge";
      dev["process"] = in.u8() & 1 ? "periodic" : "poisson";
      dev["rate_hz"] = number(in, 1e-3, 1e9);
      dev["burst"] = integer(in, 1, 1024);
      dev["hw_mapped"] = bool(in.u8() & 1);
      devs.push_back(dev);
    }
    if (in.u8() & 1) w["devices"] = devs;
    j["workload"] = w;
  }
  if (keys & 128) {  // LPIs, the ITS and the host's MSI devices
    json& g = j["gic"];
    g["lpi_bits"] = (in.u8() & 7) ? json(14 + in.u8() % 4) : integer(in, -1, 40);
    g["its"] = (in.u8() & 7) ? json(true) : json(bool(in.u8() & 1));
    if (in.u8() & 1) g["its_pta"] = bool(in.u8() & 1);
    if (in.u8() & 1) g["its_device_bits"] = integer(in, 0, 33);
    if (in.u8() & 1) g["its_event_bits"] = integer(in, 0, 33);
    if (in.u8() & 1) g["memory_map"]["gits"] = address(in);
    json devs = json::array();
    for (unsigned d = 0, n = in.u8() % 4; d < n; ++d) {
      json dev;
      dev["name"] = "m" + std::to_string(d);
      dev["device_id"] = (in.u8() & 3) ? json(in.u8() % 8) : integer(in, -1, 1ll << 33);
      dev["queues"] = integer(in, 0, 1100);
      dev["process"] = in.u8() & 1 ? "periodic" : "poisson";
      dev["rate_hz"] = number(in, 1e-3, 1e9);
      if (in.u8() & 1) dev["vm"] = (in.u8() & 3) ? json(in.u8() % 3) : integer(in, -2, 70);
      devs.push_back(dev);
    }
    j["workload"]["msi_devices"] = devs;
  }
  j["run"]["duration_ms"] = in.u8() & 1 ? number(in, 1e-6, 3.6e6) : json(0.05);
  j["run"]["progress"] = false;
  if (keys & 64) j["run"]["quantum_ns"] = number(in, -1, 1e7);
  if (keys & 16) {  // the bare-metal platform: validated (and mapped) with the GIC frames
    json i = json::object();
    if (in.u8() & 1) i["quantum_instructions"] = integer(in, 0, 20000000);
    if (in.u8() & 1) i["ipc"] = number(in, 0, 32);
    if (in.u8() & 1) i["ram_base"] = address(in);
    if (in.u8() & 1) i["ram_mb"] = integer(in, 0, 8192);
    if (in.u8() & 1) i["uart_base"] = address(in);
    if (in.u8() & 1) i["timer_hz"] = number(in, 0, 2e10);
    if (in.u8() & 1) i["max_instructions"] = number(in, -1, 2e18);
    if (in.u8() & 1) i["max_ms"] = number(in, 0, 4e6);
    if (in.u8() & 1) i["wiring"] = in.u8() & 1 ? "signals" : "direct";
    j["iss"] = i;
  }
  return j;
}

// Runs the main job in a child; false (with the reason) on a crash or hang.
bool run_in_child(const SimConfig& cfg, std::string& why) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::ostringstream out, err;
    _exit(run_main_job(cfg, JobOutputs{}, out, err));
  }
  if (pid < 0) return true;  // no process: nothing learned
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(60)) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return why = "the run did not end within 60 s of host time", false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (WIFSIGNALED(status))
    return why = "the run died of signal " + std::to_string(WTERMSIG(status)), false;
  const int rc = WEXITSTATUS(status);
  // 0 ok, 1 lost/duplicated interrupts (a finding too), 2 no progress.
  if (rc == 1) return why = "interrupts lost or delivered twice (exit 1)", false;
  if (rc != 0 && rc != 2) return why = "exit code " + std::to_string(rc), false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quiet_logs();
  Bytes in(data, size);
  const std::string text = generate(in).dump();
  SimConfig cfg;
  try {
    cfg = load_config(text, "fuzz.json");
  } catch (const ConfigError&) {
    return 0;
  }
  if (!cfg.gic.validate().empty()) __builtin_trap();  // accepted configs are valid
  // A short run: at most 20 us simulated (a storm offering 10^12
  // injections per second still ends within seconds).
  if (cfg.duration_s > 2e-5) cfg.duration_s = 2e-5;
  cfg.progress = false;
  std::string why;
  if (!run_in_child(cfg, why)) {
    std::fprintf(stderr, "main job finding: %s\nconfig: %s\n", why.c_str(), text.c_str());
    __builtin_trap();
  }
  return 0;
}
