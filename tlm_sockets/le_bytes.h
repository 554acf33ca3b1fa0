// Little-endian byte order, as TLM-2.0 data arrays (on the little-endian
// hosts it assumes), GIC tables in memory and every GIC register hold
// values: the low len bytes (at most 8) of v into b, and back. The one
// place such a conversion is written.
#pragma once

#include <cstdint>
#include <cstring>

namespace gicsim {

inline void store_le(uint64_t v, uint8_t* b, unsigned len = 8) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  // Fixed-size copies for the access widths (no store-forwarding stall).
  switch (len) {
    case 1:
      b[0] = uint8_t(v);
      return;
    case 2: {
      const uint16_t x = uint16_t(v);
      std::memcpy(b, &x, 2);
      return;
    }
    case 4: {
      const uint32_t x = uint32_t(v);
      std::memcpy(b, &x, 4);
      return;
    }
    case 8:
      std::memcpy(b, &v, 8);
      return;
    default:
      break;
  }
#endif
  for (unsigned i = 0; i < len && i < 8; ++i) b[i] = uint8_t(v >> (8 * i));
}

inline uint64_t load_le(const uint8_t* b, unsigned len = 8) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  switch (len) {
    case 1:
      return b[0];
    case 2: {
      uint16_t x;
      std::memcpy(&x, b, 2);
      return x;
    }
    case 4: {
      uint32_t x;
      std::memcpy(&x, b, 4);
      return x;
    }
    case 8: {
      uint64_t x;
      std::memcpy(&x, b, 8);
      return x;
    }
    default:
      break;
  }
#endif
  uint64_t v = 0;
  for (unsigned i = 0; i < len && i < 8; ++i) v |= uint64_t(b[i]) << (8 * i);
  return v;
}

}  // namespace gicsim
