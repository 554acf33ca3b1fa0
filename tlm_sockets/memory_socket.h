// The GIC's memory master: a TLM-2.0 initiator socket (32-bit bus width)
// over which the GIC reads and writes its tables in memory (LPI
// configuration and pending tables, ITS command queue and tables). DMI is
// used where the target grants it (and dropped when it is invalidated),
// b_transport otherwise; a target must not call wait() in b_transport, as
// the accesses happen inside register writes. An unbound socket or an error
// response is a bus error the GIC reports (logged, never fatal).
#pragma once

#include <tlm_utils/simple_initiator_socket.h>

#include <cstring>
#include <systemc>
#include <tlm>

#include "gic_memory.h"

namespace gicsim {

class MemorySocket : public sc_core::sc_module, public GicMemory {
 public:
  tlm_utils::simple_initiator_socket_optional<MemorySocket, 32> socket;

  explicit MemorySocket(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
    socket.register_invalidate_direct_mem_ptr(this, &MemorySocket::invalidate);
  }
  bool read(uint64_t addr, uint8_t* data, unsigned len) override {
    return access(false, addr, data, len);
  }
  bool write(uint64_t addr, const uint8_t* data, unsigned len) override {
    return access(true, addr, const_cast<uint8_t*>(data), len);
  }
  uint64_t accesses() const { return accesses_; }

 private:
  bool access(bool write, uint64_t addr, uint8_t* data, unsigned len) {
    if (!socket.size() || !len) return false;
    ++accesses_;
    const bool ok_dmi = write ? dmi_.is_write_allowed() : dmi_.is_read_allowed();
    if (dmi_valid_ && ok_dmi && addr >= dmi_.get_start_address() &&
        addr - dmi_.get_start_address() <= dmi_.get_end_address() - dmi_.get_start_address() &&
        len - 1 <= dmi_.get_end_address() - addr) {
      uint8_t* p = dmi_.get_dmi_ptr() + (addr - dmi_.get_start_address());
      write ? std::memcpy(p, data, len) : std::memcpy(data, p, len);
      return true;
    }
    tlm::tlm_generic_payload p;
    p.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    p.set_address(addr);
    p.set_data_ptr(data);
    p.set_data_length(len);
    p.set_streaming_width(len);
    p.set_byte_enable_ptr(nullptr);
    p.set_dmi_allowed(false);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(p, delay);
    const bool ok = p.get_response_status() == tlm::TLM_OK_RESPONSE;
    if (ok && p.is_dmi_allowed()) {
      tlm::tlm_dmi d;
      p.set_address(addr);
      if (socket->get_direct_mem_ptr(p, d)) {
        dmi_ = d;
        dmi_valid_ = true;
      }
    }
    return ok;
  }
  void invalidate(sc_dt::uint64, sc_dt::uint64) { dmi_valid_ = false; }

  tlm::tlm_dmi dmi_;
  bool dmi_valid_ = false;
  uint64_t accesses_ = 0;
};

}  // namespace gicsim
