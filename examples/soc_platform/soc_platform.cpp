// A small SoC built the way an integrator builds one: its own sc_main, the
// installed gicsim package (#include <gicsim/...>, find_package(gicsim)),
// standard TLM sockets and sc_signal<bool> wires. Two SoCs run side by side:
//  - "v3": a GICv3 for 2 CPUs at the QEMU virt map (GICD 0x08000000, GICR
//    0x080A0000), CPUs reaching the system registers through their own
//    socket each;
//  - "v2": a GICv2 (GICD 0x08000000, GICC 0x08010000).
// In each, a timer drives SPI 40 (level) through an sc_signal<bool>; CPU 1
// takes TICKS ticks: IAR, clears the timer, EOIR, and checks its IRQ wire
// falls. CPU 0 sends CPU 1 an SGI too. The program prints its checks and
// exits 1 if one fails.
#include <gicsim/gic_module.h>
#include <gicsim/le_bytes.h>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdio>
#include <string>
#include <systemc>
#include <vector>

using namespace sc_core;
using gicsim::CpuIdExtension;
using gicsim::GicModule;
using gicsim::Sr;
using gicsim::SysregAccess;

namespace {

int failures = 0;
void check(bool ok, const std::string& what, bool quiet_if_ok = false) {
  if (!ok || !quiet_if_ok) std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) ++failures;
}

constexpr unsigned kTicks = 5;
constexpr unsigned kTimerSpi = 40;

// Address decoder: CPUs in, one initiator socket per window out.
struct Router : sc_module {
  tlm_utils::multi_passthrough_target_socket<Router, 32> in;
  tlm_utils::multi_passthrough_initiator_socket<Router, 32> out;
  struct Window {
    uint64_t base, size;
  };
  std::vector<Window> map;  // in the order the outputs are bound

  explicit Router(sc_module_name n) : sc_module(n), in("in"), out("out") {
    in.register_b_transport(this, &Router::b_transport);
  }
  void b_transport(int, tlm::tlm_generic_payload& p, sc_time& d) {
    const uint64_t a = p.get_address();
    for (size_t i = 0; i < map.size(); ++i)
      if (a >= map[i].base && a - map[i].base < map[i].size) {
        p.set_address(a - map[i].base);
        out[int(i)]->b_transport(p, d);
        p.set_address(a);
        return;
      }
    p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }
};

// A level timer: raises its line every period until software clears it.
struct Timer : sc_module {
  sc_out<bool> irq{"irq"};
  sc_event cleared;
  explicit Timer(sc_module_name n) : sc_module(n) { SC_THREAD(run); }
  SC_HAS_PROCESS(Timer);
  void run() {
    for (unsigned t = 0; t < kTicks; ++t) {
      wait(100, SC_NS);
      irq.write(true);
      wait(cleared);
      irq.write(false);
    }
  }
  void clear() { cleared.notify(SC_ZERO_TIME); }  // the device's "ack" register
};

// A CPU: MMIO and system-register initiator sockets, its IRQ wire in.
struct Cpu : sc_module {
  tlm_utils::simple_initiator_socket<Cpu, 32> mmio{"mmio"};
  tlm_utils::simple_initiator_socket<Cpu, 64> sys{"sys"};
  sc_in<bool> irq{"irq"};
  unsigned id;
  bool v3;
  sc_time delay = SC_ZERO_TIME;
  gicsim::SysregPayload sp;

  Cpu(sc_module_name n, unsigned cpu, bool gicv3) : sc_module(n), id(cpu), v3(gicv3) {}

  uint32_t rd(uint64_t addr) { return uint32_t(access(false, addr, 0, 4)); }
  void wr(uint64_t addr, uint64_t v, unsigned w = 4) { access(true, addr, v, w); }
  uint64_t access(bool write, uint64_t addr, uint64_t v, unsigned w) {
    tlm::tlm_generic_payload p;
    CpuIdExtension ext(id);  // the accessing CPU (GICv2 banking)
    uint8_t data[8];
    gicsim::store_le(v, data);
    gicsim::prepare_access(p, ext, write, addr, w, data);
    mmio->b_transport(p, delay);
    p.clear_extension(&ext);
    check(p.is_response_ok(),
          name() + std::string(write ? " write " : " read ") + std::to_string(addr), true);
    return gicsim::load_le(data, w);
  }
  uint64_t sr(Sr reg, bool write = false, uint64_t v = 0) {
    // The socket names the CPU: the access's cpu field is not trusted.
    SysregAccess a = gicsim::make_sysreg_access(reg, 99, 1, write, v);
    const auto st = sp.transport(sys, a, delay);
    check(st == gicsim::SysregStatus::Ok, name() + std::string(" ") + gicsim::sysreg_name(reg),
          true);
    return a.value;
  }
};

struct Soc {
  std::string tag;
  bool v3;
  GicModule gic;
  Router bus;
  Timer timer;
  Cpu cpu0, cpu1;
  sc_signal<bool> timer_line, irq0, irq1;
  sc_event cpu1_ready, ticks_done;
  unsigned ticks = 0, sgis = 0;

  explicit Soc(const char* t, unsigned version)
      : tag(t),
        v3(version == 3),
        gic((tag + "_gic").c_str(), config(version)),
        bus((tag + "_bus").c_str()),
        timer((tag + "_timer").c_str()),
        cpu0((tag + "_cpu0").c_str(), 0, v3),
        cpu1((tag + "_cpu1").c_str(), 1, v3) {
    // Memory map (QEMU virt).
    bus.map.push_back({0x08000000, 0x10000});
    bus.out.bind(gic.gicd->socket);
    if (v3) {
      bus.map.push_back({0x080A0000, 2 * 0x20000});
      bus.out.bind(gic.gicr->socket);
    } else {
      bus.map.push_back({0x08010000, 0x2000});
      bus.out.bind(gic.gicc->socket);
    }
    // One system-register socket per CPU (GICv2 answers them UNDEFINED).
    cpu0.sys.bind(gic.cpu_sysreg[0].socket);
    cpu1.sys.bind(gic.cpu_sysreg[1].socket);
    cpu0.mmio.bind(bus.in);
    cpu1.mmio.bind(bus.in);
    // Wires: only what this SoC uses is bound (no FIQ, no virtual lines).
    timer.irq.bind(timer_line);
    gic.spi_in[kTimerSpi - 32].bind(timer_line);
    gic.irq[0].bind(irq0);
    gic.irq[1].bind(irq1);
    cpu0.irq.bind(irq0);
    cpu1.irq.bind(irq1);
  }
  static gicsim::GicConfig config(unsigned version) {
    gicsim::GicConfig c;
    c.version = version;
    c.cpus = 2;
    c.spis = 64;
    return c;
  }
};

SC_MODULE(Software) {
  Soc& s;
  SC_HAS_PROCESS(Software);
  Software(sc_module_name n, Soc & soc) : sc_module(n), s(soc) {
    SC_THREAD(boot);
    SC_THREAD(cpu1_handler);
  }
  // CPU 0: distributor and its own bring-up, then an SGI to CPU 1.
  void boot() {
    Cpu& c = s.cpu0;
    const uint64_t gicd = 0x08000000;
    const uint32_t bit = 1u << (kTimerSpi % 32), word = 4 * (kTimerSpi / 32);
    if (s.v3) {
      c.wr(gicd + 0x0, 0x2);  // EnableGrp1 (ARE is RAO/WI)
      for (unsigned r = 0; r < 2; ++r) {
        const uint64_t rd = 0x080A0000 + r * 0x20000;
        c.wr(rd + 0x14, 0);  // GICR_WAKER: ProcessorSleep = 0
        while (c.rd(rd + 0x14) & 0x4) {
        }                                       // ChildrenAsleep
        c.wr(rd + 0x10000 + 0x80, 0xffffffff);  // SGIs/PPIs: Group 1
        c.wr(rd + 0x10000 + 0x100, 0xffff);     // SGIs enabled
      }
      c.wr(gicd + 0x80 + word, bit);              // SPI 40: Group 1
      c.wr(gicd + 0x6000 + 8 * kTimerSpi, 1, 8);  // IROUTER: Aff0 = 1 (CPU 1)
      c.wr(gicd + 0x400 + kTimerSpi, 0xa0);       // priority (a byte lane would do)
      c.wr(gicd + 0x100 + word, bit);             // enabled
      c.sr(Sr::ICC_PMR_EL1, true, 0xff);
      c.sr(Sr::ICC_IGRPEN1_EL1, true, 1);
    } else {
      c.wr(gicd + 0x0, 0x1);  // GICD_CTLR Enable (Group 0 only, as Linux)
      c.wr(gicd + 0x800 + (kTimerSpi & ~3u), 0x2u << 8 * (kTimerSpi % 4));  // to CPU 1
      c.wr(gicd + 0x400 + (kTimerSpi & ~3u), 0xa0u << 8 * (kTimerSpi % 4));
      c.wr(gicd + 0x100 + word, bit);
    }
    s.cpu1_ready.notify(SC_ZERO_TIME);
    wait(s.ticks_done);
    // An SGI (INTID 3) to CPU 1.
    if (s.v3)
      c.sr(Sr::ICC_SGI1R_EL1, true, 3ull << 24 | 0x2);  // INTID 3, TargetList bit 1
    else
      c.wr(gicd + 0xf00, 0x2u << 16 | 3);  // GICD_SGIR: CPU 1, SGI 3
  }
  // CPU 1: its CPU interface, then the interrupt handler.
  void cpu1_handler() {
    Cpu& c = s.cpu1;
    wait(s.cpu1_ready);
    if (s.v3) {
      c.sr(Sr::ICC_PMR_EL1, true, 0xff);
      c.sr(Sr::ICC_IGRPEN1_EL1, true, 1);
    } else {
      c.wr(0x08010000 + 0x4, 0xff);  // GICC_PMR
      c.wr(0x08010000 + 0x0, 0x1);   // GICC_CTLR Enable
    }
    while (s.ticks < kTicks || s.sgis < 1) {
      if (!c.irq.read()) wait(c.irq.posedge_event());
      const uint32_t iar = s.v3 ? uint32_t(c.sr(Sr::ICC_IAR1_EL1)) : c.rd(0x08010000 + 0xc);
      const unsigned intid = iar & 0x3ff;
      if (intid == kTimerSpi) {
        ++s.ticks;
        s.timer.clear();
        wait(s.timer_line.negedge_event());
      } else if (intid == 3) {
        ++s.sgis;
      }
      if (s.v3)
        c.sr(Sr::ICC_EOIR1_EL1, true, iar);
      else
        c.wr(0x08010000 + 0x10, iar);
      wait(SC_ZERO_TIME);
      wait(SC_ZERO_TIME);
      check(!c.irq.read(),
            s.tag + ": IRQ wire low after the EOI of INTID " + std::to_string(intid));
      if (intid == kTimerSpi && s.ticks == kTicks) s.ticks_done.notify(SC_ZERO_TIME);
    }
  }
};

}  // namespace

int sc_main(int, char*[]) {
  // The model's messages are ordinary SystemC reports: keep warnings quiet.
  sc_report_handler::set_actions("gicsim/guest-error", SC_WARNING, SC_DISPLAY);
  Soc v3("v3", 3), v2("v2", 2);
  Software sw3("sw3", v3), sw2("sw2", v2);
  sc_start(100, SC_US);
  for (Soc* s : {&v3, &v2}) {
    check(s->ticks == kTicks, s->tag + ": " + std::to_string(s->ticks) + " timer ticks taken");
    check(s->sgis == 1, s->tag + ": the SGI from CPU 0 arrived");
    check(s->gic.count(gicsim::LogKind::GuestError) == 0, s->tag + ": no guest errors");
  }
  std::printf("%s\n", failures ? "soc_platform: FAILED" : "soc_platform: all checks passed");
  return failures ? 1 : 0;
}
