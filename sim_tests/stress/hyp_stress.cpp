// Random guests against the hypervisor model: the world switch checked by
// properties, not by a second implementation of it. Random guest behaviour
// (acknowledges, EOIs and DIRs in either EOImode, DIRs of SPIs on other
// vCPUs, enables, priorities, retargeting, GICv2 SGIs from several sources,
// level lines, WFI) and host behaviour (injections, world switches, vCPU
// migration, kicks) run on the real Gic + Hypervisor. A small reference
// (ref_model.h) says what the guests may see; after every step:
// - an acknowledge returns exactly a deliverable interrupt of this vCPU of
//   the highest priority (never one it was not targeted, never a disabled
//   one, never one twice): every edge is delivered exactly once;
// - every running vCPU with a deliverable interrupt has its vIRQ asserted,
//   and no blocked vCPU has one (nothing stranded);
// - maintenance interrupts settle (no storm), no invariant is violated;
// - every interrupt's pending/active state is what the reference says;
// - HW-mapped SPIs (vINTIDs 60..63 on physical SPIs 60..63, as KVM forwards
//   a device's interrupt): the physical interrupt stays active while its
//   virtual one is pending or active, and the guest's deactivation (EOI in
//   EOImode 0, DIR, a trapped DIR from another vCPU) deactivates it.
// GICv3 guests also have LPIs (unless --no-lpis): the guest's driver maps a
// device's 8 events to LPIs 8192..8199 through its emulated ITS, the host
// injects the device's MSIs (inject_msi, through the translation cache),
// and running guests move LPIs (MOVI), change their priority or enable
// (configuration byte + INV) by trapped ITS commands; the same checks hold.
// Any seed replays from the command line; a failure prints the steps.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "guest_its_bus.h"
#include "hypervisor.h"
#include "le_bytes.h"
#include "log.h"
#include "ref_model.h"
#include "stress_common.h"

using namespace gicsim;
using namespace gicsim::stress;

namespace {

using D = Distributor;

class HypStress {
 public:
  HypStress(unsigned version, unsigned cpus, unsigned vcpus, unsigned lrs, uint64_t seed,
            SortPolicy policy, TdirPolicy tdir, bool defer_kicks, bool lpis)
      : gic_(make(version, cpus, lrs, lpis && version == 3)),
        hyp_(gic_, 1, vcpus, HypOptions{policy, true, false, tdir, defer_kicks}),
        ref_(vcpus, version == 2, lpis && version == 3),
        lpis_(lpis && version == 3),
        layout_(vcpus, Vm::kLpiBits, {ItsDevice{kDevice, RefModel::kLpis}}),
        rng_(seed),
        cpus_(cpus),
        vcpus_(vcpus),
        v3_(version == 3),
        on_cpu_(vcpus, -1),
        defer_(defer_kicks) {
    strict_ = policy == SortPolicy::Kvm2025;
    for (unsigned i = kFirstHw; i < RefModel::kIntids; ++i) hyp_.map(0, i, i);
    hyp_.on_resample = [this](unsigned, unsigned k, unsigned intid) {
      hyp_.inject(0, intid, Hypervisor::Trigger::Low, intid < 32 ? k : 0);
    };
    // Trigger and priority of every interrupt as the guest's firmware sets them.
    D& d = hyp_.vm(0).dist();
    for (unsigned k = 0; k < vcpus; ++k)
      for (unsigned i = 16; i < RefModel::kIntids; ++i)
        if (i < 32 || k == 0) d.set_state(D::kEdge, i < 32 ? k : 0, i, !RefModel::is_level(i));
    for (unsigned k = 0; k < vcpus; ++k)
      for (unsigned i = 0; i < RefModel::kIntids; ++i)
        if (i < 32 || k == 0) set_prio(k, i, ref_.irq(k, i).prio);
    if (lpis_) boot_its();
  }

  std::vector<std::string> log;

  // The hardware state at a failure: every CPU's LRs, every vCPU's list.
  void dump() {
    for (unsigned c = 0; c < cpus_; ++c) {
      std::printf("cpu%u (vcpu%d):", c, hyp_.loaded_vcpu(c));
      for (unsigned n = 0; n < gic_.vcpuif(c).lrs(); ++n) {
        const ListReg& l = gic_.vcpuif(c).lr(n);
        std::printf(" LR%u=%u/%u/p%u%s", n, l.vintid, l.state, l.prio, l.eoi ? "/eoi" : "");
      }
      std::printf("\n");
    }
    for (unsigned k = 0; k < vcpus_; ++k) {
      const VcpuState& v = hyp_.vm(0).vcpu(k);
      std::printf("vcpu%u cpu %d hcr %#x list:", k, v.cpu, v.hcr);
      for (const ApEntry& e : v.ap_list) std::printf(" %u", e.intid);
      std::printf("\n");
    }
  }

  long run(long n, std::string& why) {
    for (long i = 0; i < n; ++i) {
      if (!step(why) || !settle(why) || !check(why)) return i;
    }
    return drain(why) ? -1 : n;
  }

 private:
  static GicConfig make(unsigned version, unsigned cpus, unsigned lrs, bool lpis) {
    GicConfig c;
    c.version = version;
    c.cpus = cpus;
    c.spis = 32;
    c.lrs = lrs;
    if (lpis) {  // the host's ITS: guests get an emulated one
      c.lpi_bits = 16;
      c.its = true;
    }
    return c;
  }

  // ---- the guest's LPIs -------------------------------------------------------
  static constexpr uint32_t kDevice = 7;
  uint64_t gits(uint64_t off, bool write, uint64_t v, bool host, unsigned k = 0,
                unsigned width = 8) {
    uint8_t b[8];
    store_le(v, b);
    if (hyp_.guest_mmio(0, k, Hypervisor::GuestFrame::Gits, write, off, width, b, host) !=
        tlm::TLM_OK_RESPONSE)
      its_ok_ = false;
    return load_le(b);
  }
  void ram(uint64_t addr, uint64_t v, unsigned width) {
    uint8_t b[8];
    store_le(v, b);
    hyp_.vm(0).memory()->write(addr, b, width);
  }
  // The guest's driver at boot: event j -> LPI 8192 + j on vCPU j % vcpus.
  void boot_its() {
    ItsDriver d(guest_its_bus(hyp_, 0, [this](const std::string&) { its_ok_ = false; }),
                Vm::kRamBase, vcpus_, Vm::kLpiBits, {ItsDevice{kDevice, RefModel::kLpis}},
                [](unsigned c) { return uint64_t(c) << 16; });
    its_ok_ = d.boot() && its_ok_;
    cwriter_ = gits(0x88, false, 0, true);
    for (unsigned j = 0; j < RefModel::kLpis; ++j)
      ref_.set_target(RefModel::kFirstLpi + j, j % vcpus_);
  }
  // A command from the guest on running vCPU k: written to its queue in RAM,
  // then the trapped GITS_CWRITER write.
  void its_command(unsigned k, std::array<uint64_t, 4> c) {
    for (unsigned i = 0; i < 4; ++i) ram(Vm::kRamBase + layout_.queue + cwriter_ + 8 * i, c[i], 8);
    cwriter_ = (cwriter_ + 32) % LpiTableLayout::kQueueBytes;
    gits(0x88, true, cwriter_, false, k);
  }
  bool msi() {
    const unsigned j = pick(RefModel::kLpis);
    note("msi event " + std::to_string(j));
    ref_.edge(0, RefModel::kFirstLpi + j);
    hyp_.inject_msi(0, kDevice, j);
    return true;
  }
  bool guest_movi(unsigned k) {
    const unsigned j = pick(RefModel::kLpis), t = pick(vcpus_);
    note("movi event " + std::to_string(j) + " to vcpu" + std::to_string(t) + " by vcpu" +
         std::to_string(k));
    ref_.set_target(RefModel::kFirstLpi + j, t);
    its_command(k, {0x01 | uint64_t(kDevice) << 32, j, t, 0});  // MOVI to collection t
    return true;
  }
  // A new configuration byte, then INV (an active LPI keeps its priority).
  bool guest_lpi_config(unsigned k) {
    const unsigned j = pick(RefModel::kLpis), id = RefModel::kFirstLpi + j;
    RefIrq& r = ref_.irq(0, id);
    if (r.active) return true;
    const uint8_t p = RefModel::random_prio(pick(1000));
    const bool on = pick(4) != 0;
    note("lpi " + std::to_string(id) + " prio " + std::to_string(p) + (on ? " on" : " off") +
         " by vcpu" + std::to_string(k));
    r.prio = p;
    r.enabled = on;
    ram(Vm::kRamBase + layout_.prop + j, p | 0x2 | (on ? 1 : 0), 1);
    its_command(k, {0x0c | uint64_t(kDevice) << 32, j, 0, 0});  // INV
    return true;
  }
  unsigned pick(unsigned n) { return unsigned(rng_() % n); }
  void note(const std::string& s) {
    if (log.size() > 4000) log.erase(log.begin(), log.begin() + 1000);
    log.push_back(s);
  }
  int running(unsigned k) const { return on_cpu_[k]; }
  // A kick not yet taken (defer_kicks) leaves LRs stale, and an interrupt
  // may wait on another vCPU's list to migrate: a transient, not a fault.
  bool kicks_in_flight() const {
    for (unsigned c = 0; c < cpus_; ++c)
      if (hyp_.kick_pending(c)) return true;
    return false;
  }
  int random_running() {
    std::vector<unsigned> r;
    for (unsigned k = 0; k < vcpus_; ++k)
      if (on_cpu_[k] >= 0) r.push_back(k);
    return r.empty() ? -1 : int(r[pick(unsigned(r.size()))]);
  }

  // ---- the guest's accesses ------------------------------------------------
  uint32_t icv(unsigned k, Sr id, bool write, uint64_t v) {
    const unsigned cpu = unsigned(on_cpu_[k]);
    SysregAccess a = make_sysreg_access(id, cpu, 1, write, v, true);
    if (gic_.sysreg(a) == SysregStatus::TrapEl2) hyp_.handle_trap(cpu, a);
    return uint32_t(a.value);
  }
  uint32_t gicv(unsigned k, uint32_t off, bool write, uint32_t v) {
    const unsigned cpu = unsigned(on_cpu_[k]);
    if (write && hyp_.trapped_gicv_write(cpu, off, 4, v)) return 0;  // stage-2 trap
    gic_.gicv().access(cpu, write, off, 4, reinterpret_cast<uint8_t*>(&v));
    return v;
  }
  uint32_t ack(unsigned k) {
    return v3_ ? icv(k, Sr::ICC_IAR1_EL1, false, 0) : gicv(k, 0xc, false, 0);
  }
  void eoir(unsigned k, uint32_t raw) {
    v3_ ? void(icv(k, Sr::ICC_EOIR1_EL1, true, raw)) : void(gicv(k, 0x10, true, raw));
  }
  void dir(unsigned k, uint32_t raw) {
    v3_ ? void(icv(k, Sr::ICC_DIR_EL1, true, raw)) : void(gicv(k, 0x1000, true, raw));
  }
  void set_eoimode(unsigned k, bool on) {
    if (v3_)
      icv(k, Sr::ICC_CTLR_EL1, true, on ? 2 : 0);
    else
      gicv(k, 0x0, true, 0x1 | (on ? 1u << 9 : 0));
  }
  // The guest's own distributor access: a trapped exit of vCPU k.
  void dist_write(unsigned k, bool redist, uint64_t off, unsigned width, uint64_t v) {
    uint8_t data[8];
    for (unsigned b = 0; b < 8; ++b) data[b] = uint8_t(v >> (8 * b));
    hyp_.guest_mmio(0, k, redist ? Hypervisor::GuestFrame::Gicr : Hypervisor::GuestFrame::Gicd,
                    true, off, width, data);
  }
  // Per-interrupt registers: SPIs in the GICD, private ones in vCPU k's
  // SGI_base frame (GICv3) or the banked GICD (GICv2).
  void reg_write(unsigned k, unsigned intid, uint64_t gicd_off, unsigned width, uint64_t v) {
    if (v3_ && intid < 32)
      dist_write(k, true, k * 0x20000ull + 0x10000 + gicd_off, width, v);
    else
      dist_write(k, false, gicd_off, width, v);
  }
  void set_prio(unsigned k, unsigned intid, uint8_t p) {
    hyp_.vm(0).dist().set_priority(intid < 32 ? k : 0, intid, p);
  }

  // ---- one random step ------------------------------------------------------
  bool step(std::string& why) {
    const unsigned r = pick(100);
    const unsigned k = pick(vcpus_);
    const int g = random_running();
    if (lpis_ && r < 8) return pick(8) ? msi() : g >= 0 ? guest_lpi_cmd(unsigned(g)) : true;
    if (r < 22) return inject(k);
    if (r < 40) return g >= 0 ? guest_ack(unsigned(g), why) : true;
    if (r < 54) return g >= 0 ? guest_eoi(unsigned(g)) : true;
    if (r < 62) return guest_dir();
    if (r < 66) return g >= 0 ? guest_enable(unsigned(g)) : true;
    if (r < 69) return g >= 0 ? guest_prio(unsigned(g)) : true;
    if (r < 73) return g >= 0 ? guest_retarget(unsigned(g)) : true;
    if (r < 78) return g >= 0 ? guest_sgi(unsigned(g)) : true;
    if (r < 80) return g >= 0 ? guest_eoimode(unsigned(g)) : true;
    if (r < 82) return g >= 0 ? guest_wfi(unsigned(g)) : true;
    if (r < 86) return exit_vcpu(k);
    if (r < 88) return kick();
    return enter(k, pick(cpus_));
  }

  bool guest_lpi_cmd(unsigned g) { return pick(2) ? guest_movi(g) : guest_lpi_config(g); }

  bool inject(unsigned k) {
    const unsigned i = RefModel::random_intid(pick(1000), v3_);
    const unsigned o = i < 32 ? k : 0;
    if (i >= kFirstHw) {
      // A forwarded device interrupt fires again only once deactivated; the
      // host acknowledged it (physically active) and injects it.
      if (phys_active(i)) return true;
      gic_.dist().set_state(D::kActive, 0, i, true);
    }
    if (RefModel::is_level(i)) {
      if (!ref_.raise_level(o, i)) return true;  // a line is raised only when idle
      note("level " + std::to_string(i) + " vcpu" + std::to_string(k));
      hyp_.inject(0, i, Hypervisor::Trigger::High, k);
      return true;
    }
    if (i < 16 && !v3_) {
      const unsigned src = pick(vcpus_);
      note("sgi " + std::to_string(i) + " to vcpu" + std::to_string(k) + " from " +
           std::to_string(src) + " (host)");
      ref_.send_sgi(k, i, src);
      hyp_.vm(0).dist().send_sgi_v2(k, i, src);
      return true;
    }
    note("edge " + std::to_string(i) + " vcpu" + std::to_string(k));
    ref_.edge(o, i);
    hyp_.inject(0, i, Hypervisor::Trigger::Edge, k);
    return true;
  }

  bool guest_ack(unsigned k, std::string& why) {
    const uint32_t raw = ack(k);
    const unsigned id = raw & (v3_ ? 0xffffff : 0x3ff), src = (raw >> 10) & 7;
    note("ack vcpu" + std::to_string(k) + " -> " + std::to_string(raw));
    if (id >= 1020 && !RefModel::is_lpi(id)) {
      // (With a kick not taken yet, the LRs may not hold it yet.)
      if (const int want = ref_.best(k); want >= 0 && !kicks_in_flight()) {
        why = "vcpu" + std::to_string(k) + " read 1023 while INTID " + std::to_string(want) +
              " is deliverable to it";
        return false;
      }
      return true;
    }
    // With a kick not yet taken the LRs may lack a newer, higher-priority
    // interrupt: only its deliverability is checked then.
    ref_.strict_priority = strict_ && !kicks_in_flight();
    return ref_.acknowledge(k, id, v3_ ? 0 : src, raw, why);
  }

  bool guest_eoi(unsigned k) {
    RefModel::Acked a;
    if (!ref_.eoi(k, a)) return true;
    note("eoi vcpu" + std::to_string(k) + " " + std::to_string(a.raw));
    eoir(k, a.raw);
    return true;
  }

  // A DIR of an interrupt whose priority was dropped in EOImode 1: SPIs from
  // any running vCPU in EOImode 1, private ones from their own vCPU.
  bool guest_dir() {
    std::vector<std::pair<unsigned, size_t>> options;
    for (unsigned k = 0; k < vcpus_; ++k) {
      if (on_cpu_[k] < 0 || !ref_.eoimode(k)) continue;
      for (size_t n = 0; n < ref_.to_deactivate().size(); ++n) {
        const RefModel::Acked& a = ref_.to_deactivate()[n];
        if (a.intid >= 32 || a.vcpu == k) options.push_back({k, n});
      }
    }
    if (options.empty()) return true;
    const auto [k, n] = options[pick(unsigned(options.size()))];
    const RefModel::Acked a = ref_.deactivate_at(n);
    note("dir vcpu" + std::to_string(k) + " " + std::to_string(a.raw) + " (acked on vcpu" +
         std::to_string(a.vcpu) + ")");
    dir(k, a.raw);
    return true;
  }

  bool guest_enable(unsigned k) {
    const unsigned i = RefModel::random_intid(pick(1000), v3_);
    if (i < 16) return true;  // SGIs stay enabled (GICv2: ISENABLER0 SGI bits RAO/WI)
    const bool on = pick(3) != 0;
    const unsigned o = i < 32 ? k : 0;
    note(std::string(on ? "enable " : "disable ") + std::to_string(i) + " by vcpu" +
         std::to_string(k));
    ref_.irq(o, i).enabled = on;
    reg_write(k, i, (on ? 0x100 : 0x180) + 4 * (i / 32), 4, 1u << (i % 32));
    return true;
  }

  bool guest_prio(unsigned k) {
    const unsigned i = RefModel::random_intid(pick(1000), v3_);
    const unsigned o = i < 32 ? k : 0;
    if (ref_.irq(o, i).active) return true;  // an active interrupt keeps its priority
    const uint8_t p = RefModel::random_prio(pick(1000));
    note("prio " + std::to_string(i) + " = " + std::to_string(p) + " by vcpu" + std::to_string(k));
    ref_.irq(o, i).prio = p;
    reg_write(k, i, 0x400 + i, 1, p);
    return true;
  }

  bool guest_retarget(unsigned k) {
    const unsigned i = 32 + pick(RefModel::kIntids - 32);
    const unsigned t = pick(vcpus_);
    note("retarget " + std::to_string(i) + " to vcpu" + std::to_string(t) + " by vcpu" +
         std::to_string(k));
    ref_.set_target(i, t);
    if (v3_)
      dist_write(k, false, 0x6100 + 8ull * (i - 32), 8, hyp_.vm(0).dist().affinity_of(t));
    else
      dist_write(k, false, 0x800 + i, 1, 1u << t);
    return true;
  }

  bool guest_sgi(unsigned k) {
    const unsigned sgi = pick(8), t = pick(vcpus_);
    note("sgi " + std::to_string(sgi) + " to vcpu" + std::to_string(t) + " by vcpu" +
         std::to_string(k));
    if (v3_) {
      ref_.edge(t, sgi);
      const uint64_t aff = hyp_.vm(0).dist().affinity_of(t);
      icv(k, Sr::ICC_SGI1R_EL1, true,
          uint64_t(sgi) << 24 | (aff >> 8 & 0xff) << 16 | 1u << (aff & 0xf));
    } else {
      ref_.send_sgi(t, sgi, k);
      dist_write(k, false, 0xf00, 4, (1u << (16 + t)) | sgi);
    }
    return true;
  }

  bool guest_eoimode(unsigned k) {
    if (!ref_.can_switch_eoimode(k)) return true;
    const bool on = !ref_.eoimode(k);
    note("eoimode " + std::to_string(on) + " vcpu" + std::to_string(k));
    ref_.set_eoimode(k, on);
    set_eoimode(k, on);
    return true;
  }

  bool guest_wfi(unsigned k) {
    note("wfi vcpu" + std::to_string(k));
    if (hyp_.wfi(unsigned(on_cpu_[k]))) on_cpu_[k] = -1;
    return true;
  }

  bool exit_vcpu(unsigned k) {
    if (on_cpu_[k] < 0) return true;
    note("exit vcpu" + std::to_string(k));
    hyp_.exit(unsigned(on_cpu_[k]));
    on_cpu_[k] = -1;
    return true;
  }

  bool kick() {
    const unsigned c = pick(cpus_);
    if (!hyp_.loaded(c)) return true;
    note("kick cpu" + std::to_string(c));
    hyp_.exit_to_host(c);
    hyp_.resume(c);
    return true;
  }

  bool enter(unsigned k, unsigned c) {
    if (hyp_.blocked(0, k)) return true;  // waits for an interrupt
    note("enter vcpu" + std::to_string(k) + " cpu" + std::to_string(c));
    for (unsigned o = 0; o < vcpus_; ++o)
      if (on_cpu_[o] == int(c)) on_cpu_[o] = -1;
    hyp_.enter(0, k, c);
    on_cpu_[k] = int(c);
    // The guest's EOImode is its ICV_CTLR: restored with the vCPU's VMCR.
    return true;
  }

  // ---- checks --------------------------------------------------------------
  bool settle(std::string& why, bool all_kicks = false) {
    // Deferred kicks are IPIs: a CPU takes its kick at some later step.
    return settle_all(hyp_, cpus_, why, [&](unsigned c) {
      if (defer_ && (all_kicks || pick(3) == 0)) hyp_.take_kick(c);
    });
  }

  bool phys_active(unsigned p) { return gic_.dist().word(D::kActive, 0, p / 32) >> (p % 32) & 1; }

  bool check(std::string& why) {
    if (lpis_ && (!its_ok_ || hyp_.vm(0).its()->command_errors())) {
      why = "the guest's ITS refused a command";
      return false;
    }
    for (unsigned i = kFirstHw; i < RefModel::kIntids; ++i) {
      const bool virt = ref_.pending(0, i) || ref_.irq(0, i).active;
      if (phys_active(i) != virt) {
        why = "HW-mapped INTID " + std::to_string(i) + ": physical " +
              (phys_active(i) ? "active" : "inactive") + " while the virtual one is " +
              (virt ? "pending or active" : "inactive");
        return false;
      }
    }
    {  // every LR a running vCPU uses holds an interrupt of its own list
      Vm& vm = hyp_.vm(0);
      for (unsigned j = 0; j < vcpus_; ++j) {
        const VcpuState& v = vm.vcpu(j);
        if (v.cpu < 0) continue;
        for (unsigned n = 0; n < v.used_lrs; ++n) {
          const ApEntry e = v.lr[n];
          if (!vm.in_lr[vm.slot(e.owner, e.intid)]) {
            why = "in_lr clear for " + std::to_string(e.intid) + " in vcpu" + std::to_string(j);
            return false;
          }
          if (vm.on_list[vm.slot(e.owner, e.intid)] != int(j)) {
            why = "on_list " + std::to_string(vm.on_list[vm.slot(e.owner, e.intid)]) + " for " +
                  std::to_string(e.intid) + " in LR of vcpu" + std::to_string(j);
            return false;
          }
        }
      }
    }
    for (unsigned k = 0; k < vcpus_; ++k) {
      // Stranding: a deliverable interrupt must be signalled to a running
      // vCPU, and must wake a blocked one.
      const int want = ref_.best(k);
      if (on_cpu_[k] >= 0 && want >= 0 && !gic_.out(unsigned(on_cpu_[k])).virq.read() &&
          !kicks_in_flight()) {
        why = "vcpu" + std::to_string(k) + " runs with INTID " + std::to_string(want) +
              " deliverable and no vIRQ (stranded)";
        return false;
      }
      if (hyp_.blocked(0, k) && ref_.wakes(k) >= 0) {
        why = "vcpu" + std::to_string(k) + " stays blocked with INTID " +
              std::to_string(ref_.wakes(k)) + " pending";
        return false;
      }
      for (unsigned i : ref_.ids()) {
        if (i >= 32 && k > 0) break;
        const RefIrq& r = ref_.irq(i < 32 ? k : 0, i);
        const unsigned st = hyp_.state(0, k, i);
        const bool p = st & ListReg::kPending, a = st & ListReg::kActive;
        if (p != ref_.pending(i < 32 ? k : 0, i) || a != r.active) {
          why = "vcpu" + std::to_string(k) + " INTID " + std::to_string(i) + ": model " +
                (p ? "P" : "-") + (a ? "A" : "-") + ", reference " +
                (ref_.pending(i < 32 ? k : 0, i) ? "P" : "-") + (r.active ? "A" : "-");
          return false;
        }
      }
      if (!v3_) {
        for (unsigned sgi = 0; sgi < 16; ++sgi) {
          if (hyp_.sgi_sources(0, k, sgi) != ref_.irq(k, sgi).sources) {
            why = "vcpu" + std::to_string(k) + " SGI " + std::to_string(sgi) + ": sources " +
                  std::to_string(hyp_.sgi_sources(0, k, sgi)) + ", reference " +
                  std::to_string(ref_.irq(k, sgi).sources);
            return false;
          }
        }
      }
    }
    return true;
  }

  // At the end every vCPU runs until it has nothing left to take: whatever
  // is still pending and enabled is delivered (nothing was lost).
  bool drain(std::string& why) {
    for (unsigned round = 0; round < 64; ++round) {
      bool busy = false;
      for (unsigned k = 0; k < vcpus_; ++k) {
        if (hyp_.blocked(0, k)) {
          why = "vcpu" + std::to_string(k) + " blocked at the end";
          if (ref_.wakes(k) >= 0) return false;
          continue;
        }
        if (on_cpu_[k] < 0) enter(k, k % cpus_);
        if (!settle(why, true)) return false;
        while (ref_.eoi_pending(k) || ref_.best(k) >= 0) {
          busy = true;
          if (ref_.best(k) >= 0 && !guest_ack(k, why)) return false;
          guest_eoi(k);
          if (!settle(why, true) || !check(why)) return false;
        }
        while (guest_dir_any(k)) {
          busy = true;
          if (!settle(why, true) || !check(why)) return false;
        }
      }
      if (!busy) return ref_.all_delivered(why);
    }
    why = "the drain does not terminate";
    return false;
  }
  bool guest_dir_any(unsigned k) {
    if (!ref_.eoimode(k)) return false;
    for (size_t n = 0; n < ref_.to_deactivate().size(); ++n) {
      const RefModel::Acked& a = ref_.to_deactivate()[n];
      if (a.intid < 32 && a.vcpu != k) continue;
      const RefModel::Acked d = ref_.deactivate_at(n);
      note("dir vcpu" + std::to_string(k) + " " + std::to_string(d.raw) + " (drain)");
      dir(k, d.raw);
      return true;
    }
    return false;
  }

  static constexpr unsigned kFirstHw = 60;  // vINTIDs 60..63: HW-mapped, edge
  Gic gic_;
  Hypervisor hyp_;
  RefModel ref_;
  bool lpis_, its_ok_ = true;
  LpiTableLayout layout_;
  uint64_t cwriter_ = 0;
  std::mt19937_64 rng_;
  unsigned cpus_, vcpus_;
  bool v3_;
  std::vector<int> on_cpu_;
  bool defer_ = false, strict_ = true;
};

}  // namespace

int sc_main(int argc, char* argv[]) {
  CLI::App app{"gicsim_hyp_stress: random guests against the hypervisor model"};
  StressOptions o;
  o.add_to(app);
  std::string tdir = "kvm2025";
  app.add_option("--tdir", tdir, "TDIR policy (eoimode1 loses DIRs of SPIs on other vCPUs)")
      ->check(CLI::IsMember({"kvm2025", "eoimode1"}));
  bool defer = false;
  app.add_flag("--defer-kicks", defer, "kicks as IPIs, taken by the CPU at a later step");
  bool no_lpis = false;
  app.add_flag("--no-lpis", no_lpis, "GICv3: no guest LPIs (no emulated ITS)");
  CLI11_PARSE(app, argc, argv);
  // Guests here misbehave on purpose; GICSIM_STRESS_LOG=1 shows the log.
  static const bool show = getenv("GICSIM_STRESS_LOG") != nullptr;
  Log::set_sink([](LogKind, const std::string& l) {
    if (show) std::fprintf(stderr, "log: %s\n", l.c_str());
  });
  long total = 0;
  for (uint64_t seed : o.seeds) {
    HypStress hs(o.version, o.cpus, o.vcpus, o.lrs, seed, o.sort_policy(),
                 tdir == "eoimode1" ? TdirPolicy::EoiMode1 : TdirPolicy::Kvm2025, defer, !no_lpis);
    std::string why;
    const long fail = hs.run(o.steps, why);
    if (fail >= 0) {
      std::printf("FAILURE seed %llu step %ld: %s\n", (unsigned long long)seed, fail, why.c_str());
      std::printf(
          "replay: gicsim_hyp_stress --seeds %llu --steps %ld --version %u --cpus %u "
          "--vcpus %u --lrs %u --policy %s --tdir %s%s%s\nlast steps:\n",
          (unsigned long long)seed, o.steps, o.version, o.cpus, o.vcpus, o.lrs, o.policy.c_str(),
          tdir.c_str(), defer ? " --defer-kicks" : "", no_lpis ? " --no-lpis" : "");
      const size_t from = hs.log.size() > 60 ? hs.log.size() - 60 : 0;
      for (size_t i = from; i < hs.log.size(); ++i) std::printf("  %s\n", hs.log[i].c_str());
      hs.dump();
      return 1;
    }
    total += o.steps;
  }
  std::printf("gicsim_hyp_stress: %ld steps over %zu seeds: every edge once, nothing stranded\n",
              total, o.seeds.size());
  return 0;
}

int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
