// Executes parsed stimulus-script commands against a platform, independent
// of how time passes: the SystemC runner (script_runner.cpp) gives it the
// wired platform and waits in simulated time; the script fuzzer gives it a
// bare Gic + Hypervisor and no kernel. Expectations that fail are reported
// as FILE:LINE: expected X, got Y.
#pragma once

#include <iosfwd>
#include <string>
#include <tlm>

#include "gic.h"
#include "hypervisor.h"
#include "script.h"

namespace gicsim {

// What the executor needs of a platform.
class ScriptTarget {
 public:
  virtual ~ScriptTarget() = default;
  virtual Gic& gic() = 0;
  virtual Hypervisor& hyp() = 0;
  // A CPU's access to a physical frame (GICD, GICR<n>[.SGI], GICC, GICH,
  // GICV); value is little-endian.
  virtual tlm::tlm_response_status mmio(const Command& c, uint64_t& value) = 0;
  virtual SysregStatus sysreg(SysregAccess& a) = 0;
  // A memory access through the platform's bus (mem), and an MSI: a write
  // of event to GITS_TRANSLATER carrying device as its DeviceID (msi).
  virtual tlm::tlm_response_status mem(bool write, uint64_t addr, unsigned width,
                                       uint64_t& value) = 0;
  virtual tlm::tlm_response_status msi(uint32_t device, uint32_t event) = 0;
  // Lets simulated time pass.
  virtual void run(uint64_t ps) = 0;
};

class ScriptExecutor {
 public:
  ScriptExecutor(const Script& s, ScriptTarget& t, std::ostream& err) : s_(s), t_(t), err_(err) {}
  // Runs the commands until the first failed expectation; returns 0 or 1.
  int run_all();
  // One command (and, in auto mode, the maintenance interrupts it caused).
  void execute(const Command& c);
  int result = 0;

 private:
  void fail(const Command& c, const std::string& expected, const std::string& got);
  IrqLine& output(const Command& c);
  void check_value(const Command& c, uint64_t v);
  void check_mmio(const Command& c, tlm::tlm_response_status st, uint64_t v);
  tlm::tlm_response_status vm_mem(const Command& c, uint64_t& v);
  void vm_mmio(const Command& c);
  void mmio(const Command& c);
  void sysreg(const Command& c);
  void line(const Command& c);
  void take_maintenance(const Command& c);
  void hyp_command(const Command& c);
  void expectation(const Command& c);

  const Script& s_;
  ScriptTarget& t_;
  std::ostream& err_;
  bool manual_maintenance_ = false;
};

}  // namespace gicsim
