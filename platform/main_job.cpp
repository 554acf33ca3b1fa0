#include "main_job.h"

#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <ostream>
#include <systemc>

#include "cpu_stub.h"
#include "host_ipi.h"
#include "log.h"
#include "msi_devices.h"
#include "output_file.h"
#include "platform.h"
#include "run_control.h"
#include "run_stats.h"
#include "sources.h"
#include "vcd_writer.h"

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
    // The reschedule IPI (kicks and wake-ups between the hosts).
    d.update_word(Distributor::kGroup, cpu, 0, 1u << HostIpi::kSgi, 0);
    d.update_word(Distributor::kEnable, cpu, 0, 1u << HostIpi::kSgi, 0);
    d.set_priority(cpu, HostIpi::kSgi, 0x80);
    ci.update_outputs();
  }
  for (unsigned cpu = 0; cpu < c.cpus; ++cpu) d.set_participating(cpu, true);
}

}  // namespace

int run_main_job(const SimConfig& cfg, const JobOutputs& outputs, std::ostream& out,
                 std::ostream& err) {
  // Outputs are opened before anything runs: an unwritable path costs nothing.
  OutputFile stats_file, vcd_file;
  std::string why;
  if (!outputs.stats_file.empty() && !stats_file.open(outputs.stats_file, why)) {
    err << "gicsim: --stats " << why << "\n";
    return kExitOutputError;
  }
  if (!outputs.vcd_file.empty() && !vcd_file.open(outputs.vcd_file, why)) {
    err << "gicsim: --vcd " << why << "\n";
    return kExitOutputError;
  }
  run_control::reset();
  run_control::catch_signals();

  Platform platform("platform", cfg);
  RunStats stats(cfg);
  const unsigned cpus = cfg.gic.cpus;
  auto cpu_of = [cfg, cpus](unsigned vm, unsigned vcpu) { return (vm * cfg.vcpus + vcpu) % cpus; };
  HostIpi ipi(platform);
  std::vector<std::unique_ptr<CpuStub>> stubs;
  for (unsigned c = 0; c < cpus; ++c)
    stubs.push_back(
        std::make_unique<CpuStub>(("cpu" + std::to_string(c)).c_str(), platform, stats, ipi, c));
  for (unsigned vm = 0; vm < cfg.vms; ++vm)
    for (unsigned k = 0; k < cfg.vcpus; ++k) stubs[cpu_of(vm, k)]->add_vcpu(vm, k);
  Sources sources("sources", platform, stats, cpu_of);
  for (auto& s : stubs)
    s->forward = [&sources](unsigned, unsigned pintid, uint64_t now) {
      sources.forward(pintid, now);
    };
  // A blocked vCPU woken on an idle CPU: the reschedule IPI.
  platform.hyp().on_wake = [&](unsigned vm, unsigned k) { stubs[cpu_of(vm, k)]->wake_up(); };
  // Kicks are IPIs through the GIC: a running vCPU exits when the SGI
  // reaches its CPU, and one kick pending absorbs the next ones (graceful
  // under interrupt storms).
  platform.hyp().set_defer_kicks(true);
  platform.hyp().on_kick = [&](unsigned cpu) { ipi.request(cpu); };
  host_boot(platform);
  sources.setup();
  std::unique_ptr<MsiDevices> msi;
  if (!cfg.workload.msi_devices.empty())
    msi = std::make_unique<MsiDevices>("msi_devices", platform, stats);
  // An assigned device's MSI, once the host took it, goes on to its VM.
  if (msi)
    for (auto& s : stubs)
      s->forward_lpi = [&msi](uint32_t lpi, uint64_t sent_ps) { msi->forward(lpi, sent_ps); };
  std::unique_ptr<Progress> progress;
  if (cfg.progress) progress = std::make_unique<Progress>("progress", cfg.duration_s, err);

  std::unique_ptr<VcdWriter> vcd;
  if (vcd_file.is_open()) {
    vcd = std::make_unique<VcdWriter>(vcd_file);
    for (unsigned c = 0; c < cpus; ++c) {
      CpuLines& l = platform.gic().out(c);
      const std::string scope = "cpu" + std::to_string(c);
      vcd->add(l.irq, scope, "irq");
      vcd->add(l.fiq, scope, "fiq");
      vcd->add(l.virq, scope, "virq");
      vcd->add(l.vfiq, scope, "vfiq");
      vcd->add(l.maint, scope, "maint");
    }
    vcd->start();
  }
  tlm::tlm_global_quantum::instance().set(sc_core::sc_time(cfg.quantum_ns, sc_core::SC_NS));
  Log::set_clock([] { return sc_core::sc_time_stamp().to_string(); });

  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_start(sc_core::sc_time(cfg.duration_s, sc_core::SC_SEC));
  stats.host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stats.simulated_seconds = sc_core::sc_time_stamp().to_seconds();
  const int sig = run_control::stop_signal();
  stats.interrupted = run_control::stop_requested();
  stats.stop_reason =
      sig ? std::string("signal ") + std::to_string(sig) + " (" + strsignal(sig) + ")"
          : run_control::stop_reason();
  if (vcd) vcd->finish(sc_core::sc_time_stamp().value());
  stats.finish(platform.hyp());
  if (msi) {
    stats.finish_host_lpis([&msi](uint32_t lpi) { return msi->pending(lpi); });
    stats.finish_guest_lpis(
        [&msi](unsigned vm, uint32_t vlpi) { return msi->guest_pending(vm, vlpi); });
  }
  uint64_t lpi_lost = 0, lpi_dup = 0;
  for (const HostLpiStats& l : stats.host_lpis) {
    lpi_lost += l.lost + l.guest.lost + l.guest.dropped;
    lpi_dup += l.duplicated + l.guest.duplicated;
  }

  const HypStats& h = platform.hyp().stats;
  out << stats.summary(cfg, h);
  if (stats.interrupted)
    err << "gicsim: stopped at " << stats.simulated_seconds << " s simulated: " << stats.stop_reason
        << "\n";
  int rc = kExitOk;
  if (stats_file.is_open()) {
    stats_file.write(stats.json(cfg, h));
    if (!stats_file.commit(why)) {
      err << "gicsim: --stats " << why << "\n";
      rc = kExitOutputError;
    }
  }
  if (vcd_file.is_open() && !vcd_file.commit(why)) {
    err << "gicsim: --vcd " << why << "\n";
    rc = kExitOutputError;
  }
  if (sig) return 128 + sig;
  if (stats.interrupted) return kExitBadInput;  // the configuration made no progress
  if (rc != kExitOk) return rc;
  if (stats.lost || stats.duplicated || h.invariant_violations || lpi_lost || lpi_dup ||
      (msi && !msi->booted())) {
    err << "gicsim: FAILED: " << stats.lost << " edge interrupts lost, " << stats.duplicated
        << " delivered twice, " << h.invariant_violations << " invariant violations, " << lpi_lost
        << " LPIs lost (host or guest), " << lpi_dup << " taken twice"
        << (msi && !msi->booted() ? ", an ITS boot failed" : "") << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace gicsim
