// Drives a plain-C++ Gic in unit tests: MMIO through its regions, system
// registers through its sysreg entry point, no SystemC kernel.
#pragma once

#include <gtest/gtest.h>

#include "gic.h"
#include "le_bytes.h"
#include "log_capture.h"

namespace gicsim {

struct GicHarness {
  Gic gic;
  LogCapture log;

  // Security attribute of the harness's MMIO accesses (two Security states).
  bool secure = false;

  explicit GicHarness(GicConfig c) : gic(c) {}

  tlm::tlm_response_status access(MmioRegion& r, unsigned cpu, bool write, uint64_t off,
                                  unsigned width, uint64_t& v, bool debug = false) {
    uint8_t data[8];
    store_le(v, data);
    const tlm::tlm_response_status st = r.access(cpu, write, off, width, data, debug, secure);
    if (!write) v = load_le(data, width);
    return st;
  }
  uint64_t rd(MmioRegion& r, uint64_t off, unsigned cpu = 0, unsigned width = 4) {
    uint64_t v = 0;
    EXPECT_EQ(access(r, cpu, false, off, width, v), tlm::TLM_OK_RESPONSE) << hex(off);
    return v;
  }
  void wr(MmioRegion& r, uint64_t off, uint64_t v, unsigned cpu = 0, unsigned width = 4) {
    EXPECT_EQ(access(r, cpu, true, off, width, v), tlm::TLM_OK_RESPONSE) << hex(off);
  }
  uint64_t gicd(uint64_t off, unsigned cpu = 0, unsigned w = 4) {
    return rd(gic.gicd(), off, cpu, w);
  }
  void set_gicd(uint64_t off, uint64_t v, unsigned cpu = 0, unsigned w = 4) {
    wr(gic.gicd(), off, v, cpu, w);
  }
  uint64_t rdist(unsigned cpu, uint64_t off, unsigned w = 4) {
    return rd(gic.gicr(), uint64_t(cpu) * 0x20000 + off, 0, w);
  }
  void set_rdist(unsigned cpu, uint64_t off, uint64_t v, unsigned w = 4) {
    wr(gic.gicr(), uint64_t(cpu) * 0x20000 + off, v, 0, w);
  }
  uint64_t sgi_frame(unsigned cpu, uint64_t off, unsigned w = 4) {
    return rdist(cpu, 0x10000 + off, w);
  }
  void set_sgi_frame(unsigned cpu, uint64_t off, uint64_t v, unsigned w = 4) {
    set_rdist(cpu, 0x10000 + off, v, w);
  }

  SysregStatus sys(unsigned cpu, Sr id, bool write, uint64_t& v, uint8_t el = 1, bool imo = false,
                   bool fmo = false) {
    SysregAccess a = make_sysreg_access(id, cpu, el, write, v);
    a.imo = imo;
    a.fmo = fmo;
    const SysregStatus st = gic.sysreg(a);
    v = a.value;
    return st;
  }
  uint64_t sr(unsigned cpu, Sr id, uint8_t el = 1) {
    uint64_t v = 0;
    EXPECT_EQ(sys(cpu, id, false, v, el), SysregStatus::Ok) << sysreg_name(id);
    return v;
  }
  void sw(unsigned cpu, Sr id, uint64_t v, uint8_t el = 1) {
    EXPECT_EQ(sys(cpu, id, true, v, el), SysregStatus::Ok) << sysreg_name(id);
  }
  bool irq(unsigned cpu) { return gic.out(cpu).irq.read(); }
  bool fiq(unsigned cpu) { return gic.out(cpu).fiq.read(); }

  // Typical GICv3 driver bring-up: distributor groups on, every CPU awake
  // with PMR open and both groups enabled.
  void v3_bringup() {
    set_gicd(0x0, 0x3);
    for (unsigned c = 0; c < gic.config().cpus; ++c) {
      set_rdist(c, 0x14, 0);
      sw(c, Sr::ICC_PMR_EL1, 0xff);
      sw(c, Sr::ICC_IGRPEN0_EL1, 1);
      sw(c, Sr::ICC_IGRPEN1_EL1, 1);
    }
  }
  // Configures an SPI: group 1, edge or level, priority, enabled, routed to cpu.
  void v3_spi(unsigned intid, uint8_t prio, unsigned cpu, bool edge = true) {
    const uint32_t bit = 1u << (intid % 32);
    set_gicd(0x80 + 4 * (intid / 32), gicd(0x80 + 4 * (intid / 32)) | bit);
    set_gicd(0x400 + intid, prio, 0, 1);
    const uint64_t cfg = gicd(0xc00 + 4 * (intid / 16));
    const uint64_t b = 2u << (2 * (intid % 16));
    set_gicd(0xc00 + 4 * (intid / 16), edge ? cfg | b : cfg & ~b);
    set_gicd(0x6000 + 8 * intid, (cpu % 16) | uint64_t(cpu / 16) << 8, 0, 8);
    set_gicd(0x100 + 4 * (intid / 32), bit);
  }
};

}  // namespace gicsim
