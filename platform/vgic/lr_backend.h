// The hypervisor's access to the virtual CPU interface hardware: one small
// interface, two backends. The GICv3 backend talks ICH_* system registers
// (EL2), the GICv2 backend talks GICH MMIO; both translate list registers
// to and from the version-independent ListReg, so the world-switch
// framework (vgic.h) knows neither format.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "gic.h"

namespace gicsim {

// What a world switch saves and restores besides the LRs.
struct CpuIfContext {
  uint32_t vmcr = 0;
  uint32_t ap[2][4] = {{0, 0, 0, 0}, {0, 0, 0, 0}};
};

class LrBackend {
 public:
  virtual ~LrBackend() = default;
  virtual const char* name() const = 0;
  unsigned lrs() const { return lrs_; }

  // Populate / fold one list register.
  virtual void write_lr(unsigned cpu, unsigned n, const ListReg& l) = 0;
  virtual ListReg read_lr(unsigned cpu, unsigned n) = 0;
  // Control: HCR (En, underflow/NP/LRENP enables, TDIR, EOIcount).
  virtual uint32_t read_hcr(unsigned cpu) = 0;
  virtual void write_hcr(unsigned cpu, uint32_t v) = 0;
  // Maintenance status.
  virtual uint32_t read_misr(unsigned cpu) = 0;
  virtual uint32_t read_eisr(unsigned cpu) = 0;
  virtual uint32_t read_elrsr(unsigned cpu) = 0;
  // VMCR and active priorities.
  virtual uint32_t read_vmcr(unsigned cpu) = 0;
  virtual void save(unsigned cpu, CpuIfContext& ctx) = 0;
  virtual void restore(unsigned cpu, const CpuIfContext& ctx) = 0;

  // Register accesses made (for cycle accounting), in all and per CPU.
  uint64_t accesses = 0;
  uint64_t accesses_on(unsigned cpu) const { return cpu < per_cpu_.size() ? per_cpu_[cpu] : 0; }

  static std::unique_ptr<LrBackend> create(Gic& gic);

 protected:
  explicit LrBackend(unsigned lrs, unsigned ap_regs) : lrs_(lrs), ap_regs_(ap_regs) {}
  void count(unsigned cpu) {
    ++accesses;
    if (cpu >= per_cpu_.size()) per_cpu_.resize(cpu + 1);
    ++per_cpu_[cpu];
  }
  unsigned lrs_;
  unsigned ap_regs_;
  std::vector<uint64_t> per_cpu_;
};

}  // namespace gicsim
