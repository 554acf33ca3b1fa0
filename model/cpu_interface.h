// Physical CPU interface logic, shared by the GICv3 ICC_* system registers
// and the GICv2 GICC MMIO frame: highest priority pending interrupt,
// acknowledge, priority drop and deactivation, and the IRQ/FIQ outputs.
#pragma once

#include <cstdint>

#include "distributor.h"
#include "irq_line.h"
#include "priority.h"

namespace gicsim {

constexpr uint32_t kSpurious = 1023;
constexpr uint32_t kSpuriousOtherGroup = 1022;  // GICv2: Group 1 pending, AckCtl clear

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
  uint32_t peek(Ack kind) const;
  // IAR: acknowledges the highest priority pending interrupt if it is of a group
  // this kind takes and is signalled (PMR, running priority); else a spurious ID.
  uint32_t acknowledge(Ack kind);
  // EOIR: priority drop, and deactivation unless EOImode is set.
  void end_of_interrupt(uint32_t value);
  // DIR: deactivation (EOImode 1).
  void deactivate(uint32_t value);
  void update_outputs();

  bool group_enabled(unsigned g) const { return igrpen[g] && dist_.group_enabled(g); }
  unsigned cpu() const { return cpu_; }

  PriorityLogic prio;
  bool igrpen[2] = {false, false};
  bool eoimode = false;
  bool ackctl = false;      // GICv2 GICC_CTLR.AckCtl
  bool fiqen = false;       // GICv2 GICC_CTLR.FIQEn; GICv3 (DS=1): Group 0 always FIQ
  uint32_t ctlr_other = 0;  // GICv2 bypass-disable bits: stored, no effect

 private:
  uint32_t encode(unsigned intid, unsigned source) const;
  Distributor& dist_;
  unsigned cpu_;
  IrqLine* irq_;
  IrqLine* fiq_;
};

}  // namespace gicsim
