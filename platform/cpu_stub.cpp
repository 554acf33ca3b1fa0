#include "cpu_stub.h"

#include "run_control.h"

#include "log.h"

namespace gicsim {

namespace {
constexpr uint32_t kGicvIar = 0xc, kGicvEoir = 0x10, kGicvAiar = 0x20, kGicvAeoir = 0x24,
                   kGicvDir = 0x1000;
constexpr uint32_t kGiccIar = 0xc, kGiccEoir = 0x10, kGiccDir = 0x1000;
constexpr unsigned kIpiSgi = 1;
}  // namespace

CpuStub::CpuStub(sc_core::sc_module_name name, Platform& p, RunStats& stats, unsigned cpu)
    : sc_module(name),
      p_(p),
      stats_(stats),
      my_(stats.cpus[cpu]),
      cpu_(cpu),
      cfg_(p.config()),
      v3_(p.config().gic.version == 3),
      cycle_value_(1e6 / p.config().clock_mhz /
                   (sc_core::sc_get_time_resolution().to_seconds() * 1e12)) {
  SC_THREAD(run);
}

bool CpuStub::owns(unsigned vm, unsigned vcpu) const {
  for (const Slot& s : vcpus_)
    if (s.vm == vm && s.vcpu == vcpu) return true;
  return false;
}

uint64_t CpuStub::now_ps() const {
  return (sc_core::sc_time_stamp() + qk_.get_local_time()).value();
}

void CpuStub::charge(uint64_t cycles, uint64_t& bucket) {
  bucket += cycles;
  qk_.inc(sc_core::sc_time::from_value(uint64_t(double(cycles) * cycle_value_ + 0.5)));
  if (qk_.need_sync()) qk_.sync();
}

// Flush/sync register work done by the hypervisor model on this CPU.
// and the kicks it took (an IPI to the CPU: exit and re-entry).
void CpuStub::charge_lr_work() {
  Hypervisor& h = p_.hyp();
  const uint64_t a = h.backend().accesses_on(cpu_), k = h.kicks_on(cpu_);
  const uint64_t kicks = k - kicks_seen_;
  my_.world_switches += kicks;
  charge((a - lr_accesses_seen_) * cfg_.costs.lr_access +
             kicks * (cfg_.costs.world_switch + cfg_.costs.exception_entry),
         my_.cycles_switch);
  lr_accesses_seen_ = a;
  kicks_seen_ = k;
}

int CpuStub::pick() {
  Hypervisor& h = p_.hyp();
  for (size_t k = 0; k < vcpus_.size(); ++k) {
    const unsigned i = unsigned((rr_ + k) % vcpus_.size());
    const Slot& s = vcpus_[i];
    VcpuState& v = h.vm(s.vm).vcpu(s.vcpu);
    if (v.blocked || v.cpu >= 0) continue;
    rr_ = i + 1;
    return int(i);
  }
  return -1;
}

void CpuStub::enter(unsigned i) {
  const Slot& s = vcpus_[i];
  p_.hyp().enter(s.vm, s.vcpu, cpu_);
  current_ = int(i);
  ++my_.world_switches;
  charge(cfg_.costs.world_switch, my_.cycles_switch);
  charge_lr_work();
  slice_end_ps_ = now_ps() + uint64_t(cfg_.timeslice_us * 1e6);
  if (Log::events_enabled())
    Log::event("cpu" + std::to_string(cpu_) + ": enter vm" + std::to_string(s.vm) + " vcpu" +
               std::to_string(s.vcpu));
}

// The host's physical CPU interface: ICC_* at EL2 (GICv3) or GICC (GICv2).
uint32_t CpuStub::host_ack() {
  if (!v3_) return uint32_t(host_mmio(kGiccIar, false));
  SysregAccess a = make_sysreg_access(Sr::ICC_IAR1_EL1, cpu_, 2, false);
  sc_core::sc_time d;
  p_.sysreg(a, d);
  return uint32_t(a.value);
}

void CpuStub::host_write(Sr id, uint32_t gicc_offset, uint32_t v) {
  if (!v3_) {
    host_mmio(gicc_offset, true, v);
    return;
  }
  SysregAccess a = make_sysreg_access(id, cpu_, 2, true, v);
  sc_core::sc_time d;
  p_.sysreg(a, d);
}

uint64_t CpuStub::host_mmio(uint32_t off, bool write, uint64_t v) {
  sc_core::sc_time d;
  p_.mmio(cpu_, write, cfg_.map.gicc + off, 4, v, d);
  return v;
}

// A physical interrupt: the guest (if any) exits, the host takes it at EL2.
void CpuStub::host_irq() {
  Hypervisor& h = p_.hyp();
  const int was = current_;
  charge(cfg_.costs.exception_entry, my_.cycles_switch);
  if (was >= 0) {
    if (p_.gic().out(cpu_).maint.read()) ++h.stats.maintenance_exits;
    h.exit_to_host(cpu_);
    current_ = -1;
    charge_lr_work();
  }
  const uint32_t id = host_ack() & 0x3ff;
  charge(cfg_.costs.register_access, my_.cycles_switch);
  if (id < 1020) {
    // Host EOImode 1: priority drop now; a forwarded (HW-mapped) interrupt is
    // deactivated by the guest, anything else right away.
    host_write(Sr::ICC_EOIR1_EL1, kGiccEoir, id);
    const bool forwarded = id >= 32 && forward;
    if (forwarded)
      forward(cpu_, id, now_ps());
    else
      host_write(Sr::ICC_DIR_EL1, kGiccDir, id);
    charge(2 * cfg_.costs.register_access, my_.cycles_switch);
  }
  if (was >= 0) resume(unsigned(was));
}

// Back into the guest after the host handled an interrupt: no vcpu_load.
void CpuStub::resume(unsigned i) {
  p_.hyp().resume(cpu_);
  current_ = int(i);
  ++my_.world_switches;
  charge(cfg_.costs.world_switch, my_.cycles_switch);
  charge_lr_work();
}

uint64_t CpuStub::guest_sysreg(Sr id, bool write, uint64_t v) {
  SysregAccess a = make_sysreg_access(id, cpu_, 1, write, v, true);
  sc_core::sc_time d;
  charge(cfg_.costs.register_access, my_.cycles_handler);
  if (p_.sysreg(a, d) == SysregStatus::TrapEl2) {
    charge(cfg_.costs.exception_entry, my_.cycles_switch);
    p_.hyp().handle_trap(cpu_, a);
    charge_lr_work();
  }
  return a.value;
}

// Acknowledges: ICV_IAR0/1 (GICv3), or GICV_IAR, then GICV_AIAR for a Group 1
// interrupt behind AckCtl=0 (GICv2). group0 tells which EOI register to use.
uint32_t CpuStub::guest_ack(bool& group0) {
  if (v3_) return uint32_t(guest_sysreg(group0 ? Sr::ICC_IAR0_EL1 : Sr::ICC_IAR1_EL1, false));
  uint64_t v = 0;
  sc_core::sc_time d;
  charge(cfg_.costs.register_access, my_.cycles_handler);
  p_.mmio(cpu_, false, cfg_.map.gicv + kGicvIar, 4, v, d);
  group0 = true;
  if (v == kSpuriousOtherGroup) {
    charge(cfg_.costs.register_access, my_.cycles_handler);
    p_.mmio(cpu_, false, cfg_.map.gicv + kGicvAiar, 4, v, d);
    group0 = false;
  }
  return uint32_t(v);
}

void CpuStub::guest_eoi(uint32_t id, bool group0) {
  if (v3_) {
    guest_sysreg(group0 ? Sr::ICC_EOIR0_EL1 : Sr::ICC_EOIR1_EL1, true, id);
    if (cfg_.eoi_mode) guest_sysreg(Sr::ICC_DIR_EL1, true, id);
    return;
  }
  uint64_t v = id;
  sc_core::sc_time d;
  charge(cfg_.costs.register_access, my_.cycles_handler);
  p_.mmio(cpu_, true, cfg_.map.gicv + (group0 ? kGicvEoir : kGicvAeoir), 4, v, d);
  if (cfg_.eoi_mode) {
    charge(cfg_.costs.register_access, my_.cycles_handler);
    p_.mmio(cpu_, true, cfg_.map.gicv + kGicvDir, 4, v, d);
  }
}

// The handler sends an IPI to the next vCPU of its VM.
void CpuStub::guest_ipi(const Slot& s) {
  const unsigned target = (s.vcpu + 1) % cfg_.vcpus;
  if (target == s.vcpu) return;
  Hypervisor& h = p_.hyp();
  // The costs first: charging may yield to other CPUs, and whether the SGI
  // is already pending must be read where it is sent, with no yield between.
  charge(cfg_.costs.register_access, my_.cycles_handler);
  charge(cfg_.costs.exception_entry, my_.cycles_switch);
  if (!v3_) charge(cfg_.costs.register_access, my_.cycles_switch);
  // A GICv2 SGI coalesces per source CPU; a GICv3 one per target.
  const bool was_pending = v3_ ? h.state(s.vm, target, kIpiSgi) & ListReg::kPending
                               : h.sgi_sources(s.vm, target, kIpiSgi) >> s.vcpu & 1;
  stats_.asserted(s.vm, target, kIpiSgi, 0, was_pending, now_ps());
  if (v3_) {
    // ICC_SGI1R_EL1 under IMO traps to EL2 and is emulated.
    const uint64_t aff = h.vm(s.vm).dist().affinity_of(target);  // the vCPU's MPIDR
    SysregAccess a = make_sysreg_access(
        Sr::ICC_SGI1R_EL1, cpu_, 1, true,
        uint64_t(kIpiSgi) << 24 | (aff >> 8 & 0xff) << 16 | 1u << (aff & 0xf), true);
    sc_core::sc_time d;
    if (p_.sysreg(a, d) == SysregStatus::TrapEl2) h.handle_trap(cpu_, a);
  } else {
    // GICD_SGIR on the emulated distributor (a trapped stage-2 access).
    h.vm(s.vm).dist().send_sgi_v2(target, kIpiSgi, s.vcpu);
  }
  charge_lr_work();
}

// Takes one virtual interrupt if one is signalled; returns whether it did.
bool CpuStub::guest_interrupt() {
  CpuLines& out = p_.gic().out(cpu_);
  bool group0 = out.vfiq.read();
  if (!group0 && !out.virq.read()) return false;
  const Slot s = vcpus_[size_t(current_)];
  charge(cfg_.costs.exception_entry, my_.cycles_handler);
  const uint32_t raw = guest_ack(group0);
  const uint32_t id = raw & 0x3ff;
  if (id >= 1020) {
    qk_.sync();  // spurious: the interrupt went away; let the model settle
    wait(sc_core::SC_ZERO_TIME);
    return true;
  }
  stats_.acked(s.vm, s.vcpu, id, now_ps());
  ++my_.handled;
  charge(cfg_.costs.handler_body, my_.cycles_handler);
  if (cfg_.workload.ipi_every && ++handled_ % cfg_.workload.ipi_every == 0) guest_ipi(s);
  guest_eoi(raw, group0);
  stats_.completed(s.vm, s.vcpu, id);
  return true;
}

void CpuStub::run() {
  Hypervisor& h = p_.hyp();
  CpuLines& out = p_.gic().out(cpu_);
  const uint64_t end_ps = uint64_t(cfg_.duration_s * 1e12);
  uint64_t last_ps = ~uint64_t(0), still = 0;
  while (now_ps() < end_ps) {
    // A safe point: a signal or another CPU asked to stop.
    if (run_control::stop_requested()) {
      sc_core::sc_stop();
      return;
    }
    // Simulated time must advance: a configuration whose steps all cost
    // nothing (zero costs with an IPI per interrupt) would spin forever.
    if (now_ps() != last_ps) {
      last_ps = now_ps();
      still = 0;
    } else if (++still > kNoProgressSteps) {
      run_control::request_stop("no progress: simulated time stays at " +
                                std::to_string(double(last_ps) * 1e-12) + " s on cpu" +
                                std::to_string(cpu_) + " (do all cpu.costs add up to 0?)");
      sc_core::sc_stop();
      return;
    }
    if (out.irq.read()) {
      host_irq();
      continue;
    }
    if (current_ < 0) {
      const int next = pick();
      if (next < 0) {
        // Idle: wait for a wake-up or a physical interrupt. Syncing lets
        // other processes run first, and one may have woken a vCPU already.
        qk_.sync();
        if (pick() < 0 && !out.irq.read()) wait(wake_ | out.irq.changed());
        continue;
      }
      enter(unsigned(next));
      continue;
    }
    if (h.kick_pending(cpu_)) {  // an IPI from the host: exit, sync, flush, re-enter
      charge(cfg_.costs.exception_entry, my_.cycles_switch);
      h.take_kick(cpu_);
    }
    charge_lr_work();  // kicks taken while the guest ran
    if (guest_interrupt()) continue;
    // Nothing for the guest. Another runnable vCPU here whose turn has come?
    if (now_ps() >= slice_end_ps_ && pick() >= 0) {
      h.exit(cpu_);
      current_ = -1;
      charge_lr_work();
      continue;
    }
    // The guest executes WFI. Alone on its CPU it does not trap (KVM's
    // default policy): it waits in the guest for an interrupt.
    if (!cfg_.wfi_trap_always && vcpus_.size() == 1) {
      qk_.sync();
      if (!out.virq.read() && !out.vfiq.read() && !out.irq.read() && !h.kick_pending(cpu_))
        wait(out.virq.changed() | out.vfiq.changed() | out.irq.changed() | wake_);
      continue;
    }
    // Otherwise WFI traps to the hypervisor.
    charge(cfg_.costs.exception_entry, my_.cycles_switch);
    if (h.wfi(cpu_)) {
      current_ = -1;
      charge_lr_work();
      continue;
    }
    // WFI completes at once: something is pending. If it is signalled by now
    // (time passed while charging), take it; otherwise it is masked or
    // behind a higher running priority: let time pass until an event.
    if (out.virq.read() || out.vfiq.read() || out.irq.read()) continue;
    qk_.sync();
    wait(sc_core::sc_time(cfg_.timeslice_us, sc_core::SC_US),
         wake_ | out.virq.changed() | out.irq.changed());
  }
  qk_.sync();
}

}  // namespace gicsim
