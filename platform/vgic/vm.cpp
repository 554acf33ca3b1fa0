#include "vm.h"

namespace gicsim {

namespace {
constexpr uint8_t kGuestPriority = 0xa0;  // Linux's GICD_INT_DEF_PRI
}

Vm::Vm(unsigned id, const GicConfig& vcfg, bool guest_booted, bool guest_eoi_mode)
    : id_(id), cfg_(vcfg), dist_(vcfg), vcpus_(vcfg.cpus), hw_(1020, -1) {
  frames_ = std::make_unique<DistributorFrames>(dist_, "vm" + std::to_string(id) + ".");
  const size_t slots = size_t(cfg_.cpus) * 32 + cfg_.spis;
  on_list.assign(slots, -1);
  in_lr.assign(slots, 0);
  sgi_source.assign(slots, 0);
  key_stale.assign(slots, 1);
  signature_.assign(slots, ~0u);
  active_on.assign(cfg_.spis, -1);
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
  if (dist_.bit(Distributor::kActive, owner, intid)) {
    if (intid < 32) return int(owner);
    const int v = active_on[intid - 32];
    return v >= 0 ? v : 0;
  }
  const uint64_t p = dist_.placed(owner, intid);
  return p ? int(__builtin_ctzll(p)) : -1;
}

bool Vm::routes_to(unsigned spi, unsigned k) const {
  if (cfg_.version == 2) return dist_.targets(spi) >> k & 1;
  constexpr uint64_t kIrm = 1ull << 31;
  const uint64_t r = dist_.irouter(spi);
  return (r & kIrm) || r == dist_.affinity_of(k);
}

// What the world switch looks at of an interrupt; a change of anything else
// (the line of an edge interrupt already pending, a coalesced injection)
// needs no vCPU's attention.
uint32_t Vm::signature(unsigned owner, unsigned intid) const {
  using D = Distributor;
  const int t = oracle(owner, intid);
  return uint32_t(dist_.pending(owner, intid)) * kSigPending |
         uint32_t(dist_.bit(D::kEnable, owner, intid)) << 1 |
         uint32_t(dist_.bit(D::kActive, owner, intid)) << 2 |
         uint32_t(dist_.bit(D::kGroup, owner, intid)) << 3 |
         uint32_t(dist_.bit(D::kEdge, owner, intid)) << 4 |
         uint32_t(dist_.priority(owner, intid)) << 8 | uint32_t(t + 1) << kSigTargetShift |
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
  const int t = oracle(owner, intid);
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
