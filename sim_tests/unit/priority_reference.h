// A CPU interface's priority rules written straight from the GICv3
// pseudocode (IHI 0069, "GroupBits", "GroupPriority", "PriorityDrop", the
// active-priority registers and ICC_RPR_EL1) for the priority matrix test.
// It shares no code with model/priority.h on purpose.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace gicsim::ref {

struct Irq {
  unsigned group;  // 0 or 1
  uint8_t prio;
  // Equal priorities: the lower tie key wins. Physical: the INTID. Virtual:
  // the list register's index (the pseudocode scans LRs upward and takes a
  // strictly higher priority only; QEMU's hppvi_index does the same).
  unsigned tie = 0;
};

struct CpuInterfaceRef {
  unsigned pri_bits, pre_bits;
  uint8_t pmr = 0;
  unsigned bpr0 = 0, bpr1 = 0;
  bool cbpr = false;
  uint32_t apr[2][4] = {};       // AP0R<n>, AP1R<n>
  std::map<unsigned, Irq> pend;  // INTID -> pending interrupt
  std::map<unsigned, Irq> act;   // INTID -> active interrupt

  explicit CpuInterfaceRef(unsigned pri) : pri_bits(pri), pre_bits(pri > 7 ? 7 : pri) {}

  // GroupBits(): Group 0, and Group 1 with CBPR, split at BPR0; Group 1
  // otherwise at BPR1 - 1 (the Non-secure binary point is one larger).
  unsigned group_bits(unsigned g) const { return g == 0 || cbpr ? bpr0 : bpr1 - 1; }
  // GroupPriority(): the priority with the subpriority bits [bpr:0] cleared.
  uint8_t group_priority(uint8_t p, unsigned g) const {
    return uint8_t(p & ~((2u << group_bits(g)) - 1));
  }
  // The active-priority bit an acknowledge sets: one bit per preemption level.
  unsigned ap_bit(uint8_t p, unsigned g) const { return group_priority(p, g) >> (8 - pre_bits); }
  // Highest active priority (lowest set bit of AP0R | AP1R), or -1.
  int highest_active() const {
    for (unsigned n = 0; n < 4; ++n)
      for (unsigned b = 0; b < 32; ++b)
        if ((apr[0][n] | apr[1][n]) >> b & 1) return int(32 * n + b);
    return -1;
  }
  // ICC_RPR_EL1: the priority of the highest active bit, idle 0xff.
  uint8_t rpr() const {
    const int i = highest_active();
    return i < 0 ? 0xff : uint8_t(unsigned(i) << (8 - pre_bits));
  }
  // Highest priority pending interrupt: lowest priority value, then lowest tie key.
  bool hppi(unsigned& intid) const {
    bool found = false;
    for (const auto& [id, irq] : pend) {
      const Irq* best = found ? &pend.at(intid) : nullptr;
      if (!best || irq.prio < best->prio || (irq.prio == best->prio && irq.tie < best->tie)) {
        intid = id;
        found = true;
      }
    }
    return found;
  }
  // Signalled: below the priority mask and preempting the running priority.
  bool signalled(unsigned& intid) const {
    if (!hppi(intid)) return false;
    const Irq& i = pend.at(intid);
    return i.prio < pmr && group_priority(i.prio, i.group) < rpr();
  }
  void acknowledge(unsigned intid) {
    const Irq i = pend.at(intid);
    pend.erase(intid);
    act[intid] = i;
    const unsigned b = ap_bit(i.prio, i.group);
    apr[i.group][b / 32] |= 1u << (b % 32);
  }
  // PriorityDrop(): clears the highest active priority bit, in the EOIR's group.
  void drop(unsigned g) {
    const int i = highest_active();
    if (i < 0) return;
    uint32_t& r = apr[g][unsigned(i) / 32];
    const uint32_t bit = 1u << (unsigned(i) % 32);
    if (r & bit)
      r &= ~bit;
    else
      apr[1 - g][unsigned(i) / 32] &= ~bit;
  }
  void deactivate(unsigned intid) { act.erase(intid); }
};

}  // namespace gicsim::ref
