#include "sysreg.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

namespace gicsim {

std::string SysregEnc::str() const {
  return "S" + std::to_string(op0) + "_" + std::to_string(op1) + "_C" + std::to_string(crn) + "_C" +
         std::to_string(crm) + "_" + std::to_string(op2);
}

namespace {
enum Route : uint8_t { kFmo = 0, kImo = 1, kEither = 2, kSgi = 3, kNone = 4 };

std::vector<SysregInfo> build() {
  std::vector<SysregInfo> t;
  auto add = [&](Sr id, std::string name, uint8_t op1, uint8_t crm, uint8_t op2, uint8_t el,
                 bool virt, uint8_t route) {
    t.push_back(SysregInfo{id, std::move(name), SysregEnc{3, op1, 12, crm, op2}, el, virt, route});
  };
  add(Sr::ICC_PMR_EL1, "ICC_PMR_EL1", 0, 0, 0, 1, true, kEither);
  t.back().enc.crn = 4, t.back().enc.crm = 6;
  add(Sr::ICC_IAR0_EL1, "ICC_IAR0_EL1", 0, 8, 0, 1, true, kFmo);
  add(Sr::ICC_EOIR0_EL1, "ICC_EOIR0_EL1", 0, 8, 1, 1, true, kFmo);
  add(Sr::ICC_HPPIR0_EL1, "ICC_HPPIR0_EL1", 0, 8, 2, 1, true, kFmo);
  add(Sr::ICC_BPR0_EL1, "ICC_BPR0_EL1", 0, 8, 3, 1, true, kFmo);
  for (unsigned n = 0; n < 4; ++n)
    add(Sr::ICC_AP0R0_EL1 + n, "ICC_AP0R" + std::to_string(n) + "_EL1", 0, 8, uint8_t(4 + n), 1,
        true, kFmo);
  for (unsigned n = 0; n < 4; ++n)
    add(Sr::ICC_AP1R0_EL1 + n, "ICC_AP1R" + std::to_string(n) + "_EL1", 0, 9, uint8_t(n), 1, true,
        kImo);
  add(Sr::ICC_NMIAR1_EL1, "ICC_NMIAR1_EL1", 0, 9, 5, 1, true, kImo);
  add(Sr::ICC_DIR_EL1, "ICC_DIR_EL1", 0, 11, 1, 1, true, kEither);
  add(Sr::ICC_RPR_EL1, "ICC_RPR_EL1", 0, 11, 3, 1, true, kEither);
  add(Sr::ICC_SGI1R_EL1, "ICC_SGI1R_EL1", 0, 11, 5, 1, false, kSgi);
  add(Sr::ICC_ASGI1R_EL1, "ICC_ASGI1R_EL1", 0, 11, 6, 1, false, kSgi);
  add(Sr::ICC_SGI0R_EL1, "ICC_SGI0R_EL1", 0, 11, 7, 1, false, kSgi);
  add(Sr::ICC_IAR1_EL1, "ICC_IAR1_EL1", 0, 12, 0, 1, true, kImo);
  add(Sr::ICC_EOIR1_EL1, "ICC_EOIR1_EL1", 0, 12, 1, 1, true, kImo);
  add(Sr::ICC_HPPIR1_EL1, "ICC_HPPIR1_EL1", 0, 12, 2, 1, true, kImo);
  add(Sr::ICC_BPR1_EL1, "ICC_BPR1_EL1", 0, 12, 3, 1, true, kImo);
  add(Sr::ICC_CTLR_EL1, "ICC_CTLR_EL1", 0, 12, 4, 1, true, kEither);
  add(Sr::ICC_SRE_EL1, "ICC_SRE_EL1", 0, 12, 5, 1, false, kNone);
  add(Sr::ICC_IGRPEN0_EL1, "ICC_IGRPEN0_EL1", 0, 12, 6, 1, true, kFmo);
  add(Sr::ICC_IGRPEN1_EL1, "ICC_IGRPEN1_EL1", 0, 12, 7, 1, true, kImo);
  add(Sr::ICC_SRE_EL2, "ICC_SRE_EL2", 4, 9, 5, 2, false, kNone);
  add(Sr::ICC_CTLR_EL3, "ICC_CTLR_EL3", 6, 12, 4, 3, false, kNone);
  add(Sr::ICC_SRE_EL3, "ICC_SRE_EL3", 6, 12, 5, 3, false, kNone);
  add(Sr::ICC_IGRPEN1_EL3, "ICC_IGRPEN1_EL3", 6, 12, 7, 3, false, kNone);
  for (unsigned n = 0; n < 4; ++n)
    add(Sr::ICH_AP0R0_EL2 + n, "ICH_AP0R" + std::to_string(n) + "_EL2", 4, 8, uint8_t(n), 2, false,
        kNone);
  for (unsigned n = 0; n < 4; ++n)
    add(Sr::ICH_AP1R0_EL2 + n, "ICH_AP1R" + std::to_string(n) + "_EL2", 4, 9, uint8_t(n), 2, false,
        kNone);
  add(Sr::ICH_HCR_EL2, "ICH_HCR_EL2", 4, 11, 0, 2, false, kNone);
  add(Sr::ICH_VTR_EL2, "ICH_VTR_EL2", 4, 11, 1, 2, false, kNone);
  add(Sr::ICH_MISR_EL2, "ICH_MISR_EL2", 4, 11, 2, 2, false, kNone);
  add(Sr::ICH_EISR_EL2, "ICH_EISR_EL2", 4, 11, 3, 2, false, kNone);
  add(Sr::ICH_ELRSR_EL2, "ICH_ELRSR_EL2", 4, 11, 5, 2, false, kNone);
  add(Sr::ICH_VMCR_EL2, "ICH_VMCR_EL2", 4, 11, 7, 2, false, kNone);
  for (unsigned n = 0; n < 16; ++n)
    add(Sr::ICH_LR0_EL2 + n, "ICH_LR" + std::to_string(n) + "_EL2", 4, uint8_t(12 + n / 8),
        uint8_t(n % 8), 2, false, kNone);
  std::sort(t.begin(), t.end(),
            [](const SysregInfo& a, const SysregInfo& b) { return a.id < b.id; });
  return t;
}

std::string upper(std::string s) {
  for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Every GIC system register has op0 = 3 and CRn = 4 or 12: a compact
// (cache-friendly) table indexed by op1, CRn, CRm and op2 is enough.
int compact(const SysregEnc& e) {
  if (e.op0 != 3 || (e.crn != 12 && e.crn != 4)) return -1;
  return (e.op1 & 7) << 8 | (e.crn == 12) << 7 | (e.crm & 15) << 3 | (e.op2 & 7);
}

struct Index {
  std::unordered_map<std::string, SysregName> by_name;
  std::array<int8_t, 2048> by_enc;
  Index() {
    by_enc.fill(-1);
    for (const SysregInfo& i : sysreg_table()) {
      by_name[i.name] = SysregName{i.id, false};
      if (i.has_virtual) by_name["ICV_" + i.name.substr(4)] = SysregName{i.id, true};
      by_enc[size_t(compact(i.enc))] = int8_t(i.id);
    }
  }
};

const Index& index() {
  static const Index idx;
  return idx;
}
}  // namespace

const std::vector<SysregInfo>& sysreg_table() {
  static const std::vector<SysregInfo> t = build();
  return t;
}

std::optional<SysregName> sysreg_by_name(const std::string& name) {
  auto it = index().by_name.find(upper(name));
  if (it == index().by_name.end()) return std::nullopt;
  return it->second;
}

std::optional<Sr> sysreg_by_enc(const SysregEnc& enc) {
  const int c = compact(enc);
  if (c < 0) return std::nullopt;
  const int8_t v = index().by_enc[size_t(c)];
  if (v < 0) return std::nullopt;
  return Sr(v);
}

std::string sysreg_name(Sr id, bool virt) {
  const SysregInfo& i = sysreg_info(id);
  return virt && i.has_virtual ? "ICV_" + i.name.substr(4) : i.name;
}

std::vector<std::string> sysreg_all_names() {
  std::vector<std::string> v;
  for (const SysregInfo& i : sysreg_table()) {
    v.push_back(i.name);
    if (i.has_virtual) v.push_back("ICV_" + i.name.substr(4));
  }
  return v;
}

const char* to_string(SysregStatus s) {
  switch (s) {
    case SysregStatus::Ok:
      return "ok";
    case SysregStatus::Undefined:
      return "undefined";
    case SysregStatus::TrapEl2:
      return "trap-el2";
    case SysregStatus::TrapEl3:
      return "trap-el3";
  }
  return "?";
}

}  // namespace gicsim
