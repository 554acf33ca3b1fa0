// The distributor's register frames (GICD, and GICv3 GICR RD_base/SGI_base
// per CPU) declared once over a Distributor. The physical GIC uses them, and
// so does the hypervisor's virtual distributor, so the guest's emulated
// GICD/GICR behave exactly like the modelled hardware.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "distributor.h"
#include "lpis.h"
#include "mmio_region.h"
#include "reg_bank.h"

namespace gicsim {

class DistributorFrames {
 public:
  // prefix names the frames in log lines (e.g. "vm0." for a virtual one).
  // lpis: the redistributors' LPIs (GICD_TYPER.LPIS, the GICR LPI registers), or none.
  // direct_lpis: GICR_TYPER.DirectLPI with GICR_SETLPIR/CLRLPIR (a KVM guest's
  // redistributors have neither: its LPIs come through its ITS).
  explicit DistributorFrames(Distributor& dist, std::string prefix = "", Lpis* lpis = nullptr,
                             bool direct_lpis = true);

  MmioRegion& gicd() { return *gicd_region_; }
  MmioRegion& gicr() { return *gicr_region_; }  // GICv3 only
  bool has_gicr() const { return bool(gicr_region_); }

  // Reset: every redistributor asleep again, stored registers to their reset values.
  void reset();
  // The register banks, for register dumps.
  std::vector<RegisterBank*> banks();

  // GICR_WAKER.ProcessorSleep as seen by 1-of-N distribution.
  void set_awake(unsigned cpu, bool awake);
  bool awake(unsigned cpu) const { return !sleep_[cpu]; }
  // Re-evaluates whether a CPU takes part in 1-of-N distribution.
  void update_participation(unsigned cpu);
  // Whether a CPU interface has a group enabled (1-of-N participation).
  std::function<bool(unsigned cpu)> cpu_groups_enabled;

 private:
  void declare_gicd();
  void declare_gicr();
  void declare_gicr_lpis(RegisterBank& rd);  // with LPIs
  void declare_gicd_v2_ctlr(RegDef& ctlr);
  void declare_gicd_v2(RegisterBank& b);  // ITARGETSR, SGIR, C/SPENDSGIR, ID registers
  void declare_id_regs(RegisterBank& b, uint32_t base, uint8_t arch_rev);
  void declare_bit_regs(RegisterBank& b, bool gicr);
  void declare_prio_cfg_regs(RegisterBank& b, bool gicr);
  // Two Security states: a Non-secure access does not reach the fields of an
  // interrupt that is not Non-secure Group 1 (they are RAZ/WI to it).
  bool ns_blocked(const RegCtx& c, unsigned intid) const {
    return dist_.secure() && !c.secure && dist_.group_of(c.cpu, intid) != Distributor::kG1NS;
  }

  Distributor& dist_;
  const GicConfig& cfg_;
  Lpis* lpis_;
  bool direct_lpis_;
  std::vector<uint8_t> sleep_;  // GICR_WAKER.ProcessorSleep per redistributor
  std::unique_ptr<RegisterBank> gicd_, gicr_rd_, gicr_sgi_;
  std::unique_ptr<MmioRegion> gicd_region_, gicr_region_;
};

}  // namespace gicsim
