#include "distributor.h"

namespace gicsim {

namespace {
constexpr uint64_t kIrm = uint64_t(1) << 31;    // IROUTER.Interrupt_Routing_Mode
constexpr uint64_t kAffMask = 0xff00ffffffull;  // Aff3 [39:32], Aff2..Aff0 [23:0]
inline uint64_t all_cpus(unsigned n) { return n >= 64 ? ~0ull : (uint64_t(1) << n) - 1; }

template <typename F>
inline void for_each_bit(uint64_t m, F f) {
  while (m) {
    f(unsigned(__builtin_ctzll(m)));
    m &= m - 1;
  }
}
}  // namespace

Distributor::Distributor(const GicConfig& cfg)
    : cfg_(cfg),
      pri_mask_(uint8_t(0xff << (8 - cfg.pri_bits))),
      level_shift_(8 - cfg.pri_bits),
      secure_(cfg.two_security_states()),
      groups_(secure_ && cfg.version == 3 ? 3 : 2),  // GICv2 has no Secure Group 1
      sets_(size_t(cfg.cpus) * groups_, PendingSet(1u << cfg.pri_bits)) {
  for (unsigned c = 0; c < cfg.cpus; ++c) {
    const uint64_t a = affinity_of(c);
    auto [it, fresh] = clusters_.try_emplace(a & ~uint64_t(0xff));
    if (fresh) it->second.fill(-1);
    it->second[a & 0xf] = int8_t(c);  // GicConfig::validate: Aff0 < 16, no Aff3
  }
  reset();
}

void Distributor::reset() {
  const size_t words = cfg_.cpus + (cfg_.spis + 31) / 32;
  words_ = words;
  bits_.assign(words * kFields, 0);
  last_word_ = (cfg_.intids() - 1) / 32;
  const unsigned in_last = cfg_.intids() - last_word_ * 32;
  last_mask_ = in_last >= 32 ? ~0u : (1u << in_last) - 1;
  // SGIs are always edge-triggered (ICFGR0 reads 0b10 per SGI).
  for (unsigned c = 0; c < cfg_.cpus; ++c) {
    bits_[cell(kEdge, c, 0)] = 0xffff;
    if (is_v2()) bits_[cell(kEnable, c, 0)] = 0xffff;  // GIC-400: SGIs always enabled
  }
  prio_.assign(size_t(cfg_.cpus) * 32 + cfg_.spis, 0);
  route_.assign(cfg_.spis, 0);
  route_cpu_.assign(cfg_.spis, 0);
  sources_.assign(size_t(cfg_.cpus) * 16, 0);
  place_.assign(prio_.size(), Place{});
  for (auto& s : sets_) s = PendingSet(1u << cfg_.pri_bits);
  grp_en_[0] = grp_en_[1] = grp_en_[2] = false;
  nsacr_.assign(secure_ ? cfg_.cpus + cfg_.spis / 16 + 1 : 0, 0);
  participating_ = all_cpus(cfg_.cpus);
}

void Distributor::set_group_enabled(unsigned g, bool on) {
  if (grp_en_[g] == on) return;
  grp_en_[g] = on;
  for (unsigned c = 0; c < cfg_.cpus; ++c)
    if (on_change) on_change(c);
}

unsigned Distributor::nsacr(unsigned cpu, unsigned intid) const {
  if (!secure_ || (intid >= 16 && intid < 32)) return 0;
  return nsacr_word(cpu, intid / 16) >> (2 * (intid % 16)) & 3;
}

uint32_t Distributor::nsacr_word(unsigned cpu, unsigned n) const {
  if (!secure_ || n == 1 || n * 16 >= cfg_.intids()) return 0;
  return nsacr_[n == 0 ? cpu : cfg_.cpus + n - 2];
}

void Distributor::set_nsacr_word(unsigned cpu, unsigned n, uint32_t v) {
  if (!secure_ || n == 1 || n * 16 >= cfg_.intids()) return;
  nsacr_[n == 0 ? cpu : cfg_.cpus + n - 2] = v;
}

uint32_t Distributor::ns_mask(unsigned cpu, unsigned w, unsigned min_nsacr) const {
  uint32_t m = word(kGroup, cpu, w);
  if (min_nsacr > 3) return m;
  for (unsigned half = 0; half < 2; ++half) {
    const uint32_t ns = nsacr_word(cpu, 2 * w + half);
    for (unsigned i = 0; i < 16; ++i)
      if ((ns >> (2 * i) & 3) >= min_nsacr) m |= 1u << (16 * half + i);
  }
  return m;
}

uint32_t Distributor::pending_word(unsigned cpu, unsigned w) const {
  const size_t i = widx(cpu, w);
  uint32_t p =
      bits_[kLatch * words_ + i] | (bits_[kLevel * words_ + i] & ~bits_[kEdge * words_ + i]);
  if (is_v2() && w == 0)
    for (unsigned s = 0; s < 16; ++s)
      if (sources_[cpu * 16 + s]) p |= 1u << s;
  return p;
}

void Distributor::set_bit(Field f, unsigned cpu, unsigned intid, bool v) {
  uint32_t& w = bits_[cell(f, cpu, intid / 32)];
  const uint32_t m = 1u << (intid % 32);
  w = v ? (w | m) : (w & ~m);
}

void Distributor::refresh_bits(unsigned cpu, unsigned w, uint32_t changed) {
  while (changed) {
    const unsigned b = unsigned(__builtin_ctz(changed));
    changed &= changed - 1;
    refresh(cpu, w * 32 + b);
  }
}

void Distributor::set_line(unsigned cpu, unsigned intid, bool level) {
  if (!implemented(intid)) return;
  if (bit(kLevel, cpu, intid) == level) return;
  set_bit(kLevel, cpu, intid, level);
  if (bit(kEdge, cpu, intid)) {
    // Edge-triggered: the pending state is the latch alone, so only a rising
    // edge that latches changes anything.
    if (!level || bit(kLatch, cpu, intid)) return;
    set_bit(kLatch, cpu, intid, true);
  }
  refresh(cpu, intid);
}

void Distributor::set_priority(unsigned cpu, unsigned intid, uint8_t p) {
  if (!implemented(intid) || cpu >= cfg_.cpus) return;  // no such interrupt
  uint8_t& cur = prio_[slot(cpu, intid)];
  p &= pri_mask_;
  if (cur == p) return;
  cur = p;
  refresh(cpu, intid);
}

void Distributor::set_irouter(unsigned intid, uint64_t v) {
  v &= kAffMask | kIrm;
  route_[intid - 32] = v;
  route_cpu_[intid - 32] = int16_t(cpu_of(v & kAffMask));
  refresh(0, intid);
}

int Distributor::cpu_of(uint64_t affinity) const {
  if ((affinity & 0xff) >= 16) return -1;
  const std::array<int8_t, 16>* cl = cluster(affinity & ~uint64_t(0xff));
  return cl ? (*cl)[affinity & 0xf] : -1;
}

void Distributor::set_targets(unsigned intid, uint8_t t) {
  route_[intid - 32] = t & all_cpus(cfg_.cpus);
  refresh(0, intid);
}

void Distributor::set_participating(unsigned cpu, bool on) {
  const uint64_t old = participating_;
  if (on)
    participating_ |= uint64_t(1) << cpu;
  else
    participating_ &= ~(uint64_t(1) << cpu);
  if (old != participating_ && !is_v2()) reroute_1ofn();
}

void Distributor::reroute_1ofn() {
  // Rare (a CPU joins or leaves 1-of-N distribution): re-place affected SPIs.
  for (unsigned i = 0; i < cfg_.spis; ++i) {
    if (!(route_[i] & kIrm)) continue;
    Place& p = place_[size_t(cfg_.cpus) * 32 + i];
    if (p.cpus & ~participating_) {
      // Take it off the departing CPU so refresh() chooses again.
      for_each_bit(p.cpus,
                   [&](unsigned c) { sets_[c * groups_ + p.group].erase(p.level, i + 32); });
      const uint64_t old = p.cpus;
      p.cpus = 0;
      for_each_bit(old, [&](unsigned c) {
        if (on_change) on_change(c);
      });
    }
    refresh(0, i + 32);
  }
}

uint64_t Distributor::route_mask(unsigned cpu, unsigned intid, const Place& cur) {
  if (intid < 32) return uint64_t(1) << cpu;
  const unsigned i = intid - 32;
  if (is_v2()) return route_[i];
  if (!(route_[i] & kIrm)) return route_cpu_[i] < 0 ? 0 : uint64_t(1) << route_cpu_[i];
  if (cur.cpus & participating_) return cur.cpus;
  // 1-of-N: round robin over participating CPUs.
  for (unsigned k = 0; k < cfg_.cpus; ++k) {
    const unsigned c = (rr_ + k) % cfg_.cpus;
    if (participating_ >> c & 1) {
      rr_ = (c + 1) % cfg_.cpus;
      return uint64_t(1) << c;
    }
  }
  return 0;
}

void Distributor::refresh(unsigned cpu, unsigned intid) {
  if (intid >= 32) cpu = 0;
  place(cpu, intid);
  if (on_irq) on_irq(cpu, intid);
}

void Distributor::set_state(Field f, unsigned cpu, unsigned intid, bool v) {
  if (!implemented(intid) || bit(f, cpu, intid) == v) return;
  set_bit(f, cpu, intid, v);
  refresh(cpu, intid);
}

void Distributor::place(unsigned cpu, unsigned intid) {
  Place& cur = place_[slot(cpu, intid)];
  const bool eligible =
      bit(kEnable, cpu, intid) && pending(cpu, intid) && !bit(kActive, cpu, intid);
  const uint64_t want = eligible ? route_mask(cpu, intid, cur) : 0;
  const uint8_t level = uint8_t(prio_[slot(cpu, intid)] >> level_shift_);
  const uint8_t group = group_of(cpu, intid);
  if (want == cur.cpus && (!want || (level == cur.level && group == cur.group))) return;
  const uint64_t touched = cur.cpus | want;
  for_each_bit(cur.cpus,
               [&](unsigned c) { sets_[c * groups_ + cur.group].erase(cur.level, intid); });
  for_each_bit(want, [&](unsigned c) { sets_[c * groups_ + group].insert(level, intid); });
  cur = Place{want, level, group};
  if (on_change) for_each_bit(touched, [&](unsigned c) { on_change(c); });
}

// Forwarding an SGI to a target PE (GICv3 "Forwarding an SGI to a target PE"
// rules): the register and the sender's Security state name a group; a
// Secure Group 1 request also reaches a Group 0 SGI; a Non-secure sender
// reaches Secure SGIs only as far as the target's GICR_NSACR allows (0b01
// Group 0, 0b10 also Secure Group 1).
void Distributor::send_sgi_v3(unsigned target, unsigned sgi, SgiReg reg, bool secure_sender) {
  const Group have = group_of(target, sgi);
  Group want = kG0;
  if (!secure_) {
    if (reg == SgiReg::Asgi1r) return;  // no other Security state to target
    want = reg == SgiReg::Sgi1r ? kG1NS : kG0;
  } else if (reg == SgiReg::Sgi1r) {
    want = secure_sender ? kG1S : kG1NS;
  } else if (reg == SgiReg::Asgi1r) {
    want = secure_sender ? kG1NS : kG1S;
  }
  if (want == kG1S && have == kG0) want = kG0;
  if (want != have) return;
  if (secure_ && !secure_sender && have != kG1NS && nsacr(target, sgi) < (have == kG0 ? 1u : 2u))
    return;
  set_bit(kLatch, target, sgi, true);
  refresh(target, sgi);
}

namespace {
// ICC_SGI0R/SGI1R/ASGI1R_EL1 fields.
constexpr unsigned kSgiIntidShift = 24;
constexpr unsigned kSgiAff1Shift = 16;
constexpr unsigned kSgiAff2Shift = 32;
constexpr uint64_t kSgiIrm = uint64_t(1) << 40;
constexpr unsigned kSgiRsShift = 44;
constexpr unsigned kSgiAff3Shift = 48;
}  // namespace

void Distributor::generate_sgi(unsigned self, uint64_t v, SgiReg reg, bool secure_sender) {
  const unsigned sgi = (v >> kSgiIntidShift) & 0xf;
  if (v & kSgiIrm) {
    for (unsigned t = 0; t < cfg_.cpus; ++t)
      if (t != self) send_sgi_v3(t, sgi, reg, secure_sender);
    return;
  }
  const uint64_t aff1 = (v >> kSgiAff1Shift) & 0xff, aff2 = (v >> kSgiAff2Shift) & 0xff;
  const unsigned aff3 = (v >> kSgiAff3Shift) & 0xff, rs = (v >> kSgiRsShift) & 0xf;
  if (aff3 || rs) return;  // no PE has those affinities (Aff3 = 0, Aff0 < 16: RSS = 0)
  // TargetList bit n names the PE with Aff2.Aff1 of the write and Aff0 = n.
  const std::array<int8_t, 16>* cl = cluster(aff2 << 16 | aff1 << 8);
  if (!cl) return;
  for (uint32_t list = uint32_t(v & 0xffff); list; list &= list - 1)
    if (const int t = (*cl)[__builtin_ctz(list)]; t >= 0)
      send_sgi_v3(unsigned(t), sgi, reg, secure_sender);
}

void Distributor::send_sgi_v2(unsigned target, unsigned sgi, unsigned source) {
  update_sgi_sources(target, sgi, uint8_t(1u << source), 0);
}

void Distributor::update_sgi_sources(unsigned cpu, unsigned sgi, uint8_t set_bits,
                                     uint8_t clear_bits) {
  uint8_t& s = sources_[cpu * 16 + sgi];
  const uint8_t old = s;
  s = uint8_t((s | set_bits) & ~clear_bits & all_cpus(cfg_.cpus));
  if (s != old) refresh(cpu, sgi);
}

bool Distributor::top(unsigned cpu, unsigned group, unsigned& intid) const {
  unsigned level;
  return sets_[cpu * groups_ + group].top(level, intid);
}

unsigned Distributor::acknowledge(unsigned cpu, unsigned intid) {
  unsigned source = 0;
  set_bit(kActive, cpu, intid, true);
  if (is_v2() && intid < 16) {
    uint8_t& s = sources_[cpu * 16 + intid];
    if (s) {
      source = unsigned(__builtin_ctz(s));
      s &= uint8_t(s - 1);
    }
  } else {
    set_bit(kLatch, cpu, intid, false);
  }
  refresh(cpu, intid);
  return source;
}

void Distributor::deactivate(unsigned cpu, unsigned intid) {
  if (!implemented(intid) || !bit(kActive, cpu, intid)) return;
  set_bit(kActive, cpu, intid, false);
  refresh(cpu, intid);
}

}  // namespace gicsim
