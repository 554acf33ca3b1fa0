#include "hypervisor.h"

#include <algorithm>

#include "log.h"

namespace gicsim {

namespace {
using D = Distributor;
constexpr uint32_t kVmcrVENG0 = 1u << 0, kVmcrVENG1 = 1u << 1, kVmcrVEOIM = 1u << 9;
}  // namespace

Hypervisor::Hypervisor(Gic& gic, unsigned vms, unsigned vcpus, HypOptions opts)
    : gic_(gic),
      opts_(opts),
      backend_(LrBackend::create(gic)),
      loaded_(gic.config().cpus),
      resident_(gic.config().cpus),
      dirty_(gic.config().cpus, 0),
      kicks_on_(gic.config().cpus, 0) {
  GicConfig vcfg = gic.config();
  vcfg.cpus = vcpus;
  vcfg.pri_bits = vcfg.vpri_bits;
  vcfg.security_states = 1;  // guests see a GIC with GICD_CTLR.DS=1, as KVM presents it
  vcfg.affinity.clear();     // vCPU n has KVM's MPIDR: Aff1 = n / 16, Aff0 = n % 16
  // With an ITS in the host, guests get LPIs and an emulated ITS (vgic-its).
  vcfg.lpi_bits = vcfg.version == 3 && vcfg.its ? Vm::kLpiBits : 0;
  for (unsigned v = 0; v < vms; ++v) {
    vms_.push_back(std::make_unique<Vm>(v, vcfg, opts.guest_booted, opts.guest_eoi_mode));
    vms_.back()->kick = [this](Vm& vm, unsigned k) { kick(vm, k); };
    vms_.back()->merge_into_lr = [this](Vm& vm, unsigned k, unsigned owner, unsigned intid) {
      return merge_into_lr(vm, k, owner, intid);
    };
  }
}

// ---- injection ---------------------------------------------------------------

void Hypervisor::inject(unsigned v, unsigned intid, Trigger t, unsigned vcpu) {
  Vm& vm = *vms_[v];
  D& d = vm.dist();
  const unsigned o = intid < 32 ? vcpu : 0;
  if (!d.implemented(intid)) {
    Log::guest_error("hypervisor: vm" + std::to_string(v) + " has no INTID " +
                     std::to_string(intid));
    return;
  }
  const bool edge = t == Trigger::Edge;
  if (intid < 16 && !edge) {
    // SGIs are edge-triggered (GICD_ICFGR0 is read-only): they have no line.
    Log::guest_error("hypervisor: vm" + std::to_string(v) + ": SGI " + std::to_string(intid) +
                     " has no level, inject it as an edge");
    return;
  }
  if (intid >= 16 && d.bit(D::kEdge, o, intid) != edge) d.set_state(D::kEdge, o, intid, edge);
  switch (t) {
    case Trigger::High:
      d.set_line(o, intid, true);
      break;
    case Trigger::Low:
      d.set_line(o, intid, false);
      break;
    case Trigger::Edge:
      if (intid < 16 && d.is_v2()) {
        d.send_sgi_v2(o, intid, o);
      } else {
        d.set_line(o, intid, true);
        d.set_line(o, intid, false);
      }
      break;
  }
}

bool Hypervisor::inject_msi(unsigned v, uint32_t device, uint32_t event) {
  Vm& vm = *vms_[v];
  ++stats.msis;
  Its* its = vm.its();
  if (!its) {
    ++stats.msis_dropped;
    Log::guest_error("hypervisor: vm" + std::to_string(v) + " has no ITS: MSI dropped");
    return false;
  }
  ItsTranslationCache& cache = vm.its_cache();
  ItsTranslationCache::Entry e;
  if (const ItsTranslationCache::Entry* hit = cache.find(device, event)) {
    ++stats.its_cache_hits;
    e = *hit;
  } else {
    ++stats.its_cache_misses;
    if (its->resolve(device, event, e.intid, e.vcpu) != Its::Error::None) {
      ++stats.msis_dropped;
      return false;
    }
    cache.insert(device, event, e);
  }
  if (!vm.lpis()->enabled(e.vcpu)) {
    // The redistributor of the target vCPU has LPIs off: nothing can be pending there.
    ++stats.msis_dropped;
    Log::guest_error("hypervisor: vm" + std::to_string(v) + ": MSI for LPI " +
                     std::to_string(e.intid) + " on vcpu" + std::to_string(e.vcpu) +
                     " while its EnableLPIs is 0: dropped");
    return false;
  }
  vm.lpis()->set_lpi_pending(e.vcpu, e.intid, true);
  return true;
}

// A re-pended interrupt that vCPU k holds pending in one of its LRs already
// is one instance, as the hardware would merge it: what the LR carries is
// consumed from the distributor as a flush would (a GICv2 SGI: the LR's
// source only). Returns true when the vCPU needs no kick.
bool Hypervisor::merge_into_lr(Vm& vm, unsigned k, unsigned owner, unsigned intid) {
  const ListReg* l = lr_of(vm, k, owner, intid, nullptr);
  D& d = vm.dist();
  if (!l || !l->pending() || !vm.edge(owner, intid)) return false;
  const bool v2sgi = d.is_v2() && intid < 16;
  const uint8_t bit = uint8_t(1u << l->source);
  if (v2sgi && !(d.sgi_sources(owner, intid) & bit)) return false;
  {
    Vm::QuietScope q(vm);
    if (v2sgi)
      d.update_sgi_sources(owner, intid, 0, bit);
    else
      vm.set_edge_pending(owner, intid, false, k);
  }
  ++stats.merged_injections;
  // Other sources still waiting need the LR's EOI maintenance to follow.
  return !v2sgi || !d.sgi_sources(owner, intid) || l->eoi;
}

// ---- sorting -------------------------------------------------------------------

// Counts candidates whose target is this vCPU (one LR each), stopping once
// the count exceeds limit: the caller only needs to know whether it does.
unsigned Hypervisor::candidates(Vm& vm, unsigned k, unsigned limit) {
  unsigned n = 0;
  for (const ApEntry& e : vm.vcpu(k).ap_list) {
    if (vm.oracle(e.owner, e.intid) != int(k)) continue;  // not deliverable here
    if (++n > limit) break;
  }
  return n;
}

void Hypervisor::sort(Vm& vm, unsigned k) {
  VcpuState& v = vm.vcpu(k);
  // Keys are cached per entry and recomputed only for interrupts that changed
  // since the last sort (or all of them when VMCR's group enables or the
  // policy changed); the list then is nearly sorted already.
  const uint32_t groups = v.ctx.vmcr & (kVmcrVENG0 | kVmcrVENG1);
  const bool all = groups != v.key_vmcr || int(opts_.policy) != v.key_policy;
  v.key_vmcr = groups;
  v.key_policy = int(opts_.policy);
  unsigned changed = 0;
  v.sorted_pending = v.sorted_active = 0;
  for (ApEntry& e : v.ap_list) {
    uint8_t& stale = vm.key_stale[vm.slot(e.owner, e.intid)];
    if (all || stale) {
      stale = 0;
      ++changed;
      const bool active = vm.active(e.owner, e.intid);
      const bool pending = vm.pending_enabled(e.owner, e.intid);
      const bool here = vm.oracle(e.owner, e.intid) == int(k);
      e.flags =
          here
              ? uint8_t((pending ? ApEntry::kPendingFlag : 0) | (active ? ApEntry::kActiveFlag : 0))
              : 0;
      const uint64_t prio = vm.priority(e.owner, e.intid);
      const uint64_t tie = uint64_t(e.intid) << 8 | e.owner;
      if (opts_.policy == SortPolicy::Seed) {
        // KVM 2016: active first, then pending-and-enabled by priority, then
        // the rest; its comparator returns 0 within a class (and for equal
        // priorities), and the list sort is stable: list order is kept.
        const uint64_t cls = active ? 0 : pending ? 1 : 2;
        e.key = cls << 40 | (cls == 1 ? prio << 24 : 0);
      } else {
        // KVM 2025: deliverable here, group enabled, pending-not-active, priority, HW.
        const bool group1 = vm.group1(e.owner, e.intid);
        const bool grp_on = groups & (group1 ? kVmcrVENG1 : kVmcrVENG0);
        const uint64_t deliv = here ? 0 : 1;
        const uint64_t pna = pending && !active ? 0 : 1;
        const uint64_t hw = vm.pintid(e.intid) >= 0 ? 0 : 1;
        e.key =
            deliv << 44 | uint64_t(grp_on ? 0 : 1) << 43 | pna << 42 | prio << 34 | hw << 33 | tie;
      }
    }
    v.sorted_pending += e.flags & ApEntry::kPendingFlag ? 1 : 0;
    v.sorted_active += e.flags & ApEntry::kActiveFlag ? 1 : 0;
  }
  auto& l = v.ap_list;
  if (changed > 16) {
    // Stable without allocating: the list position breaks ties (keys use
    // at most 45 bits, lists hold fewer than 2^16 entries).
    for (size_t i = 0; i < l.size(); ++i) l[i].key = l[i].key << 16 | i;
    std::sort(l.begin(), l.end(), [](const ApEntry& a, const ApEntry& b) { return a.key < b.key; });
    for (ApEntry& e : l) e.key >>= 16;
    return;
  }
  // Few changes: insertion sort is linear on a nearly sorted list.
  for (size_t i = 1; i < l.size(); ++i) {
    const ApEntry e = l[i];
    size_t j = i;
    for (; j > 0 && l[j - 1].key > e.key; --j) l[j] = l[j - 1];
    l[j] = e;
  }
}

// ---- flush -----------------------------------------------------------------------

// Fills l for entry e. leftover: pending state remains that this LR does not
// carry (another GICv2 SGI source, or the pending half of an interrupt that
// may not be Pending+Active).
bool Hypervisor::populate(Vm& vm, unsigned vcpu, ApEntry e, ListReg& l, bool& leftover) {
  D& d = vm.dist();
  const unsigned o = e.owner, id = e.intid;
  const bool active = vm.active(o, id);
  bool pending = vm.pending_enabled(o, id);
  if (!pending && !active) return false;
  const bool edge = vm.edge(o, id);
  const bool v2sgi = d.is_v2() && id < 16;
  l = ListReg{};
  l.vintid = id;
  l.prio = vm.priority(o, id);
  l.group = vm.group1(o, id);
  const int p = vm.pintid(id);
  if (p >= 0) {
    l.hw = true;
    l.pintid = uint16_t(p);
  }
  // Never Pending+Active for HW-mapped or level interrupts, nor for a GICv2
  // SGI (one LR per SGI, KVM since 4.17: an active SGI with sources pending
  // is placed Active-only, the EOI bit brings the next source).
  // An SPI active here whose pending instance is routed elsewhere: the
  // pending part waits for the deactivation and then migrates. Nor for an
  // LPI (no active state in the architecture: its LR never holds
  // Pending+Active; the EOI bit brings the next instance).
  const bool routed_elsewhere = id >= 32 && !vm.routes_to(id, vcpu);
  if (active && pending && (l.hw || !edge || v2sgi || routed_elsewhere || Vm::is_lpi(id))) {
    pending = false;
    leftover = true;
  }
  if (v2sgi && active) l.source = vm.sgi_source[vm.slot(o, id)];
  if (pending) {
    if (v2sgi) {
      const uint8_t src = d.sgi_sources(o, id);
      if (!src) return violation("SGI " + std::to_string(id) + " pending with no source"), false;
      l.source = uint8_t(__builtin_ctz(src));
      d.update_sgi_sources(o, id, 0, uint8_t(1u << l.source));
      leftover = leftover || (src & (src - 1));  // one source per LR
    } else if (edge) {
      vm.set_edge_pending(o, id, false, vcpu);  // an edge's pending state moves into the LR
    }
  }
  // Level: resample the line on EOI; any pending state left behind: the
  // EOI maintenance interrupt brings it in (HW LRs have no EOI bit).
  if (!l.hw && (!edge || leftover)) l.eoi = true;
  l.state = uint8_t((pending ? ListReg::kPending : 0) | (active ? ListReg::kActive : 0));
  return true;
}

// Whether some SPI of the VM is active or may become so without the
// hypervisor seeing it (it sits in a running vCPU's LR, where the guest can
// acknowledge it): then every vCPU traps DIR, as KVM does.
bool Hypervisor::spi_may_be_active(Vm& vm, unsigned self) {
  D& d = vm.dist();
  const unsigned words = (vm.config().intids() + 31) / 32;
  for (unsigned w = 1; w < words; ++w)
    if (d.word(D::kActive, 0, w)) return true;
  if (vm.lpi_active()) return true;
  for (unsigned j = 0; j < vm.vcpus(); ++j) {
    const VcpuState& o = vm.vcpu(j);
    if (o.cpu < 0 && j != self) continue;
    for (unsigned n = 0; n < o.used_lrs; ++n)
      if (o.lr[n].intid >= 32) return true;
  }
  return false;
}

// Running vCPUs entered without TDIR re-enter with it (KVM's broadcast kick).
void Hypervisor::broadcast_tdir(Vm& vm, unsigned except) {
  if (opts_.tdir != TdirPolicy::Kvm2025) return;
  for (unsigned j = 0; j < vm.vcpus(); ++j) {
    const VcpuState& o = vm.vcpu(j);
    if (j != except && o.cpu >= 0 && !(o.hcr & hcr::kTDIR)) kick(vm, j);
  }
}

void Hypervisor::flush(Vm& vm, unsigned k, unsigned cpu) {
  VcpuState& v = vm.vcpu(k);
  // Interrupts that changed while the vCPU was out (retargeted, completed
  // elsewhere) are migrated or dropped first, and their new target kicked.
  if (v.list_dirty) prune(vm, k);
  busy_ = true;
  vm.quiet = true;
  if (resident_[cpu].vm == int(vm.id()) && resident_[cpu].vcpu == int(k)) {
    v.ctx.vmcr = backend_->read_vmcr(cpu);  // still in the hardware: refresh the copy
  } else {
    put(cpu);  // save whoever's context is in the hardware
    backend_->restore(cpu, v.ctx);
    resident_[cpu] = Loaded{int(vm.id()), int(k)};
    v.resident_cpu = int(cpu);
  }
  const unsigned lrs = backend_->lrs();
  const bool sorted = candidates(vm, k, lrs) > lrs;
  if (sorted) sort(vm, k);
  // Choose: the first deliverable interrupts in list order, only those
  // whose target is this vCPU (the others migrate when the list is pruned).
  // If pending interrupts are left out while no chosen one is purely
  // pending, the last LR goes to the first of them: the guest can then take
  // it and NPIE/UIE bring the rest (no stranding, and no NP maintenance that
  // fires at once).
  std::array<uint16_t, 16> pick{};
  unsigned n = 0, pending_out = 0, placed_pend = 0, placed_act = 0;
  bool active_out = false, picked_pending = false;
  int first_pending_out = -1;
  for (size_t i = 0; i < v.ap_list.size(); ++i) {
    const ApEntry e = v.ap_list[i];
    if (n == lrs && sorted) {
      // What is left over is known from sort()'s counts: no rescan, unless
      // the first pending interrupt left out is needed.
      pending_out = v.sorted_pending - placed_pend;
      active_out = v.sorted_active > placed_act;
      for (size_t j = i; !picked_pending && pending_out && j < v.ap_list.size(); ++j)
        if ((v.ap_list[j].flags & (ApEntry::kPendingFlag | ApEntry::kActiveFlag)) ==
            ApEntry::kPendingFlag) {
          first_pending_out = int(j);
          break;
        }
      break;
    }
    const int t = vm.oracle(e.owner, e.intid);
    if (t != int(k)) {
      if (t >= 0) v.list_dirty = true;  // retargeted: prune migrates it
      continue;
    }
    const bool act = vm.active(e.owner, e.intid);
    const bool pend = vm.pending_enabled(e.owner, e.intid);
    if (n < lrs) {
      pick[n++] = uint16_t(i);
      picked_pending = picked_pending || (pend && !act);
      placed_pend += pend;
      placed_act += act;
      continue;
    }
    if (pend && !act && first_pending_out < 0) first_pending_out = int(i);
    pending_out += pend;
    active_out = active_out || act;
  }
  if (!picked_pending && first_pending_out >= 0) {
    const ApEntry out = v.ap_list[pick[n - 1]];
    active_out = active_out || vm.active(out.owner, out.intid);
    pending_out += vm.pending_enabled(out.owner, out.intid);
    --pending_out;
    pick[n - 1] = uint16_t(first_pending_out);
    picked_pending = true;
  }
  bool hw_leftover = false;
  unsigned used = 0;
  for (unsigned j = 0; j < n; ++j) {
    const ApEntry e = v.ap_list[pick[j]];
    ListReg l;
    bool leftover = false;
    if (!populate(vm, k, e, l, leftover)) continue;
    hw_leftover = hw_leftover || (leftover && l.hw);
    backend_->write_lr(cpu, used, l);
    v.lr_index[used] = pick[j];
    v.lr[used++] = e;
    vm.in_lr[vm.slot(e.owner, e.intid)] = 1;
  }
  n = used;
  // Clear what the previous vCPU on this CPU left beyond our LRs.
  for (unsigned m = n; m < dirty_[cpu]; ++m) backend_->write_lr(cpu, m, ListReg{});
  dirty_[cpu] = n;
  v.used_lrs = n;
  v.placed = n;
  // One LR per vINTID (IHI 0048: duplicate VirtualIDs are UNPREDICTABLE).
  for (unsigned a = 0; a < n; ++a)
    for (unsigned b = a + 1; b < n; ++b)
      if (v.lr[a].intid == v.lr[b].intid && v.lr[a].owner == v.lr[b].owner)
        violation("vINTID " + std::to_string(v.lr[a].intid) + " in two LRs");
  uint32_t h = hcr::kEn;
  // Underflow when the list holds more than the LRs. With fewer than two LRs
  // in use it would fire at once (U: at most one valid LR), so NPIE, LRENPIE
  // and EOI maintenance carry it instead; a HW interrupt's pending half left
  // over (never Pending+Active) is the physical GIC's to signal again once
  // the guest's deactivation reaches it.
  if ((pending_out || active_out || hw_leftover) && n >= 2) {
    h |= hcr::kUIE;
    ++stats.underflow_requests;
  }
  if (pending_out && picked_pending) h |= hcr::kNPIE;
  // EOIs of active interrupts that did not fit are counted in EOIcount; a
  // DIR of them (or of an SPI living on another vCPU) must trap.
  if (active_out) h |= hcr::kLRENPIE;
  const bool tdir = opts_.tdir == TdirPolicy::Kvm2025 ? active_out || spi_may_be_active(vm, k)
                                                      : active_out && (v.ctx.vmcr & kVmcrVEOIM);
  if (tdir) h |= hcr::kTDIR;
  backend_->write_hcr(cpu, h);
  v.hcr = h;
  v.kick_pending = false;  // whatever a kick was for, this entry has seen it
  loaded_[cpu] = Loaded{int(vm.id()), int(k)};
  v.cpu = int(cpu);
  ++stats.entries;
  ++stats.lr_occupancy[n];
  vm.quiet = false;
  busy_ = false;
  if (tdir) broadcast_tdir(vm, k);
}

// ---- sync --------------------------------------------------------------------------

void Hypervisor::notify_acked(Vm& vm, unsigned k, ApEntry e) {
  ++stats.acked_notifications;
  if (!vm.edge(e.owner, e.intid) && on_resample)
    on_resample(vm.id(), e.intid < 32 ? e.owner : k, e.intid);
}

void Hypervisor::fold(Vm& vm, unsigned k, ApEntry e, const ListReg& l) {
  D& d = vm.dist();
  const unsigned o = e.owner, id = e.intid;
  const bool edge = vm.edge(o, id);
  const bool v2sgi = d.is_v2() && id < 16;
  if (l.active() && v2sgi) vm.sgi_source[vm.slot(o, id)] = l.source;
  vm.set_active(o, id, l.active(), k);
  if (l.pending()) {
    if (v2sgi)
      d.update_sgi_sources(o, id, uint8_t(1u << l.source), 0);  // the source goes back
    else if (edge)
      vm.set_edge_pending(o, id, true, k);
  } else if (!edge && l.state == ListReg::kInvalid) {
    // A level interrupt's latch is only dropped once its LR went invalid;
    // its pending state is then the line level.
    d.set_state(D::kLatch, o, id, false);
  }
}

void Hypervisor::deactivate(Vm& vm, unsigned k, ApEntry e, unsigned cpu) {
  // The device resamples its line and the interrupt goes inactive with no
  // vCPU kicked in between (a kick would load a stale state into an LR);
  // then whoever must look at it now (its list, a new target) is told.
  const bool quiet = vm.quiet;
  {
    Vm::QuietScope q(vm);
    notify_acked(vm, k, e);
    vm.set_active(e.owner, e.intid, false, k);
  }
  const int on = vm.on_list[vm.slot(e.owner, e.intid)];
  if (on >= 0) vm.vcpu(unsigned(on)).list_dirty = true;  // the next prune looks again
  if (!quiet) vm.requeue(e.owner, e.intid);
  const int p = vm.pintid(e.intid);
  if (p >= 0) gic_.dist().deactivate(cpu, unsigned(p));
}

void Hypervisor::sync(Vm& vm, unsigned k, unsigned cpu) {
  VcpuState& v = vm.vcpu(k);
  busy_ = true;
  vm.quiet = true;
  const uint32_t h = backend_->read_hcr(cpu);
  const uint32_t misr = backend_->read_misr(cpu);
  for (unsigned b = 0; b < 8; ++b)
    if (misr >> b & 1) ++stats.maintenance[b];
  // Maintenance: EOI'd LRs that asked for it. Notify, clear, forget.
  const uint32_t eisr = (misr & misr::kEOI) ? backend_->read_eisr(cpu) : 0;
  for (unsigned n = 0; n < v.used_lrs; ++n) {
    const ApEntry e = v.lr[n];
    ListReg l;
    if (eisr >> n & 1) {
      const ListReg done = backend_->read_lr(cpu, n);
      if (done.state != ListReg::kInvalid || done.hw)
        violation("LR" + std::to_string(n) + " signalled EOI maintenance but holds state");
      notify_acked(vm, k, e);
    } else {
      l = backend_->read_lr(cpu, n);
    }
    fold(vm, k, e, l);
    // An EOI-maintained LR is cleared now (so ELRSR shows it empty); the
    // others are left for the next flush to overwrite, as KVM does.
    if (eisr >> n & 1) backend_->write_lr(cpu, n, ListReg{});
    vm.in_lr[vm.slot(e.owner, e.intid)] = 0;
  }
  // EOIs of active interrupts that lived outside the LRs. An EOI completes
  // the highest-priority active interrupt, so each count deactivates the
  // active one outside the LRs with the lowest priority value (list order
  // among equals).
  unsigned count = (h & hcr::kEOIcountMask) >> hcr::kEOIcountShift;
  for (; count; --count) {
    int best = -1;
    for (size_t i = 0; i < v.ap_list.size(); ++i) {
      const ApEntry e = v.ap_list[i];
      bool placed = false;
      for (unsigned n = 0; n < v.placed && !placed; ++n) placed = v.lr_index[n] == i;
      if (placed || !vm.active(e.owner, e.intid) || vm.oracle(e.owner, e.intid) != int(k)) continue;
      const ApEntry b = best < 0 ? e : v.ap_list[size_t(best)];
      if (best < 0 || vm.priority(e.owner, e.intid) < vm.priority(b.owner, b.intid)) best = int(i);
    }
    if (best < 0) break;
    deactivate(vm, k, v.ap_list[size_t(best)], cpu);
    ++stats.eoicount_deactivations;
  }
  backend_->write_hcr(cpu, 0);  // UIE (and everything else) off until the next entry
  loaded_[cpu] = Loaded{};
  v.cpu = -1;
  v.used_lrs = 0;
  ++stats.exits;
  vm.quiet = false;
  busy_ = false;
  prune(vm, k);
}

void Hypervisor::prune(Vm& vm, unsigned k) {
  VcpuState& v = vm.vcpu(k);
  size_t out = 0;
  // Without outside changes only the interrupts that were in LRs can have
  // become inactive or moved: look at those alone, then compact the list.
  const bool full = v.list_dirty;
  v.list_dirty = false;
  uint64_t check[4] = {0, 0, 0, 0};  // ap_list indices to look at (first 256)
  bool beyond = false;
  for (unsigned n = 0; n < v.placed; ++n) {
    if (v.lr_index[n] < 256)
      check[v.lr_index[n] / 64] |= uint64_t(1) << (v.lr_index[n] % 64);
    else
      beyond = true;
  }
  const bool all = full || beyond;
  v.placed = 0;
  for (size_t i = 0; i < v.ap_list.size(); ++i) {
    const ApEntry e = v.ap_list[i];
    if (!all && (i >= 256 || !(check[i / 64] >> (i % 64) & 1))) {
      v.ap_list[out++] = e;
      continue;
    }
    const size_t s = vm.slot(e.owner, e.intid);
    if (vm.in_lr[s]) {  // still loaded in an LR (vCPU running): keep
      v.ap_list[out++] = e;
      continue;
    }
    const int t = vm.oracle(e.owner, e.intid);
    if (t == int(k)) {
      v.ap_list[out++] = e;
    } else if (t < 0) {
      vm.on_list[s] = -1;  // neither pending nor active: off the list
    } else {
      vm.on_list[s] = int8_t(t);  // retargeted: migrate
      vm.key_stale[s] = 1;
      vm.vcpu(unsigned(t)).ap_list.push_back(e);
      kick(vm, unsigned(t));
    }
  }
  v.ap_list.resize(out);
}

// ---- world switch -------------------------------------------------------------------

void Hypervisor::enter(unsigned v, unsigned k, unsigned cpu) {
  if (loaded(cpu)) exit(cpu);
  Vm& vm = *vms_[v];
  if (vm.vcpu(k).cpu >= 0) exit(unsigned(vm.vcpu(k).cpu));  // runs elsewhere: move it
  const int home = vm.vcpu(k).resident_cpu;
  if (home >= 0 && home != int(cpu)) put(unsigned(home));  // context left on another CPU
  flush(vm, k, cpu);
}

void Hypervisor::exit(unsigned cpu) {
  exit_to_host(cpu);
  put(cpu);
}

void Hypervisor::exit_to_host(unsigned cpu) {
  if (!loaded(cpu)) return;
  sync(*vms_[size_t(loaded_[cpu].vm)], unsigned(loaded_[cpu].vcpu), cpu);
}

void Hypervisor::resume(unsigned cpu) {
  if (loaded(cpu) || resident_[cpu].vm < 0) return;
  flush(*vms_[size_t(resident_[cpu].vm)], unsigned(resident_[cpu].vcpu), cpu);
}

// vcpu_put: the VMCR and active priorities go back to the vCPU's context.
void Hypervisor::put(unsigned cpu) {
  const Loaded r = resident_[cpu];
  if (r.vm < 0) return;
  VcpuState& v = vms_[size_t(r.vm)]->vcpu(unsigned(r.vcpu));
  backend_->save(cpu, v.ctx);
  v.resident_cpu = -1;
  resident_[cpu] = Loaded{};
}

void Hypervisor::violation(const std::string& what) {
  ++stats.invariant_violations;
  Log::guest_error("hypervisor: invariant violated: " + what);
}

bool Hypervisor::wfi(unsigned cpu) {
  if (!loaded(cpu)) return false;
  const unsigned v = unsigned(loaded_[cpu].vm), k = unsigned(loaded_[cpu].vcpu);
  if (vcpu_pending(v, k)) return false;  // an interrupt is there: WFI completes at once
  exit(cpu);
  vms_[v]->vcpu(k).blocked = true;
  return true;
}

void Hypervisor::kick(Vm& vm, unsigned k) {
  if (busy_) return;
  VcpuState& v = vm.vcpu(k);
  if (v.blocked && vcpu_pending(vm.id(), k)) {
    v.blocked = false;
    ++stats.wakeups;
    if (on_wake) on_wake(vm.id(), k);
  }
  const int cpu = v.cpu;
  if (cpu < 0) return;  // picked up at the next entry
  if (opts_.defer_kicks) {
    // An IPI to a vCPU that has one pending already adds nothing.
    if (v.kick_pending) {
      ++stats.coalesced_kicks;
      return;
    }
    v.kick_pending = true;
    ++stats.kicks;
    ++kicks_on_[size_t(cpu)];
    if (on_kick) on_kick(unsigned(cpu));
    return;
  }
  ++stats.kicks;
  ++kicks_on_[size_t(cpu)];
  sync(vm, k, unsigned(cpu));
  flush(vm, k, unsigned(cpu));
}

bool Hypervisor::kick_pending(unsigned cpu) const {
  return loaded(cpu) &&
         vms_[size_t(loaded_[cpu].vm)]->vcpu(unsigned(loaded_[cpu].vcpu)).kick_pending;
}

void Hypervisor::take_kick(unsigned cpu) {
  if (!kick_pending(cpu)) return;
  exit_to_host(cpu);
  resume(cpu);
}

void Hypervisor::handle_maintenance(unsigned cpu) {
  if (!loaded(cpu)) return;
  ++stats.maintenance_exits;
  Vm& vm = *vms_[size_t(loaded_[cpu].vm)];
  const unsigned k = unsigned(loaded_[cpu].vcpu);
  sync(vm, k, cpu);
  flush(vm, k, cpu);
}

bool Hypervisor::settle(unsigned cpu, unsigned max_rounds) {
  for (unsigned round = 0; loaded(cpu) && gic_.out(cpu).maint.read(); ++round) {
    if (round == max_rounds) return false;
    handle_maintenance(cpu);
  }
  return true;
}

bool Hypervisor::vcpu_pending(unsigned v, unsigned k) {
  Vm& vm = *vms_[v];
  for (const ApEntry& e : vm.vcpu(k).ap_list)
    if (vm.pending_enabled(e.owner, e.intid) && vm.oracle(e.owner, e.intid) == int(k)) return true;
  const int cpu = vm.vcpu(k).cpu;
  if (cpu >= 0) {
    const VirtualCpuInterface& vif = gic_.vcpuif(unsigned(cpu));
    for (unsigned n = 0; n < vif.lrs(); ++n)
      if (vif.lr(n).pending()) return true;
  }
  return false;
}

}  // namespace gicsim
