// GicModule in a running SystemC kernel, used as a platform would: only some
// ports and sockets bound; interrupt wires as sc_signal<bool> driven by the
// module's own process (no second driver, whoever caused the change); a
// per-CPU system-register socket that names the CPU; the reset port; two
// GIC instances side by side with their own reports and counters; the
// report limit; configuration errors as SystemC errors; tracing.
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <systemc>
#include <vector>

#include "gic_module.h"
#include "le_bytes.h"

using namespace sc_core;
using namespace gicsim;

namespace {

int failures = 0;
void check(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "FAILED: %s\n", what.c_str());
    ++failures;
  }
}

struct Report {
  std::string type, msg;
};
std::vector<Report> reports;
void capture(const sc_report& r, const sc_actions& a) {
  const std::string type = r.get_msg_type();
  if (type.rfind("gicsim/", 0) == 0 && type != "gicsim/config") {
    reports.push_back({type, r.get_msg()});
    return;
  }
  sc_report_handler::default_handler(r, a);
}
unsigned reports_naming(const std::string& who) {
  unsigned n = 0;
  for (const Report& r : reports)
    if (r.type == "gicsim/guest-error" && r.msg.find(who + " @ ") == 0) ++n;
  return n;
}

GicConfig cfg(unsigned version) {
  GicConfig c;
  c.version = version;
  c.cpus = 2;
  c.spis = 64;
  return c;
}

SC_MODULE(Top) {
  GicModule ga{"ga", cfg(3)}, gb{"gb", cfg(2)};
  tlm_utils::simple_initiator_socket<Top, 32> gicd{"gicd"}, gicr{"gicr"};
  tlm_utils::simple_initiator_socket<Top, 64> sys1{"sys1"};
  sc_signal<bool> spi40{"spi40"}, irq1{"irq1"}, rst{"rst"}, b_irq0{"b_irq0"};
  SysregPayload sp;
  sc_time d = SC_ZERO_TIME;

  SC_CTOR(Top) {
    // GIC A: GICD and GICR, CPU 1's system registers, SPI 40, CPU 1's IRQ
    // and the reset. Nothing else of A or B is bound.
    gicd.bind(ga.gicd->socket);
    gicr.bind(ga.gicr->socket);
    sys1.bind(ga.cpu_sysreg[1].socket);
    ga.spi_in[40 - 32].bind(spi40);
    ga.irq[1].bind(irq1);
    ga.rst.bind(rst);
    gb.irq[0].bind(b_irq0);
    SC_THREAD(run);
  }

  tlm::tlm_response_status mmio(tlm_utils::simple_initiator_socket<Top, 32> & s, bool write,
                                uint64_t addr, uint32_t& v) {
    tlm::tlm_generic_payload p;
    CpuIdExtension ext(0);
    uint8_t data[4];
    store_le(v, data, 4);
    prepare_access(p, ext, write, addr, 4, data);
    s->b_transport(p, d);
    p.clear_extension(&ext);
    v = uint32_t(load_le(data, 4));
    return p.get_response_status();
  }
  uint32_t rd(tlm_utils::simple_initiator_socket<Top, 32> & s, uint64_t a) {
    uint32_t v = 0;
    check(mmio(s, false, a, v) == tlm::TLM_OK_RESPONSE, "read " + hex(a));
    return v;
  }
  void wr(tlm_utils::simple_initiator_socket<Top, 32> & s, uint64_t a, uint32_t v) {
    check(mmio(s, true, a, v) == tlm::TLM_OK_RESPONSE, "write " + hex(a));
  }
  uint64_t sr(Sr id, bool write = false, uint64_t v = 0) {
    SysregAccess a = make_sysreg_access(id, 0 /* the socket says CPU 1 */, 1, write, v);
    check(sp.transport(sys1, a, d) == SysregStatus::Ok, sysreg_name(id));
    return a.value;
  }

  void run() {
    // Bring-up of CPU 1 and SPI 40 (level, Group 1, to CPU 1).
    wr(gicd, 0x0, 0x2);
    wr(gicr, 0x20000 + 0x14, 0);
    wr(gicd, 0x84, 1u << 8);
    wr(gicd, 0x6000 + 8 * 40, 1);
    wr(gicd, 0x104, 1u << 8);
    sr(Sr::ICC_PMR_EL1, true, 0xff);
    sr(Sr::ICC_IGRPEN1_EL1, true, 1);
    check(ga.gic().cpuif(1).igrpen[1] && !ga.gic().cpuif(0).igrpen[1],
          "the per-CPU socket reached CPU 1, not the access's cpu field");
    spi40.write(true);
    wait(1, SC_NS);
    check(irq1.read(), "SPI 40 raised through the signal reaches CPU 1's irq signal");
    check(sr(Sr::ICC_IAR1_EL1) == 40, "IAR1 through CPU 1's socket");
    spi40.write(false);
    sr(Sr::ICC_EOIR1_EL1, true, 40);
    wait(1, SC_NS);
    check(!irq1.read(), "irq signal low after the EOI");
    check(!b_irq0.read(), "GIC B untouched");

    // Separate reports and counters.
    wait(5, SC_NS);
    uint32_t v = 0;
    mmio(gicd, false, 0x2, v);  // unaligned
    check(ga.count(LogKind::GuestError) == 1 && gb.count(LogKind::GuestError) == 0,
          "the guest error counts on GIC A only");
    check(reports_naming("top.ga") == 1, "A's report names top.ga and the time");
    bool timed = false;
    const std::string now = "top.ga @ " + sc_time_stamp().to_string() + ": ";
    for (const Report& r : reports) timed |= r.msg.find(now) == 0;
    check(timed, "the report carries the SystemC time");
    uint8_t b[4];
    gb.gic().gicd().access(0, false, 0x1, 4, b);  // unaligned on B
    check(gb.count(LogKind::GuestError) == 1 && ga.count(LogKind::GuestError) == 1,
          "B counts its own error");
    check(reports_naming("top.gb") == 1, "B's report names top.gb");

    // Report limit: 10 more errors on A, 3 reported, then one notice.
    ga.set_report_limit(3);
    for (unsigned i = 0; i < 10; ++i) mmio(gicd, false, 0x2, v);
    check(ga.count(LogKind::GuestError) == 11, "every error is counted");
    check(reports_naming("top.ga") == 4,
          "reports stop at the limit (+1 notice): " + std::to_string(reports_naming("top.ga")));

    // The reset port: a rising edge restores every register.
    rst.write(true);
    wait(1, SC_NS);
    check(rd(gicd, 0x0) == 0x50, "GICD_CTLR after reset (ARE, DS RAO)");
    check(rd(gicr, 0x20000 + 0x14) == 0x6, "GICR_WAKER after reset");
    check(rd(gicd, 0x104) == 0, "ISENABLER1 after reset");
    check(sr(Sr::ICC_PMR_EL1) == 0, "ICC_PMR_EL1 after reset");
    rst.write(false);
    wait(10, SC_NS);
    sc_stop();
  }
};

}  // namespace

int sc_main(int, char*[]) {
  sc_report_handler::set_handler(capture);
  // An invalid configuration is a SystemC error naming the instance and key.
  bool reported = false;
  try {
    GicConfig bad = cfg(2);
    bad.cpus = 9;
    GicModule g("bad_gic", bad);
  } catch (const sc_report& r) {
    reported = std::string(r.get_msg_type()) == "gicsim/config" &&
               std::string(r.get_msg()).find("bad_gic: invalid configuration: gic.cpus") == 0;
  }
  check(reported, "a bad configuration raises gicsim/config naming bad_gic and gic.cpus");

  Top top("top");
  const std::string vcd = "gic_module_trace";
  sc_trace_file* tf = sc_create_vcd_trace_file(vcd.c_str());
  top.ga.trace(tf);
  sc_start();
  sc_close_vcd_trace_file(tf);
  std::ifstream in(vcd + ".vcd");
  std::stringstream all;
  all << in.rdbuf();
  // SystemC writes the dotted names as nested scopes: top / ga / cpu1 / irq.
  const std::string t = all.str();
  const size_t ga = t.find("$scope module ga $end"), cpu1 = t.find("$scope module cpu1 $end", ga);
  check(ga != std::string::npos && t.find("spi40", ga) != std::string::npos,
        "the VCD has top.ga.spi40");
  check(cpu1 != std::string::npos && t.find(" irq ", cpu1) != std::string::npos,
        "the VCD has top.ga.cpu1.irq");
  if (!failures) std::remove((vcd + ".vcd").c_str());
  if (failures) return 1;
  std::printf("sim_gic_module: all checks passed\n");
  return 0;
}
