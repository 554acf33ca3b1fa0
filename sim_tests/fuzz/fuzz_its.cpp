// libFuzzer: the ITS and the LPIs under hostile software. The bytes choose a
// GIC with LPIs and an ITS, then a sequence of: GITS register writes
// (mostly plausible table and queue bases), commands written into the queue
// (mostly well-formed, on a few devices, events, collections, sometimes
// random doublewords), MSIs with a DeviceID, GICR LPI register writes,
// acknowledges and EOIs, and raw writes into the tables (software is not
// allowed to, but may). Findings: any sanitizer report, a crash, or a broken
// CPU-interface invariant (fuzz_common.h: the IRQ line follows the highest
// priority pending interrupt, LPIs included).
#include "fuzz_common.h"
#include "le_bytes.h"
#include "mmio_region.h"

using namespace gicsim;
using namespace gicsim::fuzz;

int sc_main(int, char*[]) { return 0; }

namespace {

constexpr uint64_t kRamSize = 1 << 20;  // RAM at address 0

void mmio(MmioRegion& r, uint64_t off, unsigned width, uint64_t v, uint32_t device = 0) {
  uint8_t data[8];
  store_le(v, data);
  tlm::tlm_generic_payload p;
  DeviceIdExtension dev(device);
  p.set_command(tlm::TLM_WRITE_COMMAND);
  p.set_address(off);
  p.set_data_ptr(data);
  p.set_data_length(width);
  p.set_streaming_width(width);
  p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  p.set_extension(&dev);
  r.transport(p, false);
  p.clear_extension(&dev);
}

// A table or queue base inside RAM (or, now and then, anywhere).
uint64_t base(Bytes& in) {
  const uint8_t b = in.u8();
  if (b == 0xff) return in.u64();
  return uint64_t(b % 16) << 16;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quiet_logs();
  Bytes in(data, size);
  GicConfig c;
  const uint8_t shape = in.u8();
  c.cpus = 1 + shape % 4;
  c.lpi_bits = shape & 0x80 ? 24 : 14 + in.u8() % 5;
  c.its = true;
  c.its_pta = shape & 0x40;
  c.its_device_bits = 1 + in.u8() % 32;
  c.its_event_bits = 1 + in.u8() % 32;
  Gic g(c);
  RamMemory ram(0, kRamSize);
  g.set_memory(&ram);
  g.its()->set_rd_base(0x080a0000);
  uint64_t wr = 0;
  while (in.more()) {
    const uint8_t op = in.u8();
    const unsigned cpu = in.u8() % c.cpus;
    switch (op % 8) {
      case 0: {  // GITS registers
        static const uint32_t offs[] = {0x0, 0x80, 0x84, 0x88, 0x100, 0x108, 0x110, 0x8};
        const uint32_t off = offs[in.u8() % 8];
        uint64_t v = in.u64();
        if (off == 0x80 || off == 0x100 || off == 0x108)
          v = (v & (1ull << 63 | 1ull << 62 | 0x3ff)) | base(in);
        mmio(g.gits(), off, off == 0x0 || off == 0x84 ? 4 : 8, v);
        break;
      }
      case 1:
      case 2: {  // a command into the queue, and CWRITER moves
        uint64_t cmd[4] = {in.u8() % 16 | uint64_t(in.u8() % 8) << 32,
                           in.u8() % 40 | uint64_t(8192 + in.u16() % 256) << 32,
                           in.u8() % 6 | uint64_t(in.u8() % 5) << 16, uint64_t(in.u8() % 5) << 16};
        if (in.u8() % 8 == 0)
          for (uint64_t& d : cmd) d = in.u64();
        if ((cmd[0] & 0xff) == 0x08) cmd[2] |= 1ull << 63 | base(in);  // MAPD: an ITT
        if ((cmd[0] & 0xff) == 0x09 && in.u8() & 1) cmd[2] |= 1ull << 63;
        const uint64_t q = g.its()->cbaser() & 0x000ffffffffff000ull;
        for (unsigned i = 0; i < 4; ++i) ram.write64(q + wr + 8 * i, cmd[i]);
        wr = (wr + 32) % 4096;
        mmio(g.gits(), 0x88, 8, wr | (in.u8() & 1));  // sometimes Retry
        break;
      }
      case 3:  // an MSI
        mmio(g.gits(), 0x10040, in.u8() & 1 ? 4 : 2, in.u8() % 40, in.u8() % 8);
        break;
      case 4: {  // the redistributor's LPI registers
        static const uint32_t offs[] = {0x0, 0x70, 0x78, 0x40, 0x48, 0xa0, 0xb0};
        const uint32_t off = offs[in.u8() % 7];
        uint64_t v = off == 0x0 ? in.u8() & 1 : 8192 + in.u16() % 300;
        if (off == 0x70) v = base(in) | (in.u8() % 24);
        if (off == 0x78) v = base(in) | (uint64_t(in.u8() & 1) << 62);
        mmio(g.gicr(), uint64_t(cpu) * 0x20000 + off, off == 0x0 ? 4 : 8, v);
        break;
      }
      case 5: {  // the CPU interface
        SysregAccess a = make_sysreg_access(Sr::ICC_IGRPEN1_EL1, cpu, 1, true, 1);
        g.sysreg(a);
        a = make_sysreg_access(Sr::ICC_PMR_EL1, cpu, 1, true, 0xff);
        g.sysreg(a);
        a = make_sysreg_access(Sr::ICC_IAR1_EL1, cpu, 1, false, 0);
        g.sysreg(a);
        if (in.u8() & 1) {
          a = make_sysreg_access(Sr::ICC_EOIR1_EL1, cpu, 1, true, a.value);
          g.sysreg(a);
        }
        break;
      }
      case 6: {  // raw writes into the tables (hostile software)
        const uint64_t addr = in.u32() % kRamSize & ~uint64_t(7);
        ram.write64(addr, in.u64());
        break;
      }
      default: {  // the distributor on, or a reset now and then
        if (in.u8() == 0xee) {
          g.reset();
          wr = 0;
        } else {
          mmio(g.gicd(), 0x0, 4, 0x3);
        }
        break;
      }
    }
    check(g);
  }
  g.set_memory(nullptr);
  return 0;
}
