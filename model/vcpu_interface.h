// Virtual CPU interface logic, shared by GICv3 (ICH_*/ICV_* system
// registers) and GICv2 (GICH/GICV MMIO): list registers, virtual priority
// state (ICH_VMCR fields and ICH_AP*R), acknowledge / EOI / deactivate,
// maintenance (MISR, EISR, ELRSR derived from the LRs, never stored) and the
// vIRQ/vFIQ/maintenance outputs. Only the register encodings differ between
// versions; they live in vcpu_regs.cpp.
#pragma once

#include <cstdint>
#include <vector>

#include "distributor.h"
#include "irq_line.h"
#include "priority.h"

namespace gicsim {

// One list register, in a version-independent form.
struct ListReg {
  enum State : uint8_t { kInvalid = 0, kPending = 1, kActive = 2, kPendingActive = 3 };
  uint32_t vintid = 0;
  uint16_t pintid = 0;  // HW=1: physical INTID to deactivate
  uint8_t prio = 0;
  uint8_t state = kInvalid;
  uint8_t source = 0;  // GICv2 SGI source CPU (HW=0)
  bool group = false;  // true: Group 1
  bool hw = false;
  bool eoi = false;  // HW=0: maintenance interrupt on EOI

  bool pending() const { return state & kPending; }
  bool active() const { return state & kActive; }
};

// ICH_HCR_EL2 / GICH_HCR fields.
namespace hcr {
constexpr uint32_t kEn = 1u << 0, kUIE = 1u << 1, kLRENPIE = 1u << 2, kNPIE = 1u << 3;
constexpr uint32_t kVGrp0EIE = 1u << 4, kVGrp0DIE = 1u << 5, kVGrp1EIE = 1u << 6,
                   kVGrp1DIE = 1u << 7;
constexpr uint32_t kTC = 1u << 10, kTALL0 = 1u << 11, kTALL1 = 1u << 12, kTDIR = 1u << 14;
constexpr unsigned kEOIcountShift = 27;
constexpr uint32_t kEOIcountMask = 0x1fu << kEOIcountShift;
}  // namespace hcr

// ICH_MISR_EL2 / GICH_MISR fields.
namespace misr {
constexpr uint32_t kEOI = 1u << 0, kU = 1u << 1, kLRENP = 1u << 2, kNP = 1u << 3;
constexpr uint32_t kVGrp0E = 1u << 4, kVGrp0D = 1u << 5, kVGrp1E = 1u << 6, kVGrp1D = 1u << 7;
}  // namespace misr

class VirtualCpuInterface {
 public:
  enum class Ack { Group0, Group1, Group0OrAckCtl };

  VirtualCpuInterface(Distributor& dist, unsigned cpu, unsigned lrs, unsigned vpri_bits, bool v2,
                      IrqLine* virq, IrqLine* vfiq, IrqLine* maint);
  void reset();

  unsigned lrs() const { return unsigned(lr_.size()); }
  const ListReg& lr(unsigned n) const { return lr_[n]; }
  void set_lr(unsigned n, const ListReg& v);

  // ICH_HCR: stored value (writable bits only); EOIcount lives in it.
  uint32_t hcr() const { return hcr_; }
  void set_hcr(uint32_t v);
  bool enabled() const { return hcr_ & hcr::kEn; }

  // Derived registers.
  uint32_t misr() const;
  uint32_t eisr() const { return eoi_mask_; }
  uint32_t elrsr() const;

  // Guest view (ICV_* / GICV_*).
  uint32_t peek(Ack kind) const;  // HPPIR
  uint32_t acknowledge(Ack kind);
  // group: the ICV_EOIR register's group (GICv3), -1 for GICV_EOIR/AEOIR.
  void end_of_interrupt(uint32_t value, int group = -1);
  void deactivate(uint32_t value);
  void update();  // recompute vIRQ, vFIQ and the maintenance line

  // VMCR fields (ICH_VMCR_EL2 / GICH_VMCR are views onto these).
  PriorityLogic prio;  // VPMR, VBPR0/1, VCBPR, ICH_AP0R/AP1R
  bool veng[2] = {false, false};
  bool vackctl = false;
  bool vfiqen = false;
  bool veoim = false;
  uint8_t pri_mask() const { return prio.pri_mask(); }
  bool is_v2() const { return v2_; }
  unsigned cpu() const { return cpu_; }

 private:
  struct Best {
    int lr = -1;
    uint8_t prio = 0xff;
  };
  Best best_pending() const;
  void deactivate_lr(unsigned n);
  int find_active(uint32_t vintid, unsigned source) const;
  void count_eoi();
  bool vintid_of(uint32_t value, uint32_t& vintid) const;
  void deactivate_or_count(uint32_t vintid, uint32_t value);

  Distributor& dist_;
  unsigned cpu_;
  bool v2_;
  std::vector<ListReg> lr_;
  // Indexes over lr_, updated only by set_lr(): LRs pending, valid, and
  // invalid with EOI maintenance requested (EISR).
  uint32_t pending_mask_ = 0, valid_mask_ = 0, eoi_mask_ = 0;
  uint32_t hcr_ = 0;
  IrqLine* virq_;
  IrqLine* vfiq_;
  IrqLine* maint_;
};

}  // namespace gicsim
