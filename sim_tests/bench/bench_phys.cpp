// Physical GIC benchmarks (issue: the physical GIC): the TLM floor, MMIO and
// sysreg accesses, and the SPI round trip at three platform sizes.
#include <map>
#include <stdexcept>

#include "bench_common.h"

namespace gicsim::bench {

namespace {

struct PhysRig {
  std::unique_ptr<GicModule> gic;
  std::unique_ptr<Initiator> init;
  unsigned cpus, spis;
};

std::map<std::pair<unsigned, unsigned>, PhysRig> rigs;
std::unique_ptr<EmptyTarget> empty;
std::unique_ptr<Initiator> empty_init;

PhysRig& rig(unsigned cpus, unsigned spis) { return rigs.at({cpus, spis}); }

void build(unsigned cpus, unsigned spis) {
  GicConfig c;
  c.cpus = cpus;
  c.spis = spis;
  const std::string n = "gic_" + std::to_string(cpus) + "_" + std::to_string(spis);
  PhysRig r;
  r.gic = std::make_unique<GicModule>(n.c_str(), c);
  r.init = std::make_unique<Initiator>((n + "_init").c_str());
  r.init->mmio.bind(r.gic->gicd->socket);
  r.init->sys.bind(r.gic->sysreg->socket);
  r.init->rdist.bind(r.gic->gicr->socket);
  r.cpus = cpus;
  r.spis = spis;
  rigs.emplace(std::make_pair(cpus, spis), std::move(r));
}

// Bring-up: every CPU awake with its interface enabled; the last SPI is edge,
// group 1, routed to the last CPU. Returns that SPI.
unsigned prepare(PhysRig& r) {
  Initiator& i = *r.init;
  const unsigned spi = 31 + r.spis, cpu = r.cpus - 1;
  i.access(true, 0x0, 0x3);
  for (unsigned c = 0; c < r.cpus; ++c) {
    i.access(true, uint64_t(c) * 0x20000 + 0x14, 0, true);  // GICR_WAKER: awake
    i.sysreg(c, Sr::ICC_PMR_EL1, true, 0xff);
    i.sysreg(c, Sr::ICC_IGRPEN1_EL1, true, 1);
  }
  i.access(true, 0x80 + 4 * (spi / 32), 0xffffffff);
  i.access(true, 0xc00 + 4 * (spi / 16), 0xaaaaaaaa);
  i.access(true, 0x400 + (spi & ~3u), 0xa0a0a0a0);
  const uint64_t aff = r.gic->gic().dist().affinity_of(cpu);
  i.access(true, 0x6000 + 8 * spi, uint32_t(aff));
  i.access(true, 0x100 + 4 * (spi / 32), 1u << (spi % 32));
  return spi;
}

void BM_EmptyTransport(benchmark::State& s) {
  Initiator& i = *empty_init;
  for (auto _ : s) benchmark::DoNotOptimize(i.access(false, 0x104, 0));
}

void BM_MmioRead(benchmark::State& s) {
  Initiator& i = *rig(4, 96).init;
  i.access(true, 0x104, 0x5);
  for (auto _ : s) benchmark::DoNotOptimize(i.access(false, 0x104, 0));  // GICD_ISENABLER1
  if (i.p.get_response_status() != tlm::TLM_OK_RESPONSE) s.SkipWithError("bad response");
}

void BM_MmioWrite(benchmark::State& s) {
  Initiator& i = *rig(4, 96).init;
  for (auto _ : s) i.access(true, 0x104, 0x5);  // GICD_ISENABLER1
  if (i.p.get_response_status() != tlm::TLM_OK_RESPONSE) s.SkipWithError("bad response");
}

void BM_SysregRead(benchmark::State& s) {
  Initiator& i = *rig(4, 96).init;
  for (auto _ : s) benchmark::DoNotOptimize(i.sysreg(1, Sr::ICC_PMR_EL1, false));
}

void BM_PhysRoundTrip(benchmark::State& s) {
  PhysRig& r = rig(unsigned(s.range(0)), unsigned(s.range(1)));
  Gic& g = r.gic->gic();
  const unsigned spi = prepare(r), cpu = r.cpus - 1;
  IrqLine& line = g.spi_line(spi);
  IrqLine& irq = g.out(cpu).irq;
  for (auto _ : s) {
    line.pulse();
    if (!irq.read()) return s.SkipWithError("IRQ not raised");
    if (r.init->sysreg(cpu, Sr::ICC_IAR1_EL1, false) != spi) return s.SkipWithError("wrong IAR");
    r.init->sysreg(cpu, Sr::ICC_EOIR1_EL1, true, spi);
    if (irq.read()) return s.SkipWithError("IRQ still high");
  }
}

// The same round trip through SystemC wires, as a platform built on the
// module's ports sees it: the SPI raised on an sc_signal<bool>, the kernel
// runs the deltas, the CPU sees its irq sc_signal, IAR, EOIR, the wire falls.
struct SignalRig {
  std::unique_ptr<GicModule> gic;
  std::unique_ptr<Initiator> init;
  std::unique_ptr<sc_core::sc_signal<bool>> spi, irq;
};
std::unique_ptr<SignalRig> signal_rig;

// Runs delta cycles until the wire reads want (false when it never does).
bool settle_to(const sc_core::sc_signal<bool>& wire, bool want) {
  for (unsigned d = 0; d < 8; ++d) {
    if (wire.read() == want) return true;
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
  }
  return wire.read() == want;
}

void BM_SignalRoundTrip(benchmark::State& s) {
  SignalRig& r = *signal_rig;
  Initiator& i = *r.init;
  i.access(true, 0x0, 0x3);
  i.access(true, 0x14, 0, true);  // GICR_WAKER
  i.sysreg(0, Sr::ICC_PMR_EL1, true, 0xff);
  i.sysreg(0, Sr::ICC_IGRPEN1_EL1, true, 1);
  constexpr unsigned kSpi = 32;
  i.access(true, 0x84, 1);     // IGROUPR1: Group 1
  i.access(true, 0xc08, 0x2);  // ICFGR2: edge
  i.access(true, 0x6000 + 8 * kSpi, 0);
  i.access(true, 0x104, 1);  // ISENABLER1
  for (auto _ : s) {
    r.spi->write(true);
    if (!settle_to(*r.irq, true)) return s.SkipWithError("irq wire not raised");
    if (i.sysreg(0, Sr::ICC_IAR1_EL1, false) != kSpi) return s.SkipWithError("wrong IAR");
    i.sysreg(0, Sr::ICC_EOIR1_EL1, true, kSpi);
    r.spi->write(false);
    if (!settle_to(*r.irq, false)) return s.SkipWithError("irq wire still high");
  }
}

}  // namespace

void register_phys(std::vector<std::function<void()>>&) {
  empty = std::make_unique<EmptyTarget>("empty");
  empty_init = std::make_unique<Initiator>("empty_init");
  empty_init->mmio.bind(empty->socket);
  build(4, 96);
  build(1, 32);
  build(8, 256);
  build(64, 988);
  empty_init->sys.bind(empty->sys);
  empty_init->rdist.bind(empty->socket2);
  BENCHMARK(BM_EmptyTransport);
  BENCHMARK(BM_MmioRead);
  BENCHMARK(BM_MmioWrite);
  BENCHMARK(BM_SysregRead);
  BENCHMARK(BM_PhysRoundTrip)->Args({1, 32})->Args({8, 256})->Args({64, 988});
  signal_rig = std::make_unique<SignalRig>();
  GicConfig c;
  c.cpus = 1;
  c.spis = 32;
  signal_rig->gic = std::make_unique<GicModule>("gic_signals", c);
  signal_rig->init = std::make_unique<Initiator>("gic_signals_init");
  signal_rig->spi = std::make_unique<sc_core::sc_signal<bool>>("spi32");
  signal_rig->irq = std::make_unique<sc_core::sc_signal<bool>>("irq0");
  signal_rig->init->mmio.bind(signal_rig->gic->gicd->socket);
  signal_rig->init->rdist.bind(signal_rig->gic->gicr->socket);
  signal_rig->init->sys.bind(signal_rig->gic->cpu_sysreg[0].socket);
  signal_rig->gic->spi_in[0].bind(*signal_rig->spi);
  signal_rig->gic->irq[0].bind(*signal_rig->irq);
  BENCHMARK(BM_SignalRoundTrip);
}

}  // namespace gicsim::bench
