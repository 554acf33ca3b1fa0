// Shared fixtures of the benchmarks: an initiator module with one MMIO and
// one sysreg socket, and helpers to issue accesses the way a CPU model does.
#pragma once

#include <benchmark/benchmark.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <memory>
#include <systemc>
#include <vector>

#include "gic_module.h"

namespace gicsim::bench {

struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator, 32> mmio;
  tlm_utils::simple_initiator_socket<Initiator, 32> rdist;  // GICR region (or unused)
  tlm_utils::simple_initiator_socket<Initiator, 64> sys;
  tlm::tlm_generic_payload p;
  CpuIdExtension ext;
  uint8_t data[8] = {};
  sc_core::sc_time delay;
  SysregPayload sp;

  explicit Initiator(sc_core::sc_module_name n)
      : sc_module(n), mmio("mmio"), rdist("rdist"), sys("sys") {
    p.set_data_ptr(data);
    p.set_extension(&ext);
  }
  ~Initiator() override { p.clear_extension(&ext); }
  uint32_t access(bool write, uint64_t addr, uint32_t v, bool redistributor = false) {
    std::memcpy(data, &v, 4);
    p.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    p.set_address(addr);
    p.set_data_length(4);
    p.set_streaming_width(4);
    p.set_byte_enable_ptr(nullptr);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    (redistributor ? rdist : mmio)->b_transport(p, delay);
    std::memcpy(&v, data, 4);
    return v;
  }
  uint64_t sysreg(unsigned cpu, Sr id, bool write, uint64_t v = 0) {
    SysregAccess a = make_sysreg_access(id, cpu, 1, write, v);
    sp.transport(sys, a, delay);
    return a.value;
  }
};

// The floor: a target whose b_transport does nothing but answer OK.
struct EmptyTarget : sc_core::sc_module {
  tlm_utils::simple_target_socket<EmptyTarget, 32> socket;
  tlm_utils::simple_target_socket<EmptyTarget, 32> socket2;
  tlm_utils::simple_target_socket<EmptyTarget, 64> sys;
  explicit EmptyTarget(sc_core::sc_module_name n)
      : sc_module(n), socket("socket"), socket2("socket2"), sys("sys") {
    socket.register_b_transport(this, &EmptyTarget::b_transport);
    socket2.register_b_transport(this, &EmptyTarget::b_transport);
    sys.register_b_transport(this, &EmptyTarget::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time&) {
    p.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

// Registered benchmarks build their fixtures during elaboration.
void register_phys(std::vector<std::function<void()>>& late);
void register_virt();
void register_world_switch();
void register_storm();
void register_lpi();
void register_guest_lpi();

}  // namespace gicsim::bench
