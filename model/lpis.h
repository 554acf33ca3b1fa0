// LPIs in the redistributors (GICv3.0 physical LPIs, with the GICv3.1
// direct-LPI and invalidation registers): per-redistributor EnableLPIs,
// PROPBASER and PENDBASER, the pending state, and the configuration
// (priority, enable) cached from the LPI configuration table in memory.
//
// What the architecture lets software observe, and what this model does:
//  - configuration: read from the table when LPIs are enabled and on an
//    INV/INVALL (ITS command or GICR_INVLPIR/INVALLR); a table change
//    without one may go unseen (the spec allows the caching);
//  - pending state: loaded from the pending table when EnableLPIs goes
//    0 -> 1 with PENDBASER.PTZ = 0, written back when it goes 1 -> 0
//    (supported here, GICR_CTLR.RWP reads 0: it completes at once);
//  - LPIs are edge-triggered Non-secure Group 1 interrupts with no active
//    state: an acknowledge makes one idle, EOI only drops the priority;
//  - GICR_TYPER.CommonLPIAff = 0: every redistributor shares the
//    configuration table, so one cached copy serves them all (read through
//    the PROPBASER of the redistributor that asked).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <memory_resource>
#include <set>
#include <vector>

#include "gic_memory.h"
#include "its.h"
#include "log.h"

namespace gicsim {

class Lpis : public LpiTarget {
 public:
  static constexpr uint32_t kFirst = 8192;
  // GICR_PROPBASER / GICR_PENDBASER fields.
  static constexpr uint64_t kPropIdBitsMask = 0x1f;
  static constexpr uint64_t kPropAddrMask = 0x000ffffffffff000ull;  // [51:12]
  static constexpr uint64_t kPendAddrMask = 0x000fffffffff0000ull;  // [51:16]
  static constexpr uint64_t kPendPtz = 1ull << 62;
  static constexpr uint64_t kAttrMask = 0x0700000000000f80ull;  // caches, shareability
  // LPI configuration byte.
  static constexpr uint8_t kCfgEnable = 1u << 0;
  static constexpr uint8_t kCfgPriorityMask = 0xfc;

  // id_bits: INTID bits (GICD_TYPER.IDbits + 1), 14..24; prio_mask: the
  // implemented priority bits.
  Lpis(unsigned cpus, unsigned id_bits, uint8_t prio_mask, Logger& log);
  void set_memory(GicMemory* mem) { mem_ = mem; }
  void reset();
  unsigned id_bits() const { return id_bits_; }
  // One past the highest LPI INTID.
  uint32_t limit() const { return id_bits_ >= 32 ? ~0u : 1u << id_bits_; }
  bool is_lpi(uint32_t intid) const { return intid >= kFirst && intid < limit(); }

  // Redistributor registers.
  bool enabled(unsigned cpu) const { return cpu_[cpu].enabled; }
  void set_enabled(unsigned cpu, bool on);  // GICR_CTLR.EnableLPIs
  uint64_t propbaser(unsigned cpu) const { return cpu_[cpu].propbaser; }
  void write_propbaser(unsigned cpu, uint64_t v);
  uint64_t pendbaser(unsigned cpu) const { return cpu_[cpu].pendbaser; }
  void write_pendbaser(unsigned cpu, uint64_t v);
  void setlpir(unsigned cpu, uint32_t intid);
  void clrlpir(unsigned cpu, uint32_t intid);

  // The CPU interface: the highest priority pending and enabled LPI of a
  // CPU (lowest INTID among equals), and its acknowledge (pending -> idle).
  bool top(unsigned cpu, uint32_t& intid, uint8_t& prio) const {
    const auto& r = cpu_[cpu].ready;
    if (r.empty()) return false;
    prio = uint8_t(*r.begin() >> 32);
    intid = uint32_t(*r.begin());
    return true;
  }
  void acknowledge(unsigned cpu, uint32_t intid) { set_lpi_pending(cpu, intid, false); }
  uint8_t priority(uint32_t intid) const;
  bool config_enabled(uint32_t intid) const;

  // LpiTarget (the ITS).
  unsigned cpus() const override { return unsigned(cpu_.size()); }
  bool lpi_pending(unsigned cpu, uint32_t intid) const override {
    return cpu_[cpu].pending.test(intid);
  }
  void set_lpi_pending(unsigned cpu, uint32_t intid, bool pending) override;
  void invalidate_lpi(unsigned cpu, uint32_t intid) override;
  void invalidate_all(unsigned cpu) override;
  void move_all(unsigned from, unsigned to) override;

  // Called with a CPU whose highest priority LPI may have changed.
  std::function<void(unsigned cpu)> on_change;
  // Called with each LPI whose pending state at a CPU, or whose cached
  // configuration (cpu: the one that read it), changed: a hypervisor keeping
  // virtual LPIs here follows them one by one.
  std::function<void(unsigned cpu, uint32_t intid)> on_lpi;

 private:
  // Pending bits by INTID, in chunks of 4096 allocated when first set (a
  // CPU with a few pending LPIs of a 24-bit space costs a few KiB).
  class Bits {
   public:
    bool test(uint32_t i) const {
      const size_t c = i >> kShift;
      return c < chunks_.size() && chunks_[c] && (chunks_[c][(i & kMask) / 64] >> (i % 64) & 1);
    }
    // Sets or clears bit i; returns whether it changed.
    bool assign(uint32_t i, bool v) {
      const size_t c = i >> kShift;
      if (c >= chunks_.size()) {
        if (!v) return false;
        chunks_.resize(c + 1);
      }
      if (!chunks_[c]) {
        if (!v) return false;
        chunks_[c] = std::make_unique<uint64_t[]>(kWords);
      }
      uint64_t& w = chunks_[c][(i & kMask) / 64];
      const uint64_t b = uint64_t(1) << (i % 64);
      if (bool(w & b) == v) return false;
      w ^= b;
      count_ += v ? 1 : -1;
      return true;
    }
    size_t count() const { return count_; }
    void clear() {
      chunks_.clear();
      count_ = 0;
    }
    template <typename F>
    void for_each(F f) const {
      for (size_t c = 0; c < chunks_.size(); ++c)
        if (chunks_[c])
          for (unsigned w = 0; w < kWords; ++w)
            for (uint64_t b = chunks_[c][w]; b; b &= b - 1)
              f(uint32_t(c << kShift) + w * 64 + unsigned(__builtin_ctzll(b)));
    }

   private:
    static constexpr unsigned kShift = 12, kMask = (1u << kShift) - 1, kWords = (1u << kShift) / 64;
    std::vector<std::unique_ptr<uint64_t[]>> chunks_;
    size_t count_ = 0;
  };
  struct Cpu {
    bool enabled = false;
    uint64_t propbaser = 0, pendbaser = 0;
    Bits pending;
    // priority << 32 | INTID of the pending and enabled LPIs; nodes come
    // from a pool, so the hot path does not call the heap.
    std::pmr::set<uint64_t> ready;
    explicit Cpu(std::pmr::memory_resource* r) : ready(r) {}
  };
  static uint64_t key(uint8_t prio, uint32_t intid) { return uint64_t(prio) << 32 | intid; }
  // Base registers are UNPREDICTABLE to write with EnableLPIs set: ignored, logged.
  bool locked(unsigned cpu, const char* reg) const;
  // INTID bits the configuration table of a PROPBASER covers (0: none).
  unsigned table_bits(uint64_t propbaser) const;
  // Reads one configuration byte into the cache; false on a bus error.
  bool load_config(unsigned cpu, uint32_t intid);
  // Re-files an LPI in a CPU's ready set after its state or configuration changed.
  void refile(unsigned cpu, uint32_t intid, uint8_t old_cfg);
  void load_pending(unsigned cpu);
  void store_pending(unsigned cpu);
  void changed(unsigned cpu) {
    if (on_change) on_change(cpu);
  }
  void lpi_changed(unsigned cpu, uint32_t intid) {
    if (on_lpi) on_lpi(cpu, intid);
  }

  unsigned id_bits_;
  uint8_t prio_mask_;
  Logger& log_;
  GicMemory* mem_ = nullptr;
  std::unique_ptr<std::pmr::unsynchronized_pool_resource> pool_;
  std::vector<Cpu> cpu_;
  std::vector<uint8_t> config_;  // cached configuration bytes, by INTID - kFirst
};

}  // namespace gicsim
