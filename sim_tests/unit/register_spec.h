// The GIC's register maps as the architecture specifies them, written from
// IHI 0069 (GICv3, chapter 12) and IHI 0048 (GICv2, chapter 4) and, where the
// architecture leaves a choice, from the choice QEMU's arm_gic/arm_gicv3
// makes (cited per entry). The register sweep (test_register_sweep.cpp)
// checks the model's declared maps against this table and every register's
// behaviour against the fields written here; nothing here is read back from
// the model.
//
// Conventions: RES0 bits and fields of absent features are RAZ/WI (an
// implementation choice the architecture allows; gicsim makes it everywhere).
// A register's "rw" mask names the bits that read back what was written;
// every other bit keeps its reset value, unless "after" says otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gic_config.h"
#include "sysreg.h"

namespace gicsim::spec {

struct Ctx {
  const GicConfig* cfg;
  unsigned cpu;    // the banked copy (accessing CPU or redistributor)
  unsigned index;  // element of a register array
  bool ns_view;    // a Non-secure access to a GIC with two Security states
};

using ValueFn = uint64_t (*)(const Ctx&);
using AfterFn = uint64_t (*)(const Ctx&, uint64_t written);
using CountFn = unsigned (*)(const GicConfig&);

enum class Acc : uint8_t { RW, RO, WO, RAZWI };

enum Flag : unsigned {
  kBytes = 1u << 0,       // byte accesses allowed (besides 32-bit)
  kWide = 1u << 1,        // 64-bit register (64-bit and 32-bit accesses)
  kAction = 1u << 2,      // reads or writes act (IAR, EOIR, SGIR, DIR): no value sweep
  kSet = 1u << 3,         // write-1-to-set half of a set/clear pair ("pair" names the other)
  kClear = 1u << 4,       // write-1-to-clear half
  kPerIrq = 1u << 5,      // per-interrupt fields: Secure (Group 0 at reset) interrupts are
                          // RAZ/WI to Non-secure accesses with two Security states
  kSecureOnly = 1u << 6,  // RAZ/WI to Non-secure accesses with two Security states
};

struct MmioReg {
  const char* frame;  // GICD, GICR, GICR.SGI, GICC, GICH, GICV
  std::string name;
  uint32_t offset;
  CountFn count = nullptr;  // nullptr: a single register
  Acc acc = Acc::RW;
  unsigned flags = 0;
  ValueFn reset = nullptr;  // nullptr: 0
  ValueFn rw = nullptr;     // nullptr: no bit reads back a written value
  AfterFn after = nullptr;  // nullptr: (reset & ~rw) | (written & rw)
  const char* pair = nullptr;
  uint64_t harmless = 0;  // a value an kAction register may be written with to no effect
  unsigned width() const { return flags & kWide ? 8 : 4; }
};

// The frames and registers that exist in a configuration.
std::vector<MmioReg> mmio_registers(const GicConfig& cfg);
// The architected size of a frame (reserved offsets reach up to it).
uint32_t frame_size(const GicConfig& cfg, const char* frame);

// System registers (GICv3 only). view: how the sweep reaches the register.
enum class View : uint8_t { Icc, Icv, Ich };

struct SysReg {
  Sr id;
  View view;
  unsigned min_el;
  CountFn count = nullptr;  // array length (AP0R<n>, LR<n>); nullptr: 1
  Acc acc = Acc::RW;
  unsigned flags = 0;  // kAction only
  ValueFn reset = nullptr;
  ValueFn rw = nullptr;
  AfterFn after = nullptr;
  uint64_t harmless = 0;
};

// Every implemented ICC/ICV/ICH register; registers of absent features
// (NMIAR1 without FEAT_GICv3_NMI) are listed by undefined_sysregs().
std::vector<SysReg> sys_registers(const GicConfig& cfg);
std::vector<Sr> undefined_sysregs();

// Shared arithmetic from the spec.
inline unsigned pre_bits(unsigned pri_bits) { return pri_bits > 7 ? 7 : pri_bits; }
inline uint8_t pri_mask(unsigned bits) { return uint8_t(0xff << (8 - bits)); }
inline unsigned min_bpr0(unsigned pri_bits) { return 7 - pre_bits(pri_bits); }
inline unsigned ap_regs(unsigned pri_bits) {
  return pre_bits(pri_bits) <= 5 ? 1 : 1u << (pre_bits(pri_bits) - 5);
}
inline uint32_t ap_mask(unsigned pri_bits) {
  const unsigned levels = 1u << pre_bits(pri_bits);
  return levels >= 32 ? ~0u : (1u << levels) - 1;
}

}  // namespace gicsim::spec
