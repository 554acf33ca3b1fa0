#include "script_exec.h"

#include <ostream>

#include "le_bytes.h"
#include "log.h"

namespace gicsim {

namespace {

std::string status_name(tlm::tlm_response_status s) {
  return s == tlm::TLM_OK_RESPONSE
             ? "OK"
             : "ERR (" +
                   std::string(s == tlm::TLM_ADDRESS_ERROR_RESPONSE   ? "address error"
                               : s == tlm::TLM_BURST_ERROR_RESPONSE   ? "burst error"
                               : s == tlm::TLM_COMMAND_ERROR_RESPONSE ? "command error"
                                                                      : "generic error") +
                   ")";
}

std::string status_name(SysregStatus s) {
  return s == SysregStatus::Ok          ? "OK"
         : s == SysregStatus::Undefined ? "UNDEF"
         : s == SysregStatus::TrapEl2   ? "TRAP"
                                        : "TRAP_EL3";
}

}  // namespace

void ScriptExecutor::fail(const Command& c, const std::string& expected, const std::string& got) {
  err_ << s_.file << ":" << c.line << ": expected " << expected << ", got " << got << "  ["
       << c.text << "]\n";
  result = 1;
}

IrqLine& ScriptExecutor::output(const Command& c) {
  CpuLines& l = t_.gic().out(c.cpu);
  switch (c.output) {
    case Output::Irq:
      return l.irq;
    case Output::Fiq:
      return l.fiq;
    case Output::Virq:
      return l.virq;
    case Output::Vfiq:
      return l.vfiq;
    case Output::Maint:
      return l.maint;
  }
  return l.irq;
}

void ScriptExecutor::check_value(const Command& c, uint64_t v) {
  if (c.expect == Expect::Value && (v & c.mask) != c.value) fail(c, hex(c.value), hex(v & c.mask));
}

void ScriptExecutor::check_mmio(const Command& c, tlm::tlm_response_status st, uint64_t v) {
  if (c.expect == Expect::Err) {
    if (st == tlm::TLM_OK_RESPONSE) fail(c, "ERR", c.write ? "OK" : "OK (" + hex(v) + ")");
    return;
  }
  if (st != tlm::TLM_OK_RESPONSE) return fail(c, "OK", status_name(st));
  if (!c.write) check_value(c, v);
}

// A VM's RAM (where its emulated ITS and redistributors keep their tables):
// outside it, an address error, as the bus gives.
tlm::tlm_response_status ScriptExecutor::vm_mem(const Command& c, uint64_t& v) {
  SparseMemory* m = t_.hyp().vm(c.vm).memory();
  uint8_t b[8] = {};
  store_le(v, b);
  const bool ok = m && (c.write ? m->write(c.offset, b, c.width) : m->read(c.offset, b, c.width));
  if (!ok) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  v = load_le(b, c.width);
  return tlm::TLM_OK_RESPONSE;
}

// Guest access to its emulated distributor (the hypervisor's stage-2 trap:
// a world switch while the vCPU runs), or the hypervisor's own.
void ScriptExecutor::vm_mmio(const Command& c) {
  using F = Hypervisor::GuestFrame;
  const F frame = c.frame == "GICD" ? F::Gicd : c.frame == "GITS" ? F::Gits : F::Gicr;
  const uint64_t off = frame == F::Gicr
                           ? c.frame_index * 0x20000ull + (c.sgi_frame ? 0x10000 : 0) + c.offset
                           : c.offset;
  uint8_t data[8] = {};
  store_le(c.value, data);
  const tlm::tlm_response_status st =
      t_.hyp().guest_mmio(c.vm, c.vcpu, frame, c.write, off, c.width, data, c.host);
  check_mmio(c, st, load_le(data, c.width));
}

void ScriptExecutor::mmio(const Command& c) {
  if (c.vm_frame) return vm_mmio(c);
  uint64_t v = c.value;
  const tlm::tlm_response_status st = t_.mmio(c, v);
  check_mmio(c, st, v);
}

void ScriptExecutor::sysreg(const Command& c) {
  const SysregInfo& info = sysreg_info(c.sr);
  SysregAccess a =
      make_sysreg_access(c.sr, c.cpu, c.el ? c.el : info.min_el, c.write, c.value, c.virt);
  if (c.security >= 0) a.secure = c.security == 1;
  // While a vCPU runs on this CPU, its SGI register writes are the guest's
  // (HCR_EL2.IMO/FMO set), which trap to the hypervisor.
  const bool sgi = info.route == 3;
  if (sgi && t_.hyp().loaded(c.cpu)) a.imo = a.fmo = true;
  SysregStatus st = t_.sysreg(a);
  // A trapped guest access is emulated by the hypervisor unless the script
  // expects to see the trap itself.
  if (st == SysregStatus::TrapEl2 && c.expect != Expect::Trap && t_.hyp().loaded(c.cpu))
    st = t_.hyp().handle_trap(c.cpu, a);
  const SysregStatus want = c.expect == Expect::Undef     ? SysregStatus::Undefined
                            : c.expect == Expect::Trap    ? SysregStatus::TrapEl2
                            : c.expect == Expect::TrapEl3 ? SysregStatus::TrapEl3
                                                          : SysregStatus::Ok;
  if (st != want) return fail(c, status_name(want), status_name(st));
  if (!c.write && st == SysregStatus::Ok) check_value(c, a.value);
}

void ScriptExecutor::line(const Command& c) {
  IrqLine& l = c.spi ? t_.gic().spi_line(c.intid) : t_.gic().ppi_line(c.cpu, c.intid);
  if (c.level == Level::Pulse)
    l.pulse();
  else
    l.set(c.level == Level::High);
}

// A maintenance interrupt while a guest runs makes the hypervisor exit,
// sync and re-enter, as it would on real hardware.
void ScriptExecutor::take_maintenance(const Command& c) {
  if (manual_maintenance_) return;  // the script handles it (hyp handle)
  for (unsigned cpu = 0; cpu < s_.config.gic.cpus; ++cpu)
    if (!t_.hyp().settle(cpu))
      return fail(c, "the maintenance interrupt to be handled",
                  "a maintenance storm on cpu" + std::to_string(cpu));
}

void ScriptExecutor::hyp_command(const Command& c) {
  Hypervisor& h = t_.hyp();
  switch (c.kind) {
    case Command::Inject: {
      const Hypervisor::Trigger t = c.level == Level::High  ? Hypervisor::Trigger::High
                                    : c.level == Level::Low ? Hypervisor::Trigger::Low
                                                            : Hypervisor::Trigger::Edge;
      h.inject(c.vm, c.intid, t, c.vcpu);
      break;
    }
    case Command::Map:
      h.map(c.vm, c.intid, c.pintid);
      break;
    case Command::Enter:
      h.enter(c.vm, c.vcpu, c.cpu);
      break;
    case Command::Exit:
      h.exit(c.cpu);
      break;
    case Command::Maintenance:
      manual_maintenance_ = c.manual;
      break;
    case Command::Handle:
    case Command::Kick:
      if (!h.loaded(c.cpu)) return fail(c, "a vCPU loaded on the CPU", "none");
      if (c.kind == Command::Handle) {
        h.handle_maintenance(c.cpu);
      } else {
        h.exit_to_host(c.cpu);
        h.resume(c.cpu);
      }
      break;
    case Command::Wfi: {
      const int cpu = h.vm(c.vm).vcpu(c.vcpu).cpu;
      if (cpu < 0) return fail(c, "the vCPU running", "it is not loaded");
      h.wfi(unsigned(cpu));
      break;
    }
    default:
      break;
  }
}

void ScriptExecutor::expectation(const Command& c) {
  Hypervisor& h = t_.hyp();
  switch (c.kind) {
    case Command::ExpectOutput: {
      const bool lvl = output(c).read();
      if (lvl != c.high)
        fail(c, std::string(to_string(c.output)) + (c.high ? " high" : " low"),
             lvl ? "high" : "low");
      break;
    }
    case Command::ExpectIrq: {
      const VState got = VState(h.state(c.vm, c.vcpu, c.intid));
      if (got != c.state) fail(c, to_string(c.state), to_string(got));
      break;
    }
    case Command::ExpectBlocked: {
      const bool b = h.blocked(c.vm, c.vcpu);
      if (b != c.blocked) fail(c, c.blocked ? "blocked" : "runnable", b ? "blocked" : "runnable");
      break;
    }
    case Command::ExpectSources: {
      const uint8_t got = h.sgi_sources(c.vm, c.vcpu, c.intid);
      if (got != c.sources) fail(c, "sources " + hex(c.sources), hex(got));
      break;
    }
    default:
      break;
  }
}

void ScriptExecutor::execute(const Command& c) {
  switch (c.kind) {
    case Command::Mmio:
      mmio(c);
      break;
    case Command::Sysreg:
      sysreg(c);
      break;
    case Command::Mem: {
      uint64_t v = c.value;
      check_mmio(c, c.vm_frame ? vm_mem(c, v) : t_.mem(c.write, c.offset, c.width, v), v);
      break;
    }
    case Command::Msi:
      if (c.vm_frame)
        t_.hyp().inject_msi(c.vm, c.device, c.event);  // dropped ones are logged, as in the GIC
      else if (const tlm::tlm_response_status st = t_.msi(c.device, c.event);
               st != tlm::TLM_OK_RESPONSE)
        fail(c, "the GITS_TRANSLATER write to complete", "a TLM error response");
      break;
    case Command::Line:
      line(c);
      break;
    case Command::Run:
      t_.run(c.time_ps);
      break;
    case Command::ExpectOutput:
    case Command::ExpectIrq:
    case Command::ExpectBlocked:
    case Command::ExpectSources:
      expectation(c);
      break;
    default:
      hyp_command(c);
      break;
  }
  if (!result) take_maintenance(c);
}

int ScriptExecutor::run_all() {
  for (const Command& c : s_.commands) {
    execute(c);
    if (result) break;
  }
  return result;
}

}  // namespace gicsim
