// The GIC as plain C++: distributor, redistributors, CPU interfaces and
// (from vcpu_interface.h) the virtual CPU interfaces, their register frames
// and system registers, and their interrupt lines. The SystemC module in
// gic_module.h is a thin shell around it.
#pragma once

#include <memory>
#include <vector>

#include "cpu_interface.h"
#include "dist_frames.h"
#include "distributor.h"
#include "gic_config.h"
#include "irq_line.h"
#include "mmio_region.h"
#include "reg_bank.h"
#include "sysreg.h"
#include "vcpu_interface.h"

namespace gicsim {

struct CpuLines {
  IrqLine irq, fiq, virq, vfiq, maint;
};

class Gic {
 public:
  explicit Gic(const GicConfig& cfg);
  Gic(const Gic&) = delete;
  Gic& operator=(const Gic&) = delete;

  const GicConfig& config() const { return cfg_; }
  Distributor& dist() { return dist_; }
  CpuInterface& cpuif(unsigned cpu) { return *cpuifs_[cpu]; }
  VirtualCpuInterface& vcpuif(unsigned cpu) { return *vcpuifs_[cpu]; }
  CpuLines& out(unsigned cpu) { return *out_[cpu]; }

  // Inputs: SPI lines by INTID-32, PPI lines by cpu*16 + INTID-16.
  IrqLine& spi_line(unsigned intid) { return spi_in_[intid - 32]; }
  IrqLine& ppi_line(unsigned cpu, unsigned intid) { return ppi_in_[cpu * 16 + intid - 16]; }

  // MMIO regions, frame-relative (a bus maps them at the memory map's bases).
  MmioRegion& gicd() { return frames_->gicd(); }
  MmioRegion& gicr() { return frames_->gicr(); }  // GICv3 only
  MmioRegion& gicc() { return *gicc_region_; }    // GICv2 only
  MmioRegion& gich() { return *gich_region_; }    // GICv2 only
  MmioRegion& gicv() { return *gicv_region_; }    // GICv2 only
  bool has_frame(const std::string& name) const;

  // A system-register access (ICC_*, ICV_*, ICH_*), routed by EL and IMO/FMO.
  SysregStatus sysreg(SysregAccess& a);
  // The same, for a caller that already knows the register (a.enc must match).
  SysregStatus sysreg(SysregAccess& a, Sr id);

 private:
  void declare_gicc();
  void declare_icc();
  void declare_ich();
  void declare_icv();
  void declare_gich();
  void declare_gicv();
  bool trapped_by_hcr(const SysregAccess& a, Sr id) const;

  GicConfig cfg_;
  Distributor dist_;
  std::vector<std::unique_ptr<CpuLines>> out_;
  IrqLines spi_in_, ppi_in_;
  std::vector<std::unique_ptr<CpuInterface>> cpuifs_;
  std::vector<std::unique_ptr<VirtualCpuInterface>> vcpuifs_;
  SysregBank icc_;                             // ICC_* and ICH_* (physical and hypervisor view)
  SysregBank icv_;                             // ICV_* (guest view, same encodings as ICC_*)
  std::unique_ptr<DistributorFrames> frames_;  // GICD and GICR
  std::unique_ptr<RegisterBank> gicc_, gich_, gicv_;
  std::unique_ptr<MmioRegion> gicc_region_, gich_region_, gicv_region_;
};

}  // namespace gicsim
