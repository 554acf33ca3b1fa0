// System-register transport for the GIC CPU interfaces: the encoding table
// (every ICC_*, ICV_* and ICH_* register of GICv3) and the TLM extension that
// carries a system-register access from a CPU to the GIC.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tlm>
#include <vector>

namespace gicsim {

struct SysregEnc {
  uint8_t op0 = 3, op1 = 0, crn = 0, crm = 0, op2 = 0;
  uint16_t key() const {
    return uint16_t((op0 & 3) << 14 | (op1 & 7) << 11 | (crn & 15) << 7 | (crm & 15) << 3 |
                    (op2 & 7));
  }
  bool operator==(const SysregEnc& o) const { return key() == o.key(); }
  std::string str() const;  // "S3_0_C12_C12_0"
};

// Register identities. Arrays are consecutive (AP0R0..3, LR0..15).
enum class Sr : uint8_t {
  ICC_PMR_EL1,
  ICC_IAR0_EL1,
  ICC_EOIR0_EL1,
  ICC_HPPIR0_EL1,
  ICC_BPR0_EL1,
  ICC_AP0R0_EL1,
  ICC_AP1R0_EL1 = ICC_AP0R0_EL1 + 4,
  ICC_NMIAR1_EL1 = ICC_AP1R0_EL1 + 4,
  ICC_DIR_EL1,
  ICC_RPR_EL1,
  ICC_SGI1R_EL1,
  ICC_ASGI1R_EL1,
  ICC_SGI0R_EL1,
  ICC_IAR1_EL1,
  ICC_EOIR1_EL1,
  ICC_HPPIR1_EL1,
  ICC_BPR1_EL1,
  ICC_CTLR_EL1,
  ICC_SRE_EL1,
  ICC_IGRPEN0_EL1,
  ICC_IGRPEN1_EL1,
  ICC_SRE_EL2,
  ICC_CTLR_EL3,
  ICC_SRE_EL3,
  ICC_IGRPEN1_EL3,
  ICH_AP0R0_EL2,
  ICH_AP1R0_EL2 = ICH_AP0R0_EL2 + 4,
  ICH_HCR_EL2 = ICH_AP1R0_EL2 + 4,
  ICH_VTR_EL2,
  ICH_MISR_EL2,
  ICH_EISR_EL2,
  ICH_ELRSR_EL2,
  ICH_VMCR_EL2,
  ICH_LR0_EL2,
  kCount = ICH_LR0_EL2 + 16,
};

inline Sr operator+(Sr r, unsigned n) { return Sr(unsigned(r) + n); }
inline unsigned operator-(Sr a, Sr b) { return unsigned(a) - unsigned(b); }

struct SysregInfo {
  Sr id;
  std::string name;  // ICC_/ICH_ name
  SysregEnc enc;
  uint8_t min_el;    // lowest exception level allowed to access it
  bool has_virtual;  // an ICV_ twin shares the encoding
  // Routing of the ICV twin: 0 = FMO (Group 0), 1 = IMO (Group 1),
  // 2 = IMO or FMO (common registers), 3 = trapped to EL2 by IMO/FMO (SGIs).
  uint8_t route;
};

struct SysregName {
  Sr id;
  bool virt;  // the ICV_ name was used
};

const std::vector<SysregInfo>& sysreg_table();
// Inline: every access looks its register up (one table, built once).
inline const SysregInfo& sysreg_info(Sr id) {
  static const SysregInfo* const table = sysreg_table().data();
  return table[size_t(id)];
}
std::optional<SysregName> sysreg_by_name(const std::string& name);  // case-insensitive
std::optional<Sr> sysreg_by_enc(const SysregEnc& enc);
std::string sysreg_name(Sr id, bool virt = false);
// All names, ICC_, ICV_ and ICH_ (for documentation and tests).
std::vector<std::string> sysreg_all_names();

enum class SysregStatus : uint8_t {
  Ok,
  Undefined,  // no such register / not accessible at this EL: UNDEFINED exception
  TrapEl2,    // trapped to EL2 (ICH_HCR_EL2 traps, SGI writes under IMO/FMO)
  TrapEl3,    // trapped to EL3 (two Security states: Group 0 registers, SCR_EL3.FIQ = 1)
};
const char* to_string(SysregStatus s);

struct SysregAccess {
  SysregEnc enc;
  bool write = false;
  uint64_t value = 0;  // written value, or read result
  unsigned cpu = 0;
  uint8_t el = 1;
  bool imo = false, fmo = false;  // HCR_EL2 routing of physical IRQ/FIQ to EL2
  // Security state with two Security states (GICD_CTLR.DS == 0): a Secure
  // EL1 access, or at EL3 SCR_EL3.NS == 0 (which also picks banked copies).
  bool secure = false;
};

// Builds an access to a known register. el 1 with virt set is the guest's
// access (HCR_EL2.IMO and FMO set), which reaches ICV_* registers.
inline SysregAccess make_sysreg_access(Sr id, unsigned cpu, uint8_t el, bool write,
                                       uint64_t value = 0, bool virt = false);

// Payload extension carrying a system-register access. The generic payload's
// data pointer holds the 64-bit value; the response is TLM_OK_RESPONSE for Ok
// and TLM_GENERIC_ERROR_RESPONSE otherwise, with status giving the reason.
struct SysregExtension : tlm::tlm_extension<SysregExtension> {
  SysregAccess access;
  SysregStatus status = SysregStatus::Ok;
  tlm_extension_base* clone() const override { return new SysregExtension(*this); }
  void copy_from(const tlm_extension_base& e) override {
    *this = static_cast<const SysregExtension&>(e);
  }
};

}  // namespace gicsim

namespace gicsim {

// A system-register map declared in one place: per register identity, a
// read and a write handler. Registers without a handler are UNDEFINED.
class SysregBank {
 public:
  using Read = std::function<SysregStatus(const SysregAccess&, uint64_t& value)>;
  using Write = std::function<SysregStatus(const SysregAccess&, uint64_t value)>;

  void def(Sr id, Read r, Write w) { regs_[size_t(id)] = Entry{std::move(r), std::move(w)}; }
  bool has(Sr id) const { return regs_[size_t(id)].read || regs_[size_t(id)].write; }
  SysregStatus dispatch(Sr id, SysregAccess& a) const {
    const Entry& e = regs_[size_t(id)];
    if (a.write) return e.write ? e.write(a, a.value) : SysregStatus::Undefined;
    a.value = 0;
    return e.read ? e.read(a, a.value) : SysregStatus::Undefined;
  }

 private:
  struct Entry {
    Read read;
    Write write;
  };
  std::array<Entry, size_t(Sr::kCount)> regs_;
};

}  // namespace gicsim

namespace gicsim {

inline SysregAccess make_sysreg_access(Sr id, unsigned cpu, uint8_t el, bool write, uint64_t value,
                                       bool virt) {
  SysregAccess a;
  a.enc = sysreg_info(id).enc;
  a.write = write;
  a.value = value;
  a.cpu = cpu;
  a.el = el;
  a.imo = a.fmo = virt;
  a.secure = el == 3;
  return a;
}

}  // namespace gicsim
