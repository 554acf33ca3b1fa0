// Randomized lockstep stress: the real model (Gic + Hypervisor, either LR
// backend) against the reference over random traffic: injections (edge and
// level), enables, priority changes, guest acknowledges and EOIs, world
// switches and vCPU migrations. After every step the acknowledged INTIDs and
// every interrupt's pending/active state must agree. Any seed replays from
// the command line; a divergence prints the step list that reproduces it.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "hypervisor.h"
#include "log.h"
#include "reference.h"
#include "stress_common.h"

using namespace gicsim;
using namespace gicsim::stress;

namespace {

constexpr uint8_t kPmr = 0xff;
constexpr unsigned kBpr1 = 3;  // VBPR1 = 3: group priority bits [7:3] (mask 0xf8)

struct Step {
  enum Kind { Edge, Level, Ack, Eoi, Enable, Disable, Prio, Exit, Enter } kind;
  unsigned vcpu = 0, intid = 0, cpu = 0;
  uint8_t prio = 0;
  std::string str() const {
    static const char* names[] = {"edge",    "level", "ack",  "eoi",  "enable",
                                  "disable", "prio",  "exit", "enter"};
    std::ostringstream s;
    s << names[kind] << " vcpu" << vcpu << " intid " << intid << " cpu" << cpu << " prio "
      << int(prio);
    return s.str();
  }
};

class Lockstep {
 public:
  Lockstep(unsigned version, unsigned cpus, unsigned vcpus, unsigned lrs, uint64_t seed,
           SortPolicy policy, unsigned security_states = 1)
      : gic_(make(version, cpus, lrs, security_states)),
        hyp_(gic_, 1, vcpus, HypOptions{policy, true}),
        ref_(vcpus, kPmr, kBpr1),
        rng_(seed),
        cpus_(cpus),
        vcpus_(vcpus),
        v3_(version == 3),
        on_cpu_(vcpus, -1),
        level_(vcpus * Reference::kIntids, 0),
        raw_(vcpus) {
    // Level devices lower their line once the guest has handled the interrupt.
    hyp_.on_resample = [this](unsigned, unsigned vcpu, unsigned intid) {
      hyp_.inject(0, intid, Hypervisor::Trigger::Low, intid < 32 ? vcpu : 0);
    };
    Vm& vm = hyp_.vm(0);
    for (unsigned k = 0; k < vcpus; ++k) {
      next_prio_ = 0;
      for (unsigned i = 0; i < Reference::kIntids; ++i) {
        if (!used(k, i)) continue;
        const uint8_t p = unique_prio();
        ref_.irq(k, i).prio = p;
        vm.dist().set_priority(i < 32 ? k : 0, i, p);
        if (i >= 32) {
          if (v3_)
            vm.dist().set_irouter(i, vm.dist().affinity_of(k));
          else
            vm.dist().set_targets(i, uint8_t(1u << k));
        }
      }
      VcpuState& v = vm.vcpu(k);
      v.ctx.vmcr = (v.ctx.vmcr & 0x00ffffffu) | uint32_t(kPmr & 0xff) << 24;
    }
  }

  std::vector<Step> steps;

  // Runs n steps; returns the failing step index, or -1.
  long run(long n, std::string& why) {
    for (long i = 0; i < n; ++i) {
      Step s = next();
      steps.push_back(s);
      if (!apply(s, why) || !compare(why)) return i;
    }
    return -1;
  }

 private:
  static GicConfig make(unsigned version, unsigned cpus, unsigned lrs, unsigned security_states) {
    GicConfig c;
    c.security_states = security_states;  // the host is Non-secure either way
    c.version = version;
    c.cpus = cpus;
    c.spis = 32;
    c.lrs = lrs;
    c.vpri_bits = version == 3 ? 8 : 5;
    return c;
  }
  // The interrupts a vCPU's traffic uses: SGIs 0..7, PPIs 16..23, its SPIs;
  // at most 32, so that every one has its own group priority.
  bool used(unsigned k, unsigned i) const {
    if (i < 32) return i < 8 || (i >= 16 && i < 24);
    return ref_.spi_target(i) == k;
  }
  uint8_t unique_prio() {
    // Distinct group priorities per vCPU keep the reference unambiguous.
    const uint8_t p = uint8_t(next_prio_);
    next_prio_ += 8;
    return p;
  }
  unsigned pick(unsigned n) { return unsigned(rng_() % n); }
  unsigned owner(unsigned vcpu, unsigned intid) const { return intid < 32 ? vcpu : 0; }

  Step next() {
    Step s;
    s.vcpu = pick(vcpus_);
    const unsigned r = pick(100);
    std::vector<unsigned> mine;  // interrupts of this vCPU
    for (unsigned i = 0; i < Reference::kIntids; ++i)
      if (used(s.vcpu, i)) mine.push_back(i);
    s.intid = mine[pick(unsigned(mine.size()))];
    if (r < 30)
      s.kind = Step::Edge;
    else if (r < 38)
      s.kind = Step::Level;
    else if (r < 60)
      s.kind = Step::Ack;
    else if (r < 78)
      s.kind = Step::Eoi;
    else if (r < 82)
      s.kind = Step::Enable;
    else if (r < 86)
      s.kind = Step::Disable;
    else if (r < 90)
      s.kind = Step::Prio;
    else if (r < 95)
      s.kind = Step::Exit;
    else
      s.kind = Step::Enter;
    s.cpu = pick(cpus_);
    s.prio = uint8_t(pick(32) << 3);
    return s;
  }

  // Guest register accesses on the CPU the vCPU runs on.
  uint32_t icv(unsigned cpu, Sr id, bool write, uint32_t v) {
    if (v3_) {
      SysregAccess a = make_sysreg_access(id, cpu, 1, write, v, true);
      gic_.sysreg(a);
      return uint32_t(a.value);
    }
    const uint32_t off = id == Sr::ICC_IAR1_EL1 ? 0xc : 0x10;
    gic_.gicv().access(cpu, write, off, 4, reinterpret_cast<uint8_t*>(&v));
    return v;
  }

  bool idle(unsigned k, unsigned i) {
    const RefIrq& r = ref_.irq(k, i);
    return !r.pending && !r.active;
  }

  bool apply(const Step& s, std::string& why) {
    Vm& vm = hyp_.vm(0);
    const unsigned k = s.vcpu, i = s.intid, o = owner(k, i);
    RefIrq& r = ref_.irq(k, i);
    switch (s.kind) {
      case Step::Edge:
        if (level_[k * Reference::kIntids + i] && !idle(k, i)) break;  // a level one is busy
        level_[k * Reference::kIntids + i] = 0;
        ref_.inject_edge(k, i);
        r.edge = true;
        hyp_.inject(0, i, Hypervisor::Trigger::Edge, k);
        break;
      case Step::Level:
        if (i < 16 || !idle(k, i)) break;  // SGIs are edge; raise only an idle line
        level_[k * Reference::kIntids + i] = 1;
        ref_.raise_level(k, i);
        hyp_.inject(0, i, Hypervisor::Trigger::High, k);
        break;
      case Step::Ack: {
        if (on_cpu_[k] < 0) break;
        // Without the PMR and preemption the LRs' own rule decides: the
        // reference takes the interrupt whose priority is highest.
        const unsigned want = ref_.acknowledge(k);
        const uint32_t raw = icv(unsigned(on_cpu_[k]), Sr::ICC_IAR1_EL1, false, 0);
        const unsigned got = raw & 0x3ff;
        if (got < 1020) raw_[k].push_back(raw);  // GICv2: the EOI repeats the source CPUID
        if (want != got) {
          why = "vcpu" + std::to_string(k) + " acknowledged " + std::to_string(got) +
                ", the reference expects " + std::to_string(want);
          return false;
        }
        break;
      }
      case Step::Eoi: {
        if (on_cpu_[k] < 0 || !ref_.has_active(k)) break;
        const unsigned id = ref_.complete(k);
        level_[k * Reference::kIntids + id] = 0;  // a level device lowers its line
        const uint32_t raw = raw_[k].back();
        raw_[k].pop_back();
        icv(unsigned(on_cpu_[k]), Sr::ICC_EOIR1_EL1, true, raw);
        break;
      }
      case Step::Enable:
      case Step::Disable:
        if (!idle(k, i) || i < 16) break;  // see the README: only idle interrupts change
        r.enabled = s.kind == Step::Enable;
        vm.dist().set_state(Distributor::kEnable, o, i, r.enabled);
        break;
      case Step::Prio:
        if (!idle(k, i)) break;
        // Keep group priorities distinct: swap with another idle interrupt of this vCPU.
        for (unsigned j = 0; j < Reference::kIntids; ++j) {
          if (j == i || !used(k, j)) continue;
          if (!idle(k, j) || ((ref_.irq(k, j).prio ^ s.prio) & 0xf8)) continue;
          std::swap(ref_.irq(k, j).prio, r.prio);
          vm.dist().set_priority(owner(k, j), j, ref_.irq(k, j).prio);
          vm.dist().set_priority(o, i, r.prio);
          break;
        }
        break;
      case Step::Exit:
        if (on_cpu_[k] < 0) break;
        hyp_.exit(unsigned(on_cpu_[k]));
        on_cpu_[k] = -1;
        break;
      case Step::Enter: {
        // Enter on a CPU (migrating if it ran elsewhere), displacing whoever ran there.
        for (unsigned other = 0; other < vcpus_; ++other)
          if (on_cpu_[other] == int(s.cpu)) on_cpu_[other] = -1;
        hyp_.enter(0, k, s.cpu);
        on_cpu_[k] = int(s.cpu);
        break;
      }
    }
    // The hypervisor takes every maintenance interrupt.
    return settle_all(hyp_, cpus_, why);
  }

  bool compare(std::string& why) {
    for (unsigned k = 0; k < vcpus_; ++k) {
      for (unsigned i = 0; i < Reference::kIntids; ++i) {
        if (!used(k, i)) continue;
        const RefIrq& r = ref_.irq(k, i);
        const unsigned st = hyp_.state(0, k, i);
        const bool p = st & ListReg::kPending, a = st & ListReg::kActive;
        if (p != r.pending || a != r.active) {
          why = "vcpu" + std::to_string(k) + " INTID " + std::to_string(i) + ": model " +
                (p ? "P" : "-") + (a ? "A" : "-") + ", reference " + (r.pending ? "P" : "-") +
                (r.active ? "A" : "-");
          return false;
        }
      }
    }
    return true;
  }

  Gic gic_;
  Hypervisor hyp_;
  Reference ref_;
  std::mt19937_64 rng_;
  unsigned cpus_, vcpus_;
  bool v3_;
  std::vector<int> on_cpu_;
  std::vector<uint8_t> level_;
  std::vector<std::vector<uint32_t>> raw_;  // per vCPU: IAR values of active interrupts
  unsigned next_prio_ = 0;
};

}  // namespace

int sc_main(int argc, char* argv[]) {
  CLI::App app{"gicsim_stress: lockstep randomized stress of the vgic against a reference"};
  StressOptions o;
  o.add_to(app);
  unsigned security_states = 1;
  app.add_option("--security-states", security_states,
                 "of the physical GIC (the host is Non-secure)")
      ->check(CLI::Range(1, 2));
  CLI11_PARSE(app, argc, argv);
  Log::set_sink([](LogKind k, const std::string& l) {
    if (k == LogKind::GuestError) std::fprintf(stderr, "%s\n", l.c_str());
  });
  long total = 0;
  for (uint64_t seed : o.seeds) {
    Lockstep ls(o.version, o.cpus, o.vcpus, o.lrs, seed, o.sort_policy(), security_states);
    std::string why;
    const long fail = ls.run(o.steps, why);
    if (fail >= 0) {
      std::printf("DIVERGENCE seed %llu step %ld: %s\n", (unsigned long long)seed, fail,
                  why.c_str());
      std::printf(
          "shortest reproducing prefix (%ld steps; replay: gicsim_stress --seeds %llu "
          "--steps %ld --version %u --cpus %u --vcpus %u --lrs %u --policy %s --security-states "
          "%u):\n",
          fail + 1, (unsigned long long)seed, fail + 1, o.version, o.cpus, o.vcpus, o.lrs,
          o.policy.c_str(), security_states);
      for (const Step& s : ls.steps) std::printf("  %s\n", s.str().c_str());
      return 1;
    }
    total += o.steps;
  }
  std::printf("gicsim_stress: %ld steps over %zu seeds, no divergence\n", total, o.seeds.size());
  return 0;
}

int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
