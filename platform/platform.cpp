#include "platform.h"

#include "gic_map.h"

namespace gicsim {

Platform::Platform(sc_core::sc_module_name name, const SimConfig& cfg)
    : sc_module(name),
      cfg_(cfg),
      gic_("gic", cfg.gic),
      hyp_(gic_.gic(), cfg.vms, cfg.vcpus,
           HypOptions{cfg.policy, true, cfg.eoi_mode != 0, cfg.tdir, false}),
      bus_("bus"),
      mmio_port_("mmio_port"),
      sysreg_port_("sysreg_port") {
  // The gicsim tool prints the model's messages through its process log
  // (stderr, capped, --log events) rather than sc_report_handler.
  gic_.gic().logger().set_sink(nullptr);
  map_gic_frames(bus_, gic_, cfg.gic, cfg.map, [](uint64_t, uint64_t) {});
  mmio_port_.bind(bus_.target);
  sysreg_port_.bind(gic_.sysreg->socket);
}

bool Platform::frame_base(const std::string& frame, unsigned index, bool sgi,
                          uint64_t& base) const {
  const MemoryMap& m = cfg_.map;
  const bool v3 = cfg_.gic.version == 3;
  if (frame == "GICD") return base = m.gicd, true;
  if (frame == "GICR" && v3 && index < cfg_.gic.cpus)
    return base = m.gicr + uint64_t(index) * 0x20000 + (sgi ? 0x10000 : 0), true;
  if (v3) return false;
  if (frame == "GICC") return base = m.gicc, true;
  if (frame == "GICH") return base = m.gich, true;
  if (frame == "GICV") return base = m.gicv, true;
  return false;
}

tlm::tlm_response_status Platform::mmio(unsigned cpu, bool write, uint64_t addr, unsigned width,
                                        uint64_t& value, sc_core::sc_time& delay, bool debug,
                                        bool secure) {
  // GICv2 has no TDIR: while the hypervisor wants DIR trapped, the guest's
  // GICV_DIR page is not mapped at stage 2 and the write is emulated.
  const uint64_t gicv = cfg_.map.gicv;
  if (write && !debug && cfg_.gic.version == 2 && addr >= gicv &&
      hyp_.trapped_gicv_write(cpu, addr - gicv, width, value))
    return tlm::TLM_OK_RESPONSE;
  tlm::tlm_generic_payload p;
  CpuIdExtension ext(cpu, secure);
  uint8_t data[8] = {};
  for (unsigned i = 0; i < 8; ++i) data[i] = uint8_t(value >> (8 * i));
  prepare_access(p, ext, write, addr, width, data);
  if (debug)
    mmio_port_->transport_dbg(p);
  else
    mmio_port_->b_transport(p, delay);
  p.clear_extension(&ext);
  if (!write) {
    value = 0;
    for (unsigned i = 0; i < width && i < 8; ++i) value |= uint64_t(data[i]) << (8 * i);
  }
  return p.get_response_status();
}

SysregStatus Platform::sysreg(SysregAccess& a, sc_core::sc_time& delay) {
  return sysreg_payload_.transport(sysreg_port_, a, delay);
}

}  // namespace gicsim
