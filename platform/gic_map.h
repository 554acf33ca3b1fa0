// The GIC frames a platform's bus maps (gic.memory_map): one place for the
// main-job platform and the bare-metal platform.
#pragma once

#include <memory>

#include "bus.h"
#include "gic_config.h"
#include "gic_module.h"

namespace gicsim {

// Maps every frame the GIC has into bus and binds it; calls seen(base, size)
// for each mapped window.
template <typename Seen>
void map_gic_frames(Bus& bus, GicModule& gic, const GicConfig& cfg, const MemoryMap& m, Seen seen) {
  auto attach = [&](const char* name, uint64_t base, std::unique_ptr<MmioTarget>& t,
                    uint64_t size) {
    if (!t) return;
    bus.map(name, base, size);
    bus.init.bind(t->socket);
    seen(base, size);
  };
  attach("GICD", m.gicd, gic.gicd, 0x10000);
  attach("GICR", m.gicr, gic.gicr, uint64_t(cfg.cpus) * 0x20000);
  attach("GICC", m.gicc, gic.gicc, 0x2000);
  attach("GICH", m.gich, gic.gich, 0x1000);
  attach("GICV", m.gicv, gic.gicv, 0x2000);
  attach("GITS", m.gits, gic.gits, 0x20000);
  gic.set_gicr_base(m.gicr);
}

}  // namespace gicsim
