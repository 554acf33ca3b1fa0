// A deliberately simple reference of the virtual interrupt life cycle as a
// guest sees it: per vCPU, interrupts with pending/active/enabled/priority,
// acknowledge of the highest-priority pending interrupt that the priority
// mask and the running priority allow, LIFO completion. No lists, no LRs, no
// optimisation: what the whole hypervisor + GIC stack must look like from
// inside the guest.
#pragma once

#include <cstdint>
#include <vector>

namespace gicsim::stress {

struct RefIrq {
  bool pending = false, active = false, enabled = true, edge = true;
  bool line = false;  // level interrupts: the device's line
  uint8_t prio = 0xa0;
};

class Reference {
 public:
  static constexpr unsigned kIntids = 64;  // SGIs, PPIs, SPIs 32..63
  Reference(unsigned vcpus, uint8_t pmr, unsigned bpr1)
      : vcpus_(vcpus), pmr_(pmr), bpr1_(bpr1), irqs_(vcpus * kIntids), stack_(vcpus) {}

  // SPIs live at their target vCPU (fixed routing); private ones per vCPU.
  RefIrq& irq(unsigned vcpu, unsigned intid) { return irqs_[vcpu * kIntids + intid]; }
  unsigned spi_target(unsigned intid) const { return intid % vcpus_; }

  void inject_edge(unsigned vcpu, unsigned intid) { irq(vcpu, intid).pending = true; }
  void raise_level(unsigned vcpu, unsigned intid) {
    RefIrq& r = irq(vcpu, intid);
    r.line = r.pending = true;
    r.edge = false;
  }

  uint8_t group_priority(uint8_t p) const { return uint8_t(p & (0xff << bpr1_)); }
  uint8_t running(unsigned vcpu) const {
    return stack_[vcpu].empty() ? 0xff : group_priority(irq(vcpu, stack_[vcpu].back()).prio);
  }
  uint8_t running(unsigned vcpu) {
    return stack_[vcpu].empty() ? 0xff : group_priority(irq(vcpu, stack_[vcpu].back()).prio);
  }

  // ICV_IAR1: the INTID the guest must read (1023 when nothing qualifies).
  unsigned acknowledge(unsigned vcpu) {
    int best = -1;
    for (unsigned i = 0; i < kIntids; ++i) {
      const RefIrq& r = irq(vcpu, i);
      if (!r.pending || !r.enabled || r.active) continue;
      if (!(r.prio < pmr_) || !(group_priority(r.prio) < running(vcpu))) continue;
      if (best < 0 || r.prio < irq(vcpu, unsigned(best)).prio) best = int(i);
    }
    if (best < 0) return 1023;
    RefIrq& r = irq(vcpu, unsigned(best));
    r.active = true;
    r.pending = !r.edge && r.line;  // a level interrupt stays pending while its line is high
    stack_[vcpu].push_back(unsigned(best));
    return unsigned(best);
  }
  bool has_active(unsigned vcpu) const { return !stack_[vcpu].empty(); }
  // EOI of the most recently acknowledged interrupt: drop and deactivate. A
  // level device lowers its line once handled.
  unsigned complete(unsigned vcpu) {
    const unsigned id = stack_[vcpu].back();
    stack_[vcpu].pop_back();
    RefIrq& r = irq(vcpu, id);
    r.active = false;
    if (!r.edge) r.line = r.pending = false;
    return id;
  }

 private:
  const RefIrq& irq(unsigned vcpu, unsigned intid) const { return irqs_[vcpu * kIntids + intid]; }
  unsigned vcpus_;
  uint8_t pmr_;
  unsigned bpr1_;
  std::vector<RefIrq> irqs_;
  std::vector<std::vector<unsigned>> stack_;
};

}  // namespace gicsim::stress
