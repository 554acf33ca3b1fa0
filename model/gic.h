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
#include "its.h"
#include "its_frames.h"
#include "lpis.h"
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
  // This instance's log: its counters, and where its messages go.
  Logger& logger() { return logger_; }
  // Per-CPU parts; a cpu outside 0..cpus-1 throws std::out_of_range.
  CpuInterface& cpuif(unsigned cpu) { return *cpuifs_[check_cpu(cpu, "cpuif")]; }
  VirtualCpuInterface& vcpuif(unsigned cpu) { return *vcpuifs_[check_cpu(cpu, "vcpuif")]; }
  CpuLines& out(unsigned cpu) { return *out_[check_cpu(cpu, "out")]; }

  // Input lines, by INTID: an SPI (32..31+spis), or a CPU's PPI (16..31).
  // Anything else throws std::out_of_range naming the value and the range.
  IrqLine& spi_line(unsigned intid) {
    if (intid < 32 || intid >= cfg_.intids()) bad_intid("spi_line", intid, 32, cfg_.intids() - 1);
    return spi_in_[intid - 32];
  }
  IrqLine& ppi_line(unsigned cpu, unsigned intid) {
    check_cpu(cpu, "ppi_line");
    if (intid < 16 || intid >= 32) bad_intid("ppi_line", intid, 16, 31);
    return ppi_in_[cpu * 16 + intid - 16];
  }

  // Every register to its architectural reset value, every internal state
  // cleared, output lines low. Input lines keep their levels (a device
  // holding a level interrupt high keeps it pending).
  void reset();
  // The register banks of every frame (register dumps, reset checks).
  std::vector<RegisterBank*> banks();

  // MMIO regions, frame-relative (a bus maps them at the memory map's bases).
  MmioRegion& gicd() { return frames_->gicd(); }
  MmioRegion& gicr() { return frames_->gicr(); }  // GICv3 only
  MmioRegion& gicc() { return *gicc_region_; }    // GICv2 only
  MmioRegion& gich() { return *gich_region_; }    // GICv2 only
  MmioRegion& gicv() { return *gicv_region_; }    // GICv2 only
  bool has_frame(const std::string& name) const;

  // LPIs and the ITS (GicConfig::lpi_bits, ::its); null when absent.
  Lpis* lpis() { return lpis_.get(); }
  Its* its() { return its_.get(); }
  MmioRegion& gits() { return its_frames_->region(); }  // with an ITS only
  // The memory the GIC's tables live in (LPI configuration and pending
  // tables, ITS command queue and tables); null: every access is a bus error.
  void set_memory(GicMemory* mem) { memory_.target = mem; }

  // The hypervisor's own ICH_*_EL2 access at EL2 (never routed elsewhere,
  // never trapped): straight to the register, skipping sysreg()'s routing.
  SysregStatus ich(SysregAccess& a, Sr id) {
    if (a.cpu >= cfg_.cpus || !cfg_.virtualization || cfg_.version != 3 || a.el != 2)
      return sysreg(a, id);  // the checked path, with its log line
    return icc_.dispatch(id, a);
  }

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
  unsigned check_cpu(unsigned cpu, const char* what) const {
    if (cpu >= cfg_.cpus) bad_cpu(what, cpu);
    return cpu;
  }
  [[noreturn]] void bad_cpu(const char* what, unsigned cpu) const;
  [[noreturn]] void bad_intid(const char* what, unsigned intid, unsigned lo, unsigned hi) const;

  // Forwards to the platform's memory, set after construction.
  struct MemoryPort : GicMemory {
    GicMemory* target = nullptr;
    bool read(uint64_t addr, uint8_t* data, unsigned len) override {
      return target && target->read(addr, data, len);
    }
    bool write(uint64_t addr, const uint8_t* data, unsigned len) override {
      return target && target->write(addr, data, len);
    }
  };

  GicConfig cfg_;
  Logger logger_;
  Distributor dist_;
  MemoryPort memory_;
  std::unique_ptr<Lpis> lpis_;
  std::unique_ptr<Its> its_;
  std::unique_ptr<ItsFrames> its_frames_;
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
