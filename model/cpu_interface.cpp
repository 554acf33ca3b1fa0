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
  igrpen[0] = igrpen[1] = false;
  eoimode = ackctl = fiqen = false;
  ctlr_other = 0;
  update_outputs();
}

CpuInterface::Hppi CpuInterface::hppi() const {
  Hppi best;
  for (unsigned g = 0; g < 2; ++g) {
    unsigned intid;
    if (!group_enabled(g) || !dist_.top(cpu_, g, intid)) continue;
    const uint8_t p = dist_.priority(cpu_, intid);
    if (!best.valid || p < best.prio || (p == best.prio && intid < best.intid))
      best = Hppi{true, intid, p, g};
  }
  return best;
}

uint32_t CpuInterface::encode(unsigned intid, unsigned source) const {
  if (dist_.is_v2() && intid < 16) return intid | (source & 7) << 10;
  return intid;
}

namespace {
// Returns 0 when kind may take group g, else the spurious ID to report.
uint32_t refusal(CpuInterface::Ack kind, unsigned g, bool ackctl) {
  switch (kind) {
    case CpuInterface::Ack::Group0:
      return g == 0 ? 0 : kSpurious;
    case CpuInterface::Ack::Group1:
      return g == 1 ? 0 : kSpurious;
    case CpuInterface::Ack::Group0OrAckCtl:
      return g == 0 || ackctl ? 0 : kSpuriousOtherGroup;
  }
  return kSpurious;
}
}  // namespace

uint32_t CpuInterface::peek(Ack kind) const {
  const Hppi h = hppi();
  if (!h.valid) return kSpurious;
  if (uint32_t r = refusal(kind, h.group, ackctl)) return r;
  unsigned source = 0;
  if (dist_.is_v2() && h.intid < 16) {
    const uint8_t s = dist_.sgi_sources(cpu_, h.intid);
    source = s ? unsigned(__builtin_ctz(s)) : 0;
  }
  return encode(h.intid, source);
}

uint32_t CpuInterface::acknowledge(Ack kind) {
  const Hppi h = hppi();
  if (!h.valid) return kSpurious;
  if (uint32_t r = refusal(kind, h.group, ackctl)) return r;
  if (!prio.signals(h.prio, h.group)) return kSpurious;
  const unsigned source = dist_.acknowledge(cpu_, h.intid);
  prio.activate(h.prio, h.group);
  update_outputs();
  return encode(h.intid, source);
}

void CpuInterface::end_of_interrupt(uint32_t value) {
  const unsigned intid = value & 0x3ff;
  if (intid >= 1020) return;  // special INTIDs: no effect
  if (!prio.drop())
    Log::guest_error("cpu" + std::to_string(cpu_) + ": EOI of INTID " + std::to_string(intid) +
                     " with no active priority");
  if (!eoimode) dist_.deactivate(cpu_, intid);
  update_outputs();
}

void CpuInterface::deactivate(uint32_t value) {
  const unsigned intid = value & 0x3ff;
  if (intid >= 1020) return;
  if (!eoimode) {
    Log::guest_error("cpu" + std::to_string(cpu_) + ": DIR write with EOImode 0 ignored");
    return;
  }
  dist_.deactivate(cpu_, intid);
  update_outputs();
}

void CpuInterface::update_outputs() {
  bool irq = false, fiq = false;
  const Hppi h = hppi();
  if (h.valid && prio.signals(h.prio, h.group)) {
    const bool as_fiq = h.group == 0 && (!dist_.is_v2() || fiqen);
    (as_fiq ? fiq : irq) = true;
  }
  if (irq_) irq_->set(irq);
  if (fiq_) fiq_->set(fiq);
}

}  // namespace gicsim
