// The hypervisor in the loop: a KVM-style vgic that, on every guest entry
// and exit, drives the modelled virtual CPU interface. Flush (before entry)
// sorts the vCPU's ap_list when candidates exceed the LRs and populates the
// LRs; sync (after exit) processes maintenance, folds the LRs back into the
// virtual interrupt state, walks EOIcount and prunes the list. The sorting,
// flush/sync and queries here know neither LR format (see lr_backend.h).
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <tlm>
#include <vector>

#include "gic.h"
#include "lr_backend.h"
#include "vm.h"

namespace gicsim {

struct HypOptions {
  SortPolicy policy = SortPolicy::Kvm2025;
  bool guest_booted = true;     // VMs start as if the guest's GIC driver had run
  bool guest_eoi_mode = false;  // the booted guest runs with EOImode 1 (VEOIM)
  TdirPolicy tdir = TdirPolicy::Kvm2025;
  // Kicks as IPIs: the running vCPU exits when its CPU next looks
  // (take_kick), and a kick to a vCPU with one pending is coalesced. Off:
  // the vCPU exits and re-enters at once (scripts, unit tests).
  bool defer_kicks = false;
};

struct HypStats {
  uint64_t entries = 0;            // flushes (guest entries)
  uint64_t exits = 0;              // syncs (guest exits)
  uint64_t kicks = 0;              // exits forced to pick up new interrupts
  uint64_t merged_injections = 0;  // re-pended while pending in a running vCPU's LR: no kick
  uint64_t coalesced_kicks = 0;    // kicks to a vCPU with one pending already (defer_kicks)
  uint64_t maintenance_exits = 0;
  std::array<uint64_t, 8> maintenance{};  // MISR causes seen at sync (EOI, U, LRENP, NP, ...)
  uint64_t underflow_requests = 0;        // flushes that set UIE
  uint64_t eoicount_deactivations = 0;
  uint64_t traps = 0;
  uint64_t acked_notifications = 0;
  uint64_t wakeups = 0;
  uint64_t msis = 0;          // MSIs injected into guests (inject_msi)
  uint64_t msis_dropped = 0;  // of those, the guest's ITS could not translate
  uint64_t its_cache_hits = 0, its_cache_misses = 0;
  uint64_t invariant_violations = 0;        // reported through the log, never fatal
  std::array<uint64_t, 17> lr_occupancy{};  // LRs used per flush
};

class Hypervisor {
 public:
  enum class Trigger { High, Low, Edge };

  Hypervisor(Gic& gic, unsigned vms, unsigned vcpus, HypOptions opts = {});

  Vm& vm(unsigned v) { return *vms_[v]; }
  unsigned vms() const { return unsigned(vms_.size()); }
  LrBackend& backend() { return *backend_; }
  const HypOptions& options() const { return opts_; }
  void set_policy(SortPolicy p) { opts_.policy = p; }
  void set_tdir_policy(TdirPolicy p) { opts_.tdir = p; }
  void set_defer_kicks(bool on) { opts_.defer_kicks = on; }

  // Injection: a level change (High/Low) or one edge, for SPIs (vcpu
  // ignored) or a vCPU's SGI/PPI. The kind also sets the interrupt's trigger
  // in the guest's distributor, as a guest configures it from its firmware.
  void inject(unsigned vm, unsigned intid, Trigger t, unsigned vcpu = 0);
  void map(unsigned vm, unsigned vintid, unsigned pintid) { vms_[vm]->map(vintid, pintid); }
  // An MSI of a device assigned to the VM, as the host forwards it (VFIO's
  // irqfd, KVM's vgic_its_inject_msi): translated through the VM's
  // translation cache or, on a miss, by its emulated ITS from the guest's
  // tables (filling the cache); the vLPI becomes pending at its vCPU, which
  // is kicked or woken like for any injection. False when the ITS drops it
  // (no ITS, disabled, unmapped; logged).
  bool inject_msi(unsigned vm, uint32_t device, uint32_t event);
  // A level interrupt was acknowledged/EOI'd by the guest: resample the line.
  std::function<void(unsigned vm, unsigned vcpu, unsigned intid)> on_resample;

  // World switch.
  void enter(unsigned vm, unsigned vcpu, unsigned cpu);
  // Exit and vcpu_put: the vCPU leaves the CPU (its VMCR and APRs are saved).
  void exit(unsigned cpu);
  // Exit to the host and back (a physical interrupt, a kick): sync and flush
  // only; VMCR and APRs stay in the hardware, as KVM leaves them until put.
  void exit_to_host(unsigned cpu);
  void resume(unsigned cpu);
  bool loaded(unsigned cpu) const { return loaded_[cpu].vm >= 0; }
  int loaded_vm(unsigned cpu) const { return loaded_[cpu].vm; }
  int loaded_vcpu(unsigned cpu) const { return loaded_[cpu].vcpu; }
  // A maintenance interrupt while a guest runs: exit, then enter again.
  void handle_maintenance(unsigned cpu);
  // Handles cpu's maintenance interrupt until it drops; false when it is
  // still asserted after max_rounds (a maintenance storm).
  bool settle(unsigned cpu, unsigned max_rounds = 64);
  // Emulates a guest system-register access that trapped to EL2 (SGIs, DIR).
  SysregStatus handle_trap(unsigned cpu, SysregAccess& a);
  // A trapped guest deactivation (ICV_DIR_EL1 under TDIR, or a GICV_DIR
  // write while the hypervisor traps that page): deactivates the interrupt
  // wherever it lives, in this vCPU's LRs, in another running vCPU's LRs
  // (that vCPU exits and re-enters) or in the VM's state.
  void emulate_dir(unsigned cpu, uint32_t value);
  // GICv2 has no TDIR bit: the hypervisor traps the GICV_DIR page instead.
  bool gicv_dir_trapped(unsigned cpu) const;
  // A guest write to its GICV frame at offset: true when the hypervisor
  // trapped and emulated it (a GICV_DIR write while the DIR page is trapped).
  bool trapped_gicv_write(unsigned cpu, uint64_t offset, unsigned width, uint64_t value);
  // The guest's access to its VM's distributor, redistributors or ITS (a
  // stage-2 trap): with vcpu loaded, every running vCPU of the VM exits and
  // syncs first (so reads see what the LRs hold, and ITS commands find every
  // LPI folded back), the access is emulated, and they re-enter. host: the
  // hypervisor's own (userspace) access, no world switch.
  enum class GuestFrame { Gicd, Gicr, Gits };
  tlm::tlm_response_status guest_mmio(unsigned vm, unsigned vcpu, GuestFrame frame, bool write,
                                      uint64_t offset, unsigned width, uint8_t* data,
                                      bool host = false);
  // The guest on cpu executes WFI (trapped): with nothing pending the vCPU
  // exits and blocks until an interrupt for it arrives (on_wake); returns
  // whether it blocked.
  bool wfi(unsigned cpu);
  std::function<void(unsigned vm, unsigned vcpu)> on_wake;
  // defer_kicks: a kick is pending for the vCPU running on cpu; take it.
  std::function<void(unsigned cpu)> on_kick;
  bool kick_pending(unsigned cpu) const;
  void take_kick(unsigned cpu);
  // Whether a vCPU has an interrupt it could take (pending and enabled, or a
  // pending LR while loaded): used to wake a vCPU from WFI.
  bool vcpu_pending(unsigned vm, unsigned vcpu);

  // Architectural state of a virtual interrupt, LR contents included (a
  // GICv2 SGI is pending while any source is, active while one is).
  ListReg::State state(unsigned vm, unsigned vcpu, unsigned intid);
  // GICv2: pending source CPUs of a vCPU's SGI, LR contents included.
  uint8_t sgi_sources(unsigned vm, unsigned vcpu, unsigned sgi);
  // Whether a vCPU is blocked in WFI.
  bool blocked(unsigned vm, unsigned vcpu) { return vms_[vm]->vcpu(vcpu).blocked; }

  HypStats stats;
  // Kicks (exit and re-entry of a running vCPU) that happened on a CPU.
  uint64_t kicks_on(unsigned cpu) const { return kicks_on_[cpu]; }

  // Building blocks, public for unit tests and benchmarks.
  void sort(Vm& vm, unsigned vcpu);
  void flush(Vm& vm, unsigned vcpu, unsigned cpu);
  void sync(Vm& vm, unsigned vcpu, unsigned cpu);
  void prune(Vm& vm, unsigned vcpu);

 private:
  struct Loaded {
    int vm = -1, vcpu = -1;
  };
  bool populate(Vm& vm, unsigned vcpu, ApEntry e, ListReg& l, bool& leftover);
  void fold(Vm& vm, unsigned vcpu, ApEntry e, const ListReg& l);
  void deactivate(Vm& vm, unsigned vcpu, ApEntry e, unsigned cpu);
  void notify_acked(Vm& vm, unsigned vcpu, ApEntry e);
  void kick(Vm& vm, unsigned vcpu);
  void put(unsigned cpu);
  bool spi_may_be_active(Vm& vm, unsigned self);
  bool merge_into_lr(Vm& vm, unsigned k, unsigned owner, unsigned intid);
  void broadcast_tdir(Vm& vm, unsigned except);
  const ListReg* lr_of(Vm& vm, unsigned k, unsigned owner, unsigned intid, unsigned* n);
  void violation(const std::string& what);
  unsigned candidates(Vm& vm, unsigned vcpu, unsigned limit);

  Gic& gic_;
  HypOptions opts_;
  std::unique_ptr<LrBackend> backend_;
  std::vector<std::unique_ptr<Vm>> vms_;
  std::vector<Loaded> loaded_;
  std::vector<Loaded> resident_;    // per CPU: whose VMCR/APRs are in the hardware
  std::vector<unsigned> dirty_;     // per CPU: LRs possibly holding stale state
  std::vector<uint64_t> kicks_on_;  // per CPU
  bool busy_ = false;
};

}  // namespace gicsim
