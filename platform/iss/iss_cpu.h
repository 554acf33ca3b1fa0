// An AArch64 core for real programs: Unicorn (a CPU emulator built from
// QEMU) runs the code in quanta inside one SystemC thread per core; the
// model around it does what Unicorn does not:
//  - system registers: ICC/ICV/ICH accesses go to the GIC's system-register
//    socket with the true EL and HCR_EL2.IMO/FMO; the generic timer
//    (CNT*) runs on SystemC time and drives PPIs 30, 27 and 26;
//  - MMIO: device windows are mapped as memory with access hooks, so every
//    load/store reaches the TLM bus with its real address and width; an
//    error response, or an access where nothing is mapped, becomes a
//    synchronous external abort in the program;
//  - exceptions: IRQ/FIQ/vIRQ/vFIQ (sampled at quantum boundaries), SVC,
//    HVC, SMC (PSCI, or a trap to EL2 under HCR_EL2.TSC), undefined
//    instructions, GIC system-register traps (EC 0x18), WFI traps, aborts:
//    the model writes ESR/ELR/SPSR/FAR and enters the vector itself;
//  - WFI waits on the GIC's lines and the next timer event.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <systemc>
#include <vector>

#include "a64.h"
#include "generic_timer.h"
#include "irq_line.h"
#include "iss_config.h"
#include "mmio_region.h"
#include "sysreg_socket.h"

struct uc_struct;

namespace gicsim {

struct IssStats {
  uint64_t instructions = 0, quanta = 0;
  uint64_t irq = 0, fiq = 0, virq = 0, vfiq = 0;
  uint64_t svc = 0, hvc = 0, smc = 0, undefined = 0, sysreg_trap = 0, wfi_trap = 0, smc_trap = 0;
  uint64_t data_abort = 0, inst_abort = 0, brk = 0;
  uint64_t gic_mmio = 0, gic_sysreg = 0, wfi = 0;
};

// What a core needs from the board it sits on.
class IssBoard {
 public:
  virtual ~IssBoard() = default;
  // A PSCI call (SMC conduit); returns X0.
  virtual uint64_t psci(unsigned cpu, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3) = 0;
  // Ends the run with an error (the program cannot go on).
  virtual void fatal(unsigned cpu, const std::string& message) = 0;
  virtual bool stopping() const = 0;
  // Adds executed instructions; false when the instruction limit is reached.
  virtual bool account(uint64_t instructions) = 0;
};

struct IssCosts {
  unsigned exception_entry = 60;  // cycles per exception taken
  unsigned register_access = 10;  // extra cycles per GIC system-register access
};

class IssCpu : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<IssCpu, 32> bus;     // RAM (DMI) and MMIO
  tlm_utils::simple_initiator_socket<IssCpu, 64> sysreg;  // the GIC's system registers
  sc_core::sc_in<bool> irq, fiq, virq, vfiq;
  sc_core::sc_vector<sc_core::sc_out<bool>> timer;  // GenericTimer::Id order: PPI 30, 27, 26

  SC_HAS_PROCESS(IssCpu);
  IssCpu(sc_core::sc_module_name name, unsigned id, uint64_t mpidr, const IssConfig& cfg,
         double clock_mhz, IssCosts costs, IssBoard& board);
  ~IssCpu() override;

  // Before the simulation starts: RAM (host memory the bus grants by DMI)
  // and the device windows (MMIO through the bus).
  void map_ram(uint64_t base, uint64_t size);
  void map_device(uint64_t base, uint64_t size, bool gic);
  // Function-call wiring to a GIC in the same simulation (the bare-metal
  // platform): the core reads the GIC's output lines and drives its timer
  // PPIs directly, so what a register write changes is visible to the next
  // instruction, as on hardware, instead of some delta cycles later. The
  // ports stay bound (tracing, other listeners).
  struct DirectLines {
    IrqLine *irq, *fiq, *virq, *vfiq;
    std::array<IrqLine*, GenericTimer::kTimers> timer;
  };
  void wire_direct(const DirectLines& d);
  // Whether the GIC has a system-register CPU interface (GICv3): what
  // ID_AA64PFR0_EL1.GIC reports.
  void set_gic_sysregs(bool on) { gic_sysregs_ = on; }
  // Starts the core at EL2 with X0 = context (boot, PSCI CPU_ON).
  void power_on(uint64_t entry, uint64_t context);
  void power_off() { on_ = false; }
  bool powered() const { return on_ || pending_on_; }
  uint64_t mpidr() const { return mpidr_; }
  unsigned id() const { return id_; }
  const IssStats& stats() const { return stats_; }
  uint64_t pc() const;

  // Unicorn callbacks (public for the C trampolines).
  void on_block(uint64_t addr, uint32_t size);
  uint32_t on_sysreg(int reg, unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                     uint64_t value, bool read);
  // A device window's MMIO hook context.
  struct Window {
    IssCpu* cpu;
    bool gic;  // counted as a GIC access
  };
  void on_mmio(const Window& w, bool write, uint64_t addr, int size, int64_t value);
  bool on_unmapped(int type, uint64_t addr, int size);
  void on_intr(uint32_t number);

 private:
  enum class Stop : uint8_t { None, Quantum, Trap, Interrupt };
  struct PendingSync {
    unsigned target_el;
    uint32_t esr;
    uint64_t elr;
    std::optional<uint64_t> far;
  };
  struct Fault {
    bool write, fetch;
    uint64_t addr;
    unsigned size;
  };

  void end_of_elaboration() override;
  void run();
  void boot();
  void run_quantum();
  void clamp_to_timer();
  void after_quantum(int err);
  void handle_intr(uint32_t n);
  void handle_fault(const Fault& f);
  void handle_wfi();
  void take_interrupt();
  void enter(unsigned target_el, a64::VectorKind kind, uint64_t elr, std::optional<uint32_t> esr,
             std::optional<uint64_t> far);
  void eret_to(uint64_t pc, uint64_t spsr_mode);
  void trap_to_stub(unsigned target_el, uint32_t esr, uint64_t elr,
                    std::optional<uint64_t> far = std::nullopt);
  uint64_t data_abort_pc(uint64_t addr, unsigned size, bool write);

  a64::Lines lines() const;
  uint64_t pstate() const;
  unsigned el() const { return a64::pstate::el(pstate()); }
  uint64_t reg(int r) const;
  void set_reg(int r, uint64_t v);
  uint64_t cpreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) const;
  void set_cpreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, uint64_t v);
  uint32_t insn_at(uint64_t addr) const;

  sc_core::sc_time now() const;
  uint64_t cycles_of(uint64_t instructions) const;
  uint64_t count_now() const;
  sc_core::sc_time time_of_count(uint64_t count) const;
  void drive_timers();
  void charge(uint64_t cycles);

  unsigned id_;
  uint64_t mpidr_;
  IssConfig cfg_;
  sc_core::sc_time cycle_;
  IssCosts costs_;
  IssBoard& board_;
  uc_struct* uc_ = nullptr;
  tlm_utils::tlm_quantumkeeper qk_;
  SysregPayload sysreg_payload_;
  GenericTimer gtimer_;
  std::array<bool, GenericTimer::kTimers> timer_level_{};
  sc_core::sc_event power_event_, wake_;  // wake_: a GIC line changed
  bool on_ = false, pending_on_ = false;
  uint64_t entry_ = 0, context_ = 0;
  uint64_t hcr_ = 0;  // HCR_EL2 as last written (the routing bits)
  // Quantum state.
  unsigned limit_ = 0, executed_ = 0;
  bool in_trampoline_ = false, in_quantum_ = false;
  Stop stop_ = Stop::None;
  std::optional<uint32_t> intr_;
  std::optional<PendingSync> pending_;
  std::optional<Fault> fault_;
  uint64_t block_addr_ = 0;
  uint32_t block_size_ = 0;
  uint64_t last_vector_ = ~0ull;  // where the last exception entered (wild-branch check)
  bool executed_since_entry_ = true;
  std::deque<Window> windows_;
  tlm::tlm_generic_payload mmio_payload_;
  CpuIdExtension mmio_ext_;
  IssStats stats_;
  std::optional<DirectLines> direct_;
  bool gic_sysregs_ = true;
};

}  // namespace gicsim
