#include "cpu_stub.h"

#include "log.h"
#include "run_control.h"

namespace gicsim {

namespace {
constexpr uint32_t kGicvIar = 0xc, kGicvEoir = 0x10, kGicvAiar = 0x20, kGicvAeoir = 0x24,
                   kGicvDir = 0x1000;
constexpr uint32_t kGiccIar = 0xc, kGiccEoir = 0x10, kGiccDir = 0x1000;
constexpr uint32_t kGicdSgir = 0xf00;
constexpr unsigned kSgirTargetsShift = 16;
constexpr unsigned kSgi1rIntidShift = 24, kSgi1rAff1Shift = 16;
constexpr unsigned kIpiSgi = 1;  // the guests' IPI
}  // namespace

CpuStub::CpuStub(sc_core::sc_module_name name, Platform& p, RunStats& stats, HostIpi& ipi,
                 unsigned cpu)
    : sc_module(name),
      p_(p),
      stats_(stats),
      ipi_(ipi),
      my_(stats.cpus[cpu]),
      cpu_(cpu),
      cfg_(p.config()),
      v3_(p.config().gic.version == 3),
      cycle_value_(1e6 / p.config().clock_mhz /
                   (sc_core::sc_get_time_resolution().to_seconds() * 1e12)) {
  SC_THREAD(run);
  CpuLines& out = p.gic().out(cpu);
  sensitive << out.virq.rose() << out.vfiq.rose() << out.irq.rose() << wake_;
  thread_ = sc_core::sc_get_last_created_process_handle();
  ipi_.add_cpu(cpu, thread_);
}

bool CpuStub::owns(unsigned vm, unsigned vcpu) const {
  for (const Slot& s : vcpus_)
    if (s.vm == vm && s.vcpu == vcpu) return true;
  return false;
}

// Temporal decoupling (the TLM-2.0 quantum keeper's rule, kept in plain
// integers because it runs at every step): the stub runs ahead of SystemC
// time by local_ps_ and synchronises at each global quantum boundary.
void CpuStub::sync() {
  if (local_ps_) wait(sc_core::sc_time::from_value(local_ps_));
  local_ps_ = 0;
  resync();
}

// A synchronisation that only has to let other processes act first: not
// needed when none of them has anything to do before this CPU's time
// (nothing else can happen before it but what this CPU causes).
void CpuStub::catch_up() {
  if (local_ps_ &&
      sc_core::sc_time_to_pending_activity() <= sc_core::sc_time::from_value(local_ps_))
    sync();
}

void CpuStub::resync() {
  base_ps_ = sc_core::sc_time_stamp().value();
  quantum_end_ps_ = (base_ps_ / quantum_ps_ + 1) * quantum_ps_;
}

uint64_t CpuStub::cycles() const { return uint64_t(double(now_ps()) / cycle_value_ + 0.5); }

void CpuStub::charge_cycles(uint64_t cycles, Path p) {
  if (!cycles) return;
  my_.paths[size_t(p)].cycles += cycles;
  advance(uint64_t(double(cycles) * cycle_value_ + 0.5));
}

void CpuStub::advance(uint64_t ps) {
  local_ps_ += ps;
  if (base_ps_ + local_ps_ >= quantum_end_ps_) {
    catch_up();
    quantum_end_ps_ = (now_ps() / quantum_ps_ + 1) * quantum_ps_;
  }
}

// Flush/sync register work the hypervisor model did on this CPU.
void CpuStub::charge_lr_work(Path p) {
  const uint64_t a = p_.hyp().backend().accesses_on(cpu_);
  charge(Term::LrAccess, p, a - lr_accesses_seen_);
  lr_accesses_seen_ = a;
}

// IPIs the hypervisor asked for while this CPU ran it: sent now, at this
// CPU's local time (synchronised first, so the SGI does not take effect at
// the global time of the quantum).
void CpuStub::send_ipis(Path p) {
  std::vector<unsigned>& out = ipi_.outbox(cpu_);
  while (!out.empty()) {
    const unsigned target = out.front();
    out.erase(out.begin());
    charge(Term::IpiSend, p);
    charge(Term::RegisterAccess, p);  // the SGI register write, done when it completes
    sync();
    ipi_.send(cpu_, target);
  }
}

void CpuStub::wake_up() {
  if (idle_)
    ipi_.request(cpu_);  // from whoever runs now: the CPU waits in WFI
  else
    wake();
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

Path CpuStub::switch_path(unsigned next) const {
  return last_vm_ >= 0 && unsigned(last_vm_) != vcpus_[next].vm ? Path::VmSwitch : Path::VcpuSwitch;
}

// Schedules vCPU i in and enters it: the context switch (unless the caller
// charged it), vcpu_load (and the other VM's stage 2), the entry and flush.
void CpuStub::enter(unsigned i, Path p, bool scheduled) {
  const Slot s = vcpus_[i];
  if (!scheduled) charge(Term::Schedule, p);
  charge(Term::VcpuLoad, p);
  if (last_vm_ >= 0 && unsigned(last_vm_) != s.vm) charge(Term::VmSwitch, p);
  p_.hyp().enter(s.vm, s.vcpu, cpu_);
  current_ = int(i);
  last_vm_ = int(s.vm);
  ++my_.world_switches;
  charge(Term::ExitEntry, p);
  charge_lr_work(p);
  send_ipis(p);
  slice_end_ps_ = now_ps() + uint64_t(cfg_.timeslice_us * 1e6);
  if (Log::events_enabled())
    Log::event("cpu" + std::to_string(cpu_) + ": enter vm" + std::to_string(s.vm) + " vcpu" +
               std::to_string(s.vcpu));
}

void CpuStub::trap_exit(Path p) {
  begin(p);
  charge(Term::TrapToEl2, p);
  charge(Term::El1StateSwitch, p);
}

void CpuStub::trap_return(Path p) {
  send_ipis(p);
  ++my_.world_switches;
  charge(Term::ExitEntry, p);
  charge_lr_work(p);
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

// A physical interrupt: the guest (if any) exits, the host takes it. Which
// path it is (a kick, a wake-up, maintenance, a device) is known from the
// interrupt the host acknowledges.
void CpuStub::host_irq() {
  Hypervisor& h = p_.hyp();
  const int was = current_;
  const bool maint = p_.gic().out(cpu_).maint.read();
  const bool backend = was < 0 && program_ && program_->host_runnable(cpu_);
  // Charged as a kick (or wake-up) until the acknowledge tells what it is.
  const Path guess = was >= 0 ? Path::Kick : backend ? Path::Backend : Path::Wakeup;
  const uint64_t before = my_.paths[size_t(guess)].cycles;
  if (was >= 0) {
    if (maint) ++h.stats.maintenance_exits;
    charge(Term::TrapToEl2, guess);
    h.exit_to_host(cpu_);
    current_ = -1;
    charge_lr_work(guess);
    charge(Term::El1StateSwitch, guess);
  } else {
    charge(Term::ExceptionEntry, guess);
  }
  const uint32_t raw = host_ack();
  const uint32_t id = raw & (v3_ ? 0xffffffu : 0x3ffu);
  const bool lpi = id >= Lpis::kFirst;
  Path path = guess;
  if (maint || id == cfg_.gic.maint_ppi) path = Path::Maintenance;
  if (id >= 32 && id < 1020) path = Path::DeviceIrq;
  if (lpi) path = Path::HostLpi;
  if (path != guess) {
    const uint64_t spent = my_.paths[size_t(guess)].cycles - before;
    my_.paths[size_t(guess)].cycles -= spent;
    my_.paths[size_t(path)].cycles += spent;
  }
  begin(path);
  charge(Term::RegisterAccess, path);
  if (lpi) {
    // A host device's MSI: the handler (for an assigned device, the irqfd
    // that injects the MSI into its VM's ITS), then EOIR; no DIR (an LPI
    // has no active state, and Linux skips it).
    uint64_t sent_ps = 0;
    stats_.host_lpi_taken(id, now_ps(), &sent_ps);
    charge(Term::HostIrqBody, path);
    if (forward_lpi) forward_lpi(id, sent_ps);
    host_write(Sr::ICC_EOIR1_EL1, kGiccEoir, raw);
    charge(Term::RegisterAccess, path);
  } else if (id < 1020) {
    charge(Term::HostIrqBody, path);
    // Host EOImode 1: priority drop now; a forwarded (HW-mapped) interrupt is
    // deactivated by the guest, anything else right away.
    host_write(Sr::ICC_EOIR1_EL1, kGiccEoir, raw);
    const bool forwarded = id >= 32 && forward;
    if (forwarded)
      forward(cpu_, id, now_ps());
    else
      host_write(Sr::ICC_DIR_EL1, kGiccDir, raw);
    charge(Term::RegisterAccess, path, 2);
  }
  send_ipis(path);
  if (backend) charge(Term::Schedule, path);  // to the woken I/O thread
  if (was >= 0) {
    catch_up();  // the flush reads what other CPUs' vCPUs hold: at this CPU's time
    h.resume(cpu_);
    current_ = was;
    trap_return(path);
  } else if (path == Path::Wakeup) {
    woken_ = true;
  }
}

// The time slice ends (the scheduler tick, a physical timer IRQ): the vCPU
// exits and is put, the next one is scheduled in.
void CpuStub::switch_out(unsigned next) {
  Hypervisor& h = p_.hyp();
  const Path p = switch_path(next);
  begin(p);
  charge(Term::TrapToEl2, p);
  h.exit(cpu_);
  current_ = -1;
  charge_lr_work(p);
  charge(Term::El1StateSwitch, p);
  charge(Term::RegisterAccess, p, 3);  // the tick: IAR, EOIR, DIR
  charge(Term::HostIrqBody, p);
  send_ipis(p);
  enter(next, p, false);
}

uint64_t CpuStub::guest_sysreg(Sr id, bool write, uint64_t v, Path p) {
  SysregAccess a = make_sysreg_access(id, cpu_, 1, write, v, true);
  sc_core::sc_time d;
  if (p_.sysreg(a, d) != SysregStatus::TrapEl2) {
    charge(Term::RegisterAccess, p);
    return a.value;
  }
  const bool dir = id == Sr::ICC_DIR_EL1;
  const Path tp = dir ? Path::TrapDir : Path::TrapSgi;
  trap_exit(tp);
  charge(dir ? Term::EmulateDir : Term::EmulateSgi, tp);
  sync();  // what it does to other CPUs happens at this CPU's time
  p_.hyp().handle_trap(cpu_, a);
  if (!dir) {  // the exit's sync and the entry's flush (emulate_dir does its own)
    p_.hyp().exit_to_host(cpu_);
    p_.hyp().resume(cpu_);
  }
  trap_return(tp);
  return a.value;
}

// Acknowledges: ICV_IAR0/1 (GICv3), or GICV_IAR, then GICV_AIAR for a Group 1
// interrupt behind AckCtl=0 (GICv2). group0 tells which EOI register to use.
uint32_t CpuStub::guest_ack(bool& group0) {
  if (v3_)
    return uint32_t(
        guest_sysreg(group0 ? Sr::ICC_IAR0_EL1 : Sr::ICC_IAR1_EL1, false, 0, Path::GuestIrq));
  uint64_t v = 0;
  sc_core::sc_time d;
  charge(Term::RegisterAccess, Path::GuestIrq);
  p_.mmio(cpu_, false, cfg_.map.gicv + kGicvIar, 4, v, d);
  group0 = true;
  if (v == kSpuriousOtherGroup) {
    charge(Term::RegisterAccess, Path::GuestIrq);
    p_.mmio(cpu_, false, cfg_.map.gicv + kGicvAiar, 4, v, d);
    group0 = false;
  }
  return uint32_t(v);
}

// A guest write to its GICV frame; the DIR page traps while the hypervisor
// wants deactivations trapped (GICv2 has no TDIR).
void CpuStub::guest_gicv_write(uint32_t off, uint32_t v, Path p) {
  uint64_t value = v;
  sc_core::sc_time d;
  if (off != kGicvDir || !p_.hyp().gicv_dir_trapped(cpu_)) {
    charge(Term::RegisterAccess, p);
    p_.mmio(cpu_, true, cfg_.map.gicv + off, 4, value, d);
    return;
  }
  trap_exit(Path::TrapDir);
  charge(Term::EmulateDir, Path::TrapDir);
  sync();
  p_.mmio(cpu_, true, cfg_.map.gicv + off, 4, value, d);  // emulated (Platform::mmio)
  trap_return(Path::TrapDir);
}

void CpuStub::guest_eoi(uint32_t id, bool group0) {
  if (v3_) {
    guest_sysreg(group0 ? Sr::ICC_EOIR0_EL1 : Sr::ICC_EOIR1_EL1, true, id, Path::GuestIrq);
    if (cfg_.eoi_mode) guest_sysreg(Sr::ICC_DIR_EL1, true, id, Path::GuestIrq);
    return;
  }
  guest_gicv_write(group0 ? kGicvEoir : kGicvAeoir, id, Path::GuestIrq);
  if (cfg_.eoi_mode) guest_gicv_write(kGicvDir, id, Path::GuestIrq);
}

// An SGI to another vCPU of the VM: ICC_SGI1R_EL1 traps (IMO), GICD_SGIR is
// a stage-2 trap on the emulated distributor. record: count it as the
// main job's IPI source (whether it was pending already is read where it is
// sent, with no yield between).
void CpuStub::trapped_sgi(unsigned target, unsigned sgi, bool record) {
  Hypervisor& h = p_.hyp();
  const Slot s = loaded();
  SysregAccess a{};
  if (v3_) {
    const uint64_t aff = h.vm(s.vm).dist().affinity_of(target);  // the vCPU's MPIDR
    a = make_sysreg_access(Sr::ICC_SGI1R_EL1, cpu_, 1, true,
                           uint64_t(sgi) << kSgi1rIntidShift |
                               (aff >> 8 & 0xff) << kSgi1rAff1Shift | 1u << (aff & 0xf),
                           true);
    sc_core::sc_time d;
    if (p_.sysreg(a, d) != SysregStatus::TrapEl2) {  // not trapped: the hardware sent nothing
      charge(Term::RegisterAccess, Path::GuestCode);
      return;
    }
  }
  trap_exit(Path::TrapSgi);
  charge(Term::EmulateSgi, Path::TrapSgi);
  sync();
  if (record) {
    const bool was_pending = v3_ ? h.state(s.vm, target, sgi) & ListReg::kPending
                                 : h.sgi_sources(s.vm, target, sgi) >> s.vcpu & 1;
    stats_.asserted(s.vm, target, sgi, 0, was_pending, now_ps());
  }
  if (v3_) {
    h.handle_trap(cpu_, a);
    h.exit_to_host(cpu_);
    h.resume(cpu_);
  } else {
    uint8_t data[4] = {uint8_t(sgi), 0, uint8_t(1u << target), 0};
    static_assert(kSgirTargetsShift == 16, "CPUTargetList is byte 2 of GICD_SGIR");
    h.guest_mmio(s.vm, s.vcpu, Hypervisor::GuestFrame::Gicd, true, kGicdSgir, 4, data);
  }
  trap_return(Path::TrapSgi);
}

// The main job's handler sends an IPI to the next vCPU of its VM.
void CpuStub::handler_ipi(const Slot& s) {
  const unsigned target = (s.vcpu + 1) % cfg_.vcpus;
  if (target == s.vcpu) return;
  trapped_sgi(target, kIpiSgi, true);
}

// Takes one virtual interrupt if one is signalled; returns whether it did.
bool CpuStub::guest_interrupt() {
  CpuLines& out = p_.gic().out(cpu_);
  bool group0 = out.vfiq.read();
  if (!group0 && !out.virq.read()) return false;
  const Slot s = loaded();
  begin(Path::GuestIrq);
  charge(Term::ExceptionEntry, Path::GuestIrq);
  const uint32_t raw = guest_ack(group0);
  const uint32_t id = raw & (v3_ ? 0xffffffu : 0x3ffu);
  const bool lpi = id >= Lpis::kFirst;
  if (id >= 1020 && !lpi) {
    sync();  // spurious: the interrupt went away; let the model settle
    wait(sc_core::SC_ZERO_TIME);
    resync();
    return true;
  }
  // A virtual LPI: an assigned device's MSI (no source of its own here).
  if (lpi)
    stats_.guest_lpi_taken(s.vm, id, now_ps());
  else
    stats_.acked(s.vm, s.vcpu, id, now_ps());
  ++my_.handled;
  if (program_) {
    program_->on_irq(*this, s.vm, s.vcpu, id);
  } else {
    charge(Term::HandlerBody, Path::GuestIrq);
    if (cfg_.workload.ipi_every && ++handled_ % cfg_.workload.ipi_every == 0) handler_ipi(s);
  }
  guest_eoi(raw, group0);
  if (!lpi) stats_.completed(s.vm, s.vcpu, id);
  return true;
}

// The guest waits without trapping (WFI alone on its CPU, or a spin loop on
// a flag another CPU sets): until an interrupt, a wake-up or the flag.
void CpuStub::guest_wait() {
  CpuLines& out = p_.gic().out(cpu_);
  sync();
  if (out.virq.read() || out.vfiq.read() || out.irq.read()) return;
  // With a program, a wait also ends on its events (as SEV ends a WFE).
  if (program_)
    wait(out.virq.rose() | out.vfiq.rose() | out.irq.rose() | wake_ |
         program_->changed.default_event());
  else
    wait();  // static sensitivity: the CPU's virq, vfiq and irq lines, a wake-up
  resync();
}

// WFI traps on a CPU shared with other tasks, or always with cpu.wfi_trap
// "always"; alone on its CPU it does not (KVM's default policy).
bool CpuStub::wfi_traps() const { return cfg_.wfi_trap_always || vcpus_.size() != 1; }

// The guest executes WFI: it waits in the guest, or (traps, or force) it
// traps and the vCPU blocks unless an interrupt is pending.
void CpuStub::guest_wfi(bool force) {
  Hypervisor& h = p_.hyp();
  CpuLines& out = p_.gic().out(cpu_);
  if (!force && !wfi_traps()) {
    guest_wait();
    return;
  }
  trap_exit(Path::TrapWfi);
  charge(Term::EmulateWfi, Path::TrapWfi);
  const Slot blocked = loaded();
  if (h.wfi(cpu_)) {
    // Blocked: the vCPU is put and the scheduler switches away from it.
    current_ = -1;
    charge_lr_work(Path::TrapWfi);
    charge(Term::Schedule, Path::TrapWfi);
    send_ipis(Path::TrapWfi);
    if (program_) program_->on_blocked(*this, blocked.vm, blocked.vcpu);  // switched away
    const int next = pick();
    if (next >= 0) {
      const Path p = switch_path(unsigned(next));
      begin(p);
      enter(unsigned(next), p, true);
    }
    return;
  }
  trap_return(Path::TrapWfi);
  // WFI completes at once: something is pending. If it is signalled by now
  // (time passed while charging), take it; otherwise it is masked or
  // behind a higher running priority: let time pass until an event.
  if (out.virq.read() || out.vfiq.read() || out.irq.read()) return;
  sync();
  wait(sc_core::sc_time(cfg_.timeslice_us, sc_core::SC_US),
       wake_ | out.virq.rose() | out.irq.rose());
  resync();
}

// ---- GuestOps: what a guest program does --------------------------------------

void CpuStub::hvc() {
  trap_exit(Path::TrapHvc);
  charge(Term::EmulateHvc, Path::TrapHvc);
  p_.hyp().exit_to_host(cpu_);
  p_.hyp().resume(cpu_);
  trap_return(Path::TrapHvc);
}

uint32_t CpuStub::gicd_read(uint32_t offset) {
  const Slot s = loaded();
  uint8_t data[4] = {};
  trap_exit(Path::TrapGicMmio);
  charge(Term::EmulateGicMmio, Path::TrapGicMmio);
  sync();
  p_.hyp().guest_mmio(s.vm, s.vcpu, Hypervisor::GuestFrame::Gicd, false, offset, 4, data);
  trap_return(Path::TrapGicMmio);
  return uint32_t(data[0]) | uint32_t(data[1]) << 8 | uint32_t(data[2]) << 16 |
         uint32_t(data[3]) << 24;
}

void CpuStub::eoi(uint32_t value) {
  if (v3_)
    guest_sysreg(Sr::ICC_EOIR1_EL1, true, value, Path::GuestCode);
  else
    guest_gicv_write(kGicvEoir, value, Path::GuestCode);
}

void CpuStub::send_sgi(unsigned target_vcpu, unsigned sgi) { trapped_sgi(target_vcpu, sgi, false); }

void CpuStub::io_out(unsigned backend_cpu) {
  trap_exit(Path::TrapIo);
  charge(Term::EmulateIo, Path::TrapIo);
  sync();
  p_.hyp().exit_to_host(cpu_);
  if (program_) program_->doorbell(backend_cpu);
  if (wake_cpu) wake_cpu(backend_cpu);  // the backend thread's CPU
  p_.hyp().resume(cpu_);
  trap_return(Path::TrapIo);
}

void CpuStub::inject_spi(unsigned vm, unsigned intid) {
  begin(Path::Backend);
  charge(Term::IrqfdInject, Path::Backend);
  sync();
  p_.hyp().inject(vm, intid, Hypervisor::Trigger::Edge);
  send_ipis(Path::Backend);
}

// ---- the CPU's loop --------------------------------------------------------------

void CpuStub::run() {
  CpuLines& out = p_.gic().out(cpu_);
  quantum_ps_ = std::max<uint64_t>(1, tlm::tlm_global_quantum::instance().get().value());
  resync();
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
                                std::to_string(cpu_) + " (do all cost terms add up to 0?)");
      sc_core::sc_stop();
      return;
    }
    send_ipis(Path::GuestCode);
    if (out.irq.read()) {
      host_irq();
      continue;
    }
    if (current_ < 0) {
      if (program_ && program_->host_runnable(cpu_)) {
        sync();
        if (program_->host_run(*this) == GuestProgram::Step::Spin) {
          wait(program_->changed.default_event() | out.irq.rose());
          resync();
        }
        continue;
      }
      const int next = pick();
      if (next < 0) {
        // Idle: wait for a wake-up or a physical interrupt. Syncing lets
        // other processes run first, and one may have woken a vCPU already.
        sync();
        if (pick() < 0 && !out.irq.read()) {
          idle_ = true;
          wait(wake_ | out.irq.rose());
          idle_ = false;
          resync();
        }
        continue;
      }
      Path p = Path::Wakeup;  // counted when the IPI was taken
      if (!woken_) {
        p = switch_path(unsigned(next));
        begin(p);
      }
      woken_ = false;
      enter(unsigned(next), p, false);
      continue;
    }
    if (guest_interrupt()) continue;
    // Nothing for the guest. Another runnable vCPU here whose turn has come?
    if (now_ps() >= slice_end_ps_) {
      const int next = pick();
      if (next >= 0) {
        switch_out(unsigned(next));
        continue;
      }
    }
    if (program_) {
      using Step = GuestProgram::Step;
      // The program reads what other CPUs stored: synchronised first, so
      // it sees what they did up to its time, whatever the quantum.
      const Slot s = loaded();
      sync();
      const Step step = program_->run(*this, s.vm, s.vcpu);
      if (step == Step::Ran) continue;
      if (step == Step::Spin || (step == Step::Wfi && !wfi_traps())) {
        guest_wait();
        continue;
      }
      guest_wfi(step == Step::Block);
      continue;
    }
    guest_wfi(false);
  }
  sync();
}

}  // namespace gicsim
