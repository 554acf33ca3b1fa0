#include "micro_bench.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <systemc>

#include "cpu_stub.h"
#include "guest_program.h"
#include "host_ipi.h"
#include "log.h"
#include "output_file.h"
#include "platform.h"
#include "run_control.h"
#include "run_stats.h"

namespace gicsim {

namespace {

constexpr unsigned kDriverCpu = 0, kTargetCpu = 1, kBackendCpu = 2;
constexpr unsigned kIpiSgi = 1;  // the guest's IPI (kvm-unit-tests uses SGI 1 too)
constexpr unsigned kIoSpi = 64;  // the backend's interrupt (routed to vCPU 0)
constexpr uint32_t kGicdIidr = 0x8, kSpurious = 1023;
constexpr unsigned kWarmup = 8;  // iterations not measured (first entries, first IPI)
constexpr uint64_t kNever = ~uint64_t(0);

enum Bench : unsigned { kHvc, kMmio, kEoi, kIpi, kIpiBlocked, kIoOut, kIoIn, kBenches };

// The guest code of both vCPUs and the backend thread. Flags are times (in
// cycles) at which they were set: a CPU sees one only once its own time has
// reached it.
class MicroBenchProgram : public GuestProgram {
 public:
  MicroBenchProgram(unsigned iterations, std::vector<MicroBenchRow>& rows)
      : iterations_(iterations), rows_(rows) {}
  bool finished() const { return bench_ >= kBenches; }

  Step run(GuestOps& g, unsigned, unsigned vcpu) override {
    return vcpu == 0 ? drive(g) : target(g);
  }

  void on_irq(GuestOps& g, unsigned, unsigned vcpu, unsigned intid) override {
    if (vcpu == 1 && intid == kIpiSgi) {
      handled_at_ = g.cycles();  // the handler stores its flag
      g.post(changed);
    }
    if (vcpu == 0 && intid == kIoSpi) {
      record(g.cycles() - injected_at_);
      acked_ = true;
    }
  }

  void on_blocked(GuestOps& g, unsigned, unsigned vcpu) override {
    if (vcpu != 1) return;
    blocked_at_ = g.cycles();
    g.post(changed);
  }

  bool host_runnable(unsigned cpu) const override { return cpu == kBackendCpu && backend_awake_; }

  Step host_run(GuestOps& g) override {
    if (doorbell_at_ != kNever) {  // io_out: the thread has the doorbell
      record(g.cycles() - rung_at_);
      doorbell_at_ = kNever;
      received_at_ = g.cycles();
      g.post(changed);
    }
    if (bench_ != kIoIn) {
      backend_awake_ = false;  // sleeps until the next doorbell
      return Step::Wfi;
    }
    // io_in: the thread polls for the guest's go, then injects (irqfd).
    if (go_at_ == kNever || go_at_ > g.cycles()) return Step::Spin;
    go_at_ = kNever;
    injected_at_ = g.cycles();
    g.inject_spi(0, kIoSpi);
    return Step::Ran;
  }

  void doorbell(unsigned) override {
    backend_awake_ = true;
    doorbell_at_ = 0;
  }

 private:
  bool seen(uint64_t t, GuestOps& g) const { return t != kNever && t <= g.cycles(); }

  void record(uint64_t cycles) {
    if (done_ >= kWarmup) rows_[bench_].samples.push_back(cycles);
  }

  // Next iteration (or benchmark, which starts at g's time).
  void next(GuestOps& g) {
    if (++done_ < iterations_ + kWarmup) return;
    done_ = 0;
    ++bench_;
    if (bench_ < kBenches) started_at_[bench_] = g.cycles();
  }

  // The benchmark running at g's time (the target looks at it; the driver's
  // switch to the next one becomes visible at the time it happened).
  unsigned bench_at(GuestOps& g) const {
    unsigned b = 0;
    for (unsigned i = 0; i < kBenches && i <= bench_; ++i)
      if (started_at_[i] <= g.cycles()) b = i;
    return b;
  }

  Step drive(GuestOps& g) {
    if (finished()) {
      sc_core::sc_stop();
      return Step::Spin;
    }
    const uint64_t t0 = g.cycles();
    switch (bench_) {
      case kHvc:
        g.hvc();
        record(g.cycles() - t0);
        break;
      case kMmio:
        g.gicd_read(kGicdIidr);
        record(g.cycles() - t0);
        break;
      case kEoi:
        g.eoi(kSpurious);
        record(g.cycles() - t0);
        break;
      case kIpi:
      case kIpiBlocked:
        return drive_ipi(g);
      case kIoOut:
        return drive_io_out(g);
      case kIoIn:
        return drive_io_in(g);
    }
    next(g);
    return Step::Ran;
  }

  // Send, then poll for the target's handler (ipi_blocked: only once the
  // target blocked in WFI).
  Step drive_ipi(GuestOps& g) {
    if (sent_at_ == kNever) {
      // ipi_blocked: the target blocked again since its last handler ran.
      const bool blocked =
          seen(blocked_at_, g) && (last_handled_ == kNever || blocked_at_ > last_handled_);
      if (bench_ == kIpiBlocked && !blocked) {
        if (!asked_to_block_) g.post(changed);  // the target looks at the phase
        asked_to_block_ = true;
        return Step::Spin;
      }
      asked_to_block_ = false;
      handled_at_ = kNever;
      sent_at_ = g.cycles();
      g.send_sgi(1, kIpiSgi);
      return Step::Ran;
    }
    if (!seen(handled_at_, g)) return Step::Spin;
    record(handled_at_ - sent_at_);
    sent_at_ = kNever;
    last_handled_ = handled_at_;
    next(g);
    return Step::Ran;
  }

  Step drive_io_out(GuestOps& g) {
    if (rung_at_ == kNever) {
      received_at_ = kNever;
      rung_at_ = g.cycles();
      g.io_out(kBackendCpu);
      return Step::Ran;
    }
    if (!seen(received_at_, g)) return Step::Spin;
    rung_at_ = kNever;
    next(g);
    return Step::Ran;
  }

  Step drive_io_in(GuestOps& g) {
    if (!backend_awake_) {  // the backend thread starts polling (a doorbell, not measured)
      rung_at_ = g.cycles();
      g.io_out(kBackendCpu);
      doorbell_at_ = kNever;
      return Step::Ran;
    }
    if (!acked_) {
      if (!go_posted_) {
        go_posted_ = true;
        go_at_ = g.cycles();
        g.post(changed);
      }
      return Step::Spin;  // the interrupt comes
    }
    acked_ = false;
    go_posted_ = false;
    next(g);
    return Step::Ran;
  }

  Step target(GuestOps& g) {
    if (bench_at(g) == kIpiBlocked) return Step::Block;  // the driver waits for on_blocked
    return Step::Wfi;
  }

  unsigned iterations_;
  std::vector<MicroBenchRow>& rows_;
  unsigned bench_ = kHvc, done_ = 0;
  std::array<uint64_t, kBenches> started_at_{};  // kHvc at 0
  uint64_t sent_at_ = kNever, handled_at_ = kNever;
  uint64_t rung_at_ = kNever, doorbell_at_ = kNever, received_at_ = kNever;
  uint64_t go_at_ = kNever, injected_at_ = 0;
  uint64_t blocked_at_ = kNever, last_handled_ = kNever;
  bool backend_awake_ = false, acked_ = false;
  bool asked_to_block_ = false, go_posted_ = false;
};

// What the host kernel does at boot (as the main job's), with the
// reschedule IPI enabled on every CPU.
void boot(Platform& p) {
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
    for (unsigned id : {c.maint_ppi, HostIpi::kSgi}) {
      d.update_word(Distributor::kGroup, cpu, 0, 1u << id, 0);
      d.update_word(Distributor::kEnable, cpu, 0, 1u << id, 0);
      d.set_priority(cpu, id, 0x80);
    }
    ci.update_outputs();
  }
  for (unsigned cpu = 0; cpu < c.cpus; ++cpu) d.set_participating(cpu, true);
}

}  // namespace

const std::vector<std::string>& micro_bench_names() {
  static const std::vector<std::string> n = {"hvc",         "mmio_read_vgic", "eoi",  "ipi",
                                             "ipi_blocked", "io_out",         "io_in"};
  return n;
}

double MicroBenchRow::mean() const {
  if (samples.empty()) return 0;
  double s = 0;
  for (uint64_t v : samples) s += double(v);
  return s / double(samples.size());
}

uint64_t MicroBenchRow::percentile(double q) const {
  if (samples.empty()) return 0;
  std::vector<uint64_t> v = samples;
  const size_t rank = size_t(std::ceil(q * double(v.size()))) - (q > 0 ? 1 : 0);
  std::nth_element(v.begin(), v.begin() + long(rank), v.end());
  return v[rank];
}

int run_micro_bench(const SimConfig& base, const JobOutputs& outputs, std::ostream& out,
                    std::ostream& err) {
  if (base.gic.cpus < 3) {
    err << "gicsim: --micro-bench needs gic.cpus >= 3 (vCPUs on CPUs 0 and 1, the I/O "
           "backend on CPU 2); the configuration has "
        << base.gic.cpus << "\n";
    return kExitBadInput;
  }
  OutputFile stats_file;
  std::string why;
  if (!outputs.stats_file.empty() && !stats_file.open(outputs.stats_file, why)) {
    err << "gicsim: --stats " << why << "\n";
    return kExitOutputError;
  }
  // The benchmark's own platform: one VM of two vCPUs, no workload.
  SimConfig cfg = base;
  cfg.vms = 1;
  cfg.vcpus = 2;
  cfg.workload = WorkloadConfig{};
  cfg.workload.timer_hz = 0;
  cfg.workload.ipi_every = 0;
  cfg.duration_s = 3600;  // ends when the program is done
  run_control::reset();
  run_control::catch_signals();

  Platform platform("platform", cfg);
  RunStats stats(cfg);
  HostIpi ipi(platform);
  std::vector<MicroBenchRow> rows;
  for (const std::string& n : micro_bench_names()) rows.push_back({n, {}});
  MicroBenchProgram program(cfg.micro_bench_iterations, rows);
  std::vector<std::unique_ptr<CpuStub>> stubs;
  for (unsigned c = 0; c < cfg.gic.cpus; ++c) {
    stubs.push_back(
        std::make_unique<CpuStub>(("cpu" + std::to_string(c)).c_str(), platform, stats, ipi, c));
    stubs.back()->set_program(&program);
    stubs.back()->wake_cpu = [&stubs](unsigned cpu) { stubs[cpu]->wake_up(); };
  }
  stubs[kDriverCpu]->add_vcpu(0, 0);
  stubs[kTargetCpu]->add_vcpu(0, 1);
  Hypervisor& h = platform.hyp();
  h.set_defer_kicks(true);
  h.on_wake = [&](unsigned, unsigned k) { stubs[k == 0 ? kDriverCpu : kTargetCpu]->wake_up(); };
  h.on_kick = [&](unsigned cpu) { ipi.request(cpu); };
  boot(platform);
  tlm::tlm_global_quantum::instance().set(sc_core::sc_time(cfg.quantum_ns, sc_core::SC_NS));
  Log::set_clock([] { return sc_core::sc_time_stamp().to_string(); });
  sc_core::sc_start();
  const int sig = run_control::stop_signal();

  char line[160];
  std::snprintf(
      line, sizeof line,
      "gicsim micro-bench: GICv%u, profile %s, %.0f MHz, quantum %g ns, %u iterations%s\n",
      cfg.gic.version, cfg.costs.profile.c_str(), cfg.clock_mhz, cfg.quantum_ns,
      cfg.micro_bench_iterations, program.finished() ? "" : " (INTERRUPTED)");
  out << line;
  out << "  benchmark            mean       p50       p99  (cycles per operation)\n";
  nlohmann::json jrows = nlohmann::json::array();
  for (const MicroBenchRow& r : rows) {
    std::snprintf(line, sizeof line, "  %-14s %10.1f %9llu %9llu\n", r.name.c_str(), r.mean(),
                  (unsigned long long)r.percentile(0.5), (unsigned long long)r.percentile(0.99));
    out << line;
    jrows.push_back({{"name", r.name},
                     {"iterations", r.samples.size()},
                     {"mean", r.mean()},
                     {"p50", r.percentile(0.5)},
                     {"p99", r.percentile(0.99)},
                     {"min", r.percentile(0)},
                     {"max", r.percentile(1)}});
  }
  int rc = kExitOk;
  if (stats_file.is_open()) {
    nlohmann::json j = nlohmann::json::parse(stats.json(cfg, h.stats));
    j["micro_bench"] = {{"gic_version", cfg.gic.version}, {"profile", cfg.costs.profile},
                        {"clock_mhz", cfg.clock_mhz},     {"quantum_ns", cfg.quantum_ns},
                        {"finished", program.finished()}, {"rows", jrows}};
    stats_file.write(j.dump(2) + "\n");
    if (!stats_file.commit(why)) {
      err << "gicsim: --stats " << why << "\n";
      rc = kExitOutputError;
    }
  }
  if (sig) return 128 + sig;
  if (!program.finished()) {
    err << "gicsim: the micro-benchmarks did not finish: "
        << (run_control::stop_requested() ? run_control::stop_reason() : "no progress") << "\n";
    return kExitBadInput;
  }
  return rc;
}

}  // namespace gicsim
