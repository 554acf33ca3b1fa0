// What a guest's ITS driver (ItsDriver) runs on: the VM's emulated
// redistributors and ITS, reached as the hypervisor's own accesses (no
// world switch: the guest's boot, before or beside its vCPUs), and the
// VM's RAM. on_error hears of every access that failed.
#pragma once

#include <functional>
#include <string>

#include "gic_memory.h"
#include "hypervisor.h"
#include "its_driver.h"
#include "le_bytes.h"

namespace gicsim {

inline ItsDriver::Bus guest_its_bus(Hypervisor& h, unsigned vm,
                                    std::function<void(const std::string&)> on_error = {}) {
  using F = Hypervisor::GuestFrame;
  auto fail = [on_error, vm](const char* what, uint64_t at) {
    if (on_error) on_error("vm" + std::to_string(vm) + ": " + what + " at " + hex(at) + " failed");
  };
  auto reg = [&h, vm, fail](F f, bool write, uint64_t off, uint64_t v, unsigned w) {
    uint8_t b[8] = {};
    store_le(v, b);
    if (h.guest_mmio(vm, 0, f, write, off, w, b, true) != tlm::TLM_OK_RESPONSE)
      fail(write ? "register write" : "register read", off);
    return load_le(b, w);
  };
  return ItsDriver::Bus{
      [&h, vm, fail](uint64_t a, uint64_t v, unsigned w) {
        uint8_t b[8];
        store_le(v, b);
        SparseMemory* m = h.vm(vm).memory();
        if (!m || !m->write(a, b, w)) fail("RAM write", a);
      },
      [reg](unsigned c, uint64_t off, uint64_t v, unsigned w) {
        reg(F::Gicr, true, uint64_t(c) * 0x20000 + off, v, w);
      },
      [reg](uint64_t off, uint64_t v, unsigned w) { reg(F::Gits, true, off, v, w); },
      [reg](uint64_t off) { return reg(F::Gits, false, off, 0, 8); }};
}

}  // namespace gicsim
