// LPI and ITS benchmarks (issue 17): the MSI round trip with 8 K and 64 K
// mapped LPIs, ITS command throughput, and the resident memory of 64 K
// mapped LPIs on 64 CPUs. The GIC is wired as a platform would: its memory
// master bound to a RAM, MSIs written to GITS_TRANSLATER over TLM with a
// DeviceIdExtension, the CPU interface through the sysreg socket.
#include <unistd.h>

#include <fstream>
#include <map>

#include "bench_common.h"
#include "devices.h"

namespace gicsim::bench {

namespace {

constexpr uint64_t kRamBase = 0;                        // the rig's RAM is its own address space
constexpr uint64_t kProp = 0x100000, kPend = 0x200000;  // pending: 64 KiB per CPU
constexpr uint64_t kQueue = 0x1000000, kDt = 0x1100000, kCt = 0x1110000, kItt = 0x1200000;
constexpr uint64_t kQueueBytes = 256 * 4096;
constexpr uint32_t kDevice = 7;

struct LpiRig {
  std::unique_ptr<GicModule> gic;
  std::unique_ptr<Ram> ram;
  std::unique_ptr<Initiator> init;  // GITS, GICR, system registers
  DeviceIdExtension dev{kDevice};
  unsigned cpus = 1, lpis = 0;
  uint64_t wr = 0;  // command queue write offset

  uint8_t* mem(uint64_t a) { return ram->data() + (a - kRamBase); }
  void wr64(uint64_t a, uint64_t v) { std::memcpy(mem(a), &v, 8); }
  void its64(uint32_t off, uint64_t v) {
    init->access(true, off, uint32_t(v));
    init->access(true, off + 4, uint32_t(v >> 32));
  }
  void command(std::array<uint64_t, 4> c) {
    for (unsigned i = 0; i < 4; ++i) wr64(kQueue + wr + 8 * i, c[i]);
    wr = (wr + 32) % kQueueBytes;
  }
  void flush() { its64(0x88, wr); }  // GITS_CWRITER
  // Sends an MSI the way a device does: a 32-bit write of the EventID.
  void send(uint32_t event) {
    tlm::tlm_generic_payload& p = init->p;
    std::memcpy(init->data, &event, 4);
    p.clear_extension(&init->ext);
    p.set_extension(&dev);
    p.set_command(tlm::TLM_WRITE_COMMAND);
    p.set_address(0x10040);
    p.set_data_length(4);
    p.set_streaming_width(4);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    init->mmio->b_transport(p, init->delay);
    p.clear_extension(&dev);
    p.set_extension(&init->ext);
  }
};

std::map<std::pair<unsigned, unsigned>, std::unique_ptr<LpiRig>> rigs;

// Builds a GIC with an ITS and maps `lpis` events of one device to LPIs
// 8192.. spread over the CPUs' collections (event e to CPU e % cpus).
std::unique_ptr<LpiRig> build(unsigned cpus, unsigned lpis) {
  auto r = std::make_unique<LpiRig>();
  GicConfig c;
  c.cpus = cpus;
  c.spis = 32;
  c.lpi_bits = 17;  // LPIs 8192 .. 131071
  c.its = true;
  const std::string n = "lpi_" + std::to_string(cpus) + "_" + std::to_string(lpis);
  r->gic = std::make_unique<GicModule>(n.c_str(), c);
  r->ram = std::make_unique<Ram>((n + "_ram").c_str(), 32 << 20);
  r->gic->mem.socket.bind(r->ram->socket);
  r->init = std::make_unique<Initiator>((n + "_init").c_str());
  r->init->mmio.bind(r->gic->gits->socket);
  r->init->rdist.bind(r->gic->gicr->socket);
  r->init->sys.bind(r->gic->sysreg->socket);
  r->cpus = cpus;
  r->lpis = lpis;
  return r;
}

// Runs once the kernel is elaborated: tables, redistributors, ITS, mappings.
void bring_up(LpiRig& r) {
  Initiator& i = *r.init;
  uint8_t ctlr[4] = {0x3, 0, 0, 0};  // GICD_CTLR: both groups (this rig has no GICD socket bound)
  r.gic->gic().gicd().access(0, true, 0x0, 4, ctlr);
  for (uint32_t e = 0; e < r.lpis; ++e) *r.mem(kProp + e) = 0xa3;  // priority 0xa0, enabled
  for (unsigned c = 0; c < r.cpus; ++c) {
    const uint64_t rd = uint64_t(c) * 0x20000;
    i.access(true, rd + 0x14, 0, true);  // GICR_WAKER
    i.access(true, rd + 0x70, uint32_t(kProp | 16), true);
    i.access(true, rd + 0x78, uint32_t(kPend + c * 0x10000), true);
    i.access(true, rd + 0x7c, 1u << 30, true);  // PTZ
    i.access(true, rd + 0x0, 1, true);          // EnableLPIs
    i.sysreg(c, Sr::ICC_PMR_EL1, true, 0xff);
    i.sysreg(c, Sr::ICC_IGRPEN1_EL1, true, 1);
  }
  r.its64(0x80, 1ull << 63 | kQueue | 255);  // CBASER: 256 pages
  r.its64(0x100, 1ull << 63 | kDt);          // device table: 512 devices
  r.its64(0x108, 1ull << 63 | kCt);          // collection table
  r.init->access(true, 0x0, 1);              // GITS_CTLR.Enabled
  r.command({0x08 | uint64_t(kDevice) << 32, 15, 1ull << 63 | kItt, 0});  // MAPD, 16 bits
  for (unsigned c = 0; c < r.cpus; ++c) r.command({0x09, 0, 1ull << 63 | uint64_t(c) << 16 | c, 0});
  r.flush();
  for (uint32_t e = 0; e < r.lpis; ++e) {
    r.command({0x0a | uint64_t(kDevice) << 32, e | uint64_t(8192 + e) << 32, e % r.cpus, 0});
    if (e % 4096 == 4095) r.flush();
  }
  r.flush();
}

LpiRig& rig(unsigned cpus, unsigned lpis) {
  LpiRig& r = *rigs.at({cpus, lpis});
  if (r.wr == 0) bring_up(r);
  return r;
}

// MSI -> LPI pending -> IRQ -> IAR -> EOIR, on events spread over all the
// mapped LPIs (a stride that visits every one) of a one-CPU GIC.
void BM_LpiRoundTrip(benchmark::State& s) {
  LpiRig& r = rig(1, unsigned(s.range(0)));
  IrqLine& irq = r.gic->gic().out(0).irq;
  uint32_t e = 0;
  for (auto _ : s) {
    e = (e + 4099) % r.lpis;
    r.send(e);
    if (!irq.read()) return s.SkipWithError("IRQ not raised");
    if (r.init->sysreg(0, Sr::ICC_IAR1_EL1, false) != 8192 + e) return s.SkipWithError("wrong IAR");
    r.init->sysreg(0, Sr::ICC_EOIR1_EL1, true, 8192 + e);
    if (irq.read()) return s.SkipWithError("IRQ still high");
  }
  if (r.gic->gic().its()->command_errors()) s.SkipWithError("ITS command errors");
}

// MAPTI + INV + SYNC, written to the queue and processed at CWRITER.
void BM_ItsCommand(benchmark::State& s) {
  LpiRig& r = rig(1, 8192);
  uint32_t e = 0;
  for (auto _ : s) {
    e = (e + 1) % 8192;
    r.command({0x0a | uint64_t(kDevice) << 32, e | uint64_t(8192 + e) << 32, 0, 0});
    r.command({0x0c | uint64_t(kDevice) << 32, e, 0, 0});
    r.command({0x05, 0, 0, 0});
    r.flush();
  }
  s.SetItemsProcessed(int64_t(s.iterations()) * 3);
  if (r.gic->gic().its()->command_errors()) s.SkipWithError("ITS command errors");
}

uint64_t resident_bytes() {
  std::ifstream f("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  f >> size >> resident;
  return resident * uint64_t(sysconf(_SC_PAGESIZE));
}

// 64 K mapped LPIs on 64 CPUs: the model's resident memory (built during
// elaboration, measured around construction and around the bring-up),
// beyond the RAM pages the tables themselves use.
uint64_t g_construct_bytes = 0;

void BM_LpiMemory(benchmark::State& s) {
  LpiRig& r = *rigs.at({64, 65536});
  for (auto _ : s) {
    const uint64_t before = resident_bytes();
    if (r.wr == 0) bring_up(r);
    const uint64_t after = resident_bytes();
    // Table pages: configuration (120 KiB for 17 bits, read at EnableLPIs),
    // ITT 512 KiB, the 1 MiB queue, device and collection table pages.
    const double tables = double(0x1e000 + 65536 * 8 + kQueueBytes + 2 * 4096);
    const double model = double(g_construct_bytes) + double(after - before) - tables;
    s.counters["model_MiB"] = model > 0 ? model / double(1 << 20) : 0;
    s.counters["mapped_lpis"] = 65536;
  }
  r.gic->gic().lpis()->set_lpi_pending(63, 8192 + 63, true);
  if (!r.gic->gic().out(63).irq.read()) s.SkipWithError("LPI not signalled on CPU 63");
}

}  // namespace

void register_lpi() {
  const uint64_t before = resident_bytes();
  rigs[{64, 65536}] = build(64, 65536);
  g_construct_bytes = resident_bytes() - before;
  rigs[{1, 8192}] = build(1, 8192);
  rigs[{1, 65536}] = build(1, 65536);
  BENCHMARK(BM_LpiRoundTrip)->Arg(8192)->Arg(65536);
  BENCHMARK(BM_ItsCommand);
  BENCHMARK(BM_LpiMemory)->Iterations(1)->Unit(benchmark::kMillisecond);
}

}  // namespace gicsim::bench
