// Shared by the libFuzzer targets: a byte reader and the invariants checked
// after every step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "gic.h"
#include "log.h"

namespace gicsim::fuzz {

class Bytes {
 public:
  Bytes(const uint8_t* d, size_t n) : d_(d), n_(n) {}
  bool more() const { return i_ < n_; }
  uint8_t u8() { return i_ < n_ ? d_[i_++] : 0; }
  uint16_t u16() { return uint16_t(u8() | u8() << 8); }
  uint32_t u32() { return uint32_t(u16() | uint32_t(u16()) << 16); }
  uint64_t u64() { return u32() | uint64_t(u32()) << 32; }

 private:
  const uint8_t* d_;
  size_t n_;
  size_t i_ = 0;
};

[[noreturn]] inline void violated(const char* what, unsigned cpu) {
  std::fprintf(stderr, "invariant violated on cpu%u: %s\n", cpu, what);
  std::abort();
}

// A platform of random shape; GICv2 only when allowed (it has no sysregs).
inline GicConfig random_config(Bytes& in, bool allow_v2) {
  GicConfig c;
  c.version = allow_v2 && (in.u8() & 1) ? 2 : 3;
  const uint8_t shape = in.u8();
  c.cpus = 1 + shape % 4;
  if (shape & 0x80) c.security_states = 2;
  if (shape & 0x40) c.virtualization = false;
  c.lrs = 1 + in.u8() % 16;
  // Two Security states need 32 priority levels (5 bits) at least.
  c.pri_bits = c.two_security_states() ? 5 + in.u8() % 4 : 4 + in.u8() % 5;
  if (c.version == 3) c.vpri_bits = 5 + in.u8() % 4;
  return c;
}

inline void quiet_logs() {
  Log::set_sink([](LogKind, const std::string&) {});
}

// Architectural invariants the model must keep whatever the guest does.
inline void check(Gic& g) {
  const GicConfig& c = g.config();
  for (unsigned cpu = 0; cpu < c.cpus; ++cpu) {
    CpuInterface& ci = g.cpuif(cpu);
    // Outputs follow the highest priority pending interrupt, PMR and running priority.
    const CpuInterface::Hppi h = ci.hppi();
    const bool sig = h.valid && ci.prio.signals(h.prio, h.group);
    bool as_fiq = h.group == 0 && (c.version == 3 || ci.fiqen);
    // GICv3 with two Security states: Group 1 by where the PE runs.
    const bool by_pe = c.version == 3 && c.two_security_states();
    if (by_pe && h.group == Distributor::kG1S) as_fiq = ci.pe_state() != PeState::Secure;
    if (by_pe && h.group == Distributor::kG1NS) as_fiq = ci.pe_state() != PeState::NonSecure;
    const bool fiq = sig && as_fiq;
    if (g.out(cpu).irq.read() != (sig && !fiq)) violated("IRQ line", cpu);
    if (g.out(cpu).fiq.read() != fiq) violated("FIQ line", cpu);
    // Running priority is the highest active priority in the APRs.
    const int hi = ci.prio.highest_active();
    const uint8_t rpr = hi < 0 ? 0xff : uint8_t(unsigned(hi) << (8 - ci.prio.pre_bits));
    if (ci.prio.running_priority() != rpr) violated("running priority vs APRs", cpu);
    // The virtual interface: maintenance line and LR-derived registers.
    VirtualCpuInterface& v = g.vcpuif(cpu);
    if (g.out(cpu).maint.read() != (v.enabled() && v.misr() != 0)) violated("maintenance", cpu);
    if (v.eisr() & v.elrsr()) violated("EISR and ELRSR overlap", cpu);
    for (unsigned n = 0; n < v.lrs(); ++n) {
      const ListReg& l = v.lr(n);
      if ((l.prio & ~v.pri_mask()) != 0) violated("unimplemented LR priority bits", cpu);
      if (l.state > 3) violated("LR state", cpu);
    }
  }
}

}  // namespace gicsim::fuzz
