// The Arm generic timer of one PE (DDI 0487 D11): the system counter view
// (CNTPCT_EL0, CNTVCT_EL0 = CNTPCT - CNTVOFF_EL2), and three timers, each
// CVAL/TVAL/CTL: the EL1 physical timer (CNTP_*, PPI 30), the virtual timer
// (CNTV_*, PPI 27) and the EL2 physical timer (CNTHP_*, PPI 26). A timer's
// condition is met when its counter view >= CVAL; its interrupt line is
// ENABLE && !IMASK && ISTATUS (level). Plain C++: the counter value is the
// caller's (the CPU model derives it from SystemC time).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace gicsim {

class GenericTimer {
 public:
  enum Id : uint8_t { Phys, Virt, Hyp, kTimers };
  static constexpr unsigned kPpi[kTimers] = {30, 27, 26};
  // CNTx_CTL_EL0 fields.
  static constexpr uint32_t kEnable = 1u << 0, kImask = 1u << 1, kIstatus = 1u << 2;

  enum class Result : uint8_t { NotTimer, Ok, Undefined };
  // One MRS/MSR of a timer register (op0 = 3, CRn = 14). el is the
  // accessing exception level: EL2 registers are UNDEFINED below EL2.
  // CNTFRQ_EL0 reads return frequency; writes to it are UNDEFINED (only the
  // highest implemented EL, EL3, may write it, and no program runs there).
  Result access(unsigned op1, unsigned crm, unsigned op2, bool write, uint64_t& value,
                uint64_t count, unsigned el, uint64_t frequency);

  bool line(Id t, uint64_t count) const;
  // The earliest physical count > count at which a line rises (an enabled,
  // unmasked timer whose condition is not met yet), if any.
  std::optional<uint64_t> next_rise(uint64_t count) const;
  void reset();

 private:
  struct Regs {
    uint64_t cval = 0;
    uint32_t ctl = 0;  // ENABLE and IMASK (ISTATUS is derived)
  };
  uint64_t view(Id t, uint64_t count) const { return t == Virt ? count - cntvoff_ : count; }
  bool met(Id t, uint64_t count) const { return view(t, count) >= regs_[t].cval; }
  std::array<Regs, kTimers> regs_{};
  uint64_t cntvoff_ = 0, cnthctl_ = 0;
};

}  // namespace gicsim
