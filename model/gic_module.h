// SystemC shell of the GIC: one tlm_target_socket<32> per MMIO frame region
// (frame-relative addresses), one system-register target socket, and the
// interrupt lines of the plain-C++ Gic.
#pragma once

#include <memory>
#include <systemc>

#include "gic.h"
#include "mmio_target.h"
#include "sysreg_socket.h"

namespace gicsim {

class GicModule : public sc_core::sc_module {
 public:
  GicModule(sc_core::sc_module_name name, const GicConfig& cfg) : sc_module(name), gic_(cfg) {
    gicd = std::make_unique<MmioTarget>("gicd", gic_.gicd());
    if (gic_.has_frame("GICR")) gicr = std::make_unique<MmioTarget>("gicr", gic_.gicr());
    if (gic_.has_frame("GICC")) gicc = std::make_unique<MmioTarget>("gicc", gic_.gicc());
    if (gic_.has_frame("GICH")) gich = std::make_unique<MmioTarget>("gich", gic_.gich());
    if (gic_.has_frame("GICV")) gicv = std::make_unique<MmioTarget>("gicv", gic_.gicv());
    sysreg = std::make_unique<SysregTarget>("sysreg",
                                            [this](SysregAccess& a) { return gic_.sysreg(a); });
  }
  Gic& gic() { return gic_; }

  std::unique_ptr<MmioTarget> gicd, gicr, gicc, gich, gicv;  // absent frames stay null
  std::unique_ptr<SysregTarget> sysreg;

 private:
  Gic gic_;
};

}  // namespace gicsim
