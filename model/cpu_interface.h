// Physical CPU interface logic, shared by the GICv3 ICC_* system registers
// and the GICv2 GICC MMIO frame: highest priority pending interrupt,
// acknowledge, priority drop and deactivation, and the IRQ/FIQ outputs.
#pragma once

#include <cstdint>

#include "distributor.h"
#include "irq_line.h"
#include "lpis.h"
#include "priority.h"

namespace gicsim {

constexpr uint32_t kSpurious = 1023;
constexpr uint32_t kSpuriousOtherGroup = 1022;  // GICv2: Group 1 pending, AckCtl clear
constexpr uint32_t kSpuriousSecureG1 = 1020;    // IAR0/HPPIR0 at EL3: Secure Group 1 pending
constexpr uint32_t kSpuriousNsG1 = 1021;        // IAR0/HPPIR0 at EL3: Non-secure Group 1 pending

// Where the PE executes, which decides whether a Group 1 interrupt is an IRQ
// or a FIQ when there are two Security states.
enum class PeState : uint8_t { NonSecure, Secure, El3 };

// Who reaches the CPU interface: with two Security states, banked registers
// follow the access's Security state (at EL3, SCR_EL3.NS); EL3 also sees the
// special INTIDs 1020/1021. With one Security state both are ignored.
struct IccAccess {
  bool secure = false;
  bool el3 = false;
};

class CpuInterface {
 public:
  // Which groups an acknowledge may take.
  enum class Ack { Group0, Group1, Group0OrAckCtl };

  CpuInterface(Distributor& dist, unsigned cpu, IrqLine* irq, IrqLine* fiq);
  void reset();

  struct Hppi {
    bool valid = false;
    unsigned intid = kSpurious;
    uint8_t prio = 0xff;
    unsigned group = 0;
  };
  Hppi hppi() const;
  // Value of an HPPIR for this acknowledge kind (no side effects).
  uint32_t peek(Ack kind, IccAccess who = {}) const;
  // IAR: acknowledges the highest priority pending interrupt if it is of a group
  // this kind takes and is signalled (PMR, running priority); else a spurious ID.
  uint32_t acknowledge(Ack kind, IccAccess who = {});
  // EOIR: priority drop, and deactivation unless EOImode is set. GICv3 (kind
  // Group0/Group1): ignored unless the highest active priority is of that group.
  void end_of_interrupt(uint32_t value, Ack kind = Ack::Group0OrAckCtl, IccAccess who = {});
  // DIR: deactivation (EOImode 1), of an interrupt the accessing state may deactivate.
  void deactivate(uint32_t value, IccAccess who = {});
  void update_outputs();

  bool group_enabled(unsigned g) const { return igrpen[g] && dist_.group_enabled(g); }
  bool any_group_enabled() const { return igrpen[0] || igrpen[1] || igrpen[2]; }
  unsigned cpu() const { return cpu_; }
  // The Group 1 an access of this Security state owns (Secure or Non-secure).
  unsigned group1(IccAccess who) const {
    return dist_.secure() && who.secure ? Distributor::kG1S : Distributor::kG1NS;
  }
  // Whether EOIR only drops priority (EOImode of the access's EL and bank).
  bool split(IccAccess who) const {
    return who.el3 && dist_.secure() ? eoimode_el3
                                     : (dist_.secure() && who.secure ? eoimode_s : eoimode);
  }
  void set_pe_state(PeState s);
  // The redistributor's LPIs (GICv3 with LPIs), or none.
  void set_lpis(Lpis* l) { lpis_ = l; }
  PeState pe_state() const { return pe_; }

  PriorityLogic prio;
  bool igrpen[3] = {false, false, false};  // Group 0, Group 1 (Non-secure), Secure Group 1
  bool eoimode = false;                    // EOImode (Non-secure copy, or the only one)
  bool eoimode_s = false;                  // ICC_CTLR_EL1.EOImode, Secure copy
  bool eoimode_el3 = false;                // ICC_CTLR_EL3.EOImode_EL3
  bool ackctl = false;                     // GICv2 GICC_CTLR.AckCtl
  bool fiqen = false;       // GICv2 GICC_CTLR.FIQEn; GICv3 (DS=1): Group 0 always FIQ
  uint32_t ctlr_other = 0;  // GICv2 bypass-disable bits: stored, no effect

 private:
  uint32_t encode(unsigned intid, unsigned source) const;
  uint32_t refusal(Ack kind, unsigned group, IccAccess who) const;
  bool as_fiq(unsigned group) const;
  bool owns(unsigned intid, IccAccess who, bool deactivation) const;
  // INTID of an EOIR/DIR value: 24 bits on GICv3 (LPIs), 10 on GICv2.
  uint32_t intid_of(uint32_t value) const { return value & (dist_.is_v2() ? 0x3ffu : 0xffffffu); }
  // Runs a change of the distributor's (or LPIs') state on this CPU's behalf
  // without the outputs following each step: the caller updates them once
  // at the end (the lines see only the final level, as they would anyway:
  // every step between only masks more).
  template <class F>
  void deferring_outputs(F change) {
    deferring_ = true;
    change();
    deferring_ = false;
  }
  Distributor& dist_;
  bool deferring_ = false;
  Lpis* lpis_ = nullptr;
  PeState pe_ = PeState::NonSecure;
  unsigned cpu_;
  IrqLine* irq_;
  IrqLine* fiq_;
};

}  // namespace gicsim
