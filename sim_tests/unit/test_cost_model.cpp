// The per-path cost model: presets, profile files, overrides (issue 16).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "cost_model.h"
#include "sim_config.h"

using namespace gicsim;

namespace {
std::string error_of(const std::string& json, const std::string& base_dir = "") {
  try {
    load_config(json, "cfg.json", base_dir);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(CostModel, EveryTermHasAUniqueName) {
  for (size_t i = 0; i < kTerms; ++i) {
    EXPECT_EQ(term_by_name(term_info()[i].name), Term(i));
    EXPECT_GT(std::string(term_info()[i].doc).size(), 10u);
  }
  EXPECT_EQ(term_by_name("world_switch"), Term::kCount);
}

TEST(CostModel, ThreePresetsAreBuiltIn) {
  const std::vector<std::string> n = preset_names();
  for (const char* p : {"nvhe", "vhe", "type1"})
    EXPECT_NE(std::find(n.begin(), n.end(), p), n.end()) << p;
  for (const std::string& p : n) EXPECT_EQ(load_profile(p, "", "cfg").profile, p);
}

// VHE differs from split mode by the EL1 state switch of host-handled exits.
TEST(CostModel, VheHasNoEl1StateSwitch) {
  const CostModel nvhe = load_profile("nvhe", "", "cfg"), vhe = load_profile("vhe", "", "cfg");
  EXPECT_GT(nvhe[Term::El1StateSwitch], 0u);
  EXPECT_EQ(vhe[Term::El1StateSwitch], 0u);
  for (size_t i = 0; i < kTerms; ++i) {
    if (Term(i) != Term::El1StateSwitch) {
      EXPECT_EQ(nvhe.cycles[i], vhe.cycles[i]) << i;
    }
  }
  const CostModel t1 = load_profile("type1", "", "cfg");
  EXPECT_EQ(t1[Term::El1StateSwitch], 0u);
  EXPECT_LT(t1[Term::ExitEntry], nvhe[Term::ExitEntry]);
}

TEST(CostModel, DefaultIsNvheAndOverridesApply) {
  EXPECT_EQ(default_config().costs.profile, "nvhe");
  const SimConfig c =
      load_config(R"({"cpu": {"profile": "vhe", "costs": {"exit_entry": 77}}})", "cfg.json");
  EXPECT_EQ(c.costs.profile, "vhe");
  EXPECT_EQ(c.costs[Term::ExitEntry], 77u);
  EXPECT_EQ(c.costs[Term::El1StateSwitch], 0u);
  EXPECT_EQ(c.costs[Term::Schedule], load_profile("vhe", "", "x")[Term::Schedule]);
}

TEST(CostModel, BadTermsAreNamed) {
  EXPECT_NE(error_of(R"({"cpu": {"costs": {"world_switch": 1}}})")
                .find("'cpu.costs.world_switch': replaced by"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cpu": {"costs": {"nap": 1}}})").find("'cpu.costs.nap'"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cpu": {"costs": {"schedule": -1}}})").find("'cpu.costs.schedule'"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cpu": {"profile": "kvm"}}})").find("cfg.json"), std::string::npos);
  EXPECT_NE(error_of(R"({"cpu": {"profile": "kvm"}})").find("neither a preset"), std::string::npos);
}

TEST(CostModel, ProfileFileRelativeToTheConfig) {
  const std::string dir = ::testing::TempDir();
  nlohmann::json p = nlohmann::json::parse(preset_text("nvhe"));
  p["name"] = "fitted";
  p["terms"]["emulate_hvc"] = 1234;
  std::ofstream(dir + "/fitted.json") << p.dump();
  const SimConfig c = load_config(R"({"cpu": {"profile": "fitted.json"}})", "cfg.json", dir);
  EXPECT_EQ(c.costs.profile, "fitted");
  EXPECT_EQ(c.costs[Term::EmulateHvc], 1234u);
  // A profile must give every term.
  p["terms"].erase("vm_switch");
  std::ofstream(dir + "/partial.json") << p.dump();
  EXPECT_NE(
      error_of(R"({"cpu": {"profile": "partial.json"}})", dir).find("'terms.vm_switch': missing"),
      std::string::npos);
  EXPECT_NE(error_of(R"({"cpu": {"profile": "absent.json"}})", dir).find("absent.json"),
            std::string::npos);
  std::remove((dir + "/fitted.json").c_str());
  std::remove((dir + "/partial.json").c_str());
}

TEST(CostModel, TermsJsonRoundTrips) {
  const CostModel m = load_profile("type1", "", "cfg");
  nlohmann::json p = {{"name", "copy"}, {"terms", terms_json(m)}};
  const CostModel back = parse_profile(p.dump(), "copy.json");
  EXPECT_EQ(back.cycles, m.cycles);
}
