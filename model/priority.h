// Priority logic shared by the physical (ICC_*/GICC) and virtual
// (ICV_*/GICV) CPU interfaces: binary points, group priority, the active
// priority registers and the running priority, following the GICv3
// pseudocode (GroupPriority, PriorityDrop, running priority from the APRs).
//
// Groups are indexed 0 = Group 0, 1 = Non-secure Group 1 (the only Group 1
// with a single Security state, and the virtual Group 1), 2 = Secure Group 1.
#pragma once

#include <cstdint>

namespace gicsim {

struct PriorityLogic {
  unsigned pri_bits = 5;  // implemented priority bits
  unsigned pre_bits = 5;  // preemption bits (active priority levels = 2^pre_bits)
  uint8_t pmr = 0;
  uint8_t bpr0 = 0, bpr1 = 0;  // stored binary points (bpr1 as written, see bpr1_value)
  uint8_t bpr1s = 0;           // Secure copy of BPR1 (two Security states)
  bool cbpr = false;           // CBPR of Group 1 (Non-secure copy)
  bool cbpr_s = false;         // CBPR of Secure Group 1
  static constexpr unsigned kGroups = 3;
  uint32_t ap[kGroups][4] = {};  // active priorities per group (AP0R, AP1R NS, AP1R S)

  void configure(unsigned pri, unsigned pre) {
    pri_bits = pri;
    pre_bits = pre;
    reset();
  }
  void reset() {
    pmr = 0;
    bpr0 = min_bpr0();
    bpr1 = min_bpr1();
    bpr1s = min_bpr0();
    cbpr = cbpr_s = false;
    for (auto& g : ap)
      for (auto& r : g) r = 0;
  }
  uint8_t pri_mask() const { return uint8_t(0xff << (8 - pri_bits)); }
  uint8_t min_bpr0() const { return uint8_t(7 - pre_bits); }
  uint8_t min_bpr1() const { return uint8_t(min_bpr0() + 1); }
  unsigned ap_regs() const { return pre_bits <= 5 ? 1 : 1u << (pre_bits - 5); }
  uint32_t ap_reg_mask() const { return pre_bits >= 5 ? ~0u : (1u << (1u << pre_bits)) - 1; }

  void set_bpr0(uint8_t v) { bpr0 = v < min_bpr0() ? min_bpr0() : uint8_t(v & 7); }
  void set_bpr1(uint8_t v) {
    if (cbpr) return;  // BPR1 writes are ignored while CBPR aliases it to BPR0
    bpr1 = v < min_bpr1() ? min_bpr1() : uint8_t(v & 7);
  }
  // The Secure BPR1 has BPR0's minimum (its group priority field starts one bit lower).
  void set_bpr1s(uint8_t v) { bpr1s = v < min_bpr0() ? min_bpr0() : uint8_t(v & 7); }
  // BPR1 as read: with CBPR it reflects BPR0 + 1 (saturated).
  uint8_t bpr1_value() const { return cbpr ? uint8_t(bpr0 + 1 > 7 ? 7 : bpr0 + 1) : bpr1; }

  // GroupBits(): Group 0 and CBPR use BPR0; Non-secure Group 1 uses BPR1 - 1;
  // Secure Group 1 uses its BPR1 as is.
  uint8_t group_priority(uint8_t p, unsigned group) const {
    unsigned bpr = bpr0;
    if (group == 1 && !cbpr) bpr = unsigned(bpr1) - 1;
    if (group == 2 && !cbpr_s) bpr = bpr1s;
    return uint8_t(p & (0xff << (bpr + 1)));
  }
  // Lowest set active-priority bit across all groups, or -1.
  int highest_active() const {
    for (unsigned r = 0; r < ap_regs(); ++r) {
      const uint32_t m = ap[0][r] | ap[1][r] | ap[2][r];
      if (m) return int(r * 32 + unsigned(__builtin_ctz(m)));
    }
    return -1;
  }
  // Group owning the highest active priority, or -1 when none is active.
  int highest_active_group() const {
    const int i = highest_active();
    if (i < 0) return -1;
    for (unsigned g = 0; g < kGroups; ++g)
      if (ap[g][unsigned(i) / 32] >> (unsigned(i) % 32) & 1) return int(g);
    return -1;
  }
  uint8_t running_priority() const {
    const int i = highest_active();
    return i < 0 ? 0xff : uint8_t(unsigned(i) << (8 - pre_bits));
  }
  // Would an interrupt of this priority and group be signalled (PMR and preemption)?
  bool signals(uint8_t p, unsigned group) const {
    return p < pmr && group_priority(p, group) < running_priority();
  }
  void activate(uint8_t p, unsigned group) {
    const unsigned i = unsigned(ap_index(p, group));
    ap[group][i / 32] |= 1u << (i % 32);
  }
  // Priority drop (the pseudocode's PriorityDrop): clears the highest active
  // priority bit in one group only. At equal priority the preferred group
  // goes first when given, then Group 0, Secure Group 1, Non-secure Group 1.
  // Returns the cleared bit's index (priority >> (8 - pre_bits)), or -1 when
  // nothing was active.
  int drop(int preferred = -1) {
    const int i = highest_active();
    if (i < 0) return -1;
    const unsigned r = unsigned(i) / 32;
    const uint32_t bit = 1u << (unsigned(i) % 32);
    const int order[] = {preferred, 0, 2, 1};
    for (int g : order) {
      if (g < 0 || !(ap[g][r] & bit)) continue;
      ap[g][r] &= ~bit;
      return i;
    }
    return -1;
  }
  // Whether group's active-priority bit for index i is set.
  bool active_in(int i, unsigned group) const {
    return i >= 0 && (ap[group][unsigned(i) / 32] >> (unsigned(i) % 32) & 1);
  }
  // The active-priority index an interrupt of this priority and group sets.
  int ap_index(uint8_t p, unsigned group) const {
    return int(group_priority(p, group) >> (8 - pre_bits));
  }
  bool any_active() const { return highest_active() >= 0; }

  // The Non-secure view of priorities with two Security states: Non-secure
  // software writes v and the GIC holds 0x80 | v >> 1; it reads p as p << 1.
  static uint8_t from_ns(uint8_t v) { return uint8_t(0x80 | v >> 1); }
  static uint8_t to_ns(uint8_t p) { return uint8_t(p << 1); }
  // PMR and RPR as Non-secure software reads them: the Secure half of the
  // range reads 0, idle (0xff) stays 0xff.
  static uint8_t mask_to_ns(uint8_t p) { return !(p & 0x80) ? 0 : p == 0xff ? p : to_ns(p); }
  uint8_t pmr_value(bool ns_view) const { return ns_view ? mask_to_ns(pmr) : pmr; }
  uint8_t rpr_value(bool ns_view) const {
    return ns_view ? mask_to_ns(running_priority()) : running_priority();
  }
  // A PMR write; a Non-secure one is ignored while a Secure mask is set.
  void set_pmr(uint8_t v, bool ns_view) {
    if (ns_view && !(pmr & 0x80)) return;
    pmr = (ns_view ? from_ns(v) : v) & pri_mask();
  }
};

}  // namespace gicsim
