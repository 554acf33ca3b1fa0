// The hypervisor's trap handlers and state queries: trapped guest system
// register accesses (SGIs, DIR), the GICv2 DIR page, the guest's accesses
// to its emulated distributor, and the state of a virtual interrupt as the
// architecture defines it (LR contents of running vCPUs included).
#include "hypervisor.h"
#include "log.h"

namespace gicsim {

namespace {
using D = Distributor;
constexpr uint32_t kVmcrVEOIM = 1u << 9;  // ICH_VMCR_EL2.VEOIM, GICH_VMCR.VEM
}  // namespace

SysregStatus Hypervisor::handle_trap(unsigned cpu, SysregAccess& a) {
  const std::optional<Sr> id = sysreg_by_enc(a.enc);
  if (!loaded(cpu) || !id) return SysregStatus::Undefined;
  ++stats.traps;
  Vm& vm = *vms_[size_t(loaded_[cpu].vm)];
  const unsigned k = unsigned(loaded_[cpu].vcpu);
  if (a.write && (*id == Sr::ICC_SGI1R_EL1 || *id == Sr::ICC_SGI0R_EL1)) {
    vm.dist().generate_sgi(k, a.value,
                           *id == Sr::ICC_SGI1R_EL1 ? D::SgiReg::Sgi1r : D::SgiReg::Sgi0r);
    return SysregStatus::Ok;
  }
  if (a.write && *id == Sr::ICC_ASGI1R_EL1) return SysregStatus::Ok;  // no other security state
  if (a.write && *id == Sr::ICC_DIR_EL1) {
    emulate_dir(cpu, uint32_t(a.value));
    return SysregStatus::Ok;
  }
  Log::guest_error("hypervisor: cpu" + std::to_string(cpu) + ": trapped " + sysreg_name(*id) +
                   " is not emulated");
  return SysregStatus::Undefined;
}

bool Hypervisor::gicv_dir_trapped(unsigned cpu) const {
  if (gic_.config().version != 2 || !loaded(cpu)) return false;
  return vms_[size_t(loaded_[cpu].vm)]->vcpu(unsigned(loaded_[cpu].vcpu)).hcr & hcr::kTDIR;
}

bool Hypervisor::trapped_gicv_write(unsigned cpu, uint64_t offset, unsigned width, uint64_t value) {
  constexpr uint64_t kDirPage = 0x1000;  // GICV_DIR and its 4 KB page
  if (offset < kDirPage || offset >= 2 * kDirPage || !gicv_dir_trapped(cpu)) return false;
  // The whole page faults at stage 2; only the DIR write means something.
  if (offset == kDirPage && width == 4) emulate_dir(cpu, uint32_t(value));
  return true;
}

// The LR of a loaded vCPU holding an interrupt (n: its index), or null.
const ListReg* Hypervisor::lr_of(Vm& vm, unsigned k, unsigned owner, unsigned intid, unsigned* n) {
  const VcpuState& v = vm.vcpu(k);
  if (v.cpu < 0 || !vm.in_lr[vm.slot(owner, intid)]) return nullptr;
  for (unsigned i = 0; i < v.used_lrs; ++i) {
    if (v.lr[i].intid != intid || v.lr[i].owner != owner) continue;
    if (n) *n = i;
    return &gic_.vcpuif(unsigned(v.cpu)).lr(i);
  }
  return nullptr;
}

void Hypervisor::emulate_dir(unsigned cpu, uint32_t value) {
  if (!loaded(cpu)) return;
  ++stats.traps;
  Vm& vm = *vms_[size_t(loaded_[cpu].vm)];
  const unsigned k = unsigned(loaded_[cpu].vcpu);
  D& d = vm.dist();
  const unsigned intid = d.is_v2() ? value & 0x3ff : value & 0xffffff;
  if (intid >= 1020 && intid < Lpis::kFirst) return;  // special INTIDs: no effect
  if (!(backend_->read_vmcr(cpu) & kVmcrVEOIM)) {
    Log::guest_error("hypervisor: cpu" + std::to_string(cpu) + ": DIR of " + std::to_string(intid) +
                     " with EOImode 0 ignored");
    return;
  }
  if (!vm.implemented(intid)) return;
  const unsigned o = intid < 32 ? k : 0;
  // The trap is an exit: this vCPU's LRs fold back first. An SPI held in
  // another running vCPU's LRs is brought back by stopping that vCPU too.
  int other_cpu = -1;
  if (intid >= 32) {
    for (unsigned j = 0; j < vm.vcpus(); ++j) {
      if (j == k || !lr_of(vm, j, 0, intid, nullptr)) continue;
      other_cpu = vm.vcpu(j).cpu;
      exit_to_host(unsigned(other_cpu));
      break;
    }
  }
  exit_to_host(cpu);
  const bool v2sgi = d.is_v2() && intid < 16;
  if (vm.active(o, intid) && (!v2sgi || vm.sgi_source[vm.slot(o, intid)] == ((value >> 10) & 7))) {
    const int owner = intid < 32 ? int(k) : vm.active_vcpu(intid);
    deactivate(vm, owner >= 0 ? unsigned(owner) : k, ApEntry{uint16_t(intid), uint8_t(o)}, cpu);
  }
  if (other_cpu >= 0) resume(unsigned(other_cpu));
  resume(cpu);
}

// Whether a guest access to its distributor (or redistributor, ITS) may read
// or change state held in running vCPUs' LRs: not GICD_SGIR (GICv2: the SGI
// is queued and its target kicked), nor the identification registers (CTLR,
// TYPER, IIDR reads; PIDR/CIDR), nor an ITS register read.
static bool lr_state_access(Hypervisor::GuestFrame f, bool write, uint64_t offset, bool v2) {
  using F = Hypervisor::GuestFrame;
  constexpr uint64_t kSgir = 0xf00, kIidrEnd = 0x10, kIdRegs = 0xffd0;
  if (f == F::Gicr) return true;
  if (f == F::Gits) return write;
  if (v2 && write && offset == kSgir) return false;
  if (!write && (offset < kIidrEnd || offset >= kIdRegs)) return false;
  return true;
}

tlm::tlm_response_status Hypervisor::guest_mmio(unsigned v, unsigned k, GuestFrame frame,
                                                bool write, uint64_t offset, unsigned width,
                                                uint8_t* data, bool host) {
  Vm& vm = *vms_[v];
  if (frame == GuestFrame::Gits && !vm.its_frames()) {
    Log::guest_error("hypervisor: vm" + std::to_string(v) + " has no ITS: access at " +
                     hex(offset) + " refused");
    return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  }
  MmioRegion& r = frame == GuestFrame::Gits   ? vm.its_frames()->region()
                  : frame == GuestFrame::Gicr ? vm.frames().gicr()
                                              : vm.frames().gicd();
  const bool trapped = !host && vm.vcpu(k).cpu >= 0;
  std::array<int, 64> stopped{};
  unsigned n = 0;
  if (trapped) {
    ++stats.traps;
    // The access is an exit: the accessing vCPU syncs. KVM also stops the
    // others before reading or changing state their LRs may hold; an SGI
    // write (GICD_SGIR) and the ID registers need no such thing.
    const bool all = lr_state_access(frame, write, offset, vm.dist().is_v2());
    for (unsigned j = 0; j < vm.vcpus() && n < stopped.size(); ++j) {
      const int c = vm.vcpu(j).cpu;
      if (c < 0 || (!all && j != k)) continue;
      exit_to_host(unsigned(c));
      stopped[n++] = c;
    }
  }
  const tlm::tlm_response_status st = r.access(k, write, offset, width, data);
  for (unsigned i = 0; i < n; ++i) resume(unsigned(stopped[i]));
  return st;
}

uint8_t Hypervisor::sgi_sources(unsigned v, unsigned k, unsigned sgi) {
  Vm& vm = *vms_[v];
  uint8_t s = vm.dist().sgi_sources(k, sgi);
  if (const ListReg* l = lr_of(vm, k, k, sgi, nullptr))
    if (l->pending()) s |= uint8_t(1u << l->source);
  return s;
}

ListReg::State Hypervisor::state(unsigned v, unsigned k, unsigned intid) {
  Vm& vm = *vms_[v];
  if (!vm.implemented(intid)) return ListReg::kInvalid;
  const unsigned o = intid < 32 ? k : 0;
  bool pending = vm.pending(o, intid), active = vm.active(o, intid);
  // An interrupt held in an LR: the LR has the current state (an SPI can be
  // in the LRs of whichever running vCPU its list is on).
  const unsigned first = intid < 32 ? k : 0, last = intid < 32 ? k + 1 : vm.vcpus();
  for (unsigned j = first; j < last; ++j) {
    if (const ListReg* l = lr_of(vm, j, o, intid, nullptr)) {
      active = l->active();
      pending = pending || l->pending();
      break;
    }
  }
  return ListReg::State((pending ? ListReg::kPending : 0) | (active ? ListReg::kActive : 0));
}

}  // namespace gicsim
