// Template part of a64.h: find_access (needs the caller's register reader).
#pragma once

namespace gicsim::a64 {

template <typename Xreg>
std::optional<unsigned> find_access(const uint32_t* insns, unsigned n, uint64_t addr, unsigned size,
                                    bool write, Xreg xreg) {
  std::optional<unsigned> any;
  for (unsigned i = 0; i < n; ++i) {
    const MemAccessDecode d = decode_mem(insns[i]);
    if (!d.is_mem || d.write != write) continue;
    uint64_t base = xreg(d.rn) + uint64_t(d.offset);
    if (d.rm >= 0) {
      uint64_t m = d.rm == 31 ? 0 : xreg(unsigned(d.rm));
      switch (d.extend) {
        case 2:
          m = uint32_t(m);
          break;  // UXTW
        case 6:
          m = uint64_t(int64_t(int32_t(m)));
          break;  // SXTW
        default:
          break;  // LSL / SXTX
      }
      base += m << d.shift;
    }
    for (unsigned e = 0; e < d.pair; ++e)
      if (base + e * d.size <= addr && addr < base + (e + 1) * d.size) return i;
    if (d.size * d.pair >= size && !any) any = i;
  }
  return any;
}

}  // namespace gicsim::a64
