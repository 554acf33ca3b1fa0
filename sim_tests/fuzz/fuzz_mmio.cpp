// libFuzzer: random MMIO sequences (any frame, offset, width, byte enables,
// read/write, debug or not) against GICD/GICR/GICC/GICH/GICV.
#include <memory>

#include "fuzz_common.h"

using namespace gicsim;
using namespace gicsim::fuzz;

int sc_main(int, char*[]) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quiet_logs();
  Bytes in(data, size);
  const GicConfig c = random_config(in, true);
  Gic g(c);
  while (in.more()) {
    const uint8_t sel = in.u8();
    MmioRegion* r = &g.gicd();
    switch (sel % 5) {
      case 1:
        if (g.has_frame("GICR")) r = &g.gicr();
        break;
      case 2:
        if (g.has_frame("GICC")) r = &g.gicc();
        break;
      case 3:
        if (g.has_frame("GICH")) r = &g.gich();
        break;
      case 4:
        if (g.has_frame("GICV")) r = &g.gicv();
        break;
      default:
        break;
    }
    const bool write = sel & 0x8, debug = sel & 0x10, use_be = sel & 0x20;
    const unsigned width = 1u << (in.u8() % 5);  // 1, 2, 4, 8, 16 (bad)
    uint64_t addr = in.u32() % (r->size() + 0x100);
    if (sel & 0x40) addr &= ~uint64_t(width - 1);  // mostly aligned
    uint8_t buf[16];
    const uint64_t v = in.u64();
    for (unsigned i = 0; i < 16; ++i) buf[i] = uint8_t(v >> (8 * (i % 8)));
    uint8_t be[4] = {in.u8(), in.u8(), in.u8(), in.u8()};
    for (uint8_t& b : be) b = b & 1 ? 0xff : 0x00;
    tlm::tlm_generic_payload p;
    const uint8_t who = in.u8();
    CpuIdExtension ext(who % c.cpus, who & 0x80);  // Secure or Non-secure
    p.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    p.set_address(addr);
    p.set_data_ptr(buf);
    p.set_data_length(width);
    p.set_streaming_width(sel & 0x80 ? 1 : width);
    if (use_be) {
      p.set_byte_enable_ptr(be);
      p.set_byte_enable_length(1 + unsigned(v % 4));
    }
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    p.set_extension(&ext);
    r->transport(p, debug);
    p.clear_extension(&ext);
    if (p.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE) {
      std::fprintf(stderr, "response status not set\n");
      std::abort();
    }
    // Interrupt lines toggle too.
    if (sel & 0x4) g.spi_line(32 + in.u8() % c.spis).set(in.u8() & 1);
    check(g);
  }
  return 0;
}
