// libFuzzer, structure-aware: the fuzzer's bytes choose a platform shape and
// a sequence of valid stimulus-script commands (hypervisor operations,
// guest ICV_* and GICV accesses, guest and host accesses to the VMs'
// emulated distributors, expectations); the text is parsed and executed by
// the script executor on a Gic + Hypervisor without a SystemC kernel. So
// the parser, the executor and all of platform/vgic run on hostile guests.
// Findings: any sanitizer report, a hypervisor invariant violation, or a
// maintenance storm (a guest must not be able to make the hypervisor spin).
// GICv3 shapes may give the VMs LPIs and an emulated ITS: the guest's
// bring-up (tables in its RAM, MAPC/MAPD/MAPTI), then random well-formed and
// raw ITS commands from the guests, GITS and GICR LPI register writes,
// configuration bytes, MSIs of assigned devices and LPI expectations.
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "le_bytes.h"
#include "script_exec.h"

using namespace gicsim;
using namespace gicsim::fuzz;

int sc_main(int, char*[]) { return 0; }

namespace {

// The bare model as a script target: frames accessed directly, no time.
class DirectTarget : public ScriptTarget {
 public:
  DirectTarget(Gic& g, Hypervisor& h) : g_(g), h_(h) { g.set_memory(&ram_); }
  ~DirectTarget() override { g_.set_memory(nullptr); }
  Gic& gic() override { return g_; }
  Hypervisor& hyp() override { return h_; }
  tlm::tlm_response_status mmio(const Command& c, uint64_t& value) override {
    if (c.write && c.frame == "GICV" && h_.trapped_gicv_write(c.cpu, c.offset, c.width, value))
      return tlm::TLM_OK_RESPONSE;
    MmioRegion& r = c.frame == "GICD"   ? g_.gicd()
                    : c.frame == "GITS" ? g_.gits()
                    : c.frame == "GICR" ? g_.gicr()
                    : c.frame == "GICC" ? g_.gicc()
                    : c.frame == "GICH" ? g_.gich()
                                        : g_.gicv();
    const uint64_t off = c.frame == "GICR"
                             ? c.frame_index * 0x20000ull + (c.sgi_frame ? 0x10000 : 0) + c.offset
                             : c.offset;
    uint8_t data[8];
    store_le(value, data);
    const tlm::tlm_response_status st = r.access(c.cpu, c.write, off, c.width, data);
    value = load_le(data, c.width);
    return st;
  }
  SysregStatus sysreg(SysregAccess& a) override { return g_.sysreg(a); }
  tlm::tlm_response_status mem(bool write, uint64_t addr, unsigned width,
                               uint64_t& value) override {
    uint8_t data[8];
    store_le(value, data);
    const bool ok = write ? ram_.write(addr, data, width) : ram_.read(addr, data, width);
    value = load_le(data, width);
    return ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE;
  }
  tlm::tlm_response_status msi(uint32_t device, uint32_t event) override {
    if (!g_.its()) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    g_.its()->translate(device, event);
    return tlm::TLM_OK_RESPONSE;
  }
  void run(uint64_t) override {}

 private:
  Gic& g_;
  Hypervisor& h_;
  RamMemory ram_{0x40000000, 1 << 20};
};

const char* kIcv[] = {"ICV_IAR0_EL1",    "ICV_IAR1_EL1",    "ICV_EOIR0_EL1",  "ICV_EOIR1_EL1",
                      "ICV_DIR_EL1",     "ICV_HPPIR0_EL1",  "ICV_HPPIR1_EL1", "ICV_BPR0_EL1",
                      "ICV_BPR1_EL1",    "ICV_PMR_EL1",     "ICV_RPR_EL1",    "ICV_CTLR_EL1",
                      "ICV_IGRPEN0_EL1", "ICV_IGRPEN1_EL1", "ICV_AP0R0_EL1",  "ICV_AP1R0_EL1",
                      "ICC_SGI1R_EL1",   "ICC_SGI0R_EL1",   "ICC_ASGI1R_EL1"};
const char* kIch[] = {"ICH_HCR_EL2",   "ICH_VMCR_EL2",  "ICH_MISR_EL2",  "ICH_EISR_EL2",
                      "ICH_ELRSR_EL2", "ICH_AP0R0_EL2", "ICH_AP1R0_EL2", "ICH_LR0_EL2"};
const unsigned kGicv[] = {0x0,  0x4,  0x8,  0xc,  0x10, 0x14,  0x18,
                          0x1c, 0x20, 0x24, 0x28, 0xd0, 0x1000};
// Distributor offsets worth hitting (the rest are drawn at random).
const unsigned kGicd[] = {0x0,   0x4,   0x80,  0x100, 0x104, 0x180,  0x184,  0x200, 0x204,
                          0x280, 0x300, 0x304, 0x380, 0x384, 0x400,  0x420,  0x800, 0x820,
                          0xc00, 0xc04, 0xf00, 0xf10, 0xf20, 0x6100, 0x6108, 0x6140};

std::string hx(uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

// Writes the script the bytes describe.
std::string generate(Bytes& in) {
  const bool v3 = in.u8() & 1;
  const unsigned cpus = 1 + in.u8() % 4, spis = 32 * (1 + in.u8() % 3), lrs = 1 + in.u8() % 16;
  const unsigned vms = 1 + in.u8() % 2, vcpus = 1 + in.u8() % 4;
  const unsigned last = 31 + spis;
  const bool lpis = v3 && (in.u8() & 1);
  std::ostringstream s;
  s << "config version=" << (v3 ? 3 : 2) << " cpus=" << cpus << " spis=" << spis << " lrs=" << lrs
    << " vms=" << vms << " vcpus=" << vcpus << " policy=" << (in.u8() & 1 ? "seed" : "kvm2025")
    << " tdir=" << (in.u8() & 1 ? "eoimode1" : "kvm2025") << (lpis ? " lpi_bits=16 its=1" : "")
    << "\n";
  // The guests' ITS bring-up (every VM): tables from kRam, a 4 KiB queue,
  // device 1 with 8 events -> LPIs 8192.. on collection (vCPU) e % vcpus.
  constexpr uint64_t kProp = 0x40100000, kPend = 0x40200000, kQueue = 0x40300000,
                     kDevTab = 0x40310000, kColTab = 0x40320000, kItt = 0x40330000;
  std::vector<uint64_t> cwriter(vms, 0);
  auto command = [&](unsigned v, uint64_t d0, uint64_t d1, uint64_t d2, uint64_t d3) {
    const uint64_t dw[4] = {d0, d1, d2, d3};
    for (unsigned i = 0; i < 4; ++i)
      s << "mem vm" << v << " wr64 " << hx(kQueue + cwriter[v] + 8 * i) << " " << hx(dw[i]) << "\n";
    cwriter[v] = (cwriter[v] + 32) % 4096;
  };
  auto kick_queue = [&](unsigned v, const std::string& who) {
    s << "mmio " << who << " wr64 VM" << v << ".GITS+0x88 " << hx(cwriter[v]) << "\n";
  };
  for (unsigned v = 0; lpis && v < vms; ++v) {
    for (unsigned e = 0; e < 8; ++e) s << "mem vm" << v << " wr8 " << hx(kProp + e) << " 0xa3\n";
    for (unsigned k = 0; k < vcpus; ++k) {
      const std::string rd =
          "mmio vcpu0 host wr64 VM" + std::to_string(v) + ".GICR" + std::to_string(k);
      s << rd << "+0x70 " << hx(kProp | 15) << "\n"
        << rd << "+0x78 " << hx(kPend + k * 0x10000ull) << "\n"
        << "mmio vcpu0 host wr32 VM" << v << ".GICR" << k << "+0x0 1\n";
    }
    const std::string its = "mmio vcpu0 host wr64 VM" + std::to_string(v) + ".GITS+";
    s << its << "0x80 " << hx(1ull << 63 | kQueue) << "\n"
      << its << "0x100 " << hx(1ull << 63 | kDevTab) << "\n"
      << its << "0x108 " << hx(1ull << 63 | kColTab) << "\n"
      << "mmio vcpu0 host wr32 VM" << v << ".GITS+0x0 1\n";
    for (unsigned k = 0; k < vcpus; ++k) command(v, 0x09, 0, 1ull << 63 | uint64_t(k) << 16 | k, 0);
    command(v, 0x08 | 1ull << 32, 2, 1ull << 63 | kItt, 0);
    for (unsigned e = 0; e < 8; ++e)
      command(v, 0x0a | 1ull << 32, e | uint64_t(8192 + e) << 32, e % vcpus, 0);
    kick_queue(v, "vcpu0 host");
  }
  auto vm = [&] { return "vm" + std::to_string(in.u8() % vms); };
  auto vcpu = [&] { return "vcpu" + std::to_string(in.u8() % vcpus); };
  auto cpu = [&] { return "cpu" + std::to_string(in.u8() % cpus); };
  auto intid = [&] { return std::to_string(in.u16() % (last + 1)); };
  for (unsigned n = 0; in.more() && n < 400; ++n) {
    const uint8_t op = in.u8();
    switch (op % (lpis ? 20 : 18)) {
      case 0:
      case 1: {
        const char* trig[] = {"edge", "edge", "high", "low"};
        s << "hyp inject " << vm() << " " << intid() << " " << vcpu() << " " << trig[in.u8() % 4]
          << "\n";
        break;
      }
      case 2:
      case 3:
        s << "hyp enter " << vm() << " " << vcpu() << " " << cpu() << "\n";
        break;
      case 4:
        s << "hyp exit " << cpu() << "\n";
        break;
      case 5:
        s << "hyp " << (op & 0x20 ? "kick " : "handle ") << cpu() << "\n";
        break;
      case 6:
        s << "hyp wfi " << vm() << " " << vcpu() << "\n";
        break;
      case 7:
        s << "hyp maintenance " << (op & 0x20 ? "manual" : "auto") << "\n";
        break;
      case 8:
        s << "hyp map " << vm() << " " << 16 + in.u16() % (last - 15) << " "
          << 16 + in.u16() % (last - 15) << "\n";
        break;
      case 9:
      case 10:
      case 11:
        if (v3) {
          const char* r = kIcv[in.u8() % (sizeof kIcv / sizeof *kIcv)];
          s << "sysreg " << cpu() << (op & 0x20 ? " wr " : " rd ") << r;
          if (op & 0x20) s << " " << hx(in.u8() & 0x80 ? in.u64() : in.u16() % (last + 1));
        } else {
          const unsigned off = kGicv[in.u8() % (sizeof kGicv / sizeof *kGicv)];
          s << "mmio " << cpu() << (op & 0x20 ? " wr32 " : " rd32 ") << "GICV+" << hx(off);
          if (op & 0x20) s << " " << hx(in.u8() & 0x80 ? in.u32() : in.u16() % (last + 1));
        }
        s << "\n";
        break;
      case 12:
      case 13: {
        // The guest's (or, with host, the hypervisor's) access to a VM's distributor.
        const unsigned w = 1u << (in.u8() % 4);
        const uint8_t f = in.u8();
        std::string frame = "GICD";
        uint64_t off = f & 1 ? kGicd[in.u8() % (sizeof kGicd / sizeof *kGicd)] : in.u16();
        if (v3 && (f & 6) == 2) {
          frame = "GICR" + std::to_string(in.u8() % vcpus) + (f & 8 ? ".SGI" : "");
          off &= 0xffff;
        }
        off &= ~uint64_t(w - 1);
        s << "mmio " << vcpu() << (f & 0x10 ? " host" : "") << (op & 0x20 ? " wr" : " rd") << 8 * w
          << " VM" << in.u8() % vms << "." << frame << "+" << hx(off);
        if (op & 0x20) s << " " << hx(in.u64() & (w == 8 ? ~0ull : (1ull << (8 * w)) - 1));
        s << "\n";
        break;
      }
      case 14: {
        const char* st[] = {"inactive", "pending", "active", "pending+active"};
        s << "expect " << vm() << " " << vcpu() << " " << intid() << " " << st[in.u8() % 4] << "\n";
        break;
      }
      case 15:
        if (!v3)
          s << "expect " << vm() << " " << vcpu() << " " << in.u8() % 16 << " sources "
            << hx(in.u8()) << "\n";
        else
          s << "expect " << vm() << " " << vcpu() << (op & 0x20 ? " blocked" : " runnable") << "\n";
        break;
      case 16:
        if (v3)
          s << "sysreg " << cpu() << " rd " << kIch[in.u8() % (sizeof kIch / sizeof *kIch)] << "\n";
        else
          s << "mmio " << cpu() << " rd32 GICH+" << hx(4 * (in.u8() % 0x60)) << "\n";
        break;
      case 18: {  // an ITS command from a guest: well-formed or raw doublewords
        const unsigned v = in.u8() % vms;
        const uint8_t kind = in.u8();
        const uint64_t dev = kind & 0x80 ? in.u32() : 1, ev = in.u8() % 10, icid = in.u8() % 5;
        const uint8_t ops[] = {0x01, 0x03, 0x04, 0x05, 0x08, 0x09,
                               0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
        if (kind & 0x40)
          command(v, in.u64(), in.u64(), in.u64(), in.u64());
        else
          command(v, ops[kind % 12] | dev << 32,
                  ev | uint64_t(8192 + in.u16() % 80) << 32 | (kind & 0x20 ? 2 : 0),
                  (in.u8() & 7 ? 1ull << 63 : 0) | (in.u8() % 6ull) << 16 | icid |
                      (kind & 0x10 ? kItt : 0),
                  (in.u8() % 6ull) << 16);
        kick_queue(v, vcpu() + (in.u8() & 1 ? " host" : ""));
        break;
      }
      case 19: {  // an MSI, a configuration byte, a raw GITS/GICR write, an LPI expectation
        const unsigned v = in.u8() % vms, what = in.u8() % 5;
        if (what == 0) {
          s << "msi vm" << v << " dev" << (in.u8() & 7 ? 1 : in.u32()) << " event" << in.u8() % 10
            << "\n";
        } else if (what == 1) {
          s << "mem vm" << v << " wr8 " << hx(kProp + in.u8() % 16) << " " << hx(in.u8()) << "\n";
        } else if (what == 2) {
          const unsigned offs[] = {0x0, 0x80, 0x88, 0x100, 0x108, 0x110, 0x10040};
          const unsigned off = offs[in.u8() % 7];
          s << "mmio " << vcpu() << " wr" << (off == 0 || off == 0x10040 ? 32 : 64) << " VM" << v
            << ".GITS+" << hx(off) << " " << hx(off == 0 || off == 0x10040 ? in.u32() : in.u64())
            << "\n";
        } else if (what == 3) {
          const unsigned offs[] = {0x0, 0x70, 0x78, 0xa0, 0xb0};
          const unsigned off = offs[in.u8() % 5];
          s << "mmio " << vcpu() << " wr" << (off ? 64 : 32) << " VM" << v << ".GICR"
            << in.u8() % vcpus << "+" << hx(off) << " " << hx(off ? in.u64() : in.u8() & 1) << "\n";
        } else {
          const char* st[] = {"inactive", "pending", "active", "pending+active"};
          s << "expect vm" << v << " " << vcpu() << " " << 8192 + in.u8() % 16 << " "
            << st[in.u8() % 4] << "\n";
        }
        break;
      }
      default:
        s << "line "
          << (op & 0x20 ? "spi " + std::to_string(32 + in.u8() % spis) + " "
                        : "ppi " + std::to_string(16 + in.u8() % 16) + " " + cpu() + " ")
          << (op & 0x40   ? "pulse"
              : op & 0x80 ? "high"
                          : "low")
          << "\n";
        break;
    }
  }
  return s.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quiet_logs();
  Bytes in(data, size);
  const std::string text = generate(in);
  static const SimConfig base = default_config();
  Script script;
  try {
    script = parse_script(text, "fuzz.gs", base);
  } catch (const ScriptError& e) {
    // The generator writes only valid commands: a rejection is a finding.
    std::fprintf(stderr, "generated script rejected at line %d: %s\n%s\n", e.line, e.what(),
                 text.c_str());
    __builtin_trap();
  }
  Gic g(script.config.gic);
  Hypervisor h(g, script.config.vms, script.config.vcpus,
               HypOptions{script.config.policy, true, false, script.config.tdir});
  DirectTarget t(g, h);
  std::ostringstream err;
  ScriptExecutor exec(script, t, err);
  for (const Command& c : script.commands) {
    exec.execute(c);
    if (err.str().find("maintenance storm") != std::string::npos) {
      std::fprintf(stderr, "maintenance storm at line %d:\n%s\n", c.line, text.c_str());
      __builtin_trap();
    }
    exec.result = 0;  // expectations are guesses here: keep going
    err.str("");
  }
  if (h.stats.invariant_violations) {
    std::fprintf(stderr, "hypervisor invariant violated:\n%s\n", text.c_str());
    __builtin_trap();
  }
  return 0;
}
