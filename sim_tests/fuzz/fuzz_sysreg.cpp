// libFuzzer: random system-register sequences over every ICC/ICV/ICH
// encoding (and random ones), at every EL, with IMO/FMO routing, in either
// Security state.
#include "fuzz_common.h"

using namespace gicsim;
using namespace gicsim::fuzz;

int sc_main(int, char*[]) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quiet_logs();
  Bytes in(data, size);
  const GicConfig c = random_config(in, false);
  Gic g(c);
  // Make interrupts flow: distributor on, some SPIs enabled and pending.
  g.dist().set_group_enabled(0, true);
  g.dist().set_group_enabled(1, true);
  if (c.two_security_states()) g.dist().set_group_enabled(2, true);
  const auto& table = sysreg_table();
  while (in.more()) {
    const uint8_t sel = in.u8();
    SysregAccess a;
    if (sel & 0x80) {
      a.enc = SysregEnc{3, uint8_t(in.u8() & 7), uint8_t(in.u8() & 15), uint8_t(in.u8() & 15),
                        uint8_t(in.u8() & 7)};
    } else {
      a.enc = table[in.u8() % table.size()].enc;
    }
    a.write = sel & 1;
    a.value = in.u64();
    a.cpu = in.u8() % (c.cpus + 1);  // sometimes a CPU that does not exist
    a.el = uint8_t(in.u8() % 5);     // EL0..EL3 and beyond
    a.imo = sel & 2;
    a.fmo = sel & 4;
    a.secure = sel & 8;  // Secure EL1/EL2, or EL3 with SCR_EL3.NS == 0
    const SysregStatus st = g.sysreg(a);
    if (st != SysregStatus::Ok && st != SysregStatus::Undefined && st != SysregStatus::TrapEl2 &&
        st != SysregStatus::TrapEl3)
      std::abort();
    if (sel & 0x40) {
      const unsigned spi = 32 + in.u8() % c.spis;
      g.dist().update_word(Distributor::kEnable, 0, spi / 32, 1u << (spi % 32), 0);
      g.spi_line(spi).set(in.u8() & 1);
    }
    check(g);
  }
  return 0;
}
