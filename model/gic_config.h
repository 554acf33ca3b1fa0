// Configuration of one GIC instance: what the guest sees in TYPER/IIDR/VTR.
#pragma once

#include <cstdint>
#include <string>

namespace gicsim {

struct MemoryMap {
  uint64_t gicd = 0x08000000;
  uint64_t gicc = 0x08010000;
  uint64_t gich = 0x08030000;
  uint64_t gicv = 0x08040000;
  uint64_t gicr = 0x080A0000;
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
  MemoryMap map;

  // Number of INTIDs the distributor implements (SGIs, PPIs and SPIs).
  unsigned intids() const { return 32 + spis; }
  bool two_security_states() const { return security_states == 2; }
  unsigned max_cpus() const { return version == 2 ? 8 : 64; }
  // Empty when valid, else what is wrong, naming the key.
  std::string validate() const;
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
  return {};
}

}  // namespace gicsim
