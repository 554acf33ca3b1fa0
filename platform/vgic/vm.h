// A virtual machine as the hypervisor sees it: the virtual interrupt state
// (a Distributor instance, so the guest's emulated GICD/GICR use the very
// register maps of the modelled hardware), the per-vCPU ap_lists and saved
// CPU-interface context, and the hardware mappings.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "dist_frames.h"
#include "distributor.h"
#include "gic_memory.h"
#include "its_cache.h"
#include "its_frames.h"
#include "lpis.h"
#include "lr_backend.h"

namespace gicsim {

enum class SortPolicy { Seed, Kvm2025 };

// When ICH_HCR_EL2.TDIR (GICv2: a trap on the GICV_DIR page) is set.
// Kvm2025: whenever active interrupts live outside the LRs (whatever the
// guest's EOImode, which it may change at any time) and while any SPI of
// the VM may be active (so a DIR on another vCPU is emulated where the SPI
// lives). EoiMode1: older KVM, only with active interrupts outside the LRs
// and VEOIM set.
enum class TdirPolicy { Kvm2025, EoiMode1 };

// An interrupt on an ap_list: SPIs and LPIs belong to the VM (owner 0), SGIs
// and PPIs to their vCPU. A guest's LPI INTIDs fit 16 bits (KVM's vgic-its
// gives guests 16 INTID bits).
struct ApEntry {
  uint16_t intid = 0;
  uint8_t owner = 0;
  uint8_t flags = 0;  // cached by sort(): kPendingFlag, kActiveFlag (if deliverable here)
  uint64_t key = 0;   // cached sort key (recomputed when the interrupt changed)
  static constexpr uint8_t kPendingFlag = 1, kActiveFlag = 2;
};

struct VcpuState {
  std::vector<ApEntry> ap_list;
  CpuIfContext ctx;              // VMCR and APRs while not loaded
  int cpu = -1;                  // physical CPU it is loaded on
  int resident_cpu = -1;         // CPU whose hardware holds its VMCR/APRs (until put)
  std::array<ApEntry, 16> lr{};  // what each used LR holds
  unsigned used_lrs = 0;
  uint32_t hcr = 0;           // ICH_HCR / GICH_HCR written at the last entry (TDIR kept)
  bool blocked = false;       // in WFI, waiting for an interrupt
  bool kick_pending = false;  // deferred kick not yet taken (HypOptions::defer_kicks)
  // Incremental pruning: the list needs a full prune only when an interrupt
  // on it changed outside the hypervisor's own flush/sync.
  bool list_dirty = true;
  std::array<uint16_t, 16> lr_index{};  // ap_list index of each used LR's interrupt
  unsigned placed = 0;                  // LRs used by the last flush
  // Counted by sort(): entries deliverable here, pending (and enabled) / active.
  unsigned sorted_pending = 0, sorted_active = 0;
  uint32_t key_vmcr = ~0u;  // VMCR group enables the cached keys were made with
  int key_policy = -1;
};

class Vm {
 public:
  // Where the guest's RAM is (KVM's arm64 guests start RAM at 1 GiB) and how
  // much of it the emulated ITS and redistributors can reach.
  static constexpr uint64_t kRamBase = 0x40000000, kRamSize = 1ull << 30;
  // INTID bits of a guest with LPIs (KVM's vgic-its: 16).
  static constexpr unsigned kLpiBits = 16;

  // vcfg: the guest's view (version, vcpus as cpus, SPIs, virtual priority
  // bits; lpi_bits and its: LPIs and an emulated ITS, GICv3 only).
  Vm(unsigned id, const GicConfig& vcfg, bool guest_booted, bool guest_eoi_mode = false);
  Vm(const Vm&) = delete;
  Vm& operator=(const Vm&) = delete;

  unsigned id() const { return id_; }
  unsigned vcpus() const { return cfg_.cpus; }
  const GicConfig& config() const { return cfg_; }
  Distributor& dist() { return dist_; }
  DistributorFrames& frames() { return *frames_; }
  // Virtual LPIs: pending per vCPU and the configuration cached from the
  // guest's tables (Lpis), the emulated ITS and its frames over the guest's
  // memory; null without LPIs.
  Lpis* lpis() { return lpis_.get(); }
  Its* its() { return its_.get(); }
  ItsFrames* its_frames() { return its_frames_.get(); }
  SparseMemory* memory() { return mem_.get(); }
  // (DeviceID, EventID) -> vLPI translations of assigned devices' MSIs.
  ItsTranslationCache& its_cache() { return its_cache_; }
  VcpuState& vcpu(unsigned k) { return vcpus_[k]; }

  // Hardware mapping of a virtual interrupt (HW bit + pINTID in its LR).
  void map(unsigned vintid, unsigned pintid) { hw_[vintid] = int16_t(pintid); }
  int pintid(unsigned vintid) const { return vintid < hw_.size() ? hw_[vintid] : -1; }

  // The vCPU whose ap_list an interrupt belongs on: where it is active, else
  // where it is pending and enabled and routed; -1 when neither.
  int oracle(unsigned owner, unsigned intid) const;
  // Whether an SPI's routing (IROUTER, ITARGETSR) lets vCPU k take it.
  bool routes_to(unsigned spi, unsigned k) const;

  size_t slot(unsigned owner, unsigned intid) const {
    return intid < 32             ? size_t(owner) * 32 + intid
           : intid < Lpis::kFirst ? size_t(cfg_.cpus) * 32 + intid - 32
                                  : lpi_slot_ + intid - Lpis::kFirst;
  }

  // The state of a virtual interrupt as the world switch reads and changes
  // it: SGIs, PPIs and SPIs in the distributor; LPIs in the Lpis (pending
  // at one vCPU, configuration) and here (active: no LPI is active in the
  // architecture's sense, but its LR goes active when the guest acks it).
  static bool is_lpi(unsigned intid) { return intid >= Lpis::kFirst; }
  bool implemented(unsigned intid) const {
    return is_lpi(intid) ? lpis_ && lpis_->is_lpi(intid) : dist_.implemented(intid);
  }
  bool active(unsigned o, unsigned id) const {
    return is_lpi(id) ? active_vcpu(id) >= 0 : dist_.bit(Distributor::kActive, o, id);
  }
  bool pending(unsigned o, unsigned id) const {
    return is_lpi(id) ? lpi_at_[id - Lpis::kFirst] >= 0 : dist_.pending(o, id);
  }
  bool enabled(unsigned o, unsigned id) const {
    return is_lpi(id) ? lpis_->config_enabled(id) : dist_.bit(Distributor::kEnable, o, id);
  }
  bool pending_enabled(unsigned o, unsigned id) const { return pending(o, id) && enabled(o, id); }
  uint8_t priority(unsigned o, unsigned id) const {
    return is_lpi(id) ? lpis_->priority(id) : dist_.priority(o, id);
  }
  bool group1(unsigned o, unsigned id) const {
    return is_lpi(id) || dist_.bit(Distributor::kGroup, o, id);  // LPIs: Group 1
  }
  bool edge(unsigned o, unsigned id) const {
    return is_lpi(id) || dist_.bit(Distributor::kEdge, o, id);  // LPIs: edge-triggered
  }
  // Active on vCPU k (fold), or not (deactivation).
  void set_active(unsigned o, unsigned id, bool on, unsigned k);
  // An edge interrupt's pending state: consumed into an LR, or back from one
  // (an LPI at vCPU k).
  void set_edge_pending(unsigned o, unsigned id, bool on, unsigned k);
  // The vCPU an SPI or LPI is active on (-1: none).
  int8_t& active_vcpu(unsigned intid) {
    return active_on_[is_lpi(intid) ? cfg_.spis + intid - Lpis::kFirst : intid - 32];
  }
  int8_t active_vcpu(unsigned intid) const { return const_cast<Vm*>(this)->active_vcpu(intid); }
  // Whether some LPI of the VM is active.
  bool lpi_active() const { return lpis_active_ > 0; }

  // Which vCPU's list holds the interrupt (-1: none).
  std::vector<int8_t> on_list;
  std::vector<uint8_t> in_lr;       // placed in an LR by the current flush
  std::vector<uint8_t> sgi_source;  // GICv2: source CPU of an SGI while active
  std::vector<uint8_t> key_stale;   // its cached sort key must be recomputed

  // Called when an interrupt may need a vCPU's attention (queued or re-pended).
  std::function<void(Vm&, unsigned vcpu)> kick;
  // The hypervisor changed an interrupt while quiet: queue, migrate, kick now.
  void requeue(unsigned owner, unsigned intid) {
    signature_[slot(owner, intid)] = ~0u;
    queue(owner, intid);
  }
  // Changes that left nothing the world switch looks at different (e.g. a
  // coalesced injection): no list work, no kick.
  uint64_t unchanged = 0;
  // A re-pended interrupt: if vCPU k runs and holds it pending in one of its
  // LRs, merge the new instance into that one; true when no kick is needed.
  std::function<bool(Vm&, unsigned k, unsigned owner, unsigned intid)> merge_into_lr;
  bool quiet = false;  // no kicks while the hypervisor itself changes state
  // Sets quiet for a scope, restoring what it was.
  struct QuietScope {
    explicit QuietScope(Vm& vm) : vm_(vm), was_(vm.quiet) { vm.quiet = true; }
    ~QuietScope() { vm_.quiet = was_; }
    Vm& vm_;
    bool was_;
  };

 private:
  void queue(unsigned owner, unsigned intid);
  uint32_t signature(unsigned owner, unsigned intid) const;
  static constexpr uint32_t kSigPending = 1;
  static constexpr unsigned kSigTargetShift = 16;
  static constexpr uint32_t kSigTarget = 0xffu << kSigTargetShift;
  static constexpr unsigned kSigSourcesShift = 24;
  static constexpr uint32_t kSigSources = 0xffu << kSigSourcesShift;
  std::vector<uint32_t> signature_;  // per slot: at the last queue()

  void lpi_changed(uint32_t intid);

  unsigned id_;
  GicConfig cfg_;
  Distributor dist_;
  std::unique_ptr<SparseMemory> mem_;
  std::unique_ptr<Lpis> lpis_;
  std::unique_ptr<Its> its_;
  std::unique_ptr<ItsFrames> its_frames_;
  std::unique_ptr<DistributorFrames> frames_;
  ItsTranslationCache its_cache_;
  size_t lpi_slot_ = 0;            // slot of the first LPI
  std::vector<int8_t> active_on_;  // per SPI, then per LPI
  std::vector<int8_t> lpi_at_;     // per LPI: the vCPU it is pending at (-1: none)
  unsigned lpis_active_ = 0;
  std::vector<VcpuState> vcpus_;
  std::vector<int16_t> hw_;
};

}  // namespace gicsim
