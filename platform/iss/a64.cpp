#include "a64.h"

namespace gicsim::a64 {

namespace {

uint32_t bits(uint32_t v, unsigned hi, unsigned lo) {
  return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}
int64_t sext(uint64_t v, unsigned width) {
  const uint64_t m = 1ull << (width - 1);
  return int64_t((v ^ m) - m);
}

}  // namespace

uint32_t iss_sysreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                    unsigned rt, bool read) {
  return (op0 & 3) << 20 | (op2 & 7) << 17 | (op1 & 7) << 14 | (crn & 15) << 10 | (rt & 31) << 5 |
         (crm & 15) << 1 | (read ? 1u : 0u);
}

uint64_t vector_offset(unsigned from_el, bool from_sp_elx, unsigned to_el, VectorKind kind) {
  uint64_t base = 0x400;  // lower EL using AArch64
  if (from_el == to_el) base = from_sp_elx ? 0x200 : 0x000;
  return base + 0x80 * uint64_t(kind);
}

std::optional<TakenInterrupt> pick_interrupt(const Lines& l, unsigned el, uint64_t ps,
                                             uint64_t hcr_el2) {
  const bool tge = hcr_el2 & hcr::kTge;
  const bool imo = (hcr_el2 & hcr::kImo) || tge;
  const bool fmo = (hcr_el2 & hcr::kFmo) || tge;
  auto physical = [&](bool line, bool to_el2, bool masked) -> std::optional<unsigned> {
    if (!line) return std::nullopt;
    const unsigned target = to_el2 ? 2 : 1;
    if (el > target) return std::nullopt;
    if (el == target && masked) return std::nullopt;
    return target;
  };
  if (auto t = physical(l.fiq, fmo, ps & pstate::kF)) return TakenInterrupt{IntKind::Fiq, *t};
  if (auto t = physical(l.irq, imo, ps & pstate::kI)) return TakenInterrupt{IntKind::Irq, *t};
  if (el <= 1 && !tge) {
    if (fmo && (l.vfiq || (hcr_el2 & hcr::kVf)) && !(ps & pstate::kF))
      return TakenInterrupt{IntKind::VFiq, 1};
    if (imo && (l.virq || (hcr_el2 & hcr::kVi)) && !(ps & pstate::kI))
      return TakenInterrupt{IntKind::VIrq, 1};
  }
  return std::nullopt;
}

bool wfi_wakes(const Lines& l, unsigned el, uint64_t hcr_el2) {
  // The same decision with PSTATE.I and F clear.
  return pick_interrupt(l, el, 0, hcr_el2).has_value();
}

MemAccessDecode decode_mem(uint32_t x) {
  MemAccessDecode d;
  d.rn = bits(x, 9, 5);
  const unsigned size = bits(x, 31, 30);
  const unsigned opc = bits(x, 23, 22);
  if ((x & 0x3b000000) == 0x39000000 || (x & 0x3b200000) == 0x38000000 ||
      (x & 0x3b200c00) == 0x38200800) {
    // Load/store register, general-purpose (V = 0).
    if (size == 3 && opc == 2) return d;  // PRFM
    d.is_mem = true;
    d.write = opc == 0;
    d.size = 1u << size;
    if ((x & 0x3b000000) == 0x39000000) {
      d.offset = int64_t(bits(x, 21, 10)) << size;
    } else if ((x & 0x3b200c00) == 0x38200800) {
      d.rm = int(bits(x, 20, 16));
      d.extend = bits(x, 15, 13);
      d.shift = bits(x, 12, 12) ? size : 0;
    } else if (bits(x, 11, 10) != 1) {  // unscaled, unprivileged, pre-index
      d.offset = sext(bits(x, 20, 12), 9);
    }  // post-index: the address is Xn
    return d;
  }
  if ((x & 0x3a000000) == 0x28000000) {  // LDP/STP/LDPSW/LDNP/STNP (V = 0)
    const unsigned o = bits(x, 31, 30);
    if (o == 3) return d;
    d.is_mem = true;
    d.write = !bits(x, 22, 22);
    d.size = o == 2 ? 8 : 4;
    d.pair = 2;
    if (bits(x, 24, 23) != 1) d.offset = sext(bits(x, 21, 15), 7) * int64_t(d.size);
    return d;
  }
  if ((x & 0x3f000000) == 0x08000000) {  // load/store exclusive, acquire/release
    d.is_mem = true;
    d.write = !bits(x, 22, 22);
    d.size = 1u << size;
    d.pair = bits(x, 21, 21) ? 2 : 1;
    return d;
  }
  return d;
}

}  // namespace gicsim::a64
