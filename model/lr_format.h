// List-register encodings: GICv3 ICH_LR<n>_EL2 and GICv2 GICH_LR<n>, to and
// from the version-independent ListReg. Shared by the model's registers and
// the hypervisor backends.
#pragma once

#include <cstdint>

#include "vcpu_interface.h"

namespace gicsim {

// ICH_LR<n>_EL2 fields.
namespace lr3 {
constexpr uint64_t kVintidMask = 0xffff;  // IDbits = 16: vINTID[31:16] RES0
constexpr unsigned kPintidShift = 32;
constexpr uint64_t kPintidMask = 0x1fff;
constexpr uint64_t kEoi = 1ull << 41;
constexpr unsigned kPrioShift = 48;
constexpr uint64_t kGroup = 1ull << 60;
constexpr uint64_t kHw = 1ull << 61;
constexpr unsigned kStateShift = 62;
}  // namespace lr3
// GICH_LR<n> fields.
namespace lr2 {
constexpr uint32_t kVintidMask = 0x3ff;
constexpr unsigned kPintidShift = 10;
constexpr uint32_t kPintidMask = 0x3ff;
constexpr unsigned kCpuidShift = 10;
constexpr uint32_t kEoi = 1u << 19;
constexpr unsigned kPrioShift = 23;  // Priority[7:3]
constexpr unsigned kStateShift = 28;
constexpr uint32_t kGroup = 1u << 30;
constexpr uint32_t kHw = 1u << 31;
}  // namespace lr2

inline uint64_t encode_v3(const ListReg& l) {
  uint64_t v = (l.vintid & lr3::kVintidMask) | uint64_t(l.prio) << lr3::kPrioShift |
               uint64_t(l.state) << lr3::kStateShift;
  if (l.group) v |= lr3::kGroup;
  if (l.hw)
    v |= lr3::kHw | uint64_t(l.pintid & lr3::kPintidMask) << lr3::kPintidShift;
  else if (l.eoi)
    v |= lr3::kEoi;
  return v;
}

inline ListReg decode_v3(uint64_t v) {
  ListReg l;
  l.vintid = uint32_t(v & lr3::kVintidMask);
  l.prio = uint8_t(v >> lr3::kPrioShift);
  l.state = uint8_t(v >> lr3::kStateShift);
  l.group = v & lr3::kGroup;
  l.hw = v & lr3::kHw;
  if (l.hw)
    l.pintid = uint16_t((v >> lr3::kPintidShift) & lr3::kPintidMask);
  else
    l.eoi = v & lr3::kEoi;
  return l;
}

inline uint32_t encode_v2(const ListReg& l) {
  uint32_t v = (l.vintid & lr2::kVintidMask) | uint32_t(l.prio >> 3) << lr2::kPrioShift |
               uint32_t(l.state) << lr2::kStateShift;
  if (l.group) v |= lr2::kGroup;
  if (l.hw) {
    v |= lr2::kHw | uint32_t(l.pintid & lr2::kPintidMask) << lr2::kPintidShift;
  } else {
    if (l.eoi) v |= lr2::kEoi;
    v |= uint32_t(l.source & 7) << lr2::kCpuidShift;
  }
  return v;
}

inline ListReg decode_v2(uint32_t v) {
  ListReg l;
  l.vintid = v & lr2::kVintidMask;
  l.prio = uint8_t(((v >> lr2::kPrioShift) & 0x1f) << 3);
  l.state = uint8_t((v >> lr2::kStateShift) & 3);
  l.group = v & lr2::kGroup;
  l.hw = v & lr2::kHw;
  if (l.hw) {
    l.pintid = uint16_t((v >> lr2::kPintidShift) & lr2::kPintidMask);
  } else {
    l.eoi = v & lr2::kEoi;
    l.source = uint8_t((v >> lr2::kCpuidShift) & 7);
  }
  return l;
}

}  // namespace gicsim
