// The bare-metal platform for real AArch64 programs, at QEMU virt
// addresses: the GIC (GicModule, frames at gic.memory_map), RAM at
// iss.ram_base, a PL011 UART at iss.uart_base, one IssCpu per GIC CPU
// interface, the generic timers' PPIs wired into the GIC, and PSCI 1.1
// firmware over SMC (CPU_ON, CPU_OFF, AFFINITY_INFO, SYSTEM_OFF,
// SYSTEM_RESET, PSCI_VERSION, PSCI_FEATURES).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <systemc>
#include <vector>

#include "bus.h"
#include "devices.h"
#include "gic_module.h"
#include "iss_cpu.h"
#include "sim_config.h"

namespace gicsim {

class IssPlatform : public sc_core::sc_module, public IssBoard {
 public:
  IssPlatform(sc_core::sc_module_name name, const SimConfig& cfg, Pl011::Sink uart);
  ~IssPlatform() override;

  Ram& ram() { return *ram_; }
  GicModule& gic() { return *gic_; }
  IssCpu& cpu(unsigned i) { return *cpus_[i]; }
  unsigned cpus() const { return unsigned(cpus_.size()); }
  // Where core 0 starts (at EL2) when the simulation starts; RAM and the
  // devices are mapped into every core then (DMI needs a bound bus).
  void boot(uint64_t entry) { entry_ = entry; }

  // How the run ended.
  enum class End : uint8_t { Running, SystemOff, SystemReset, Fatal, Limit, Signal };
  End end() const { return end_; }
  uint64_t status() const { return status_; }  // SYSTEM_OFF: X1 (a gicsim convention)
  const std::string& message() const { return message_; }
  uint64_t instructions() const { return instructions_; }
  // Ends the run from outside (a signal, a time limit).
  void finish(End how, const std::string& message);

  // IssBoard
  uint64_t psci(unsigned cpu, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3) override;
  void fatal(unsigned cpu, const std::string& message) override;
  bool stopping() const override { return end_ != End::Running; }
  bool account(uint64_t instructions) override;

 private:
  void start_of_simulation() override;
  SimConfig cfg_;
  uint64_t entry_ = 0;
  std::unique_ptr<GicModule> gic_;
  std::unique_ptr<Bus> bus_;
  std::unique_ptr<Ram> ram_;
  std::unique_ptr<Pl011> uart_;
  std::unique_ptr<MmioTarget> uart_target_;
  std::vector<std::unique_ptr<IssCpu>> cpus_;
  sc_core::sc_vector<sc_core::sc_signal<bool>> irq_, fiq_, virq_, vfiq_, ppi_;
  std::vector<std::pair<uint64_t, uint64_t>> devices_;  // base, size of each MMIO window
  End end_ = End::Running;
  uint64_t status_ = 0, instructions_ = 0;
  std::string message_;
};

struct ElfRunOptions {
  std::string elf;
  std::string stats_file;         // empty: none
  std::string uart_file;          // empty: the UART goes to stdout
  uint64_t max_instructions = 0;  // overrides iss.max_instructions when non-zero
};

// gicsim --elf: loads and runs the program; the UART goes to out, gicsim's
// own messages to err. Exit code: 0 SYSTEM_OFF with X1 = 0 (or
// SYSTEM_RESET); 1 SYSTEM_OFF with another status; 2 bad input (the ELF);
// 3 an output file could not be written; 4 the program did not finish (an
// instruction or time limit, a wild branch, every core waiting forever);
// 128+n a signal.
int run_elf(const SimConfig& cfg, const ElfRunOptions& opt, std::ostream& out, std::ostream& err);

}  // namespace gicsim
