// Randomized lockstep stress of LPIs and the ITS (issue 17): the real GIC
// (ITS command queue and tables in RAM, redistributors, CPU interfaces)
// against a small reference written from the architecture, over random
// traffic: MSIs, ITS commands (MAPTI, MAPI, MOVI, DISCARD, INT, CLEAR, INV,
// INVALL, MOVALL, MAPC), direct LPIs (SETLPIR/CLRLPIR), configuration-table
// changes made visible by invalidations, PMR changes, acknowledges and EOIs.
// After every step each CPU's IRQ line and HPPIR, and every pending LPI,
// must agree with the reference; an acknowledge must return the reference's
// choice. Any seed replays; a divergence prints the steps.
#include <CLI/CLI.hpp>
#include <array>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gic.h"
#include "le_bytes.h"
#include "log.h"

using namespace gicsim;

namespace {

constexpr uint64_t kProp = 0x100000, kPend = 0x200000, kQueue = 0x400000;
constexpr uint64_t kDt = 0x410000, kCt = 0x420000, kItt = 0x500000;
constexpr unsigned kDevices = 4, kEvents = 32, kLpis = 96, kCollections = 6;
constexpr uint32_t kFirst = 8192;

// What software can observe, per the architecture: mappings in the ITS,
// the configuration each LPI had at its last invalidation, and pending
// LPIs per redistributor.
struct Reference {
  struct Ite {
    uint32_t intid;
    unsigned icid;
  };
  std::map<std::pair<unsigned, unsigned>, Ite> ites;  // (device, event)
  std::map<unsigned, unsigned> collections;           // ICID -> CPU
  std::array<uint8_t, kLpis> table{}, seen{};         // in memory / as cached
  std::vector<std::set<uint32_t>> pending;
  std::vector<uint8_t> pmr;

  explicit Reference(unsigned cpus) : pending(cpus), pmr(cpus, 0xf8) {}  // PMR 0xff reads 0xf8
  static uint8_t prio(uint8_t cfg) { return cfg & 0xf8; }                // 5 priority bits
  // The highest priority pending, enabled LPI of a CPU (lowest INTID among
  // equals), or 1023; masked by PMR when `signalled`.
  uint32_t top(unsigned cpu, bool signalled) const {
    uint32_t best = 1023;
    unsigned bp = 0x100;
    for (uint32_t i : pending[cpu]) {
      const uint8_t c = seen[i - kFirst];
      if (!(c & 1) || prio(c) >= bp) continue;
      best = i;
      bp = prio(c);
    }
    if (signalled && best != 1023 && bp >= pmr[cpu]) return 1023;
    return best;
  }
};

std::string hexs(uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

class Lockstep {
 public:
  Lockstep(unsigned cpus, uint64_t seed)
      : gic_(config(cpus)), ram_(0, 8 << 20), ref_(cpus), rng_(seed), cpus_(cpus) {
    gic_.set_memory(&ram_);
    wr(gic_.gicd(), 0x0, 0x3, 4);
    for (unsigned c = 0; c < cpus; ++c) {
      const uint64_t rd = uint64_t(c) * 0x20000;
      wr(gic_.gicr(), rd + 0x14, 0, 4);
      wr(gic_.gicr(), rd + 0x70, kProp | 15, 8);
      wr(gic_.gicr(), rd + 0x78, (kPend + c * 0x10000) | 1ull << 62, 8);
      wr(gic_.gicr(), rd + 0x0, 1, 4);
      sys(c, Sr::ICC_PMR_EL1, true, 0xff);
      sys(c, Sr::ICC_IGRPEN1_EL1, true, 1);
    }
    wr(gic_.gits(), 0x80, 1ull << 63 | kQueue, 8);
    wr(gic_.gits(), 0x100, 1ull << 63 | kDt, 8);
    wr(gic_.gits(), 0x108, 1ull << 63 | kCt, 8);
    wr(gic_.gits(), 0x0, 1, 4);
    for (unsigned d = 0; d < kDevices; ++d)
      command({0x08 | uint64_t(d) << 32, 4, 1ull << 63 | (kItt + d * 0x1000), 0});  // 5 bits
  }

  // Runs steps; returns the failing step or -1.
  long run(long n, std::string& why) {
    for (long i = 0; i < n; ++i) {
      steps.clear();
      step();
      if (!compare(why)) return i;
    }
    return -1;
  }
  std::vector<std::string> steps;  // the last step's actions, for the report

 private:
  static GicConfig config(unsigned cpus) {
    GicConfig c;
    c.cpus = cpus;
    c.spis = 32;
    c.lpi_bits = 16;
    c.its = true;
    return c;
  }
  void wr(MmioRegion& r, uint64_t off, uint64_t v, unsigned width) {
    uint8_t d[8];
    store_le(v, d);
    r.access(0, true, off, width, d);
  }
  uint64_t sys(unsigned cpu, Sr id, bool write, uint64_t v = 0) {
    SysregAccess a = make_sysreg_access(id, cpu, 1, write, v);
    gic_.sysreg(a);
    return a.value;
  }
  void command(std::array<uint64_t, 4> c) {
    for (unsigned i = 0; i < 4; ++i) ram_.write64(kQueue + wq_ + 8 * i, c[i]);
    wq_ = (wq_ + 32) % 4096;
    wr(gic_.gits(), 0x88, wq_, 8);
  }
  unsigned pick(unsigned n) { return unsigned(rng_() % n); }
  void note(const std::string& s) {
    steps.push_back(s);
    if (trace) std::printf("%s\n", s.c_str());
  }

 public:
  bool trace = false;

 private:
  // The reference's effect of an interrupt reaching an ITE's collection.
  const Reference::Ite* ite(unsigned d, unsigned e) {
    auto it = ref_.ites.find({d, e});
    return it == ref_.ites.end() ? nullptr : &it->second;
  }
  int target(unsigned icid) {
    auto it = ref_.collections.find(icid);
    return it == ref_.collections.end() ? -1 : int(it->second);
  }

  void step() {
    const unsigned d = pick(kDevices), e = pick(kEvents), icid = pick(kCollections);
    const unsigned cpu = pick(cpus_);
    const uint32_t lpi = kFirst + pick(kLpis);
    switch (pick(15)) {
      case 0:  // MAPC (or unmap)
        if (pick(5) == 0) {
          note("MAPC icid " + std::to_string(icid) + " V=0");
          command({0x09, 0, icid, 0});
          ref_.collections.erase(icid);
        } else {
          note("MAPC icid " + std::to_string(icid) + " -> cpu" + std::to_string(cpu));
          command({0x09, 0, 1ull << 63 | uint64_t(cpu) << 16 | icid, 0});
          ref_.collections[icid] = cpu;
        }
        break;
      case 1:  // MAPTI / MAPI
        if (pick(4) == 0) {
          note("MAPI dev" + std::to_string(d) + " event " + std::to_string(e) + " (not an LPI)");
          command({0x0b | uint64_t(d) << 32, e, icid, 0});  // EventID < 8192: an error
        } else {
          note("MAPTI dev" + std::to_string(d) + " event " + std::to_string(e) + " -> " +
               std::to_string(lpi) + " icid " + std::to_string(icid));
          command({0x0a | uint64_t(d) << 32, e | uint64_t(lpi) << 32, icid, 0});
          ref_.ites[{d, e}] = {lpi, icid};
        }
        break;
      case 2:
      case 3: {  // an MSI
        note("MSI dev" + std::to_string(d) + " event " + std::to_string(e));
        gic_.its()->translate(d, e);
        if (const auto* i = ite(d, e); i && target(i->icid) >= 0)
          ref_.pending[unsigned(target(i->icid))].insert(i->intid);
        break;
      }
      case 4: {  // INT / CLEAR
        const bool set = pick(2);
        note(std::string(set ? "INT" : "CLEAR") + " dev" + std::to_string(d) + " event " +
             std::to_string(e));
        command({uint64_t(set ? 0x03 : 0x04) | uint64_t(d) << 32, e, 0, 0});
        if (const auto* i = ite(d, e); i && target(i->icid) >= 0) {
          auto& p = ref_.pending[unsigned(target(i->icid))];
          set ? (void)p.insert(i->intid) : (void)p.erase(i->intid);
        }
        break;
      }
      case 5: {  // MOVI
        note("MOVI dev" + std::to_string(d) + " event " + std::to_string(e) + " -> icid " +
             std::to_string(icid));
        command({0x01 | uint64_t(d) << 32, e, icid, 0});
        auto it = ref_.ites.find({d, e});
        if (it == ref_.ites.end() || target(icid) < 0 || target(it->second.icid) < 0) break;
        const unsigned from = unsigned(target(it->second.icid)), to = unsigned(target(icid));
        if (from != to && ref_.pending[from].erase(it->second.intid))
          ref_.pending[to].insert(it->second.intid);
        it->second.icid = icid;
        break;
      }
      case 6: {  // DISCARD
        note("DISCARD dev" + std::to_string(d) + " event " + std::to_string(e));
        command({0x0f | uint64_t(d) << 32, e, 0, 0});
        auto it = ref_.ites.find({d, e});
        if (it == ref_.ites.end() || target(it->second.icid) < 0) break;
        ref_.pending[unsigned(target(it->second.icid))].erase(it->second.intid);
        ref_.ites.erase(it);
        break;
      }
      case 7: {  // MOVALL
        const unsigned to = pick(cpus_);
        note("MOVALL cpu" + std::to_string(cpu) + " -> cpu" + std::to_string(to));
        command({0x0e, 0, uint64_t(cpu) << 16, uint64_t(to) << 16});
        if (cpu != to) {
          for (uint32_t i : ref_.pending[cpu]) ref_.pending[to].insert(i);
          ref_.pending[cpu].clear();
        }
        break;
      }
      case 8: {  // direct LPIs
        const bool set = pick(2);
        note(std::string(set ? "SETLPIR " : "CLRLPIR ") + std::to_string(lpi) + " cpu" +
             std::to_string(cpu));
        wr(gic_.gicr(), uint64_t(cpu) * 0x20000 + (set ? 0x40 : 0x48), lpi, 8);
        set ? (void)ref_.pending[cpu].insert(lpi) : (void)ref_.pending[cpu].erase(lpi);
        break;
      }
      case 9: {  // a configuration change in memory (not seen until invalidated)
        const uint8_t cfg = uint8_t((rng_() & 0xfc) | 2 | (pick(4) ? 1 : 0));
        note("config " + std::to_string(lpi) + " = " + hexs(cfg));
        ram_.write(kProp + lpi - kFirst, &cfg, 1);
        ref_.table[lpi - kFirst] = cfg;
        break;
      }
      case 10: {  // invalidation: one LPI (ITS INV or GICR_INVLPIR) or all
        const unsigned how = pick(4);
        if (how == 0) {
          note("INV dev" + std::to_string(d) + " event " + std::to_string(e));
          command({0x0c | uint64_t(d) << 32, e, 0, 0});
          if (const auto* i = ite(d, e); i && target(i->icid) >= 0)
            ref_.seen[i->intid - kFirst] = ref_.table[i->intid - kFirst];
        } else if (how == 1) {
          note("INVLPIR " + std::to_string(lpi));
          wr(gic_.gicr(), uint64_t(cpu) * 0x20000 + 0xa0, lpi, 8);
          ref_.seen[lpi - kFirst] = ref_.table[lpi - kFirst];
        } else if (how == 2) {
          note("INVALL icid " + std::to_string(icid));
          command({0x0d, 0, icid, 0});
          if (target(icid) >= 0) ref_.seen = ref_.table;
        } else {
          note("INVALLR cpu" + std::to_string(cpu));
          wr(gic_.gicr(), uint64_t(cpu) * 0x20000 + 0xb0, 0, 8);
          ref_.seen = ref_.table;
        }
        break;
      }
      case 11: {  // PMR
        const uint8_t pmr = pick(3) ? 0xff : uint8_t(rng_() & 0xf8);
        note("PMR cpu" + std::to_string(cpu) + " = " + hexs(pmr));
        sys(cpu, Sr::ICC_PMR_EL1, true, pmr);
        ref_.pmr[cpu] = pmr & 0xf8;  // 5 priority bits: PMR's low bits RAZ/WI
        break;
      }
      default: {  // acknowledge and complete
        const uint32_t want = ref_.top(cpu, true);
        const uint32_t got = uint32_t(sys(cpu, Sr::ICC_IAR1_EL1, false));
        note("IAR cpu" + std::to_string(cpu) + " = " + std::to_string(got));
        if (got != want) {
          ack_mismatch_ = "IAR on cpu" + std::to_string(cpu) + ": model " + std::to_string(got) +
                          ", reference " + std::to_string(want);
          break;
        }
        if (got == 1023) break;
        ref_.pending[cpu].erase(got);  // no active state
        sys(cpu, Sr::ICC_EOIR1_EL1, true, got);
        break;
      }
    }
  }

  bool compare(std::string& why) {
    if (!ack_mismatch_.empty()) return why = ack_mismatch_, false;
    if (gic_.its()->creadr() & 1) return why = "ITS queue stalled", false;
    Lpis& l = *gic_.lpis();
    for (unsigned c = 0; c < cpus_; ++c) {
      for (uint32_t i = kFirst; i < kFirst + kLpis; ++i)
        if (l.lpi_pending(c, i) != bool(ref_.pending[c].count(i)))
          return why = "cpu" + std::to_string(c) + " LPI " + std::to_string(i) + ": model " +
                       (l.lpi_pending(c, i) ? "pending" : "idle") + ", reference " +
                       (ref_.pending[c].count(i) ? "pending" : "idle"),
                 false;
      const uint32_t hppir = uint32_t(sys(c, Sr::ICC_HPPIR1_EL1, false));
      if (hppir != ref_.top(c, false))
        return why = "HPPIR on cpu" + std::to_string(c) + ": model " + std::to_string(hppir) +
                     ", reference " + std::to_string(ref_.top(c, false)),
               false;
      const bool irq = gic_.out(c).irq.read(), want = ref_.top(c, true) != 1023;
      if (irq != want)
        return why = "IRQ line of cpu" + std::to_string(c) + ": model " + (irq ? "high" : "low") +
                     ", reference " + (want ? "high" : "low") + " (top " +
                     std::to_string(ref_.top(c, true)) + ", priority " +
                     hexs(Reference::prio(ref_.seen[ref_.top(c, false) - kFirst])) + ", PMR " +
                     hexs(ref_.pmr[c]) + ", RPR " + hexs(sys(c, Sr::ICC_RPR_EL1, false)) + ")",
               false;
    }
    return true;
  }

  Gic gic_;
  RamMemory ram_;
  Reference ref_;
  std::mt19937_64 rng_;
  unsigned cpus_;
  uint64_t wq_ = 0;
  std::string ack_mismatch_;
};

}  // namespace

int sc_main(int argc, char* argv[]) {
  CLI::App app{"gicsim_lpi_stress: lockstep randomized stress of LPIs and the ITS"};
  std::vector<uint64_t> seeds{1};
  long steps = 100000;
  unsigned cpus = 4;
  app.add_option("--seeds", seeds, "random seeds, one run each");
  app.add_option("--steps", steps, "steps per seed")->check(CLI::Range(1L, 100000000L));
  app.add_option("--cpus", cpus, "CPUs")->check(CLI::Range(1, 64));
  bool trace = false;
  app.add_flag("--trace", trace, "print every step");
  CLI11_PARSE(app, argc, argv);
  Log::set_sink([](LogKind, const std::string&) {});  // command errors are part of the traffic
  for (uint64_t seed : seeds) {
    Lockstep ls(cpus, seed);
    ls.trace = trace;
    std::string why;
    const long fail = ls.run(steps, why);
    if (fail >= 0) {
      std::printf("DIVERGENCE seed %llu step %ld: %s\n", (unsigned long long)seed, fail,
                  why.c_str());
      std::printf("replay: gicsim_lpi_stress --seeds %llu --steps %ld --cpus %u; last step:\n",
                  (unsigned long long)seed, fail + 1, cpus);
      for (const std::string& s : ls.steps) std::printf("  %s\n", s.c_str());
      return 1;
    }
  }
  std::printf("gicsim_lpi_stress: %ld steps over %zu seeds, no divergence\n",
              steps * long(seeds.size()), seeds.size());
  return 0;
}

int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
