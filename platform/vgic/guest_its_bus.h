// What a guest's ITS driver (ItsDriver) runs on: the VM's emulated
// redistributors and ITS, reached as the hypervisor's own accesses (no
// world switch: the guest's boot, before or beside its vCPUs), and the
// VM's RAM. on_error hears of every access that failed.
#pragma once

#include <functional>
#include <string>

#include "hypervisor.h"
#include "its_driver.h"

namespace gicsim {

inline ItsDriver::Bus guest_its_bus(Hypervisor& h, unsigned vm,
                                    std::function<void(const std::string&)> on_error = {}) {
  using F = Hypervisor::GuestFrame;
  auto bytes = [](uint64_t v, uint8_t* b) {
    for (unsigned i = 0; i < 8; ++i) b[i] = uint8_t(v >> (8 * i));
  };
  auto fail = [on_error](const std::string& what) {
    if (on_error) on_error(what);
  };
  auto reg = [&h, vm, bytes, fail](F f, uint64_t off, uint64_t v, unsigned w) {
    uint8_t b[8];
    bytes(v, b);
    if (h.guest_mmio(vm, 0, f, true, off, w, b, true) != tlm::TLM_OK_RESPONSE)
      fail("vm" + std::to_string(vm) + ": register write at " + hex(off) + " failed");
  };
  return ItsDriver::Bus{
      [&h, vm, bytes, fail](uint64_t a, uint64_t v, unsigned w) {
        uint8_t b[8];
        bytes(v, b);
        SparseMemory* m = h.vm(vm).memory();
        if (!m || !m->write(a, b, w))
          fail("vm" + std::to_string(vm) + ": RAM write at " + hex(a) + " failed");
      },
      [reg](unsigned c, uint64_t off, uint64_t v, unsigned w) {
        reg(F::Gicr, uint64_t(c) * 0x20000 + off, v, w);
      },
      [reg](uint64_t off, uint64_t v, unsigned w) { reg(F::Gits, off, v, w); },
      [&h, vm](uint64_t off) {
        uint8_t b[8] = {};
        h.guest_mmio(vm, 0, F::Gits, false, off, 8, b, true);
        uint64_t v = 0;
        for (unsigned i = 0; i < 8; ++i) v |= uint64_t(b[i]) << (8 * i);
        return v;
      }};
}

}  // namespace gicsim
