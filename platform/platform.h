// The virtual platform: the GIC module behind a bus at the memory map's
// addresses, with initiator ports used by stimulus scripts and CPU stubs.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>

#include <systemc>
#include <tlm>

#include "bus.h"
#include "devices.h"
#include "gic_module.h"
#include "hypervisor.h"
#include "sim_config.h"

namespace gicsim {

class Platform : public sc_core::sc_module {
 public:
  Platform(sc_core::sc_module_name name, const SimConfig& cfg);

  const SimConfig& config() const { return cfg_; }
  Gic& gic() { return gic_.gic(); }
  Hypervisor& hyp() { return hyp_; }

  // Absolute address of a frame: GICD, GICR (RD_base of cpu index, or its
  // SGI_base when sgi), GICC, GICH, GICV. Returns false if the frame is absent.
  bool frame_base(const std::string& frame, unsigned index, bool sgi, uint64_t& base) const;

  // MMIO access through the bus on behalf of a CPU, in a Security state
  // (Non-secure unless secure); value is little-endian.
  tlm::tlm_response_status mmio(unsigned cpu, bool write, uint64_t addr, unsigned width,
                                uint64_t& value, sc_core::sc_time& delay, bool debug = false,
                                bool secure = false);
  SysregStatus sysreg(SysregAccess& a, sc_core::sc_time& delay);
  // An MSI: event written to GITS_TRANSLATER through the bus, the DeviceID
  // in a DeviceIdExtension (TLM_ADDRESS_ERROR_RESPONSE without an ITS).
  tlm::tlm_response_status msi(uint32_t device, uint32_t event, sc_core::sc_time& delay);

 private:
  SimConfig cfg_;
  GicModule gic_;
  Ram ram_;  // at iss.ram_base: the GIC's LPI and ITS tables, script `mem` accesses
  Hypervisor hyp_;
  Bus bus_;
  tlm_utils::simple_initiator_socket<Platform, 32> mmio_port_;
  tlm_utils::simple_initiator_socket<Platform, 64> sysreg_port_;
  SysregPayload sysreg_payload_;
};

}  // namespace gicsim
