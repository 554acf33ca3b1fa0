#include "script_runner.h"

#include <ostream>
#include <systemc>

#include "log.h"
#include "platform.h"
#include "script_exec.h"

namespace gicsim {

namespace {

// The wired platform as a script target: accesses go through the bus and
// the sysreg socket, and `run` waits in simulated time.
class PlatformTarget : public ScriptTarget {
 public:
  explicit PlatformTarget(Platform& p) : p_(p) {}
  Gic& gic() override { return p_.gic(); }
  Hypervisor& hyp() override { return p_.hyp(); }
  tlm::tlm_response_status mmio(const Command& c, uint64_t& value) override {
    uint64_t base = 0;
    p_.frame_base(c.frame, c.frame_index, c.sgi_frame, base);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    const tlm::tlm_response_status st =
        p_.mmio(c.cpu, c.write, base + c.offset, c.width, value, delay, false, c.security == 1);
    if (delay > sc_core::SC_ZERO_TIME) sc_core::wait(delay);
    return st;
  }
  SysregStatus sysreg(SysregAccess& a) override {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    const SysregStatus st = p_.sysreg(a, delay);
    if (delay > sc_core::SC_ZERO_TIME) sc_core::wait(delay);
    return st;
  }
  tlm::tlm_response_status mem(bool write, uint64_t addr, unsigned width,
                               uint64_t& value) override {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    const tlm::tlm_response_status st = p_.mmio(0, write, addr, width, value, delay);
    if (delay > sc_core::SC_ZERO_TIME) sc_core::wait(delay);
    return st;
  }
  tlm::tlm_response_status msi(uint32_t device, uint32_t event) override {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    const tlm::tlm_response_status st = p_.msi(device, event, delay);
    if (delay > sc_core::SC_ZERO_TIME) sc_core::wait(delay);
    return st;
  }
  // The kernel's resolution is 1 ps (SystemC's default): exact in 64 bits.
  void run(uint64_t ps) override { sc_core::wait(sc_core::sc_time::from_value(ps)); }

 private:
  Platform& p_;
};

class Runner : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Runner);
  Runner(sc_core::sc_module_name n, const Script& s, Platform& p, std::ostream& err)
      : sc_module(n), target_(p), exec_(s, target_, err) {
    SC_THREAD(main);
  }
  int result() const { return exec_.result; }

 private:
  void main() {
    exec_.run_all();
    sc_core::sc_stop();
  }
  PlatformTarget target_;
  ScriptExecutor exec_;
};

}  // namespace

int run_script(const Script& script, std::ostream& out, std::ostream& err) {
  Platform platform("platform", script.config);
  Runner runner("runner", script, platform, err);
  Log::set_clock([] { return sc_core::sc_time_stamp().to_string(); });
  sc_core::sc_start();
  Log::set_clock(nullptr);
  if (runner.result() == 0)
    out << script.file << ": " << script.commands.size() << " commands, all expectations held\n";
  return runner.result();
}

}  // namespace gicsim
