#include "main_job.h"

#include <ostream>
#include <systemc>

#include "log.h"
#include "platform.h"

namespace gicsim {

namespace {

// Bring-up workload: every CPU enables its interface, an SPI is routed to it
// and raised, and the CPU takes it (IAR) and completes it (EOIR) as a driver
// would. Counts deliveries; any lost interrupt makes the run fail.
class BringUp : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(BringUp);
  BringUp(sc_core::sc_module_name n, Platform& p) : sc_module(n), p_(p) { SC_THREAD(main); }
  unsigned delivered = 0, expected = 0;

 private:
  uint64_t mmio_rd(unsigned cpu, uint64_t addr) {
    uint64_t v = 0;
    sc_core::sc_time d;
    p_.mmio(cpu, false, addr, 4, v, d);
    return v;
  }
  void mmio_wr(unsigned cpu, uint64_t addr, uint64_t v, unsigned width = 4) {
    sc_core::sc_time d;
    p_.mmio(cpu, true, addr, width, v, d);
  }
  uint64_t sys(unsigned cpu, Sr id, bool write, uint64_t v = 0) {
    SysregAccess a;
    a.enc = sysreg_info(id).enc;
    a.write = write;
    a.value = v;
    a.cpu = cpu;
    a.el = 1;
    sc_core::sc_time d;
    p_.sysreg(a, d);
    return a.value;
  }
  void main() {
    const GicConfig& g = p_.config().gic;
    const uint64_t gicd = g.map.gicd;
    const bool v3 = g.version == 3;
    mmio_wr(0, gicd + 0x0, 0x3);  // EnableGrp0 | EnableGrp1 (ARE is RAO on v3)
    for (unsigned c = 0; c < g.cpus; ++c) {
      const unsigned spi = 32 + c % g.spis;
      mmio_wr(0, gicd + 0x80 + 4 * (spi / 32), 0xffffffff);         // Group 1
      mmio_wr(0, gicd + 0xc00 + 4 * (spi / 16), 0xaaaaaaaa);        // edge
      mmio_wr(0, gicd + 0x100 + 4 * (spi / 32), 1u << (spi % 32));  // enable
      if (v3) {
        mmio_wr(c, g.map.gicr + uint64_t(c) * 0x20000 + 0x14, 0);  // wake up
        uint64_t aff = (c % 16) | uint64_t(c / 16) << 8;
        mmio_wr(0, gicd + 0x6000 + 8 * spi, aff, 8);
        sys(c, Sr::ICC_PMR_EL1, true, 0xff);
        sys(c, Sr::ICC_IGRPEN1_EL1, true, 1);
      } else {
        mmio_wr(0, gicd + 0x800 + spi, 1u << c, 1);
        mmio_wr(c, g.map.gicc + 0x4, 0xff);
        mmio_wr(c, g.map.gicc + 0x0, 0x3);
      }
    }
    for (unsigned c = 0; c < g.cpus; ++c) {
      const unsigned spi = 32 + c % g.spis;
      ++expected;
      p_.gic().spi_line(spi).pulse();
      wait(sc_core::sc_time(10, sc_core::SC_NS));
      if (!p_.gic().out(c).irq.read()) continue;
      const uint64_t id = v3 ? sys(c, Sr::ICC_IAR1_EL1, false) : mmio_rd(c, g.map.gicc + 0x20);
      if (id != spi) continue;
      v3 ? (void)sys(c, Sr::ICC_EOIR1_EL1, true, id) : mmio_wr(c, g.map.gicc + 0x24, id);
      if (!p_.gic().out(c).irq.read()) ++delivered;
    }
    sc_core::sc_stop();
  }
  Platform& p_;
};

}  // namespace

int run_main_job(const SimConfig& cfg, std::ostream& out, std::ostream&) {
  Platform platform("platform", cfg);
  BringUp job("bringup", platform);
  Log::set_clock([] { return sc_core::sc_time_stamp().to_string(); });
  sc_core::sc_start();
  const GicConfig& g = cfg.gic;
  const MemoryMap& m = g.map;
  out << "gicsim: GICv" << g.version << ", " << g.cpus << " CPUs, " << g.spis << " SPIs, "
      << g.pri_bits << " priority bits, " << g.lrs << " list registers\n";
  out << "memory map: GICD " << hex(m.gicd);
  if (g.version == 3)
    out << ", GICR " << hex(m.gicr) << " (" << g.cpus << " x 0x20000)";
  else
    out << ", GICC " << hex(m.gicc) << ", GICH " << hex(m.gich) << ", GICV " << hex(m.gicv);
  out << "\n";
  out << "bring-up: " << job.delivered << "/" << job.expected
      << " SPIs delivered and completed (IRQ high -> IAR -> EOIR -> IRQ low)\n";
  out << "simulated " << sc_core::sc_time_stamp().to_string() << "\n";
  return job.delivered == job.expected ? 0 : 1;
}

}  // namespace gicsim
