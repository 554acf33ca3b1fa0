#include "script_runner.h"

#include <ostream>
#include <systemc>

#include "log.h"
#include "platform.h"

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

class Runner : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Runner);
  Runner(sc_core::sc_module_name n, const Script& s, Platform& p, std::ostream& err)
      : sc_module(n), s_(s), p_(p), err_(err) {
    SC_THREAD(main);
  }
  int result = 0;

 private:
  void fail(const Command& c, const std::string& expected, const std::string& got) {
    err_ << s_.file << ":" << c.line << ": expected " << expected << ", got " << got << "  ["
         << c.text << "]\n";
    result = 1;
  }
  IrqLine& output(const Command& c) {
    CpuLines& l = p_.gic().out(c.cpu);
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
  void check_value(const Command& c, uint64_t v) {
    if (c.expect == Expect::Value && (v & c.mask) != c.value)
      fail(c, hex(c.value), hex(v & c.mask));
  }
  // Guest access to its emulated distributor (the hypervisor's stage-2
  // trap: a world switch while the vCPU runs), or the hypervisor's own.
  void vm_mmio(const Command& c) {
    const bool redist = c.frame != "GICD";
    const uint64_t off =
        redist ? c.frame_index * 0x20000ull + (c.sgi_frame ? 0x10000 : 0) + c.offset : c.offset;
    uint8_t data[8] = {};
    for (unsigned i = 0; i < 8; ++i) data[i] = uint8_t(c.value >> (8 * i));
    const tlm::tlm_response_status st =
        p_.hyp().guest_mmio(c.vm, c.vcpu, redist, c.write, off, c.width, data, c.host);
    uint64_t v = 0;
    for (unsigned i = 0; i < c.width; ++i) v |= uint64_t(data[i]) << (8 * i);
    check_mmio(c, st, v);
  }
  void check_mmio(const Command& c, tlm::tlm_response_status st, uint64_t v) {
    if (c.expect == Expect::Err) {
      if (st == tlm::TLM_OK_RESPONSE) fail(c, "ERR", c.write ? "OK" : "OK (" + hex(v) + ")");
      return;
    }
    if (st != tlm::TLM_OK_RESPONSE) return fail(c, "OK", status_name(st));
    if (!c.write) check_value(c, v);
  }
  void mmio(const Command& c) {
    if (c.vm_frame) return vm_mmio(c);
    uint64_t base = 0;
    p_.frame_base(c.frame, c.frame_index, c.sgi_frame, base);
    uint64_t v = c.value;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    const tlm::tlm_response_status st =
        p_.mmio(c.cpu, c.write, base + c.offset, c.width, v, delay, false, c.security == 1);
    if (delay > sc_core::SC_ZERO_TIME) wait(delay);
    check_mmio(c, st, v);
  }
  void sysreg(const Command& c) {
    const SysregInfo& info = sysreg_info(c.sr);
    SysregAccess a =
        make_sysreg_access(c.sr, c.cpu, c.el ? c.el : info.min_el, c.write, c.value, c.virt);
    if (c.security >= 0) a.secure = c.security == 1;
    // While a vCPU runs on this CPU, its SGI register writes are the guest's
    // (HCR_EL2.IMO/FMO set), which trap to the hypervisor.
    const bool sgi = info.route == 3;
    if (sgi && p_.hyp().loaded(c.cpu)) a.imo = a.fmo = true;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    SysregStatus st = p_.sysreg(a, delay);
    if (delay > sc_core::SC_ZERO_TIME) wait(delay);
    // A trapped guest access is emulated by the hypervisor unless the script
    // expects to see the trap itself.
    if (st == SysregStatus::TrapEl2 && c.expect != Expect::Trap && p_.hyp().loaded(c.cpu))
      st = p_.hyp().handle_trap(c.cpu, a);
    const SysregStatus want = c.expect == Expect::Undef     ? SysregStatus::Undefined
                              : c.expect == Expect::Trap    ? SysregStatus::TrapEl2
                              : c.expect == Expect::TrapEl3 ? SysregStatus::TrapEl3
                                                            : SysregStatus::Ok;
    if (st != want) return fail(c, status_name(want), status_name(st));
    if (!c.write && st == SysregStatus::Ok) check_value(c, a.value);
  }
  void line(const Command& c) {
    IrqLine& l = c.spi ? p_.gic().spi_line(c.intid) : p_.gic().ppi_line(c.cpu, c.intid);
    if (c.level == Level::Pulse)
      l.pulse();
    else
      l.set(c.level == Level::High);
  }
  // A maintenance interrupt while a guest runs makes the hypervisor exit,
  // sync and re-enter, as it would on real hardware.
  void take_maintenance(const Command& c) {
    Hypervisor& h = p_.hyp();
    if (manual_maintenance_) return;  // the script handles it (hyp handle)
    for (unsigned cpu = 0; cpu < p_.config().gic.cpus; ++cpu) {
      if (!h.settle(cpu))
        return fail(c, "the maintenance interrupt to be handled",
                    "a maintenance storm on cpu" + std::to_string(cpu));
    }
  }
  void main() {
    for (const Command& c : s_.commands) {
      switch (c.kind) {
        case Command::Mmio:
          mmio(c);
          break;
        case Command::Sysreg:
          sysreg(c);
          break;
        case Command::Line:
          line(c);
          break;
        case Command::ExpectOutput: {
          const bool lvl = output(c).read();
          if (lvl != c.high)
            fail(c, std::string(to_string(c.output)) + (c.high ? " high" : " low"),
                 lvl ? "high" : "low");
          break;
        }
        case Command::Run:
          // The kernel's resolution is 1 ps (SystemC's default): exact in 64 bits.
          wait(sc_core::sc_time::from_value(c.time_ps));
          break;
        case Command::Inject: {
          const Hypervisor::Trigger t = c.level == Level::High  ? Hypervisor::Trigger::High
                                        : c.level == Level::Low ? Hypervisor::Trigger::Low
                                                                : Hypervisor::Trigger::Edge;
          p_.hyp().inject(c.vm, c.intid, t, c.vcpu);
          break;
        }
        case Command::Map:
          p_.hyp().map(c.vm, c.intid, c.pintid);
          break;
        case Command::Enter:
          p_.hyp().enter(c.vm, c.vcpu, c.cpu);
          break;
        case Command::Exit:
          p_.hyp().exit(c.cpu);
          break;
        case Command::ExpectIrq: {
          const VState got = VState(p_.hyp().state(c.vm, c.vcpu, c.intid));
          if (got != c.state) fail(c, to_string(c.state), to_string(got));
          break;
        }
        case Command::Maintenance:
          manual_maintenance_ = c.manual;
          break;
        case Command::Handle:
          if (!p_.hyp().loaded(c.cpu)) fail(c, "a vCPU loaded on the CPU", "none");
          p_.hyp().handle_maintenance(c.cpu);
          break;
        case Command::Kick:
          if (!p_.hyp().loaded(c.cpu)) fail(c, "a vCPU loaded on the CPU", "none");
          p_.hyp().exit_to_host(c.cpu);
          p_.hyp().resume(c.cpu);
          break;
        case Command::Wfi: {
          const int cpu = p_.hyp().vm(c.vm).vcpu(c.vcpu).cpu;
          if (cpu < 0) {
            fail(c, "the vCPU running", "it is not loaded");
            break;
          }
          p_.hyp().wfi(unsigned(cpu));
          break;
        }
        case Command::ExpectBlocked: {
          const bool b = p_.hyp().blocked(c.vm, c.vcpu);
          if (b != c.blocked)
            fail(c, c.blocked ? "blocked" : "runnable", b ? "blocked" : "runnable");
          break;
        }
        case Command::ExpectSources: {
          const uint8_t got = p_.hyp().sgi_sources(c.vm, c.vcpu, c.intid);
          if (got != c.sources) fail(c, "sources " + hex(c.sources), hex(got));
          break;
        }
      }
      if (result) break;
      take_maintenance(c);
      if (result) break;
    }
    sc_core::sc_stop();
  }

  const Script& s_;
  Platform& p_;
  std::ostream& err_;
  bool manual_maintenance_ = false;
};

}  // namespace

int run_script(const Script& script, std::ostream& out, std::ostream& err) {
  Platform platform("platform", script.config);
  Runner runner("runner", script, platform, err);
  Log::set_clock([] { return sc_core::sc_time_stamp().to_string(); });
  sc_core::sc_start();
  Log::set_clock(nullptr);
  if (runner.result == 0)
    out << script.file << ": " << script.commands.size() << " commands, all expectations held\n";
  return runner.result;
}

}  // namespace gicsim
