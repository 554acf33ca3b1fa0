// SystemC shell serving an MmioRegion on a tlm_target_socket<32>.
#pragma once

#include <tlm_utils/simple_target_socket.h>

#include <systemc>
#include <tlm>

#include "mmio_region.h"

namespace gicsim {

class MmioTarget : public sc_core::sc_module {
 public:
  // Optional: a platform need not bind a frame it does not use.
  tlm_utils::simple_target_socket_optional<MmioTarget, 32> socket;

  MmioTarget(sc_core::sc_module_name name, MmioRegion& region,
             sc_core::sc_time latency = sc_core::SC_ZERO_TIME)
      : sc_module(name), socket("socket"), region_(region), latency_(latency) {
    socket.register_b_transport(this, &MmioTarget::b_transport);
    socket.register_transport_dbg(this, &MmioTarget::transport_dbg);
  }

 private:
  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
    region_.transport(p, false);
    delay += latency_;
  }
  unsigned transport_dbg(tlm::tlm_generic_payload& p) {
    if (p.is_write()) {
      // Debug writes behave like writes without timing.
      return region_.transport(p, false) == tlm::TLM_OK_RESPONSE ? p.get_data_length() : 0;
    }
    return region_.transport(p, true) == tlm::TLM_OK_RESPONSE ? p.get_data_length() : 0;
  }
  MmioRegion& region_;
  sc_core::sc_time latency_;
};

}  // namespace gicsim
