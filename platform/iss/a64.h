// AArch64 architecture rules the instruction-set-simulator CPU applies
// itself, because Unicorn does not take exceptions natively: exception
// levels and PSTATE fields, interrupt routing and masking (HCR_EL2.IMO/FMO,
// PSTATE.I/F), vector offsets, and the syndrome (ESR_ELx) of every
// exception the CPU model builds. Plain C++: unit tests drive it directly.
// References: Arm ARM (DDI 0487) D1.3 (exception entry), D1.10 (vector
// offsets), D13.2.37 (ESR_ELx and its ECs), D1.3.6 / G1 (interrupt masking).
#pragma once

#include <cstdint>
#include <optional>

namespace gicsim::a64 {

// PSTATE as Unicorn reports it (the SPSR_ELx layout for AArch64).
namespace pstate {
constexpr uint64_t kSp = 1u << 0;  // SPSel: SP_ELx in use
constexpr unsigned kElShift = 2;
constexpr uint64_t kF = 1u << 6, kI = 1u << 7, kA = 1u << 8, kD = 1u << 9;
constexpr uint64_t kDaif = kD | kA | kI | kF;
inline unsigned el(uint64_t p) { return unsigned(p >> kElShift) & 3; }
// The mode field of an ELxh state with D, A, I and F masked (exception entry).
inline uint64_t entry_mode(unsigned el) { return kDaif | (uint64_t(el) << kElShift) | kSp; }
}  // namespace pstate

// HCR_EL2 fields the CPU model reads.
namespace hcr {
constexpr uint64_t kFmo = 1ull << 3, kImo = 1ull << 4, kVf = 1ull << 6, kVi = 1ull << 7;
constexpr uint64_t kTwi = 1ull << 13, kTsc = 1ull << 19, kTge = 1ull << 27, kHcd = 1ull << 29;
}  // namespace hcr

// Exception classes (ESR_ELx.EC).
enum class Ec : uint8_t {
  Unknown = 0x00,
  Wfx = 0x01,
  Svc = 0x15,
  Hvc = 0x16,
  Smc = 0x17,
  Sysreg = 0x18,
  InstAbortLower = 0x20,
  InstAbortSame = 0x21,
  DataAbortLower = 0x24,
  DataAbortSame = 0x25,
  Brk = 0x3c,
};

// ESR_ELx with IL = 1 (32-bit instruction).
inline uint32_t esr(Ec ec, uint32_t iss) {
  return uint32_t(ec) << 26 | 1u << 25 | (iss & 0x1ffffff);
}
// ISS of a trapped MSR/MRS (EC 0x18): Op0, Op2, Op1, CRn, Rt, CRm, Direction
// (1 = read).
uint32_t iss_sysreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                    unsigned rt, bool read);
// ISS of a trapped WFI (EC 0x01): CV = 1, COND = 0b1110, TI = 0.
constexpr uint32_t kIssWfi = 1u << 24 | 0xeu << 20;
// Fault status code: synchronous external abort, not on a table walk.
constexpr uint32_t kFscExternal = 0x10;
constexpr uint32_t kIssWnR = 1u << 6;

// Vector table offsets (D1.10.2).
enum class VectorKind : uint8_t { Sync = 0, Irq = 1, Fiq = 2, SError = 3 };
uint64_t vector_offset(unsigned from_el, bool from_sp_elx, unsigned to_el, VectorKind kind);

// The interrupt lines of one PE and what it decides to take.
struct Lines {
  bool irq = false, fiq = false, virq = false, vfiq = false;
};
enum class IntKind : uint8_t { Irq, Fiq, VIrq, VFiq };
struct TakenInterrupt {
  IntKind kind;
  unsigned target_el;
};
// Non-secure state, EL2 implemented, SCR_EL3.IRQ/FIQ = 0 (no EL3 software):
// physical IRQ/FIQ route to EL2 when HCR_EL2.IMO/FMO (or TGE) is set, else
// to EL1; an interrupt targeting a higher EL than the current one is taken
// whatever PSTATE.I/F say, one targeting the current EL only when unmasked,
// one targeting a lower EL never. Virtual IRQ/FIQ (the GIC's lines or
// HCR_EL2.VI/VF) are taken only at EL1 with IMO/FMO set and PSTATE unmasked.
// Priority: FIQ, IRQ, vFIQ, vIRQ.
std::optional<TakenInterrupt> pick_interrupt(const Lines& lines, unsigned el, uint64_t pstate,
                                             uint64_t hcr_el2);
// Whether WFI would wake up: any interrupt that would be taken if PSTATE
// did not mask it (D1.16.2: WFI wake-up events).
bool wfi_wakes(const Lines& lines, unsigned el, uint64_t hcr_el2);

// The preferred exception return address of a data abort is the faulting
// instruction. Unicorn reports only the start of the translation block in
// its memory hooks, so the CPU model finds the access among the block's
// instructions: the load/store (LDR/STR/LDUR/STUR and their byte, half and
// signed forms, unsigned/unscaled/pre/post-indexed immediate and register
// offset, LDP/STP) whose width and direction match and whose address,
// computed from the registers (which hold their values before the access),
// equals addr. xreg(n) returns Xn (n = 31: SP). Returns the instruction's
// index in the block; when no address matches, the first access of that
// direction wide enough; nothing when there is none.
struct MemAccessDecode {
  bool is_mem = false;
  bool write = false;
  unsigned size = 0;  // bytes per element
  unsigned pair = 1;  // 2 for LDP/STP
  unsigned rn = 0;
  int64_t offset = 0;  // added to Xn (zero for post-index)
  int rm = -1;         // register offset: Xm (extended/shifted)
  unsigned shift = 0;
  unsigned extend = 3;  // option field of register-offset forms (3 = LSL/UXTX)
};
MemAccessDecode decode_mem(uint32_t insn);
template <typename Xreg>
std::optional<unsigned> find_access(const uint32_t* insns, unsigned n, uint64_t addr, unsigned size,
                                    bool write, Xreg xreg);

}  // namespace gicsim::a64

#include "a64_find_access.h"
