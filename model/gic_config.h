// Configuration of one GIC instance: what the guest sees in TYPER/IIDR/VTR.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace gicsim {

// Where a platform maps the GIC's frames; the GIC's sockets themselves take
// frame-relative addresses. The defaults are QEMU virt's.
struct MemoryMap {
  uint64_t gicd = 0x08000000;
  uint64_t gicc = 0x08010000;
  uint64_t gich = 0x08030000;
  uint64_t gicv = 0x08040000;
  uint64_t gicr = 0x080A0000;
  uint64_t gits = 0x08080000;  // ITS control frame; the translation frame follows at +0x10000
};

struct GicConfig {
  unsigned version = 3;    // 2 (GIC-400-like) or 3
  unsigned cpus = 4;       // 1..64 (v3), 1..8 (v2)
  unsigned spis = 96;      // 32..988 in steps of 32 (988 = 960 + 28 is the v3 maximum)
  unsigned pri_bits = 5;   // physical priority bits, 4..8
  unsigned vpri_bits = 5;  // virtual priority bits, 5..8
  unsigned lrs = 4;        // list registers per virtual CPU interface, 1..16
  unsigned security_states =
      1;                    // 1: one; 2: Secure and Non-secure (v3 DS=0, v2 Security Extensions)
  unsigned maint_ppi = 25;  // maintenance interrupt PPI
  // The virtualization extensions: GICv3 ICH_*/ICV_* registers, GICv2 GICH
  // and GICV frames. Off: those registers are UNDEFINED, the frames absent.
  bool virtualization = true;
  // Per-CPU affinity as MPIDR_EL1 lays it out (Aff2 [23:16], Aff1 [15:8],
  // Aff0 [7:0]; the GICD_IROUTER layout). Empty: CPU n is Aff1 = n / 16,
  // Aff0 = n % 16. Used by IROUTER routing, ICC_SGI1R target lists and
  // GICR_TYPER.Affinity_Value.
  std::vector<uint64_t> affinity;
  // LPIs (GICv3): 0 for none, else the INTID bits (GICD_TYPER.IDbits + 1),
  // 14..24: LPIs 8192 .. 2^lpi_bits - 1. The tables live in memory: the
  // platform gives the GIC its memory (Gic::set_memory, GicModule::mem).
  unsigned lpi_bits = 0;
  // An ITS (needs LPIs): GITS frames at MemoryMap::gits, DeviceID and
  // EventID widths, and whether collection targets are redistributor
  // addresses (GITS_TYPER.PTA = 1) rather than processor numbers.
  bool its = false;
  unsigned its_device_bits = 16;
  unsigned its_event_bits = 16;
  bool its_pta = false;

  // Number of INTIDs the distributor implements (SGIs, PPIs and SPIs).
  unsigned intids() const { return 32 + spis; }
  bool two_security_states() const { return security_states == 2; }
  unsigned max_cpus() const { return version == 2 ? 8 : 64; }
  // Empty when valid, else what is wrong, naming the key.
  std::string validate() const;
  // Reads a JSON object with the keys of the gicsim config file's "gic"
  // object, or a whole config file (its "gic" object is used); the
  // memory_map goes to map when given. Throws gicsim::ConfigError (a
  // std::runtime_error) naming origin and the key. Link gicsim::json.
  static GicConfig from_json(const std::string& text, MemoryMap* map = nullptr,
                             const std::string& origin = "gic");
};

inline std::string GicConfig::validate() const {
  if (version != 2 && version != 3) return "version: must be 2 or 3";
  if (cpus < 1 || cpus > max_cpus())
    return "cpus: must be 1.." + std::to_string(max_cpus()) + " for GICv" + std::to_string(version);
  if (spis < 32 || spis > 988 || (spis % 32 && spis != 988))
    return "spis: must be a multiple of 32 in 32..960, or 988";
  if (version == 2 && spis > 480) return "spis: GICv2 supports at most 480 SPIs";
  if (pri_bits < 4 || pri_bits > 8) return "pri_bits: physical priority bits must be 4..8";
  if (vpri_bits < 5 || vpri_bits > 8) return "vpri_bits: virtual priority bits must be 5..8";
  if (lrs < 1 || lrs > 16) return "lrs: must be 1..16";
  if (version == 2 && vpri_bits != 5) return "vpri_bits: GICv2 list registers hold 5 priority bits";
  if (security_states != 1 && security_states != 2) return "security_states: must be 1 or 2";
  if (security_states == 2 && pri_bits < 5)
    return "pri_bits: two Security states need at least 5 priority bits (32 levels)";
  if (maint_ppi < 16 || maint_ppi > 31) return "maint_ppi: must be a PPI (16..31)";
  if (lpi_bits && (version != 3 || lpi_bits < 14 || lpi_bits > 24))
    return "lpi_bits: LPIs need GICv3 and 14..24 INTID bits (0: no LPIs)";
  if (its && !lpi_bits) return "its: an ITS needs LPIs (lpi_bits)";
  if (its_device_bits < 1 || its_device_bits > 32) return "its_device_bits: must be 1..32";
  if (its_event_bits < 1 || its_event_bits > 32) return "its_event_bits: must be 1..32";
  if (!affinity.empty()) {
    if (affinity.size() != cpus)
      return "affinity: must list one value per CPU (" + std::to_string(cpus) + ")";
    std::set<uint64_t> seen;
    for (uint64_t a : affinity) {
      // Aff3 = 0 (GICD_TYPER.A3V = 0) and Aff0 < 16 (ICC_CTLR_EL1.RSS = 0).
      if (a & ~uint64_t(0xffffff) || (a & 0xff) >= 16)
        return "affinity: each value needs Aff3 = 0 and Aff0 < 16 (got " + std::to_string(a) + ")";
      if (!seen.insert(a).second) return "affinity: two CPUs share " + std::to_string(a);
    }
  }
  return {};
}

}  // namespace gicsim
