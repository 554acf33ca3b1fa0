// Configuration of the instruction-set-simulator platform (JSON key "iss").
#pragma once

#include <cstdint>

namespace gicsim {

struct IssConfig {
  unsigned quantum = 2000;         // instructions per quantum (per core)
  double ipc = 1.0;                // instructions per cycle (clock: cpu.clock_mhz)
  uint64_t ram_base = 0x40000000;  // QEMU virt
  uint64_t ram_mb = 128;
  uint64_t uart_base = 0x09000000;  // PL011, QEMU virt
  double timer_hz = 62.5e6;         // CNTFRQ_EL0 (QEMU's 62.5 MHz)
  uint64_t max_instructions = 0;    // all cores together; 0: no limit
  double max_ms = 10000;            // simulated time limit
  // How cores and GIC connect: function calls (the GIC's lines read and
  // its timer PPIs driven directly) or only sc_signal<bool> wires, as a
  // SystemC platform built from the modules would.
  bool signal_wiring = false;
};

}  // namespace gicsim
