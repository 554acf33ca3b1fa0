// SystemC shells of the system-register transport: a target that hands each
// access to a handler, and an initiator helper that builds the payload.
#pragma once

#include <cstring>
#include <functional>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "sysreg.h"

namespace gicsim {

using SysregHandler = std::function<SysregStatus(SysregAccess&)>;

class SysregTarget : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<SysregTarget, 64> socket;

  SysregTarget(sc_core::sc_module_name name, SysregHandler handler)
      : sc_module(name), socket("socket"), handler_(std::move(handler)) {
    socket.register_b_transport(this, &SysregTarget::b_transport);
  }

 private:
  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time&) {
    SysregExtension* ext = p.get_extension<SysregExtension>();
    if (!ext || p.get_data_length() != 8 || !p.get_data_ptr()) {
      p.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
      return;
    }
    ext->access.write = p.is_write();
    if (ext->access.write) std::memcpy(&ext->access.value, p.get_data_ptr(), 8);
    ext->status = handler_(ext->access);
    if (!ext->access.write) std::memcpy(p.get_data_ptr(), &ext->access.value, 8);
    p.set_response_status(ext->status == SysregStatus::Ok ? tlm::TLM_OK_RESPONSE
                                                          : tlm::TLM_GENERIC_ERROR_RESPONSE);
  }
  SysregHandler handler_;
};

// Issues one system-register access through an initiator socket.
template <typename Socket>
SysregStatus sysreg_transport(Socket& socket, SysregAccess& a, sc_core::sc_time& delay) {
  tlm::tlm_generic_payload p;
  SysregExtension ext;
  ext.access = a;
  uint64_t data = a.value;
  p.set_command(a.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  p.set_address(ext.access.enc.key());
  p.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
  p.set_data_length(8);
  p.set_streaming_width(8);
  p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  p.set_extension(&ext);
  socket->b_transport(p, delay);
  p.clear_extension(&ext);
  if (p.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE) return SysregStatus::Undefined;
  if (!a.write) a.value = data;
  return ext.status;
}

}  // namespace gicsim
