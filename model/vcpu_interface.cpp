#include "vcpu_interface.h"

#include "cpu_interface.h"
#include "log.h"

namespace gicsim {

VirtualCpuInterface::VirtualCpuInterface(Distributor& dist, unsigned cpu, unsigned lrs,
                                         unsigned vpri_bits, bool v2, IrqLine* virq, IrqLine* vfiq,
                                         IrqLine* maint)
    : dist_(dist), cpu_(cpu), v2_(v2), lr_(lrs), virq_(virq), vfiq_(vfiq), maint_(maint) {
  prio.configure(vpri_bits, vpri_bits > 7 ? 7 : vpri_bits);
  reset();
}

void VirtualCpuInterface::reset() {
  for (unsigned n = 0; n < lrs(); ++n) set_lr(n, ListReg{});
  hcr_ = 0;
  prio.reset();
  veng[0] = veng[1] = false;
  vackctl = veoim = false;
  vfiqen = !v2_;  // GICv3: VFIQEn is RES1
  update();
}

void VirtualCpuInterface::set_lr(unsigned n, const ListReg& v) {
  ListReg& l = lr_[n];
  l = v;
  l.prio &= pri_mask();  // unimplemented priority bits are RES0 (as QEMU, gem5)
  const uint32_t bit = 1u << n;
  pending_mask_ = l.state == ListReg::kPending ? pending_mask_ | bit : pending_mask_ & ~bit;
  valid_mask_ = l.state != ListReg::kInvalid ? valid_mask_ | bit : valid_mask_ & ~bit;
  const bool eoi = l.state == ListReg::kInvalid && !l.hw && l.eoi;
  eoi_mask_ = eoi ? eoi_mask_ | bit : eoi_mask_ & ~bit;
}

void VirtualCpuInterface::set_hcr(uint32_t v) {
  hcr_ = v;
  update();
}

uint32_t VirtualCpuInterface::elrsr() const {
  // Empty: State=0 and (HW=1 or EOI=0), i.e. invalid and not awaiting EOI maintenance.
  const uint32_t all = lrs() >= 32 ? ~0u : (1u << lrs()) - 1;
  return all & ~valid_mask_ & ~eoi_mask_;
}

uint32_t VirtualCpuInterface::misr() const {
  uint32_t m = 0;
  if (eoi_mask_) m |= misr::kEOI;
  if ((hcr_ & hcr::kUIE) && __builtin_popcount(valid_mask_) <= 1) m |= misr::kU;
  if ((hcr_ & hcr::kLRENPIE) && (hcr_ & hcr::kEOIcountMask)) m |= misr::kLRENP;
  if ((hcr_ & hcr::kNPIE) && !pending_mask_) m |= misr::kNP;
  if ((hcr_ & hcr::kVGrp0EIE) && veng[0]) m |= misr::kVGrp0E;
  if ((hcr_ & hcr::kVGrp0DIE) && !veng[0]) m |= misr::kVGrp0D;
  if ((hcr_ & hcr::kVGrp1EIE) && veng[1]) m |= misr::kVGrp1E;
  if ((hcr_ & hcr::kVGrp1DIE) && !veng[1]) m |= misr::kVGrp1D;
  return m;
}

VirtualCpuInterface::Best VirtualCpuInterface::best_pending() const {
  Best b;
  if (!enabled()) return b;
  for (uint32_t m = pending_mask_; m; m &= m - 1) {
    const unsigned n = unsigned(__builtin_ctz(m));
    const ListReg& l = lr_[n];
    if (!veng[l.group] || (b.lr >= 0 && l.prio >= b.prio)) continue;
    b = Best{int(n), l.prio};
  }
  return b;
}

namespace {
// 0 when an acknowledge of this kind may take the group, else the spurious ID.
uint32_t refusal(VirtualCpuInterface::Ack kind, bool group1, bool ackctl) {
  switch (kind) {
    case VirtualCpuInterface::Ack::Group0:
      return group1 ? kSpurious : 0;
    case VirtualCpuInterface::Ack::Group1:
      return group1 ? 0 : kSpurious;
    case VirtualCpuInterface::Ack::Group0OrAckCtl:
      return !group1 || ackctl ? 0 : kSpuriousOtherGroup;
  }
  return kSpurious;
}
}  // namespace

uint32_t VirtualCpuInterface::peek(Ack kind) const {
  const Best b = best_pending();
  if (b.lr < 0) return kSpurious;
  const ListReg& l = lr_[unsigned(b.lr)];
  if (uint32_t r = refusal(kind, l.group, vackctl)) return r;
  return v2_ && l.vintid < 16 ? l.vintid | unsigned(l.source) << 10 : l.vintid;
}

uint32_t VirtualCpuInterface::acknowledge(Ack kind) {
  const Best b = best_pending();
  if (b.lr < 0) return kSpurious;
  const unsigned n = unsigned(b.lr);
  ListReg l = lr_[n];
  if (uint32_t r = refusal(kind, l.group, vackctl)) return r;
  if (!prio.signals(l.prio, l.group)) return kSpurious;
  const uint32_t id = v2_ && l.vintid < 16 ? l.vintid | unsigned(l.source) << 10 : l.vintid;
  if (l.vintid >= 1020 && l.vintid <= 1023) {
    l.state = ListReg::kInvalid;  // special INTIDs: Pending -> Invalid, no active priority
  } else {
    l.state = ListReg::kActive;
    prio.activate(l.prio, l.group);
  }
  set_lr(n, l);
  update();
  return id;
}

int VirtualCpuInterface::find_active(uint32_t vintid, unsigned source) const {
  for (uint32_t m = valid_mask_; m; m &= m - 1) {
    const unsigned n = unsigned(__builtin_ctz(m));
    const ListReg& l = lr_[n];
    if (l.active() && l.vintid == vintid && (!v2_ || vintid >= 16 || l.source == source))
      return int(n);
  }
  return -1;
}

void VirtualCpuInterface::count_eoi() {
  const uint32_t count = ((hcr_ >> hcr::kEOIcountShift) + 1) & 0x1f;
  hcr_ = (hcr_ & ~hcr::kEOIcountMask) | count << hcr::kEOIcountShift;
}

void VirtualCpuInterface::deactivate_lr(unsigned n) {
  ListReg l = lr_[n];
  l.state &= uint8_t(~ListReg::kActive);
  if (l.hw) {
    // pINTID 0..15 (SGIs) and beyond what the GIC implements name nothing.
    if (l.pintid >= 16 && dist_.implemented(l.pintid))
      dist_.deactivate(cpu_, l.pintid);
    else
      dist_.logger().guest_error("cpu" + std::to_string(cpu_) + ": LR" + std::to_string(n) +
                                 " HW=1 with pINTID " + std::to_string(l.pintid) +
                                 ", which the GIC does not implement: no physical deactivation");
  }
  set_lr(n, l);
}

// The vINTID of an EOIR/DIR value; false for the special INTIDs 1020..1023.
bool VirtualCpuInterface::vintid_of(uint32_t value, uint32_t& vintid) const {
  vintid = v2_ ? value & 0x3ff : value & 0xffffff;
  return vintid < 1020 || vintid > 1023;
}

// Deactivation: of the matching LR, or counted in EOIcount when none matches.
void VirtualCpuInterface::deactivate_or_count(uint32_t vintid, uint32_t value) {
  const int n = find_active(vintid, (value >> 10) & 7);
  if (n < 0)
    count_eoi();
  else
    deactivate_lr(unsigned(n));
}

// Priority drop, then (EOImode 0) deactivation. EOIcount counts an EOI that
// dropped a priority and matched no LR (GICH_HCR.EOICount: EOIs that clear
// no GICH_APR bit do not count). GICv2 still deactivates a matching LR when
// nothing was active (as QEMU's GICv2); on GICv3 an EOI with no active
// priority is CONSTRAINED UNPREDICTABLE and the LRs are not looked at (as
// QEMU's GICv3). GICv3 deactivates the LR only when its group is the
// register's and its group priority is the one dropped (VirtualWriteEOIR0/1).
void VirtualCpuInterface::end_of_interrupt(uint32_t value, int group) {
  uint32_t vintid;
  if (!vintid_of(value, vintid)) return;
  const int dropped = prio.drop();
  auto what = [&] {
    return "cpu" + std::to_string(cpu_) + ": virtual EOI of " + std::to_string(vintid);
  };
  if (dropped < 0) dist_.logger().guest_error(what() + " with no active priority");
  if (veoim || (dropped < 0 && !v2_)) return update();
  const int n = find_active(vintid, (value >> 10) & 7);
  if (n < 0) {
    if (dropped >= 0) count_eoi();
  } else {
    const ListReg& l = lr_[unsigned(n)];
    if (v2_ || group < 0 || (int(l.group) == group && prio.ap_index(l.prio, l.group) == dropped))
      deactivate_lr(unsigned(n));
    else
      dist_.logger().guest_error(what() + ": the LR's group or priority is not the one dropped");
  }
  update();
}

// DIR (EOImode 1): deactivates the matching LR, or counts in EOIcount (an
// earlier EOIR dropped the priority, so no GICH_APR bit is involved here).
void VirtualCpuInterface::deactivate(uint32_t value) {
  uint32_t vintid;
  if (!vintid_of(value, vintid)) return;
  if (!veoim) {
    dist_.logger().guest_error("cpu" + std::to_string(cpu_) +
                               ": virtual DIR write with VEOIM 0 ignored");
    return;
  }
  deactivate_or_count(vintid, value);
  update();
}

void VirtualCpuInterface::update() {
  bool irq = false, fiq = false;
  const Best b = best_pending();
  if (b.lr >= 0) {
    const ListReg& l = lr_[unsigned(b.lr)];
    if (prio.signals(l.prio, l.group)) (!l.group && vfiqen ? fiq : irq) = true;
  }
  if (virq_) virq_->set(irq);
  if (vfiq_) vfiq_->set(fiq);
  if (maint_) maint_->set(enabled() && misr() != 0);
}

}  // namespace gicsim
