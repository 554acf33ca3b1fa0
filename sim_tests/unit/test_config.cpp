#include <gtest/gtest.h>

#include "sim_config.h"

using namespace gicsim;

namespace {
std::string error_of(const std::string& json) {
  try {
    load_config(json, "cfg.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Config, EmbeddedDefault) {
  const SimConfig c = default_config();
  EXPECT_EQ(c.gic.version, 3u);
  EXPECT_EQ(c.gic.cpus, 4u);
  EXPECT_EQ(c.gic.lrs, 4u);
  EXPECT_EQ(c.vms, 1u);
  EXPECT_EQ(c.vcpus, 4u);
  EXPECT_EQ(c.map.gicd, 0x08000000u);
  EXPECT_EQ(c.map.gicr, 0x080A0000u);
  EXPECT_DOUBLE_EQ(c.duration_s, 1.0);
}

TEST(Config, PartialOverride) {
  const SimConfig c =
      load_config(R"({"gic": {"version": 2, "cpus": 8, "memory_map": {"gicc": 65536}}})", "x");
  EXPECT_EQ(c.gic.version, 2u);
  EXPECT_EQ(c.gic.cpus, 8u);
  EXPECT_EQ(c.map.gicc, 0x10000u);
  EXPECT_EQ(c.gic.spis, 96u);
}

TEST(Config, ErrorsNameTheKey) {
  EXPECT_EQ(error_of(R"({"gic": {"cpu": 4}})"), "cfg.json: key 'gic.cpu': unknown key");
  EXPECT_EQ(error_of(R"({"gic": {"cpus": 0}})"), "cfg.json: key 'gic.cpus': must be in 1..64");
  EXPECT_EQ(error_of(R"({"gic": {"cpus": "four"}})"),
            "cfg.json: key 'gic.cpus': must be an integer");
  EXPECT_EQ(error_of(R"({"gic": {"lrs": 17}})"), "cfg.json: key 'gic.lrs': must be in 1..16");
  EXPECT_EQ(error_of(R"({"gic": {"version": 2, "cpus": 9}})"),
            "cfg.json: key 'gic.cpus': must be 1..8 for GICv2");
  EXPECT_EQ(error_of(R"({"gic": {"spis": 100}})"),
            "cfg.json: key 'gic.spis': must be a multiple of 32 in 32..960, or 988");
  EXPECT_EQ(error_of(R"({"gic": {"security_states": 3}})"),
            "cfg.json: key 'gic.security_states': must be in 1..2");
  EXPECT_EQ(error_of(R"({"gic": {"memory_map": {"gicd": "0x123"}}})"),
            "cfg.json: key 'gic.memory_map.gicd': must be 64 KiB aligned");
  EXPECT_EQ(error_of(R"({"gic": {"memory_map": {"gicd": "zz"}}})"),
            "cfg.json: key 'gic.memory_map.gicd': must be an address: \"0x\" and hex digits, "
            "or decimal digits (got \"zz\")");
  EXPECT_EQ(error_of(R"({"gic": 3})"), "cfg.json: key 'gic': must be an object");
  EXPECT_EQ(error_of(R"({"extra": 1})"), "cfg.json: key 'extra': unknown key");
  EXPECT_EQ(error_of(R"({"run": {"duration_ms": -1}})"),
            "cfg.json: key 'run.duration_ms': out of range");
}

TEST(Config, SyntaxErrorNamesTheLine) {
  const std::string e = error_of("{\n  \"gic\": {\n    \"cpus\": ,\n  }\n}");
  EXPECT_EQ(e.rfind("cfg.json:3: invalid JSON", 0), 0u) << e;
}

TEST(Config, MissingFile) { EXPECT_THROW(load_config_file("/nonexistent/x.json"), ConfigError); }

TEST(Config, NumberOutOfRangeIsAnErrorNotACrash) {
  // Found by fuzz_text: nlohmann-json throws out_of_range, not parse_error.
  const std::string e = error_of("[\n888888.888888088888888888e888888");
  EXPECT_NE(e.find("cfg.json"), std::string::npos) << e;
  EXPECT_NE(e.find("invalid JSON"), std::string::npos) << e;
}

// Issue 13: configurations that cannot work are refused, naming the user's key.
TEST(Config, AddressesAreUnsignedHexOrDecimalOnly) {
  for (const char* bad : {"-65536", "0200000000", " 0x08000000", "0x08000000 ", "+65536", "0x",
                          "0x1g0000", "99999999999999999999999"}) {
    const std::string e =
        error_of(std::string(R"({"gic": {"memory_map": {"gicd": ")") + bad + "\"}}}");
    EXPECT_NE(e.find("key 'gic.memory_map.gicd': must be an address"), std::string::npos)
        << bad << ": " << e;
  }
  EXPECT_EQ(load_config(R"({"gic": {"memory_map": {"gicd": "134217728"}}})", "x").map.gicd,
            0x08000000u);
}

TEST(Config, FramesMayNeitherWrapNorOverlap) {
  EXPECT_EQ(error_of(R"({"gic": {"memory_map": {"gicr": "0xFFFFFFFFFFFF0000"}}})"),
            "cfg.json: key 'gic.memory_map.gicr': the frame wraps past 2^64");
  EXPECT_EQ(error_of(R"({"gic": {"memory_map": {"gicr": "0x08000000"}}})"),
            "cfg.json: key 'gic.memory_map.gicr': overlaps gic.memory_map.gicd");
  EXPECT_EQ(error_of(R"({"gic": {"version": 2, "cpus": 2, "memory_map": {"gicv": "0x08000000"}},
                        "hypervisor": {"vcpus_per_vm": 2}})"),
            "cfg.json: key 'gic.memory_map.gicv': overlaps gic.memory_map.gicd");
  // Two frames ending at 2^64 overlap (the fuzzer's find: an end address
  // computed as base + size wrapped to 0 and hid the overlap).
  EXPECT_EQ(error_of(R"({"gic": {"version": 2, "cpus": 2, "memory_map":
                        {"gicd": "0xFFFFFFFFFFFF0000", "gicv": "0xFFFFFFFFFFFF0000"}},
                        "hypervisor": {"vcpus_per_vm": 2}})"),
            "cfg.json: key 'gic.memory_map.gicv': overlaps gic.memory_map.gicd");
  EXPECT_NO_THROW(load_config(R"({"gic": {"version": 2, "cpus": 2, "memory_map":
                        {"gicd": "0xFFFFFFFFFFFF0000", "gicc": "0xFFFFFFFFFFFE0000"}},
                        "hypervisor": {"vcpus_per_vm": 2}})", "x"));
  // GICv3 does not place GICC/GICH/GICV: their addresses do not matter there.
  EXPECT_NO_THROW(load_config(R"({"gic": {"memory_map": {"gicv": "0x08000000"}}})", "x"));
}

TEST(Config, GicV2VmHasAtMostEightCpuInterfaces) {
  EXPECT_EQ(error_of(R"({"gic": {"version": 2, "cpus": 4}, "hypervisor": {"vcpus_per_vm": 16}})"),
            "cfg.json: key 'hypervisor.vcpus_per_vm': a GICv2 VM has at most 8 CPU interfaces");
}

TEST(Config, DeviceSpiRangesMayNotOverlap) {
  EXPECT_EQ(error_of(R"({"workload": {"devices": [
      {"name": "a", "spi": 64, "lines": 4, "trigger": "edge", "hw_mapped": true},
      {"name": "b", "spi": 66, "lines": 4, "trigger": "level"}]}})"),
            "cfg.json: key 'workload.devices[1]': SPIs 66..69 overlap those of devices[0] "
            "(64..67)");
}

TEST(Config, DuplicateKeysAreRefusedWithTheirLine) {
  EXPECT_EQ(error_of("{\"gic\": {\"cpus\": 2,\n  \"cpus\": 3}}"),
            "cfg.json:2: key 'cpus' appears twice in one object");
}

TEST(Config, HugeNumberNamesItsLine) {
  const std::string e = error_of("{\n\"run\": {\"duration_ms\": 1e400}}");
  EXPECT_EQ(e.rfind("cfg.json:2: invalid JSON", 0), 0u) << e;
}

TEST(Config, ErrorsUseTheFileKeyNames) {
  EXPECT_EQ(error_of(R"({"gic": {"version": 2, "virtual_pri_bits": 6}})"),
            "cfg.json: key 'gic.virtual_pri_bits': GICv2 list registers hold 5 priority bits");
}

TEST(Config, OnlyRegularFilesOfBoundedSizeAreRead) {
  for (const char* p : {"/dev/zero", "/dev/urandom", "/tmp", "/"}) {
    try {
      load_config_file(p);
      ADD_FAILURE() << p << " was read";
    } catch (const ConfigError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(std::string(p) + ": ", 0), 0u) << e.what();
    }
  }
}

// Found by fuzz_config: fewer SPIs with the default devices overflowed the
// distributor's arrays when the sources set their priorities.
TEST(Config, DefaultDevicesCheckedAgainstFewerSpis) {
  EXPECT_EQ(error_of(R"({"gic": {"cpus": 8, "spis": 32}})"),
            "cfg.json: key 'workload.devices[0].lines': SPIs 64..71 exceed the configured SPIs "
            "(gic.spis = 32)");
}
