#include "platform.h"

#include "gic_map.h"
#include "le_bytes.h"

namespace gicsim {

Platform::Platform(sc_core::sc_module_name name, const SimConfig& cfg)
    : sc_module(name),
      cfg_(cfg),
      gic_("gic", cfg.gic),
      ram_("ram", cfg.iss.ram_mb << 20),
      hyp_(gic_.gic(), cfg.vms, cfg.vcpus,
           HypOptions{cfg.policy, true, cfg.eoi_mode != 0, cfg.tdir, false}),
      bus_("bus"),
      mmio_port_("mmio_port"),
      sysreg_port_("sysreg_port") {
  // The gicsim tool prints the model's messages through its process log
  // (stderr, capped, --log events) rather than sc_report_handler.
  gic_.gic().logger().set_sink(nullptr);
  map_gic_frames(bus_, gic_, cfg.gic, cfg.map, [](uint64_t, uint64_t) {});
  bus_.map("RAM", cfg.iss.ram_base, ram_.size());
  bus_.init.bind(ram_.socket);
  gic_.mem.socket.bind(bus_.target);  // the GIC's tables live in that RAM
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
  if (frame == "GITS" && v3 && cfg_.gic.its) return base = m.gits, true;
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
  store_le(value, data);
  prepare_access(p, ext, write, addr, width, data);
  if (debug)
    mmio_port_->transport_dbg(p);
  else
    mmio_port_->b_transport(p, delay);
  p.clear_extension(&ext);
  if (!write) value = load_le(data, width);
  return p.get_response_status();
}

tlm::tlm_response_status Platform::msi(uint32_t device, uint32_t event, sc_core::sc_time& delay) {
  if (!cfg_.gic.its) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  constexpr uint64_t kTranslater = 0x10040;
  tlm::tlm_generic_payload p;
  DeviceIdExtension dev(device);
  uint8_t data[4];
  store_le(event, data, 4);
  p.set_command(tlm::TLM_WRITE_COMMAND);
  p.set_address(cfg_.map.gits + kTranslater);
  p.set_data_ptr(data);
  p.set_data_length(4);
  p.set_streaming_width(4);
  p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  p.set_extension(&dev);
  mmio_port_->b_transport(p, delay);
  p.clear_extension(&dev);
  return p.get_response_status();
}

SysregStatus Platform::sysreg(SysregAccess& a, sc_core::sc_time& delay) {
  return sysreg_payload_.transport(sysreg_port_, a, delay);
}

}  // namespace gicsim
