// SystemC shell of the GIC, for dropping into a SystemC/TLM-2.0 platform:
//  - MMIO: one target socket per frame region (gicd, gicr / gicc, gich,
//    gicv), 32-bit bus width, frame-relative addresses, the accessing CPU
//    and Security state in a CpuIdExtension;
//  - with LPIs (gic.lpi_bits) the GIC reads and writes tables in memory
//    through its initiator socket mem.socket; with an ITS (gic.its) the
//    gits target socket serves GITS_*, and GITS_TRANSLATER takes the
//    DeviceID from a DeviceIdExtension;
//  - system registers: one 64-bit target socket per CPU (cpu_sysreg[n],
//    the CPU taken from the socket) and one shared socket (sysreg, the CPU
//    taken from the access), carrying a SysregExtension;
//  - interrupt lines as ports that bind to sc_signal<bool>: spi_in[n] is
//    INTID 32 + n, ppi_in[cpu * 16 + INTID - 16]; per CPU the outputs irq,
//    fiq, virq, vfiq and maint (the maintenance interrupt); rst resets the
//    GIC on its rising edge;
//  - every socket and port may stay unbound; outputs are written by this
//    module's own process (one writer per signal, from any caller);
//  - messages through sc_report_handler (types gicsim/guest-error,
//    gicsim/unimplemented, gicsim/info, gicsim/event), each naming this
//    instance and the SystemC time; counters per instance.
// The plain-C++ Gic inside (gic()) keeps the function-call IrqLine path for
// platforms that prefer it.
#pragma once

#include <memory>
#include <systemc>

#include "gic.h"
#include "memory_socket.h"
#include "mmio_target.h"
#include "sysreg_socket.h"

namespace gicsim {

class GicModule : public sc_core::sc_module {
 public:
  using InPort =
      sc_core::sc_port<sc_core::sc_signal_in_if<bool>, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;
  using OutPort =
      sc_core::sc_port<sc_core::sc_signal_inout_if<bool>, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;

  // cfg is validated: an invalid one raises a SystemC error (SC_REPORT_ERROR,
  // type gicsim/config) naming this instance and the key.
  GicModule(sc_core::sc_module_name name, const GicConfig& cfg);

  Gic& gic() { return *gic_; }
  const GicConfig& config() const { return gic_->config(); }
  // Architectural reset of every register and state (as a rising rst).
  void reset();
  // Traces every input and output line, named <instance>.<line>.
  void trace(sc_core::sc_trace_file* tf) const override;
  // Messages reported through sc_report_handler at most (per instance); the
  // rest are only counted. Default 10000: a hostile guest cannot fill a disk.
  void set_report_limit(uint64_t n) { report_limit_ = n; }
  uint64_t count(LogKind k) { return gic_->logger().count(k); }

  // MMIO frames; absent ones (per version and configuration) stay null.
  std::unique_ptr<MmioTarget> gicd, gicr, gicc, gich, gicv;
  std::unique_ptr<MmioTarget>
      gits;  // the ITS (gic.its): control frame, translation frame at +64 KiB
  // The GIC's own memory master (LPI tables, ITS queue and tables): bind
  // mem.socket to the platform's bus or RAM; unbound, every table access is
  // a bus error. With GITS_TYPER.PTA (gic.its_pta) call set_gicr_base.
  MemorySocket mem;
  void set_gicr_base(uint64_t base) {
    if (gic_->its()) gic_->its()->set_rd_base(base);
  }
  // System registers (GICv3): per CPU, and one shared by all CPUs.
  sc_core::sc_vector<SysregTarget> cpu_sysreg;
  std::unique_ptr<SysregTarget> sysreg;

  sc_core::sc_vector<InPort> spi_in;  // INTID 32 + n
  sc_core::sc_vector<InPort> ppi_in;  // cpu * 16 + INTID - 16
  sc_core::sc_vector<OutPort> irq, fiq, virq, vfiq, maint;
  InPort rst;  // active high: the GIC resets on its rising edge

 private:
  void end_of_elaboration() override;
  void report(LogKind kind, const std::string& msg);
  void drive_outputs();

  std::unique_ptr<Gic> gic_;
  struct Out {
    OutPort* port;
    IrqLine* line;
  };
  std::vector<Out> outs_;  // the bound outputs
  uint64_t reported_ = 0, report_limit_ = 10000;
};

}  // namespace gicsim
