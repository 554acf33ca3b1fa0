#include "lpis.h"

#include <algorithm>

namespace gicsim {

namespace {
constexpr unsigned kMinTableBits = 14;               // PROPBASER.IDbits < 13: no LPIs
constexpr unsigned kChunk = 4096;                    // bytes per table access
constexpr uint32_t kPendingSkip = Lpis::kFirst / 8;  // pending-table bytes of INTIDs < 8192
}  // namespace

Lpis::Lpis(unsigned cpus, unsigned id_bits, uint8_t prio_mask, Logger& log)
    : id_bits_(id_bits),
      prio_mask_(prio_mask),
      log_(log),
      pool_(std::make_unique<std::pmr::unsynchronized_pool_resource>()) {
  cpu_.reserve(cpus);
  for (unsigned c = 0; c < cpus; ++c) cpu_.emplace_back(pool_.get());
  config_.assign(limit() - kFirst, 0);
}

void Lpis::reset() {
  for (Cpu& c : cpu_) {
    c.enabled = false;
    c.propbaser = c.pendbaser = 0;
    c.pending.clear();
    c.ready.clear();
  }
  std::fill(config_.begin(), config_.end(), 0);
}

uint8_t Lpis::priority(uint32_t intid) const {
  return is_lpi(intid) ? config_[intid - kFirst] & kCfgPriorityMask & prio_mask_ : 0xff;
}

bool Lpis::config_enabled(uint32_t intid) const {
  return is_lpi(intid) && (config_[intid - kFirst] & kCfgEnable);
}

unsigned Lpis::table_bits(uint64_t propbaser) const {
  const unsigned bits = unsigned(propbaser & kPropIdBitsMask) + 1;
  return bits < kMinTableBits ? 0 : std::min(bits, id_bits_);
}

bool Lpis::locked(unsigned cpu, const char* reg) const {
  if (!cpu_[cpu].enabled) return false;
  log_.guest_error(std::string(reg) + " of cpu" + std::to_string(cpu) +
                   " written with EnableLPIs set: ignored");
  return true;
}

void Lpis::write_propbaser(unsigned cpu, uint64_t v) {
  if (!locked(cpu, "GICR_PROPBASER"))
    cpu_[cpu].propbaser = v & (kPropIdBitsMask | kPropAddrMask | kAttrMask);
}

void Lpis::write_pendbaser(unsigned cpu, uint64_t v) {
  // PTZ is write-only: kept until EnableLPIs uses it, read as 0.
  if (!locked(cpu, "GICR_PENDBASER"))
    cpu_[cpu].pendbaser = v & (kPendAddrMask | kAttrMask | kPendPtz);
}

void Lpis::set_enabled(unsigned cpu, bool on) {
  Cpu& c = cpu_[cpu];
  if (on == c.enabled) return;
  if (!on) {
    store_pending(cpu);
    std::vector<uint32_t> dropped;
    if (on_lpi) c.pending.for_each([&](uint32_t i) { dropped.push_back(i); });
    c.pending.clear();
    c.ready.clear();
    c.enabled = false;
    changed(cpu);
    for (uint32_t i : dropped) lpi_changed(cpu, i);
    return;
  }
  c.enabled = true;
  if (!table_bits(c.propbaser))
    log_.guest_error("cpu" + std::to_string(cpu) + ": EnableLPIs with GICR_PROPBASER.IDbits " +
                     std::to_string(c.propbaser & kPropIdBitsMask) + ": no LPIs");
  invalidate_all(cpu);
  if (!(c.pendbaser & kPendPtz)) load_pending(cpu);
  c.pendbaser &= ~kPendPtz;
  changed(cpu);
}

void Lpis::setlpir(unsigned cpu, uint32_t intid) { set_lpi_pending(cpu, intid, true); }
void Lpis::clrlpir(unsigned cpu, uint32_t intid) { set_lpi_pending(cpu, intid, false); }

void Lpis::set_lpi_pending(unsigned cpu, uint32_t intid, bool pending) {
  Cpu& c = cpu_[cpu];
  const unsigned bits = table_bits(c.propbaser);
  if (!c.enabled || !is_lpi(intid) || !bits || (bits < 32 && intid >> bits)) {
    if (pending)
      log_.guest_error(
          "cpu" + std::to_string(cpu) + ": LPI " + std::to_string(intid) +
          (c.enabled ? " is outside the LPI configuration table" : " while EnableLPIs is 0") +
          ": ignored");
    return;
  }
  if (!c.pending.assign(intid, pending)) return;
  refile(cpu, intid, config_[intid - kFirst]);
  lpi_changed(cpu, intid);
}

void Lpis::refile(unsigned cpu, uint32_t intid, uint8_t old_cfg) {
  Cpu& c = cpu_[cpu];
  const bool had = c.ready.erase(key(old_cfg & kCfgPriorityMask & prio_mask_, intid));
  const bool now = c.enabled && c.pending.test(intid) && config_enabled(intid);
  if (now) c.ready.insert(key(priority(intid), intid));
  if (had || now) changed(cpu);
}

bool Lpis::load_config(unsigned cpu, uint32_t intid) {
  const uint64_t addr = (cpu_[cpu].propbaser & kPropAddrMask) + (intid - kFirst);
  uint8_t b = 0;
  if (!mem_ || !mem_->read(addr, &b, 1)) return false;
  config_[intid - kFirst] = b;
  return true;
}

void Lpis::invalidate_lpi(unsigned cpu, uint32_t intid) {
  const unsigned bits = table_bits(cpu_[cpu].propbaser);
  if (!is_lpi(intid) || !bits || (bits < 32 && intid >> bits)) return;
  const uint8_t old = config_[intid - kFirst];
  if (!load_config(cpu, intid)) {
    log_.guest_error("cpu" + std::to_string(cpu) + ": bus error reading the configuration of LPI " +
                     std::to_string(intid));
    return;
  }
  if (old == config_[intid - kFirst]) return;
  for (unsigned k = 0; k < cpu_.size(); ++k)
    if (cpu_[k].pending.test(intid)) refile(k, intid, old);
  lpi_changed(cpu, intid);
}

void Lpis::invalidate_all(unsigned cpu) {
  const unsigned bits = table_bits(cpu_[cpu].propbaser);
  if (!bits) return;
  const uint64_t base = cpu_[cpu].propbaser & kPropAddrMask;
  const uint32_t n = (bits >= 32 ? ~0u : 1u << bits) - kFirst;
  uint8_t buf[kChunk];
  for (uint32_t at = 0; at < n; at += kChunk) {
    const unsigned len = std::min<uint32_t>(kChunk, n - at);
    if (!mem_ || !mem_->read(base + at, buf, len)) {
      log_.guest_error("cpu" + std::to_string(cpu) +
                       ": bus error reading the LPI configuration table at " + hex(base + at));
      return;
    }
    for (unsigned i = 0; i < len; ++i) {
      uint8_t& cfg = config_[at + i];
      if (cfg == buf[i]) continue;
      const uint8_t old = cfg;
      cfg = buf[i];
      for (unsigned k = 0; k < cpu_.size(); ++k)
        if (cpu_[k].pending.test(kFirst + at + i)) refile(k, kFirst + at + i, old);
      lpi_changed(cpu, kFirst + at + i);
    }
  }
}

void Lpis::move_all(unsigned from, unsigned to) {
  std::vector<uint32_t> moving;
  moving.reserve(cpu_[from].pending.count());
  cpu_[from].pending.for_each([&](uint32_t i) { moving.push_back(i); });
  for (uint32_t intid : moving) {
    set_lpi_pending(from, intid, false);
    set_lpi_pending(to, intid, true);
  }
}

void Lpis::load_pending(unsigned cpu) {
  const unsigned bits = table_bits(cpu_[cpu].propbaser);
  if (!bits) return;
  const uint64_t base = cpu_[cpu].pendbaser & kPendAddrMask;
  const uint32_t end = (bits >= 32 ? ~0u : 1u << bits) / 8;
  uint8_t buf[kChunk];
  for (uint32_t at = kPendingSkip; at < end; at += kChunk) {
    const unsigned len = std::min<uint32_t>(kChunk, end - at);
    if (!mem_ || !mem_->read(base + at, buf, len)) {
      log_.guest_error("cpu" + std::to_string(cpu) +
                       ": bus error reading the LPI pending table at " + hex(base + at));
      return;
    }
    for (unsigned i = 0; i < len; ++i)
      for (unsigned b = 0; buf[i] >> b; ++b)
        if (buf[i] >> b & 1) set_lpi_pending(cpu, (at + i) * 8 + b, true);
  }
}

void Lpis::store_pending(unsigned cpu) {
  const unsigned bits = table_bits(cpu_[cpu].propbaser);
  if (!bits) return;
  const uint64_t base = cpu_[cpu].pendbaser & kPendAddrMask;
  std::vector<uint8_t> table((bits >= 32 ? ~0u : 1u << bits) / 8, 0);
  cpu_[cpu].pending.for_each([&](uint32_t i) { table[i / 8] |= uint8_t(1u << (i % 8)); });
  for (uint32_t at = kPendingSkip; at < table.size(); at += kChunk) {
    const unsigned len = std::min<uint32_t>(kChunk, uint32_t(table.size()) - at);
    if (!mem_ || !mem_->write(base + at, &table[at], len)) {
      log_.guest_error("cpu" + std::to_string(cpu) +
                       ": bus error writing the LPI pending table at " + hex(base + at));
      return;
    }
  }
}

}  // namespace gicsim
