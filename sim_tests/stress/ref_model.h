// What guests of a VM may observe, for the randomized hypervisor stress:
// interrupts (SPIs shared by the VM, SGIs and PPIs per vCPU) with their
// pending (edge latch, level line, GICv2 SGI sources), active, enabled,
// priority and SPI target; per vCPU the stack of acknowledged priorities and
// its EOImode; the interrupts whose priority was dropped in EOImode 1 and
// that wait for a DIR. No lists, no LRs: the architecture as a guest sees it.
// With LPIs (GICv3 guests with an ITS): LPIs 8192.. behave as edge
// interrupts of the VM with a target vCPU (their collection's), a priority
// and an enable (their configuration byte, after an INV); acknowledged,
// they are active in the guest's LR until its EOI or DIR.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gicsim::stress {

struct RefIrq {
  bool latch = false, line = false, active = false, enabled = true;
  uint8_t prio = 0xa0;
  uint8_t sources = 0;  // GICv2 SGIs: pending source CPUs
};

class RefModel {
 public:
  static constexpr unsigned kIntids = 64;                 // SGIs, PPIs, SPIs 32..63
  static constexpr unsigned kFirstLpi = 8192, kLpis = 8;  // LPIs 8192..8199 (with lpis)
  static constexpr uint8_t kPmr = 0xf0;                   // the booted guest's VPMR
  struct Acked {
    unsigned vcpu = 0, intid = 0, owner = 0;
    uint32_t raw = 0;  // the IAR value, which the EOIR/DIR repeats
    uint8_t prio = 0;
  };

  RefModel(unsigned vcpus, bool v2, bool lpis = false)
      : vcpus_(vcpus),
        v2_(v2),
        irqs_(vcpus * 32 + kIntids - 32 + kLpis),
        target_(kIntids - 32 + kLpis, 0),
        stack_(vcpus),
        eoimode_(vcpus, false) {
    for (unsigned i = 0; i < kIntids; ++i) ids_.push_back(i);
    for (unsigned j = 0; lpis && j < kLpis; ++j) ids_.push_back(kFirstLpi + j);
  }
  // Every INTID of the VM, LPIs last.
  const std::vector<unsigned>& ids() const { return ids_; }
  static bool is_lpi(unsigned i) { return i >= kFirstLpi; }
  bool known(unsigned i) const {
    return i < kIntids || (is_lpi(i) && ids_.size() > kIntids && i < kFirstLpi + kLpis);
  }

  // PPIs 24..27 and SPIs 48..55 are level-sensitive, the rest edge.
  static bool is_level(unsigned i) { return (i >= 24 && i < 28) || (i >= 48 && i < 56); }
  // SGIs 0..7, PPIs 16..27, SPIs 32..63.
  static unsigned random_intid(unsigned r, bool) {
    r %= 52;
    return r < 8 ? r : r < 20 ? 16 + (r - 8) : 32 + (r - 20);
  }
  // Multiples of 8 below the priority mask: group priority = priority.
  static uint8_t random_prio(unsigned r) { return uint8_t((r % 30) << 3); }

  RefIrq& irq(unsigned owner, unsigned intid) {
    return irqs_[intid < 32 ? owner * 32 + intid : vcpus_ * 32 + shared(intid)];
  }
  bool pending(unsigned owner, unsigned intid) {
    const RefIrq& r = irq(owner, intid);
    if (is_level(intid)) return r.line;
    if (v2_ && intid < 16) return r.sources != 0;
    return r.latch;
  }
  void set_target(unsigned spi, unsigned vcpu) { target_[shared(spi)] = vcpu; }
  bool targets(unsigned vcpu, unsigned intid) const {
    return intid < 32 || target_[shared(intid)] == vcpu;
  }

  void edge(unsigned owner, unsigned intid) { irq(owner, intid).latch = true; }
  void send_sgi(unsigned target, unsigned sgi, unsigned source) {
    irq(target, sgi).sources |= uint8_t(1u << source);
  }
  // A level device raises its line only while the interrupt is idle.
  bool raise_level(unsigned owner, unsigned intid) {
    RefIrq& r = irq(owner, intid);
    if (r.line || r.active) return false;
    r.line = true;
    return true;
  }

  bool eoimode(unsigned k) const { return eoimode_[k]; }
  void set_eoimode(unsigned k, bool on) { eoimode_[k] = on; }
  // The guest switches EOImode only with nothing acknowledged outstanding.
  bool can_switch_eoimode(unsigned k) const { return stack_[k].empty() && dir_.empty(); }

  uint8_t running(unsigned k) const { return stack_[k].empty() ? 0xff : stack_[k].back().prio; }
  // The interrupt vCPU k must take now (lowest priority value), or -1.
  int best(unsigned k) {
    int b = -1;
    uint8_t bp = 0xff;
    for (unsigned i : ids_) {
      const unsigned o = i < 32 ? k : 0;
      const RefIrq& r = irq(o, i);
      if (!targets(k, i) || !pending(o, i) || !r.enabled || r.active) continue;
      if (!(r.prio < kPmr) || !(r.prio < running(k)) || !(r.prio < bp)) continue;
      b = int(i);
      bp = r.prio;
    }
    return b;
  }
  // An interrupt that must wake vCPU k from WFI (pending, enabled, its own), or -1.
  int wakes(unsigned k) {
    for (unsigned i : ids_) {
      const unsigned o = i < 32 ? k : 0;
      if (targets(k, i) && pending(o, i) && irq(o, i).enabled && !irq(o, i).active) return int(i);
    }
    return -1;
  }

  // The seed (KVM 2016) order puts active interrupts first: a Pending+Active
  // LR that the guest deactivates becomes pending without any maintenance,
  // ahead of higher-priority interrupts left out of the LRs. Only kvm2025
  // always presents the highest priority.
  bool strict_priority = true;

  // vCPU k acknowledged id (GICv2 SGIs: from source src): it must be
  // deliverable, and (strict_priority) of the highest priority.
  bool acknowledge(unsigned k, unsigned id, unsigned src, uint32_t raw, std::string& why) {
    const int want = best(k);
    auto bad = [&](const std::string& what) {
      why = "vcpu" + std::to_string(k) + " acknowledged " + std::to_string(id) + ": " + what +
            " (the reference expects " + std::to_string(want) + ")";
      return false;
    };
    if (!known(id)) return bad("no such interrupt");
    const unsigned o = id < 32 ? k : 0;
    RefIrq& r = irq(o, id);
    if (!targets(k, id)) return bad("it targets another vCPU");
    if (!pending(o, id)) return bad("it is not pending (delivered twice?)");
    if (!r.enabled) return bad("it is disabled");
    if (r.active) return bad("it is active");
    if (v2_ && id < 16 && !(r.sources >> src & 1)) return bad("source not pending");
    if (want < 0) return bad("nothing is deliverable");
    if (strict_priority && irq(want < 32 ? k : 0, unsigned(want)).prio != r.prio)
      return bad("not the highest priority deliverable");
    if (!(r.prio < kPmr) || !(r.prio < running(k))) return bad("masked or not preempting");
    r.active = true;
    if (v2_ && id < 16)
      r.sources &= uint8_t(~(1u << src));
    else if (!is_level(id))
      r.latch = false;
    stack_[k].push_back(Acked{k, id, o, raw, r.prio});
    return true;
  }
  bool eoi_pending(unsigned k) const { return !stack_[k].empty(); }
  // EOI of the most recent acknowledge: priority drop; deactivation too in
  // EOImode 0, else the interrupt waits for a DIR.
  bool eoi(unsigned k, Acked& a) {
    if (stack_[k].empty()) return false;
    a = stack_[k].back();
    stack_[k].pop_back();
    if (eoimode_[k])
      dir_.push_back(a);
    else
      deactivate(a);
    return true;
  }
  const std::vector<Acked>& to_deactivate() const { return dir_; }
  Acked deactivate_at(size_t n) {
    const Acked a = dir_[n];
    dir_.erase(dir_.begin() + long(n));
    deactivate(a);
    return a;
  }

  bool all_delivered(std::string& why) {
    for (unsigned k = 0; k < vcpus_; ++k) {
      if (!stack_[k].empty()) return why = "vcpu" + std::to_string(k) + " still active", false;
      if (const int w = wakes(k); w >= 0)
        return why = "INTID " + std::to_string(w) + " never delivered to vcpu" + std::to_string(k),
               false;
    }
    if (!dir_.empty()) return why = "deactivations left", false;
    return true;
  }

 private:
  // Index of an SPI or LPI among the VM's shared interrupts.
  static unsigned shared(unsigned intid) {
    return is_lpi(intid) ? kIntids - 32 + intid - kFirstLpi : intid - 32;
  }
  // A level device lowers its line once the interrupt is handled.
  void deactivate(const Acked& a) {
    RefIrq& r = irq(a.owner, a.intid);
    r.active = false;
    if (is_level(a.intid)) r.line = false;
  }

  unsigned vcpus_;
  bool v2_;
  std::vector<RefIrq> irqs_;
  std::vector<unsigned> target_;
  std::vector<std::vector<Acked>> stack_;
  std::vector<bool> eoimode_;
  std::vector<Acked> dir_;
  std::vector<unsigned> ids_;
};

}  // namespace gicsim::stress
