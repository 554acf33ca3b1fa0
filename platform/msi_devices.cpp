#include "msi_devices.h"

#include <algorithm>

#include "guest_its_bus.h"
#include "log.h"

namespace gicsim {

MsiDevices::MsiDevices(sc_core::sc_module_name name, Platform& p, RunStats& stats)
    : sc_module(name),
      p_(p),
      stats_(stats),
      cfg_(p.config()),
      host_(ItsDriver::Bus{
                [this](uint64_t a, uint64_t v, unsigned w) { write(a, v, w); },
                [this](unsigned c, uint64_t off, uint64_t v, unsigned w) {
                  write(cfg_.map.gicr + uint64_t(c) * 0x20000 + off, v, w);
                },
                [this](uint64_t off, uint64_t v, unsigned w) { write(cfg_.map.gits + off, v, w); },
                [this](uint64_t off) { return read(cfg_.map.gits + off); }},
            p.config().iss.ram_base, p.config().gic.cpus, p.config().gic.lpi_bits,
            msi_its_devices(p.config(), kHostView),
            [this](unsigned c) {
              return cfg_.gic.its_pta ? cfg_.map.gicr + uint64_t(c) * 0x20000 : uint64_t(c) << 16;
            }),
      rng_(p.config().seed ^ 0x4d5349) {
  const auto& devs = cfg_.workload.msi_devices;
  std::vector<uint32_t> next_vlpi(cfg_.vms, 8192);
  for (size_t i = 0; i < devs.size(); ++i) {
    auto d = std::make_unique<Device>();
    d->cfg = devs[i];
    d->index = unsigned(i);
    d->first_lpi = host_.lpi(unsigned(i), 0);
    if (d->cfg.vm >= 0) {
      d->first_vlpi = next_vlpi[size_t(d->cfg.vm)];  // the guest maps its devices in order
      next_vlpi[size_t(d->cfg.vm)] += d->cfg.queues;
    }
    stats_.add_host_lpis(d->cfg, d->first_lpi, d->first_vlpi);
    Device* raw = d.get();
    sc_core::sc_spawn_options o;
    o.spawn_method();
    o.set_sensitivity(&raw->ev);
    o.dont_initialize();
    sc_core::sc_spawn([this, raw] { tick(*raw); }, sc_core::sc_gen_unique_name("msi"), &o);
    devices_.push_back(std::move(d));  // started by boot(), once the ITS maps them
  }
  // The host's boot runs at time 0, before any MSI.
  sc_core::sc_spawn_options o;
  o.spawn_method();
  sc_core::sc_spawn([this] { boot(); }, "its_boot", &o);
}

void MsiDevices::write(uint64_t addr, uint64_t v, unsigned width) {
  sc_core::sc_time d = sc_core::SC_ZERO_TIME;
  if (p_.mmio(0, true, addr, width, v, d) != tlm::TLM_OK_RESPONSE)
    Log::guest_error("host boot: write of " + hex(v) + " to " + hex(addr) + " failed");
}

uint64_t MsiDevices::read(uint64_t addr) {
  uint64_t v = 0;
  sc_core::sc_time d = sc_core::SC_ZERO_TIME;
  p_.mmio(0, false, addr, 8, v, d);
  return v;
}

// A guest's boot on its emulated redistributors and ITS (the hypervisor's
// own accesses: no vCPU runs yet) and its RAM; collections are vCPUs.
bool MsiDevices::boot_guest(unsigned vm) {
  Hypervisor& h = p_.hyp();
  ItsDriver guest(
      guest_its_bus(h, vm, [](const std::string& e) { Log::guest_error("guest boot: " + e); }),
      Vm::kRamBase, cfg_.vcpus, Vm::kLpiBits, msi_its_devices(cfg_, int(vm)),
      [](unsigned c) { return uint64_t(c) << 16; });
  return guest.boot() && h.vm(vm).its()->command_errors() == 0;
}

void MsiDevices::boot() {
  Its* i = p_.gic().its();
  booted_ = host_.boot() && i && i->command_errors() == 0;
  for (unsigned v = 0; v < cfg_.vms; ++v)
    if (!msi_its_devices(cfg_, int(v)).empty()) booted_ = boot_guest(v) && booted_;
  if (!booted_) Log::guest_error("boot: an ITS did not take every command");
  for (const auto& d : devices_) d->ev.notify(next_interval(*d));
}

sc_core::sc_time MsiDevices::next_interval(const Device& d) {
  double s = 1.0 / d.cfg.rate_hz / double(d.cfg.queues);  // rate_hz per queue
  if (d.cfg.poisson) s = std::exponential_distribution<double>(d.cfg.rate_hz * d.cfg.queues)(rng_);
  return sc_core::sc_time(s, sc_core::SC_SEC);
}

void MsiDevices::tick(Device& d) {
  const unsigned q = d.next_queue++ % d.cfg.queues;
  const uint32_t lpi = d.first_lpi + q;
  const bool was = p_.gic().lpis()->lpi_pending(host_.cpu_of_queue(q), lpi);
  stats_.msi_sent(d.index, lpi, was, sc_core::sc_time_stamp().value());
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  if (p_.msi(d.cfg.device_id, q, delay) != tlm::TLM_OK_RESPONSE)
    Log::guest_error("msi device " + d.cfg.name + ": GITS_TRANSLATER write failed");
  d.ev.notify(next_interval(d));
}

bool MsiDevices::forward(uint32_t lpi, uint64_t sent_ps) {
  // The host's LPIs are the devices' queues in device order (ItsDriver's
  // layout): the last device starting at or below lpi owns it, if in range.
  auto it = std::upper_bound(devices_.begin(), devices_.end(), lpi,
                             [](uint32_t l, const auto& d) { return l < d->first_lpi; });
  if (it == devices_.begin()) return false;
  const Device& d = **std::prev(it);
  if (lpi - d.first_lpi >= d.cfg.queues || d.cfg.vm < 0) return false;
  const unsigned vm = unsigned(d.cfg.vm), q = lpi - d.first_lpi;
  const bool was = guest_pending(vm, d.first_vlpi + q);
  const bool ok = p_.hyp().inject_msi(vm, d.cfg.device_id, q);
  stats_.guest_msi(d.index, d.first_vlpi + q, was, ok, sent_ps);
  return true;
}

bool MsiDevices::pending(uint32_t lpi) const {
  Lpis* l = p_.gic().lpis();
  for (unsigned c = 0; l && c < cfg_.gic.cpus; ++c)
    if (l->lpi_pending(c, lpi)) return true;
  return false;
}

bool MsiDevices::guest_pending(unsigned vm, uint32_t vlpi) const {
  return p_.hyp().state(vm, 0, vlpi) & ListReg::kPending;
}

}  // namespace gicsim
