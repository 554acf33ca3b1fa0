// SystemC shells of the system-register transport: a target that hands each
// access to a handler, and an initiator helper that builds the payload.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstring>
#include <functional>
#include <systemc>
#include <tlm>

#include "sysreg.h"

namespace gicsim {

using SysregHandler = std::function<SysregStatus(SysregAccess&)>;

class SysregTarget : public sc_core::sc_module {
 public:
  // 64-bit bus width (the register value); optional like every GIC socket.
  tlm_utils::simple_target_socket_optional<SysregTarget, 64> socket;

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

// Issues system-register accesses through an initiator socket. The payload
// and its extension are built once and reused (a generic payload allocates
// its extension array on construction).
class SysregPayload {
 public:
  SysregPayload() {
    p_.set_data_ptr(reinterpret_cast<unsigned char*>(&data_));
    p_.set_data_length(8);
    p_.set_streaming_width(8);
    p_.set_extension(&ext_);
  }
  ~SysregPayload() { p_.clear_extension(&ext_); }
  SysregPayload(const SysregPayload&) = delete;
  SysregPayload& operator=(const SysregPayload&) = delete;

  template <typename Socket>
  SysregStatus transport(Socket& socket, SysregAccess& a, sc_core::sc_time& delay) {
    ext_.access = a;
    ext_.status = SysregStatus::Ok;
    data_ = a.value;
    p_.set_command(a.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    p_.set_address(a.enc.key());
    p_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(p_, delay);
    if (p_.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE) return SysregStatus::Undefined;
    if (!a.write) a.value = data_;
    return ext_.status;
  }

 private:
  tlm::tlm_generic_payload p_;
  SysregExtension ext_;
  uint64_t data_ = 0;
};

}  // namespace gicsim
