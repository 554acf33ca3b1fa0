#include "vm.h"

namespace gicsim {

namespace {
constexpr uint8_t kGuestPriority = 0xa0;  // Linux's GICD_INT_DEF_PRI
}

Vm::Vm(unsigned id, const GicConfig& vcfg, bool guest_booted, bool guest_eoi_mode)
    : id_(id),
      cfg_(vcfg),
      dist_(vcfg),
      its_cache_(size_t(16) * vcfg.cpus),  // KVM's LRU: 16 entries per vCPU
      vcpus_(vcfg.cpus),
      hw_(1020, -1) {
  const std::string name = "vm" + std::to_string(id) + ".";
  unsigned lpis = 0;
  if (cfg_.version == 3 && cfg_.lpi_bits) {
    // KVM's vgic-its: 16 INTID bits, an emulated ITS over the guest's RAM;
    // the guest's redistributors have no direct LPIs.
    cfg_.lpi_bits = kLpiBits;
    lpis = (1u << kLpiBits) - Lpis::kFirst;
    mem_ = std::make_unique<SparseMemory>(kRamBase, kRamSize);
    Logger& log = Logger::fallback();
    lpis_ = std::make_unique<Lpis>(cfg_.cpus, kLpiBits, uint8_t(0xff << (8 - cfg_.pri_bits)), log);
    lpis_->set_memory(mem_.get());
    lpis_->on_lpi = [this](unsigned, uint32_t intid) { lpi_changed(intid); };
    if (cfg_.its) {
      ItsConfig ic;
      ic.device_bits = cfg_.its_device_bits;
      ic.event_bits = cfg_.its_event_bits;
      ic.lpi_bits = kLpiBits;
      its_ = std::make_unique<Its>(ic, *mem_, *lpis_, log);
      its_frames_ = std::make_unique<ItsFrames>(*its_, log);
      its_->on_mappings_changed = [this] { its_cache_.clear(); };
    }
  } else {
    cfg_.lpi_bits = 0;
    cfg_.its = false;
  }
  frames_ = std::make_unique<DistributorFrames>(dist_, name, lpis_.get(), false);
  lpi_slot_ = size_t(cfg_.cpus) * 32 + cfg_.spis;
  const size_t slots = lpi_slot_ + lpis;
  on_list.assign(slots, -1);
  in_lr.assign(slots, 0);
  sgi_source.assign(slots, 0);
  key_stale.assign(slots, 1);
  signature_.assign(slots, ~0u);
  active_on_.assign(cfg_.spis + lpis, -1);
  lpi_at_.assign(lpis, -1);
  for (VcpuState& v : vcpus_) v.ap_list.reserve(64);
  dist_.on_irq = [this](unsigned owner, unsigned intid) { queue(owner, intid); };
  if (!guest_booted) return;
  // The state a guest's GIC driver leaves behind: distributor groups on,
  // every interrupt enabled with the default priority, SPIs to vCPU 0,
  // redistributors awake; VMCR with VPMR 0xf0. A GICv3 guest (Linux) puts
  // everything in Group 1; a GICv2 guest leaves Group 0 delivered as IRQ.
  dist_.set_group_enabled(0, true);
  dist_.set_group_enabled(1, true);
  const unsigned words = (cfg_.intids() + 31) / 32;
  for (unsigned k = 0; k < cfg_.cpus; ++k) {
    frames_->set_awake(k, true);
    for (unsigned w = 0; w < words; ++w) {
      if (w > 0 && k > 0) break;
      if (cfg_.version == 3) dist_.update_word(Distributor::kGroup, k, w, ~0u, 0);
      dist_.update_word(Distributor::kEnable, k, w, ~0u, 0);
    }
    for (unsigned i = 0; i < 32; ++i) dist_.set_priority(k, i, kGuestPriority);
    VcpuState& v = vcpus_[k];
    constexpr uint32_t kVmcrPmrBpr = 0xf0u << 24 | 2u << 21 | 3u << 18;
    constexpr uint32_t kVENG0 = 0x1, kVENG1 = 0x2, kVFIQEn = 0x8, kVEOIM = 1u << 9;
    v.ctx.vmcr = kVmcrPmrBpr | (cfg_.version == 3 ? kVENG0 | kVENG1 | kVFIQEn : kVENG0) |
                 (guest_eoi_mode ? kVEOIM : 0);
  }
  for (unsigned i = 32; i < cfg_.intids(); ++i) {
    dist_.set_priority(0, i, kGuestPriority);
    if (cfg_.version == 2) dist_.set_targets(i, 0x1);
  }
}

int Vm::oracle(unsigned owner, unsigned intid) const {
  if (is_lpi(intid)) {
    // Active where the guest acked it; else pending and enabled where the
    // ITS (its collection) put it.
    const int a = active_vcpu(intid);
    if (a >= 0) return a;
    return enabled(0, intid) ? lpi_at_[intid - Lpis::kFirst] : -1;
  }
  if (dist_.bit(Distributor::kActive, owner, intid)) {
    if (intid < 32) return int(owner);
    const int v = active_vcpu(intid);
    return v >= 0 ? v : 0;
  }
  const uint64_t p = dist_.placed(owner, intid);
  return p ? int(__builtin_ctzll(p)) : -1;
}

void Vm::set_active(unsigned o, unsigned id, bool on, unsigned k) {
  if (!is_lpi(id)) {
    if (on && id >= 32) active_vcpu(id) = int8_t(k);
    dist_.set_state(Distributor::kActive, o, id, on);
    return;
  }
  int8_t& a = active_vcpu(id);
  if ((a >= 0) == on && (!on || a == int8_t(k))) return;
  lpis_active_ += on ? (a < 0 ? 1 : 0) : -1;
  a = on ? int8_t(k) : int8_t(-1);
  queue(0, id);
}

void Vm::set_edge_pending(unsigned o, unsigned id, bool on, unsigned k) {
  if (!is_lpi(id)) {
    dist_.set_state(Distributor::kLatch, o, id, on);
    return;
  }
  // Consumed where it is pending; back at the vCPU whose LR held it.
  const int at = lpi_at_[id - Lpis::kFirst];
  if (!on && at >= 0) lpis_->set_lpi_pending(unsigned(at), id, false);
  if (on) lpis_->set_lpi_pending(k, id, true);
}

// An LPI's pending state or configuration changed in the Lpis (the ITS, a
// fold, the guest's INV or EnableLPIs): where it is pending now, and the
// world switch's look at it.
void Vm::lpi_changed(uint32_t intid) {
  int8_t& at = lpi_at_[intid - Lpis::kFirst];
  at = -1;
  for (unsigned k = 0; k < cfg_.cpus && at < 0; ++k)
    if (lpis_->lpi_pending(k, intid)) at = int8_t(k);
  queue(0, intid);
}

bool Vm::routes_to(unsigned spi, unsigned k) const {
  if (is_lpi(spi)) return lpi_at_[spi - Lpis::kFirst] == int(k);
  if (cfg_.version == 2) return dist_.targets(spi) >> k & 1;
  constexpr uint64_t kIrm = 1ull << 31;
  const uint64_t r = dist_.irouter(spi);
  return (r & kIrm) || r == dist_.affinity_of(k);
}

// What the world switch looks at of an interrupt; a change of anything else
// (the line of an edge interrupt already pending, a coalesced injection)
// needs no vCPU's attention.
uint32_t Vm::signature(unsigned owner, unsigned intid) const {
  const int t = oracle(owner, intid);
  return uint32_t(pending(owner, intid)) * kSigPending | uint32_t(enabled(owner, intid)) << 1 |
         uint32_t(active(owner, intid)) << 2 | uint32_t(group1(owner, intid)) << 3 |
         uint32_t(edge(owner, intid)) << 4 | uint32_t(priority(owner, intid)) << 8 |
         uint32_t(t + 1) << kSigTargetShift |
         uint32_t(intid < 16 ? dist_.sgi_sources(owner, intid) : 0) << kSigSourcesShift;
}

void Vm::queue(unsigned owner, unsigned intid) {
  const uint32_t sig = signature(owner, intid), old = signature_[slot(owner, intid)];
  if (sig == old) {
    ++unchanged;
    return;
  }
  signature_[slot(owner, intid)] = sig;
  // Pending again and nothing else changed (its target follows from being
  // pending): if the running vCPU holds it pending in an LR, the new
  // instance merges into that one (no kick).
  const bool repended =
      ((old ^ sig) & ~(kSigPending | kSigTarget | kSigSources)) == 0 && (sig & kSigPending);
  int8_t& on = on_list[slot(owner, intid)];
  key_stale[slot(owner, intid)] = 1;
  if (on >= 0 && !quiet) vcpus_[size_t(on)].list_dirty = true;
  const int t = int((sig & kSigTarget) >> kSigTargetShift) - 1;  // the oracle's answer
  if (t < 0) return;
  if (on < 0) {
    on = int8_t(t);
    vcpus_[size_t(t)].ap_list.push_back(ApEntry{uint16_t(intid), uint8_t(owner)});
  } else if (on != t && vcpus_[size_t(on)].cpu < 0 && !quiet) {
    // Retargeted while on the list of a vCPU that is not running: it would
    // wait there until that vCPU runs and prunes; move it now instead.
    std::vector<ApEntry>& from = vcpus_[size_t(on)].ap_list;
    for (size_t i = 0; i < from.size(); ++i) {
      if (from[i].intid != intid || from[i].owner != owner) continue;
      from.erase(from.begin() + long(i));
      on = int8_t(t);
      vcpus_[size_t(t)].ap_list.push_back(ApEntry{uint16_t(intid), uint8_t(owner)});
      break;
    }
  }
  // An interrupt already on another vCPU's list migrates when that list is
  // pruned; either way the vCPU now holding it must look again.
  if (quiet || !kick) return;
  if (repended && merge_into_lr && merge_into_lr(*this, unsigned(on), owner, intid)) return;
  kick(*this, unsigned(on));
}

}  // namespace gicsim
