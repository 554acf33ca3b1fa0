// Integration-facing configuration: per-CPU affinity (two clusters) and
// GicConfig::from_json.
#include <gtest/gtest.h>

#include "gic_harness.h"
#include "hypervisor.h"
#include "json_obj.h"

namespace gicsim {
namespace {

GicConfig two_clusters() {
  GicConfig c;
  c.version = 3;
  c.cpus = 8;
  c.spis = 64;
  c.affinity = {0x000, 0x001, 0x002, 0x003, 0x100, 0x101, 0x102, 0x103};
  return c;
}

TEST(Affinity, TwoClustersOfFourInRedistributorsRoutingAndSgis) {
  GicHarness h(two_clusters());
  h.v3_bringup();
  for (unsigned c = 0; c < 8; ++c) {
    const uint64_t typer = h.rdist(c, 0x8, 8);
    EXPECT_EQ(typer >> 32, h.gic.config().affinity[c]) << "GICR_TYPER.Affinity_Value cpu" << c;
    EXPECT_EQ(typer >> 8 & 0xffff, c) << "Processor_Number";
    EXPECT_EQ(typer >> 4 & 1, c == 7 ? 1u : 0u) << "Last";
  }
  // IROUTER 0x102 (cluster 1, core 2) is CPU 6.
  h.v3_spi(40, 0x80, 0);
  h.set_gicd(0x6000 + 8 * 40, 0x102, 0, 8);
  h.set_gicd(0x204, 1u << 8);  // pending
  for (unsigned c = 0; c < 8; ++c) EXPECT_EQ(h.irq(c), c == 6) << "cpu" << c;
  EXPECT_EQ(h.sr(6, Sr::ICC_IAR1_EL1), 40u);
  h.sw(6, Sr::ICC_EOIR1_EL1, 40);
  // An affinity no CPU has: nobody gets it.
  h.set_gicd(0x6000 + 8 * 40, 0x004, 0, 8);
  h.set_gicd(0x204, 1u << 8);
  for (unsigned c = 0; c < 8; ++c) EXPECT_FALSE(h.irq(c)) << "cpu" << c;
  // ICC_SGI1R: Aff1 = 1 with TargetList 0b1010 is CPUs 5 and 7; Aff1 = 0
  // with bit 1 is CPU 1.
  for (unsigned c = 0; c < 8; ++c) h.set_sgi_frame(c, 0x80, 0xffffffff);  // SGIs Group 1
  h.sw(0, Sr::ICC_SGI1R_EL1, 2ull << 24 | 1ull << 16 | 0b1010);
  h.sw(0, Sr::ICC_SGI1R_EL1, 3ull << 24 | 0ull << 16 | 0b0010);
  for (unsigned c = 0; c < 8; ++c) {
    const uint32_t pend = uint32_t(h.sgi_frame(c, 0x200)) & 0xffff;
    EXPECT_EQ(pend, c == 5 || c == 7 ? 1u << 2 : c == 1 ? 1u << 3 : 0u) << "cpu" << c;
  }
}

TEST(Affinity, VcpusKeepTheirOwnAffinityWhateverThePhysicalOne) {
  // Found by the config fuzzer: the VMs' distributors took the physical
  // affinity list, one value per physical CPU, for their vCPUs.
  Gic g(two_clusters());
  Hypervisor hyp(g, 1, 3);
  for (unsigned k = 0; k < 3; ++k) EXPECT_EQ(hyp.vm(0).dist().affinity_of(k), k);
}

TEST(Affinity, InvalidListsAreRejectedNamingTheKey) {
  GicConfig c = two_clusters();
  c.affinity.pop_back();
  EXPECT_EQ(c.validate(), "affinity: must list one value per CPU (8)");
  c = two_clusters();
  c.affinity[1] = 0;
  EXPECT_EQ(c.validate().rfind("affinity: two CPUs share", 0), 0u);
  c = two_clusters();
  c.affinity[2] = 0x10;  // Aff0 16
  EXPECT_EQ(c.validate().rfind("affinity: each value needs Aff3 = 0 and Aff0 < 16", 0), 0u);
  c = two_clusters();
  c.affinity[2] = 1ull << 32;  // Aff3
  EXPECT_EQ(c.validate().rfind("affinity: each value needs", 0), 0u);
}

TEST(FromJson, TheConfigFilesGicObjectOrAWholeFile) {
  MemoryMap m;
  const GicConfig a = GicConfig::from_json(
      R"({"version": 2, "cpus": 3, "spis": 128, "lrs": 8, "security_states": 2,
          "virtualization": false, "memory_map": {"gicc": "0x2c010000"}})",
      &m);
  EXPECT_EQ(a.version, 2u);
  EXPECT_EQ(a.cpus, 3u);
  EXPECT_EQ(a.spis, 128u);
  EXPECT_EQ(a.lrs, 8u);
  EXPECT_TRUE(a.two_security_states());
  EXPECT_FALSE(a.virtualization);
  EXPECT_EQ(m.gicc, 0x2c010000u);
  EXPECT_EQ(m.gicd, MemoryMap{}.gicd);
  const GicConfig b = GicConfig::from_json(
      R"({"gic": {"cpus": 8, "affinity": [0, 1, 2, 3, 256, 257, 258, 259]}, "run": {}})");
  EXPECT_EQ(b.affinity, two_clusters().affinity);
  Gic g(b);  // usable as is
  EXPECT_EQ(g.dist().affinity_of(5), 0x101u);
}

TEST(FromJson, ErrorsNameTheOriginAndTheKey) {
  auto error = [](const std::string& text) {
    try {
      GicConfig::from_json(text, nullptr, "soc.json");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error(R"({"cpus": 99})"), "soc.json: key 'cpus': must be in 1..64");
  EXPECT_EQ(error(R"({"gic": {"cpus": 99}})"), "soc.json: key 'gic.cpus': must be in 1..64");
  EXPECT_EQ(error(R"({"colour": 1})"), "soc.json: key 'colour': unknown key");
  EXPECT_EQ(error(R"({"version": 2, "cpus": 9})"), "soc.json: key 'cpus': must be 1..8 for GICv2");
  EXPECT_EQ(error(R"({"affinity": ["x"]})"),
            "soc.json: key 'affinity': must list non-negative integers (MPIDR affinity)");
  EXPECT_EQ(error(R"({"cpus": 2, "affinity": [0]})"),
            "soc.json: key 'affinity': must list one value per CPU (2)");
  EXPECT_EQ(error("{").rfind("soc.json: not valid JSON", 0), 0u);
}

}  // namespace
}  // namespace gicsim
