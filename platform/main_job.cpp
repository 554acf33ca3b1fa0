#include "main_job.h"

#include <chrono>
#include <fstream>
#include <memory>
#include <ostream>
#include <systemc>

#include "cpu_stub.h"
#include "log.h"
#include "platform.h"
#include "run_stats.h"
#include "sources.h"

namespace gicsim {

namespace {

// Prints a progress line on stderr every tenth of the run.
class Progress : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Progress);
  Progress(sc_core::sc_module_name n, double duration_s, std::ostream& err)
      : sc_module(n), duration_s_(duration_s), err_(err), start_(std::chrono::steady_clock::now()) {
    SC_THREAD(run);
  }

 private:
  void run() {
    for (int tenth = 1; tenth < 10; ++tenth) {
      wait(sc_core::sc_time(duration_s_ / 10, sc_core::SC_SEC));
      const double host =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      err_ << "gicsim: " << tenth * 10 << "% (" << sc_core::sc_time_stamp().to_seconds()
           << " s simulated, " << host << " s host)\n";
    }
  }
  double duration_s_;
  std::ostream& err_;
  std::chrono::steady_clock::time_point start_;
};

// What a host kernel does at boot on the physical GIC: distributor on, every
// CPU awake with its interface enabled (EOImode 1, as KVM hosts run), the
// maintenance PPI enabled. With two Security states this also stands for the
// Secure firmware's part (as Trusted Firmware-A does it): the interrupts the
// host uses are Non-secure Group 1, and the host runs in Non-secure state.
void host_boot(Platform& p) {
  Gic& g = p.gic();
  const GicConfig& c = p.config().gic;
  Distributor& d = g.dist();
  d.set_group_enabled(0, true);
  d.set_group_enabled(1, true);
  for (unsigned cpu = 0; cpu < c.cpus; ++cpu) {
    CpuInterface& ci = g.cpuif(cpu);
    ci.prio.pmr = 0xff & ci.prio.pri_mask();
    ci.igrpen[1] = true;
    ci.eoimode = true;
    if (c.version == 2) ci.ackctl = true;
    d.update_word(Distributor::kGroup, cpu, 0, 1u << c.maint_ppi, 0);
    d.update_word(Distributor::kEnable, cpu, 0, 1u << c.maint_ppi, 0);
    d.set_priority(cpu, c.maint_ppi, 0x80);
    ci.update_outputs();
  }
  for (unsigned cpu = 0; cpu < c.cpus; ++cpu) d.set_participating(cpu, true);
}

}  // namespace

int run_main_job(const SimConfig& cfg, const JobOutputs& outputs, std::ostream& out,
                 std::ostream& err) {
  Platform platform("platform", cfg);
  RunStats stats(cfg);
  const unsigned cpus = cfg.gic.cpus;
  auto cpu_of = [cfg, cpus](unsigned vm, unsigned vcpu) { return (vm * cfg.vcpus + vcpu) % cpus; };
  std::vector<std::unique_ptr<CpuStub>> stubs;
  for (unsigned c = 0; c < cpus; ++c)
    stubs.push_back(
        std::make_unique<CpuStub>(("cpu" + std::to_string(c)).c_str(), platform, stats, c));
  for (unsigned vm = 0; vm < cfg.vms; ++vm)
    for (unsigned k = 0; k < cfg.vcpus; ++k) stubs[cpu_of(vm, k)]->add_vcpu(vm, k);
  Sources sources("sources", platform, stats, cpu_of);
  for (auto& s : stubs)
    s->forward = [&sources](unsigned, unsigned pintid, uint64_t now) {
      sources.forward(pintid, now);
    };
  platform.hyp().on_wake = [&](unsigned vm, unsigned k) { stubs[cpu_of(vm, k)]->wake(); };
  host_boot(platform);
  sources.setup();
  std::unique_ptr<Progress> progress;
  if (cfg.progress) progress = std::make_unique<Progress>("progress", cfg.duration_s, err);

  sc_core::sc_trace_file* vcd = nullptr;
  if (!outputs.vcd_file.empty()) {
    std::string base = outputs.vcd_file;
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0)
      base.resize(base.size() - 4);
    vcd = sc_core::sc_create_vcd_trace_file(base.c_str());
    vcd->set_time_unit(1, sc_core::SC_NS);
    for (unsigned c = 0; c < cpus; ++c) {
      CpuLines& l = platform.gic().out(c);
      const std::string p = "cpu" + std::to_string(c) + ".";
      sc_core::sc_trace(vcd, l.irq.level_ref(), p + "irq");
      sc_core::sc_trace(vcd, l.fiq.level_ref(), p + "fiq");
      sc_core::sc_trace(vcd, l.virq.level_ref(), p + "virq");
      sc_core::sc_trace(vcd, l.vfiq.level_ref(), p + "vfiq");
      sc_core::sc_trace(vcd, l.maint.level_ref(), p + "maint");
    }
  }
  tlm_utils::tlm_quantumkeeper::set_global_quantum(
      sc_core::sc_time(cfg.quantum_ns, sc_core::SC_NS));
  Log::set_clock([] { return sc_core::sc_time_stamp().to_string(); });

  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_start(sc_core::sc_time(cfg.duration_s, sc_core::SC_SEC));
  stats.host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stats.simulated_seconds = sc_core::sc_time_stamp().to_seconds();
  if (vcd) sc_core::sc_close_vcd_trace_file(vcd);
  stats.finish(platform.hyp());

  const HypStats& h = platform.hyp().stats;
  out << stats.summary(cfg, h);
  if (!outputs.stats_file.empty()) {
    std::ofstream f(outputs.stats_file);
    if (!f) {
      err << "gicsim: cannot write " << outputs.stats_file << "\n";
      return 2;
    }
    f << stats.json(cfg, h);
  }
  if (stats.lost || stats.duplicated || h.invariant_violations) {
    err << "gicsim: FAILED: " << stats.lost << " edge interrupts lost, " << stats.duplicated
        << " delivered twice, " << h.invariant_violations << " invariant violations\n";
    return 1;
  }
  return 0;
}

}  // namespace gicsim
