#include "cpu_interface.h"

#include "log.h"

namespace gicsim {

CpuInterface::CpuInterface(Distributor& dist, unsigned cpu, IrqLine* irq, IrqLine* fiq)
    : dist_(dist), cpu_(cpu), irq_(irq), fiq_(fiq) {
  const unsigned pri = dist.config().pri_bits;
  prio.configure(pri, pri > 7 ? 7 : pri);
}

void CpuInterface::reset() {
  prio.reset();
  igrpen[0] = igrpen[1] = igrpen[2] = false;
  eoimode = eoimode_s = eoimode_el3 = ackctl = fiqen = false;
  ctlr_other = 0;
  pe_ = PeState::NonSecure;
  update_outputs();
}

CpuInterface::Hppi CpuInterface::hppi() const {
  Hppi best;
  for (unsigned g = 0; g < dist_.groups(); ++g) {
    unsigned intid;
    if (!group_enabled(g) || !dist_.top(cpu_, g, intid)) continue;
    const uint8_t p = dist_.priority(cpu_, intid);
    if (!best.valid || p < best.prio || (p == best.prio && intid < best.intid))
      best = Hppi{true, intid, p, g};
  }
  // LPIs are Non-secure Group 1; an SPI wins a tie (lower INTID).
  uint32_t lpi;
  uint8_t p;
  if (lpis_ && group_enabled(Distributor::kG1NS) && lpis_->top(cpu_, lpi, p) &&
      (!best.valid || p < best.prio))
    best = Hppi{true, lpi, p, Distributor::kG1NS};
  return best;
}

uint32_t CpuInterface::encode(unsigned intid, unsigned source) const {
  if (dist_.is_v2() && intid < 16) return intid | (source & 7) << 10;
  return intid;
}

// Returns 0 when kind may take group g, else the special INTID to report.
uint32_t CpuInterface::refusal(Ack kind, unsigned g, IccAccess who) const {
  switch (kind) {
    case Ack::Group0:
      if (g == Distributor::kG0) return 0;
      if (who.el3 && dist_.secure())
        return g == Distributor::kG1S ? kSpuriousSecureG1 : kSpuriousNsG1;
      return kSpurious;
    case Ack::Group1:
      return g == group1(who) ? 0 : kSpurious;
    case Ack::Group0OrAckCtl:
      return g == 0 || ackctl ? 0 : kSpuriousOtherGroup;
  }
  return kSpurious;
}

uint32_t CpuInterface::peek(Ack kind, IccAccess who) const {
  const Hppi h = hppi();
  if (!h.valid) return kSpurious;
  if (uint32_t r = refusal(kind, h.group, who)) return r;
  unsigned source = 0;
  if (dist_.is_v2() && h.intid < 16) {
    const uint8_t s = dist_.sgi_sources(cpu_, h.intid);
    source = s ? unsigned(__builtin_ctz(s)) : 0;
  }
  return encode(h.intid, source);
}

uint32_t CpuInterface::acknowledge(Ack kind, IccAccess who) {
  const Hppi h = hppi();
  if (!h.valid) return kSpurious;
  if (uint32_t r = refusal(kind, h.group, who)) return r;
  if (!prio.signals(h.prio, h.group)) return kSpurious;
  unsigned source = 0;
  deferring_outputs([&] {
    if (h.intid >= Lpis::kFirst)
      lpis_->acknowledge(cpu_, h.intid);  // no active state: pending -> idle
    else
      source = dist_.acknowledge(cpu_, h.intid);
  });
  prio.activate(h.prio, h.group);
  update_outputs();
  return encode(h.intid, source);
}

void CpuInterface::end_of_interrupt(uint32_t value, Ack kind, IccAccess who) {
  const unsigned intid = intid_of(value);
  if (intid >= 1020 && intid < 1024) return;  // special INTIDs: no effect
  auto what = [&] {
    return "cpu" + std::to_string(cpu_) + ": EOI of INTID " + std::to_string(intid);
  };
  if (dist_.is_v2() && !owns(intid, who, false)) {
    dist_.logger().guest_error(what() + ": a Non-secure EOI of a Group 0 interrupt, ignored");
    return;
  }
  int group = -1;
  if (!dist_.is_v2()) {
    // GICv3: the highest active priority must belong to the EOIR's group.
    const int active = prio.highest_active();
    group = kind == Ack::Group0 ? int(Distributor::kG0) : int(group1(who));
    if (active >= 0 && !prio.active_in(active, unsigned(group))) {
      dist_.logger().guest_error(what() +
                                 ": the highest active priority is of another group, ignored");
      return;
    }
  }
  if (prio.drop(group) < 0) dist_.logger().guest_error(what() + " with no active priority");
  // LPIs have no active state: EOI only drops the priority.
  if (!split(who) && intid < 1020) deferring_outputs([&] { dist_.deactivate(cpu_, intid); });
  update_outputs();
}

void CpuInterface::deactivate(uint32_t value, IccAccess who) {
  const unsigned intid = intid_of(value);
  if (intid >= 1020) return;  // special INTIDs; LPIs have no active state
  auto what = [&] {
    return "cpu" + std::to_string(cpu_) + ": DIR of INTID " + std::to_string(intid);
  };
  if (!split(who)) {
    dist_.logger().guest_error(what() + " with EOImode 0 ignored");
    return;
  }
  if (!owns(intid, who, true)) {
    dist_.logger().guest_error(what() + ": the interrupt's group is not accessible here, ignored");
    return;
  }
  deferring_outputs([&] { dist_.deactivate(cpu_, intid); });
  update_outputs();
}

// With two Security states, Non-secure code completes only Non-secure Group 1
// interrupts; GICv3 Secure EL1 does not deactivate Group 0 ones, which belong
// to EL3 (SCR_EL3.FIQ = 1).
bool CpuInterface::owns(unsigned intid, IccAccess who, bool deactivation) const {
  if (!dist_.secure() || who.el3 || !dist_.implemented(intid)) return true;
  const unsigned g = dist_.group_of(cpu_, intid);
  if (!who.secure) return g == Distributor::kG1NS;
  return !deactivation || dist_.is_v2() || g != Distributor::kG0;
}

void CpuInterface::set_pe_state(PeState s) {
  if (pe_ == s) return;
  pe_ = s;
  update_outputs();
}

// Group 0 is a FIQ (GICv2: with FIQEn). With two Security states a Group 1
// interrupt is an IRQ only while the PE runs in its Security state below EL3.
bool CpuInterface::as_fiq(unsigned group) const {
  if (dist_.is_v2()) return group == 0 && fiqen;
  if (group == Distributor::kG0) return true;
  if (!dist_.secure()) return false;
  return group == Distributor::kG1S ? pe_ != PeState::Secure : pe_ != PeState::NonSecure;
}

void CpuInterface::update_outputs() {
  if (deferring_) return;
  bool irq = false, fiq = false;
  const Hppi h = hppi();
  if (h.valid && prio.signals(h.prio, h.group)) (as_fiq(h.group) ? fiq : irq) = true;
  if (irq_) irq_->set(irq);
  if (fiq_) fiq_->set(fiq);
}

}  // namespace gicsim
