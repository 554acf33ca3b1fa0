// Interrupt state of the physical GIC (distributor + redistributors) and the
// routing of pending interrupts to per-CPU candidate sets.
//
// One source of truth: per-interrupt attributes live in bitmaps whose words
// are exactly the GICD/GICR register words (IGROUPR, ISENABLER, ...), so
// register accesses are word copies. A CPU's private word w=0 is indexed by
// CPU; SPI words follow. Candidate sets are derived and kept in step by
// refresh() whenever an input of an interrupt's eligibility changes.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "gic_config.h"
#include "log.h"
#include "pending_set.h"

namespace gicsim {

class Distributor {
 public:
  enum Field : uint8_t { kGroup, kEnable, kLatch, kActive, kGrpMod, kEdge, kLevel, kFields };
  // Interrupt groups (IGROUPR, IGRPMODR). With a single Security state there
  // are Group 0 and Group 1 (kG1NS); with two, IGRPMODR adds Secure Group 1.
  enum Group : uint8_t { kG0 = 0, kG1NS = 1, kG1S = 2 };
  // The SGI-generating registers (ICC_SGI0R, ICC_SGI1R, ICC_ASGI1R).
  enum class SgiReg : uint8_t { Sgi0r, Sgi1r, Asgi1r };

  explicit Distributor(const GicConfig& cfg);
  void reset();

  const GicConfig& config() const { return cfg_; }
  // The log of the GIC instance this distributor belongs to.
  Logger& logger() const { return *log_; }
  void set_logger(Logger* l) { log_ = l; }
  bool implemented(unsigned intid) const { return intid < cfg_.intids(); }
  bool is_v2() const { return cfg_.version == 2; }
  bool secure() const { return secure_; }  // two Security states (GICD_CTLR.DS == 0)
  unsigned groups() const { return groups_; }
  // Group of an interrupt: IGROUPR 1 is Non-secure Group 1 (IGRPMODR 1 with
  // it is reserved and treated so); IGROUPR 0 with IGRPMODR 1 is Secure Group 1.
  Group group_of(unsigned cpu, unsigned intid) const {
    if (bit(kGroup, cpu, intid)) return kG1NS;
    return secure_ && bit(kGrpMod, cpu, intid) ? kG1S : kG0;
  }

  // Distributor-wide group enables (GICD_CTLR.EnableGrp0/1NS/1S).
  bool group_enabled(unsigned g) const { return grp_en_[g]; }
  void set_group_enabled(unsigned g, bool on);

  // Interrupt inputs.
  void set_line(unsigned cpu, unsigned intid, bool level);

  // Register words: word w covers INTIDs 32w..32w+31; w=0 is the cpu's private word.
  uint32_t word(Field f, unsigned cpu, unsigned w) const { return bits_[cell(f, cpu, w)]; }
  uint32_t pending_word(unsigned cpu, unsigned w) const;
  // Sets (set_bits) and clears (clear_bits) a field's bits, refreshing what changed.
  __attribute__((always_inline)) void update_word(Field f, unsigned cpu, unsigned w,
                                                  uint32_t set_bits, uint32_t clear_bits) {
    if (w == last_word_) {  // INTIDs 1020..1023 do not exist
      set_bits &= last_mask_;
      clear_bits &= last_mask_;
    }
    uint32_t& word = bits_[cell(f, cpu, w)];
    const uint32_t old = word, now = (old | set_bits) & ~clear_bits;
    if (old == now) return;
    word = now;
    refresh_bits(cpu, w, old ^ now);
  }
  bool bit(Field f, unsigned cpu, unsigned intid) const {
    return word(f, cpu, intid / 32) >> (intid % 32) & 1;
  }
  bool pending(unsigned cpu, unsigned intid) const {
    return pending_word(cpu, intid / 32) >> (intid % 32) & 1;
  }

  uint8_t priority(unsigned cpu, unsigned intid) const { return prio_[slot(cpu, intid)]; }
  void set_priority(unsigned cpu, unsigned intid, uint8_t p);
  uint8_t priority_mask() const { return pri_mask_; }

  // SPI routing: GICv3 IROUTER, GICv2 ITARGETSR.
  uint64_t irouter(unsigned intid) const { return route_[intid - 32]; }
  void set_irouter(unsigned intid, uint64_t v);
  uint8_t targets(unsigned intid) const { return uint8_t(route_[intid - 32]); }
  void set_targets(unsigned intid, uint8_t t);
  // CPUs taking part in 1-of-N distribution (awake, group enabled).
  void set_participating(unsigned cpu, bool on);
  // A CPU's affinity (GicConfig::affinity, IROUTER layout), and the CPU with
  // an affinity (-1 for none).
  uint64_t affinity_of(unsigned cpu) const {
    return cfg_.affinity.empty() ? (cpu % 16) | uint64_t(cpu / 16) << 8 : cfg_.affinity[cpu];
  }
  int cpu_of(uint64_t affinity) const;
  // The CPUs of a cluster (Aff2.Aff1 in bits [23:8]) by Aff0, -1 where none:
  // what an ICC_SGI1R target list names. Null for a cluster with no CPU.
  const std::array<int8_t, 16>* cluster(uint64_t aff2_aff1) const {
    const auto it = clusters_.find(aff2_aff1);
    return it == clusters_.end() ? nullptr : &it->second;
  }

  // NSACR: Non-secure access to Secure interrupts (two bits per interrupt;
  // GICR_NSACR for SGIs, GICD_NSACR for SPIs; PPIs have none).
  unsigned nsacr(unsigned cpu, unsigned intid) const;
  // Register word n covers INTIDs 16n..16n+15 (n = 0: the cpu's SGIs).
  uint32_t nsacr_word(unsigned cpu, unsigned n) const;
  void set_nsacr_word(unsigned cpu, unsigned n, uint32_t v);
  // Bits of register word w (32 INTIDs) a Non-secure access may reach:
  // Non-secure Group 1 interrupts, and Secure ones whose NSACR is >= min_nsacr.
  uint32_t ns_mask(unsigned cpu, unsigned w, unsigned min_nsacr = 4) const;

  // SGIs. GICv3: forwarded if the target's group matches what the register
  // and the sender's Security state ask for (and NSACR allows it).
  void send_sgi_v3(unsigned target, unsigned sgi, SgiReg reg, bool secure_sender);
  // Decodes an ICC_SGI0R/SGI1R/ASGI1R_EL1 value written by CPU self (target
  // list with affinity, or IRM: all but self) and sends the SGIs.
  void generate_sgi(unsigned self, uint64_t value, SgiReg reg, bool secure_sender = false);
  // GICv2: SGI source bitmap per (target, SGI).
  void send_sgi_v2(unsigned target, unsigned sgi, unsigned source);
  uint8_t sgi_sources(unsigned cpu, unsigned sgi) const { return sources_[cpu * 16 + sgi]; }
  void update_sgi_sources(unsigned cpu, unsigned sgi, uint8_t set_bits, uint8_t clear_bits);

  // CPU interface side.
  bool top(unsigned cpu, unsigned group, unsigned& intid) const;
  // Pending -> active (or pending+active); returns the GICv2 SGI source CPU.
  unsigned acknowledge(unsigned cpu, unsigned intid);
  void deactivate(unsigned cpu, unsigned intid);

  // Sets one attribute of one interrupt (e.g. active, latch), refreshing it.
  void set_state(Field f, unsigned cpu, unsigned intid, bool v);
  // CPUs whose candidate sets hold the interrupt (pending, enabled, not active).
  uint64_t placed(unsigned cpu, unsigned intid) const { return place_[slot(cpu, intid)].cpus; }

  // Called with a CPU whose candidate sets changed.
  std::function<void(unsigned cpu)> on_change;
  // Called after any change to one interrupt's state (the hypervisor's
  // virtual distributor uses it to queue interrupts on vCPU lists).
  std::function<void(unsigned cpu, unsigned intid)> on_irq;

 private:
  Logger* log_ = &Logger::fallback();
  std::map<uint64_t, std::array<int8_t, 16>> clusters_;  // derived from the affinities
  struct Place {
    uint64_t cpus = 0;
    uint8_t level = 0;
    uint8_t group = 0;
  };
  size_t widx(unsigned cpu, unsigned w) const { return w == 0 ? cpu : cfg_.cpus + w - 1; }
  size_t slot(unsigned cpu, unsigned intid) const {
    return intid < 32 ? size_t(cpu) * 32 + intid : size_t(cfg_.cpus) * 32 + intid - 32;
  }
  void set_bit(Field f, unsigned cpu, unsigned intid, bool v);
  void refresh(unsigned cpu, unsigned intid);
  void place(unsigned cpu, unsigned intid);
  void refresh_bits(unsigned cpu, unsigned w, uint32_t changed);
  uint64_t route_mask(unsigned cpu, unsigned intid, const Place& cur);
  void reroute_1ofn();

  GicConfig cfg_;
  uint8_t pri_mask_;
  unsigned level_shift_;
  bool secure_;
  unsigned groups_;  // candidate sets per CPU: 2, or 3 with two Security states
  bool grp_en_[3] = {false, false, false};
  std::vector<uint32_t> nsacr_;  // per CPU (SGIs), then per 16 SPIs
  // All attribute words in one array: field f's words start at f * words_.
  size_t cell(Field f, unsigned cpu, unsigned w) const { return size_t(f) * words_ + widx(cpu, w); }
  std::vector<uint32_t> bits_;
  size_t words_ = 0;
  unsigned last_word_ = 0;  // the SPI word that may be partial
  uint32_t last_mask_ = ~0u;
  std::vector<uint8_t> prio_;
  std::vector<uint64_t> route_;     // per SPI: IROUTER (v3) or ITARGETSR byte (v2)
  std::vector<int16_t> route_cpu_;  // per SPI: CPU named by IROUTER, or -1
  std::vector<uint8_t> sources_;    // GICv2 SGI sources, per (cpu, sgi)
  std::vector<Place> place_;
  std::vector<PendingSet> sets_;  // per (cpu, group): cpu * groups_ + group
  uint64_t participating_;
  unsigned rr_ = 0;
};

}  // namespace gicsim
