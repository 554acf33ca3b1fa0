#include <gtest/gtest.h>

#include <set>

#include "sysreg.h"

using namespace gicsim;

TEST(SysregTable, EveryNameRoundTrips) {
  const auto names = sysreg_all_names();
  EXPECT_EQ(size_t(Sr::kCount), 61u);  // 31 ICC + 30 ICH identities
  EXPECT_EQ(names.size(), 84u);        // + 23 ICV twins
  for (const std::string& n : names) {
    const auto r = sysreg_by_name(n);
    ASSERT_TRUE(r) << n;
    EXPECT_EQ(sysreg_name(r->id, r->virt), n);
    const auto back = sysreg_by_enc(sysreg_info(r->id).enc);
    ASSERT_TRUE(back) << n;
    EXPECT_EQ(*back, r->id) << n;
  }
}

TEST(SysregTable, EncodingsAreUniqueAndIdsDense) {
  std::set<uint16_t> keys;
  const auto& t = sysreg_table();
  ASSERT_EQ(t.size(), size_t(Sr::kCount));
  for (size_t i = 0; i < t.size(); ++i) {
    EXPECT_EQ(size_t(t[i].id), i);
    EXPECT_TRUE(keys.insert(t[i].enc.key()).second) << t[i].name;
  }
}

TEST(SysregTable, ArchitecturalEncodings) {
  struct Case {
    const char* name;
    SysregEnc enc;
  } cases[] = {
      {"ICC_PMR_EL1", {3, 0, 4, 6, 0}},       {"ICC_IAR0_EL1", {3, 0, 12, 8, 0}},
      {"ICC_AP0R3_EL1", {3, 0, 12, 8, 7}},    {"ICC_AP1R2_EL1", {3, 0, 12, 9, 2}},
      {"ICC_DIR_EL1", {3, 0, 12, 11, 1}},     {"ICC_RPR_EL1", {3, 0, 12, 11, 3}},
      {"ICC_SGI1R_EL1", {3, 0, 12, 11, 5}},   {"ICC_ASGI1R_EL1", {3, 0, 12, 11, 6}},
      {"ICC_SGI0R_EL1", {3, 0, 12, 11, 7}},   {"ICC_IAR1_EL1", {3, 0, 12, 12, 0}},
      {"ICC_EOIR1_EL1", {3, 0, 12, 12, 1}},   {"ICC_CTLR_EL1", {3, 0, 12, 12, 4}},
      {"ICC_SRE_EL1", {3, 0, 12, 12, 5}},     {"ICC_IGRPEN1_EL1", {3, 0, 12, 12, 7}},
      {"ICC_SRE_EL2", {3, 4, 12, 9, 5}},      {"ICC_CTLR_EL3", {3, 6, 12, 12, 4}},
      {"ICC_IGRPEN1_EL3", {3, 6, 12, 12, 7}}, {"ICH_AP0R0_EL2", {3, 4, 12, 8, 0}},
      {"ICH_AP1R3_EL2", {3, 4, 12, 9, 3}},    {"ICH_HCR_EL2", {3, 4, 12, 11, 0}},
      {"ICH_VTR_EL2", {3, 4, 12, 11, 1}},     {"ICH_MISR_EL2", {3, 4, 12, 11, 2}},
      {"ICH_EISR_EL2", {3, 4, 12, 11, 3}},    {"ICH_ELRSR_EL2", {3, 4, 12, 11, 5}},
      {"ICH_VMCR_EL2", {3, 4, 12, 11, 7}},    {"ICH_LR0_EL2", {3, 4, 12, 12, 0}},
      {"ICH_LR7_EL2", {3, 4, 12, 12, 7}},     {"ICH_LR8_EL2", {3, 4, 12, 13, 0}},
      {"ICH_LR15_EL2", {3, 4, 12, 13, 7}},    {"ICC_NMIAR1_EL1", {3, 0, 12, 9, 5}},
  };
  for (const Case& c : cases) {
    const auto r = sysreg_by_name(c.name);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(sysreg_info(r->id).enc, c.enc) << c.name;
  }
}

TEST(SysregTable, IcvTwinsShareIccEncodings) {
  const auto icc = sysreg_by_name("ICC_IAR1_EL1");
  const auto icv = sysreg_by_name("icv_iar1_el1");  // names are case-insensitive
  ASSERT_TRUE(icc && icv);
  EXPECT_EQ(icc->id, icv->id);
  EXPECT_FALSE(icc->virt);
  EXPECT_TRUE(icv->virt);
  EXPECT_FALSE(sysreg_by_name("ICV_SGI1R_EL1"));  // SGI registers have no ICV twin
  EXPECT_FALSE(sysreg_by_name("ICV_SRE_EL1"));
  EXPECT_FALSE(sysreg_by_name("ICH_LR16_EL2"));
  EXPECT_FALSE(sysreg_by_name("ICC_FOO_EL1"));
}

TEST(SysregTable, UnknownEncoding) {
  EXPECT_FALSE(sysreg_by_enc(SysregEnc{3, 0, 12, 14, 0}));
  EXPECT_EQ((SysregEnc{3, 0, 12, 12, 0}).str(), "S3_0_C12_C12_0");
}

TEST(SysregBankTest, UndeclaredIsUndefined) {
  SysregBank b;
  SysregAccess a;
  EXPECT_EQ(b.dispatch(Sr::ICC_PMR_EL1, a), SysregStatus::Undefined);
  uint64_t stored = 0;
  b.def(
      Sr::ICC_PMR_EL1,
      [&](const SysregAccess&, uint64_t& v) { return v = stored, SysregStatus::Ok; },
      [&](const SysregAccess&, uint64_t v) { return stored = v, SysregStatus::Ok; });
  a.write = true;
  a.value = 0xf0;
  EXPECT_EQ(b.dispatch(Sr::ICC_PMR_EL1, a), SysregStatus::Ok);
  a.write = false;
  a.value = 0;
  EXPECT_EQ(b.dispatch(Sr::ICC_PMR_EL1, a), SysregStatus::Ok);
  EXPECT_EQ(a.value, 0xf0u);
  EXPECT_STREQ(to_string(SysregStatus::TrapEl2), "trap-el2");
}
