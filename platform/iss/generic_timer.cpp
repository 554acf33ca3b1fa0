#include "generic_timer.h"

namespace gicsim {

namespace {
// CRm of the timer register groups (op1 3: EL0 registers, op1 4: EL2).
constexpr unsigned kCrmCounter = 0, kCrmPhys = 2, kCrmVirt = 3;
// op2 within a timer group.
constexpr unsigned kTval = 0, kCtl = 1, kCval = 2;
}  // namespace

GenericTimer::Result GenericTimer::access(unsigned op1, unsigned crm, unsigned op2, bool write,
                                          uint64_t& v, uint64_t count, unsigned el,
                                          uint64_t frequency) {
  Id t;
  if (op1 == 3 && crm == kCrmCounter) {  // CNTFRQ, CNTPCT, CNTVCT
    if (write) return op2 <= 2 ? Result::Undefined : Result::NotTimer;
    switch (op2) {
      case 0:
        v = frequency;
        return Result::Ok;
      case 1:
        v = count;
        return Result::Ok;
      case 2:
        v = count - cntvoff_;
        return Result::Ok;
      default:
        return Result::NotTimer;
    }
  } else if (op1 == 4 && crm == 0 && op2 == 3) {  // CNTVOFF_EL2
    if (el < 2) return Result::Undefined;
    if (write)
      cntvoff_ = v;
    else
      v = cntvoff_;
    return Result::Ok;
  } else if (op1 == 4 && crm == 1 && op2 == 0) {  // CNTHCTL_EL2 (kept, not enforced)
    if (el < 2) return Result::Undefined;
    if (write)
      cnthctl_ = v & 3;
    else
      v = cnthctl_;
    return Result::Ok;
  } else if (op1 == 3 && crm == kCrmPhys) {
    t = Phys;
  } else if (op1 == 3 && crm == kCrmVirt) {
    t = Virt;
  } else if (op1 == 4 && crm == kCrmPhys) {
    if (el < 2) return Result::Undefined;
    t = Hyp;
  } else {
    return Result::NotTimer;
  }
  Regs& r = regs_[t];
  const uint64_t now = view(t, count);
  switch (op2) {
    case kTval:  // signed 32-bit: CVAL - count on read; count + value on write
      if (write)
        r.cval = now + uint64_t(int64_t(int32_t(uint32_t(v))));
      else
        v = uint32_t(r.cval - now);
      return Result::Ok;
    case kCtl:
      if (write)
        r.ctl = uint32_t(v) & (kEnable | kImask);
      else
        v = r.ctl | ((r.ctl & kEnable) && met(t, count) ? kIstatus : 0);
      return Result::Ok;
    case kCval:
      if (write)
        r.cval = v;
      else
        v = r.cval;
      return Result::Ok;
    default:
      return Result::NotTimer;
  }
}

bool GenericTimer::line(Id t, uint64_t count) const {
  const Regs& r = regs_[t];
  return (r.ctl & kEnable) && !(r.ctl & kImask) && met(t, count);
}

std::optional<uint64_t> GenericTimer::next_rise(uint64_t count) const {
  std::optional<uint64_t> best;
  for (unsigned i = 0; i < kTimers; ++i) {
    const Id t = Id(i);
    const Regs& r = regs_[t];
    if (!(r.ctl & kEnable) || (r.ctl & kImask) || met(t, count)) continue;
    // Physical count at which the view reaches CVAL.
    const uint64_t at = t == Virt ? r.cval + cntvoff_ : r.cval;
    if (at > count && (!best || at < *best)) best = at;
  }
  return best;
}

void GenericTimer::reset() {
  regs_ = {};
  cntvoff_ = cnthctl_ = 0;
}

}  // namespace gicsim
