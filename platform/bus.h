// A minimal TLM-2.0 interconnect: a target socket any number of initiators
// bind to, an address map of initiator-socket windows. Unmapped addresses
// get TLM_ADDRESS_ERROR_RESPONSE; DMI requests are forwarded (addresses
// translated both ways).
#pragma once

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <string>
#include <systemc>
#include <tlm>
#include <vector>

#include "log.h"

namespace gicsim {

class Bus : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Bus, 32> target;
  tlm_utils::multi_passthrough_initiator_socket<Bus, 32> init;

  explicit Bus(sc_core::sc_module_name name) : sc_module(name), target("target"), init("init") {
    target.register_b_transport(this, &Bus::b_transport);
    target.register_transport_dbg(this, &Bus::transport_dbg);
    target.register_get_direct_mem_ptr(this, &Bus::get_direct_mem_ptr);
  }
  // Maps [base, base+size) to the next bound initiator port (in bind order).
  void map(std::string name, uint64_t base, uint64_t size) {
    windows_.push_back(Window{std::move(name), base, size, windows_.size()});
  }

 private:
  struct Window {
    std::string name;
    uint64_t base, size;
    size_t port;
  };
  const Window* decode(tlm::tlm_generic_payload& p) {
    const uint64_t a = p.get_address();
    for (const Window& w : windows_)
      if (a >= w.base && a - w.base < w.size) return &w;
    Log::guest_error("bus: no target at address " + hex(a));
    p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return nullptr;
  }
  void b_transport(int, tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
    const Window* w = decode(p);
    if (!w) return;
    const uint64_t a = p.get_address();
    p.set_address(a - w->base);
    init[w->port]->b_transport(p, delay);
    p.set_address(a);
  }
  unsigned transport_dbg(int, tlm::tlm_generic_payload& p) {
    const Window* w = decode(p);
    if (!w) return 0;
    const uint64_t a = p.get_address();
    p.set_address(a - w->base);
    const unsigned n = init[w->port]->transport_dbg(p);
    p.set_address(a);
    return n;
  }
  bool get_direct_mem_ptr(int, tlm::tlm_generic_payload& p, tlm::tlm_dmi& dmi) {
    const Window* w = decode(p);
    if (!w) return false;
    const uint64_t a = p.get_address();
    p.set_address(a - w->base);
    const bool ok = init[w->port]->get_direct_mem_ptr(p, dmi);
    p.set_address(a);
    const uint64_t last = w->size - 1;  // the window bounds what is granted
    if (dmi.get_end_address() > last) dmi.set_end_address(last);
    dmi.set_start_address(dmi.get_start_address() + w->base);
    dmi.set_end_address(dmi.get_end_address() + w->base);
    return ok;
  }
  std::vector<Window> windows_;
};

}  // namespace gicsim
