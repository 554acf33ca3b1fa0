#include "lr_backend.h"

#include "log.h"
#include "lr_format.h"

namespace gicsim {

namespace {

// GICv3: ICH_*_EL2 system registers through the GIC's sysreg entry point.
class V3Backend : public LrBackend {
 public:
  explicit V3Backend(Gic& g) : LrBackend(g.config().lrs, g.vcpuif(0).prio.ap_regs()), gic_(g) {}
  const char* name() const override { return "gicv3"; }

  void write_lr(unsigned cpu, unsigned n, const ListReg& l) override {
    put(cpu, Sr::ICH_LR0_EL2 + n, encode_v3(l));
  }
  ListReg read_lr(unsigned cpu, unsigned n) override {
    return decode_v3(get(cpu, Sr::ICH_LR0_EL2 + n));
  }
  uint32_t read_hcr(unsigned cpu) override { return uint32_t(get(cpu, Sr::ICH_HCR_EL2)); }
  void write_hcr(unsigned cpu, uint32_t v) override { put(cpu, Sr::ICH_HCR_EL2, v); }
  uint32_t read_misr(unsigned cpu) override { return uint32_t(get(cpu, Sr::ICH_MISR_EL2)); }
  uint32_t read_eisr(unsigned cpu) override { return uint32_t(get(cpu, Sr::ICH_EISR_EL2)); }
  uint32_t read_elrsr(unsigned cpu) override { return uint32_t(get(cpu, Sr::ICH_ELRSR_EL2)); }
  uint32_t read_vmcr(unsigned cpu) override { return uint32_t(get(cpu, Sr::ICH_VMCR_EL2)); }
  void save(unsigned cpu, CpuIfContext& c) override {
    c.vmcr = uint32_t(get(cpu, Sr::ICH_VMCR_EL2));
    for (unsigned n = 0; n < ap_regs_; ++n) {
      c.ap[0][n] = uint32_t(get(cpu, Sr::ICH_AP0R0_EL2 + n));
      c.ap[1][n] = uint32_t(get(cpu, Sr::ICH_AP1R0_EL2 + n));
    }
  }
  void restore(unsigned cpu, const CpuIfContext& c) override {
    put(cpu, Sr::ICH_VMCR_EL2, c.vmcr);
    for (unsigned n = 0; n < ap_regs_; ++n) {
      put(cpu, Sr::ICH_AP0R0_EL2 + n, c.ap[0][n]);
      put(cpu, Sr::ICH_AP1R0_EL2 + n, c.ap[1][n]);
    }
  }

 private:
  uint64_t get(unsigned cpu, Sr id) {
    SysregAccess a = access(cpu, id, false, 0);
    return a.value;
  }
  void put(unsigned cpu, Sr id, uint64_t v) { access(cpu, id, true, v); }
  SysregAccess access(unsigned cpu, Sr id, bool write, uint64_t v) {
    count(cpu);
    SysregAccess a = make_sysreg_access(id, cpu, 2, write, v);
    if (gic_.ich(a, id) != SysregStatus::Ok)
      Log::guest_error("hypervisor: " + sysreg_name(id) + " access failed");
    return a;
  }
  Gic& gic_;
};

// GICv2: the GICH frame, banked by the accessing CPU.
class V2Backend : public LrBackend {
 public:
  explicit V2Backend(Gic& g) : LrBackend(g.config().lrs, 1), gic_(g) {}
  const char* name() const override { return "gicv2"; }

  void write_lr(unsigned cpu, unsigned n, const ListReg& l) override {
    put(cpu, kLr + 4 * n, encode_v2(l));
  }
  ListReg read_lr(unsigned cpu, unsigned n) override { return decode_v2(get(cpu, kLr + 4 * n)); }
  uint32_t read_hcr(unsigned cpu) override { return get(cpu, kHcr); }
  void write_hcr(unsigned cpu, uint32_t v) override {
    put(cpu, kHcr, v & ~(hcr::kTC | hcr::kTALL0 | hcr::kTALL1 | hcr::kTDIR));
  }
  uint32_t read_misr(unsigned cpu) override { return get(cpu, kMisr); }
  uint32_t read_eisr(unsigned cpu) override { return get(cpu, kEisr0); }
  uint32_t read_elrsr(unsigned cpu) override { return get(cpu, kElrsr0); }
  uint32_t read_vmcr(unsigned cpu) override { return get(cpu, kVmcr); }
  void save(unsigned cpu, CpuIfContext& c) override {
    c.vmcr = get(cpu, kVmcr);
    c.ap[0][0] = 0;
    c.ap[1][0] = get(cpu, kApr);
  }
  void restore(unsigned cpu, const CpuIfContext& c) override {
    put(cpu, kVmcr, c.vmcr);
    put(cpu, kApr, c.ap[0][0] | c.ap[1][0]);
  }

 private:
  static constexpr uint32_t kHcr = 0x0, kVmcr = 0x8, kMisr = 0x10, kEisr0 = 0x20, kElrsr0 = 0x30,
                            kApr = 0xf0, kLr = 0x100;
  uint32_t get(unsigned cpu, uint32_t off) {
    uint32_t v = 0;
    transport(cpu, false, off, v);
    return v;
  }
  void put(unsigned cpu, uint32_t off, uint32_t v) { transport(cpu, true, off, v); }
  void transport(unsigned cpu, bool write, uint32_t off, uint32_t& v) {
    count(cpu);
    CpuIdExtension ext(cpu);
    prepare_access(p_, ext, write, off, 4, reinterpret_cast<uint8_t*>(&v));
    gic_.gich().transport(p_, false);
    p_.clear_extension(&ext);
    if (p_.get_response_status() != tlm::TLM_OK_RESPONSE)
      Log::guest_error("hypervisor: GICH access at " + hex(off) + " failed");
  }
  Gic& gic_;
  tlm::tlm_generic_payload p_;
};

}  // namespace

std::unique_ptr<LrBackend> LrBackend::create(Gic& gic) {
  if (gic.config().version == 3) return std::make_unique<V3Backend>(gic);
  return std::make_unique<V2Backend>(gic);
}

}  // namespace gicsim
