// Bare-metal platform devices for the instruction-set-simulator CPUs, at
// QEMU virt addresses: RAM (a TLM target granting DMI) and a PL011 UART
// (transmit only: DR, FR and the control registers, declared as a register
// bank like the GIC's frames).
#pragma once

#include <tlm_utils/simple_target_socket.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <systemc>
#include <tlm>
#include <vector>

#include "mmio_region.h"
#include "mmio_target.h"
#include "reg_bank.h"

namespace gicsim {

class Ram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Ram, 32> socket;
  Ram(sc_core::sc_module_name name, uint64_t size);
  uint8_t* data() { return mem_.get(); }
  uint64_t size() const { return size_; }

 private:
  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& p);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& p, tlm::tlm_dmi& dmi);
  // calloc: the OS hands out zero pages as they are touched (iss.ram_mb up
  // to 4 GiB costs nothing until the program uses it).
  std::unique_ptr<uint8_t, void (*)(void*)> mem_{nullptr, std::free};
  uint64_t size_ = 0;
};

// PL011 (ARM DDI 0183): what a bare-metal program's console needs. Writes
// to DR send the character to the sink; FR reports the transmit FIFO empty
// and the receive FIFO empty; the identification registers read as a
// PL011's. Receive, interrupts and DMA are not modelled (RAZ/WI).
class Pl011 {
 public:
  using Sink = std::function<void(char)>;
  explicit Pl011(Sink sink);
  MmioRegion& region() { return region_; }
  static constexpr uint64_t kSize = 0x1000;

 private:
  Sink sink_;
  RegisterBank bank_;
  MmioRegion region_;
};

}  // namespace gicsim
