#include "host_ipi.h"

namespace gicsim {

namespace {
constexpr uint64_t kGicdSgir = 0xf00;
constexpr unsigned kSgirTargetListShift = 16;
constexpr unsigned kSgi1rAff1Shift = 16, kSgi1rIntidShift = 24;
}  // namespace

HostIpi::HostIpi(Platform& p)
    : p_(p), threads_(p.config().gic.cpus), outbox_(p.config().gic.cpus) {}

void HostIpi::add_cpu(unsigned cpu, sc_core::sc_process_handle thread) {
  threads_[cpu] = thread.get_process_object();
}

int HostIpi::current_cpu() const {
  // The running process, without building a handle (this runs per kick).
  const sc_core::sc_object* p = sc_core::sc_get_current_process_b();
  for (size_t c = 0; c < threads_.size(); ++c)
    if (p && threads_[c] == p) return int(c);
  return -1;
}

void HostIpi::request(unsigned target) {
  const int from = current_cpu();
  if (from == int(target)) return;  // already in its own host: it re-enters anyway
  if (from >= 0) {
    outbox_[size_t(from)].push_back(target);
    return;
  }
  // A device outside the CPUs: the SGI goes pending at once, as its
  // GICR_ISPENDR0 bit would (GICv2: with the target as its own source).
  ++external;
  Distributor& d = p_.gic().dist();
  if (d.is_v2())
    d.send_sgi_v2(target, kSgi, target);
  else
    d.update_word(Distributor::kLatch, target, 0, 1u << kSgi, 0);
}

void HostIpi::send(unsigned from, unsigned target) {
  sc_core::sc_time d;
  if (p_.config().gic.version == 2) {
    uint64_t v = uint64_t(kSgi) | uint64_t(1u << target) << kSgirTargetListShift;
    p_.mmio(from, true, p_.config().map.gicd + kGicdSgir, 4, v, d);
    return;
  }
  const uint64_t aff = p_.gic().dist().affinity_of(target);
  SysregAccess a =
      make_sysreg_access(Sr::ICC_SGI1R_EL1, from, 2, true,
                         uint64_t(kSgi) << kSgi1rIntidShift | (aff >> 8 & 0xff) << kSgi1rAff1Shift |
                             uint64_t(1u << (aff & 0xf)));
  p_.sysreg(a, d);
}

}  // namespace gicsim
