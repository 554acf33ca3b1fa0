#include "gic.h"

#include <stdexcept>

#include "log.h"

namespace gicsim {

namespace {
// Checked before any member is built from it (the distributor sizes its
// state and derives its cluster table from the configuration).
const GicConfig& validated(const GicConfig& cfg) {
  const std::string err = cfg.validate();
  if (!err.empty()) throw std::invalid_argument(err);
  return cfg;
}
}  // namespace

Gic::Gic(const GicConfig& cfg)
    : cfg_(validated(cfg)), dist_(cfg), spi_in_(cfg.spis), ppi_in_(size_t(cfg.cpus) * 16) {
  dist_.set_logger(&logger_);
  for (unsigned c = 0; c < cfg.cpus; ++c) {
    out_.push_back(std::make_unique<CpuLines>());
    cpuifs_.push_back(std::make_unique<CpuInterface>(dist_, c, &out_[c]->irq, &out_[c]->fiq));
    CpuLines& o = *out_[c];
    vcpuifs_.push_back(std::make_unique<VirtualCpuInterface>(
        dist_, c, cfg.lrs, cfg.vpri_bits, cfg.version == 2, &o.virq, &o.vfiq, &o.maint));
    // The maintenance interrupt is a PPI of the physical GIC.
    o.maint.connect([this, c](bool v) { dist_.set_line(c, cfg_.maint_ppi, v); });
    for (unsigned i = 16; i < 32; ++i)
      ppi_line(c, i).connect([this, c, i](bool v) { dist_.set_line(c, i, v); });
  }
  for (unsigned i = 0; i < cfg.spis; ++i)
    spi_in_[i].connect([this, i](bool v) { dist_.set_line(0, i + 32, v); });
  dist_.on_change = [this](unsigned cpu) { cpuifs_[cpu]->update_outputs(); };
  if (cfg.lpi_bits) {
    const unsigned pri = cfg.pri_bits;
    lpis_ = std::make_unique<Lpis>(cfg.cpus, cfg.lpi_bits, uint8_t(0xff << (8 - pri)), logger_);
    lpis_->set_memory(&memory_);
    lpis_->on_change = [this](unsigned cpu) { cpuifs_[cpu]->update_outputs(); };
    for (auto& c : cpuifs_) c->set_lpis(lpis_.get());
    if (cfg.its) {
      ItsConfig ic;
      ic.device_bits = cfg.its_device_bits;
      ic.event_bits = cfg.its_event_bits;
      ic.lpi_bits = cfg.lpi_bits;
      ic.pta = cfg.its_pta;
      its_ = std::make_unique<Its>(ic, memory_, *lpis_, logger_);
      its_frames_ = std::make_unique<ItsFrames>(*its_, logger_);
    }
  }
  // Its banks log to dist_.logger().
  frames_ = std::make_unique<DistributorFrames>(dist_, "", lpis_.get());
  frames_->cpu_groups_enabled = [this](unsigned c) { return cpuifs_[c]->any_group_enabled(); };
  for (unsigned c = 0; c < cfg.cpus; ++c) frames_->update_participation(c);
  if (cfg.version == 3) {
    declare_icc();
    if (cfg.virtualization) {
      declare_ich();
      declare_icv();
    }
  } else {
    declare_gicc();
    gicc_region_ = std::make_unique<MmioRegion>("GICC", 0x2000, 0x2000);
    gicc_region_->map(0, gicc_.get());
    if (cfg.virtualization) {
      declare_gich();
      gich_region_ = std::make_unique<MmioRegion>("GICH", 0x1000, 0x1000);
      gich_region_->map(0, gich_.get());
      declare_gicv();
      gicv_region_ = std::make_unique<MmioRegion>("GICV", 0x2000, 0x2000);
      gicv_region_->map(0, gicv_.get());
    }
  }
  for (RegisterBank* b : {gicc_.get(), gich_.get(), gicv_.get()})
    if (b) b->set_logger(&logger_);
  for (MmioRegion* r : {gicc_region_.get(), gich_region_.get(), gicv_region_.get()})
    if (r) r->set_logger(&logger_);
}

void Gic::reset() {
  dist_.reset();
  for (unsigned c = 0; c < cfg_.cpus; ++c) {
    cpuifs_[c]->reset();
    vcpuifs_[c]->reset();
  }
  frames_->reset();  // after the CPU interfaces: participation reads their enables
  if (lpis_) lpis_->reset();
  if (its_) {
    its_->reset();
    its_frames_->reset();
  }
  for (RegisterBank* b : {gicc_.get(), gich_.get(), gicv_.get()})
    if (b) b->reset();
  // The inputs' levels are the devices': the distributor sees them again.
  for (unsigned i = 0; i < cfg_.spis; ++i)
    if (spi_in_[i].read()) dist_.set_line(0, i + 32, true);
  for (unsigned c = 0; c < cfg_.cpus; ++c)
    for (unsigned i = 16; i < 32; ++i)
      if (ppi_in_[c * 16 + i - 16].read()) dist_.set_line(c, i, true);
  for (unsigned c = 0; c < cfg_.cpus; ++c) cpuifs_[c]->update_outputs();
}

std::vector<RegisterBank*> Gic::banks() {
  std::vector<RegisterBank*> out = frames_->banks();
  for (RegisterBank* b : {gicc_.get(), gich_.get(), gicv_.get()})
    if (b) out.push_back(b);
  if (its_frames_)
    for (RegisterBank* b : its_frames_->banks()) out.push_back(b);
  return out;
}

void Gic::bad_cpu(const char* what, unsigned cpu) const {
  throw std::out_of_range(std::string("gicsim::Gic::") + what + ": cpu " + std::to_string(cpu) +
                          " is out of range (this GIC has CPUs 0.." +
                          std::to_string(cfg_.cpus - 1) + ")");
}

void Gic::bad_intid(const char* what, unsigned intid, unsigned lo, unsigned hi) const {
  throw std::out_of_range(std::string("gicsim::Gic::") + what + ": INTID " + std::to_string(intid) +
                          " is out of range (valid: " + std::to_string(lo) + ".." +
                          std::to_string(hi) + ")");
}

bool Gic::has_frame(const std::string& name) const {
  if (name == "GICD") return true;
  if (name == "GICR") return frames_->has_gicr();
  if (name == "GICC") return bool(gicc_region_);
  if (name == "GICH") return bool(gich_region_);
  if (name == "GICV") return bool(gicv_region_);
  if (name == "GITS") return bool(its_frames_);
  return false;
}

SysregStatus Gic::sysreg(SysregAccess& a) {
  const std::optional<Sr> id = sysreg_by_enc(a.enc);
  if (!id || a.cpu >= cfg_.cpus) {
    logger_.guest_error("cpu" + std::to_string(a.cpu) + " EL" + std::to_string(a.el) +
                        ": access to unknown system register " + a.enc.str() + " is UNDEFINED");
    return SysregStatus::Undefined;
  }
  return sysreg(a, *id);
}

SysregStatus Gic::sysreg(SysregAccess& a, Sr reg) {
  const std::optional<Sr> id = reg;
  auto who = [&a] { return "cpu" + std::to_string(a.cpu) + " EL" + std::to_string(a.el); };
  if (a.cpu >= cfg_.cpus) {
    logger_.guest_error(who() + ": no such CPU");
    return SysregStatus::Undefined;
  }
  const SysregInfo& info = sysreg_info(*id);
  if (a.el < info.min_el || a.el > 3) {
    logger_.guest_error(who() + ": " + info.name + " is UNDEFINED at this exception level");
    return SysregStatus::Undefined;
  }
  const bool two_states = dist_.secure();
  if (two_states) {
    if (a.secure && a.el == 2) {
      logger_.guest_error(who() + ": Secure EL2 is not implemented");
      return SysregStatus::Undefined;
    }
    // The PE's state decides IRQ vs FIQ for Group 1 (see CpuInterface::as_fiq).
    cpuifs_[a.cpu]->set_pe_state(a.el == 3  ? PeState::El3
                                 : a.secure ? PeState::Secure
                                            : PeState::NonSecure);
  }
  // No HCR_EL2 routing in Secure state, nor without the virtualization extensions.
  if (a.el == 1 && !(two_states && a.secure) && cfg_.virtualization) {
    const bool virt = (info.route == 0 && a.fmo) || (info.route == 1 && a.imo) ||
                      (info.route == 2 && (a.imo || a.fmo));
    const bool sgi_trap = info.route == 3 && (*id == Sr::ICC_SGI0R_EL1 ? a.fmo : a.imo);
    if (sgi_trap || trapped_by_hcr(a, *id)) {
      if (logger_.events_enabled())
        logger_.event(who() + ": " + sysreg_name(*id, virt) + " trapped to EL2");
      return SysregStatus::TrapEl2;
    }
    if (virt) {
      const SysregStatus st = icv_.dispatch(*id, a);
      if (st == SysregStatus::Undefined)
        logger_.guest_error(who() + ": " + sysreg_name(*id, true) + (a.write ? " write" : " read") +
                            " is UNDEFINED");
      return st;
    }
  }
  if (two_states && a.el < 3 && info.route == 0) {
    // Group 0 belongs to EL3 (SCR_EL3.FIQ = 1, as Trusted Firmware-A sets it).
    if (logger_.events_enabled()) logger_.event(who() + ": " + info.name + " trapped to EL3");
    return SysregStatus::TrapEl3;
  }
  const SysregStatus st = icc_.dispatch(*id, a);
  if (st == SysregStatus::Undefined)
    logger_.guest_error(who() + ": " + info.name + (a.write ? " write" : " read") +
                        " is UNDEFINED");
  return st;
}

}  // namespace gicsim
