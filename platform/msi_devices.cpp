#include "msi_devices.h"

#include "log.h"

namespace gicsim {

namespace {
// Registers (GICv3 architecture): redistributor RD_base and ITS control frame.
constexpr uint64_t kGicrCtlr = 0x0, kGicrPropbaser = 0x70, kGicrPendbaser = 0x78;
constexpr uint64_t kGitsCtlr = 0x0, kGitsCbaser = 0x80, kGitsCwriter = 0x88, kGitsCreadr = 0x90;
constexpr uint64_t kGitsBaser0 = 0x100;
constexpr uint64_t kValid = 1ull << 63, kPtz = 1ull << 62;
// ITS commands (opcode in DW0 [7:0]).
constexpr uint64_t kMapd = 0x08, kMapc = 0x09, kMapti = 0x0a, kSync = 0x05;
// Linux's default LPI configuration: priority 0xa0, Group 1 (RES1), enabled.
constexpr uint8_t kLpiConfig = 0xa0 | 0x2 | 0x1;
}  // namespace

MsiDevices::MsiDevices(sc_core::sc_module_name name, Platform& p, RunStats& stats)
    : sc_module(name),
      p_(p),
      stats_(stats),
      cfg_(p.config()),
      layout_(p.config()),
      rng_(p.config().seed ^ 0x4d5349) {
  const auto& devs = cfg_.workload.msi_devices;
  for (size_t i = 0; i < devs.size(); ++i) {
    auto d = std::make_unique<Device>();
    d->cfg = devs[i];
    d->index = unsigned(i);
    d->first_lpi = layout_.first_lpi[i];
    stats_.add_host_lpis(d->cfg, d->first_lpi);
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

void MsiDevices::command(std::array<uint64_t, 4> c) {
  const uint64_t q = cfg_.iss.ram_base + layout_.queue;
  for (unsigned i = 0; i < 4; ++i) write(q + cwriter_ + 8 * i, c[i], 8);
  cwriter_ = (cwriter_ + 32) % HostLpiLayout::kQueueBytes;
  if (cwriter_ % 4096 == 0) flush();  // never let the queue fill
}

void MsiDevices::flush() { write(cfg_.map.gits + kGitsCwriter, cwriter_, 8); }

void MsiDevices::boot() {
  const uint64_t ram = cfg_.iss.ram_base;
  const GicConfig& g = cfg_.gic;
  // Configuration of every LPI the devices use; the rest stay disabled.
  for (const auto& d : devices_)
    for (unsigned q = 0; q < d->cfg.queues; ++q)
      write(ram + layout_.prop + d->first_lpi + q - 8192, kLpiConfig, 1);
  for (unsigned c = 0; c < g.cpus; ++c) {
    const uint64_t rd = cfg_.map.gicr + uint64_t(c) * 0x20000;
    write(rd + kGicrPropbaser, (ram + layout_.prop) | (g.lpi_bits - 1), 8);
    write(rd + kGicrPendbaser, (ram + layout_.pend + c * layout_.pend_stride) | kPtz, 8);
    write(rd + kGicrCtlr, 1, 4);  // EnableLPIs
  }
  const uint64_t its = cfg_.map.gits;
  const uint64_t page_size = layout_.device_table_page == 4096 ? 0 : 2ull << 8;  // 4 or 64 KiB
  write(its + kGitsBaser0,
        kValid | (ram + layout_.device_table) | page_size | (layout_.device_table_pages - 1), 8);
  write(its + kGitsBaser0 + 8, kValid | (ram + layout_.collection_table), 8);
  write(its + kGitsCbaser, kValid | (ram + layout_.queue) | (HostLpiLayout::kQueueBytes / 4096 - 1),
        8);
  write(its + kGitsCtlr, 1, 4);
  // Collection c targets CPU c (processor numbers, or RD_base addresses).
  for (unsigned c = 0; c < g.cpus; ++c) {
    const uint64_t target = g.its_pta ? cfg_.map.gicr + uint64_t(c) * 0x20000 : uint64_t(c) << 16;
    command({kMapc, 0, kValid | target | c, 0});
  }
  for (size_t i = 0; i < devices_.size(); ++i) {
    const Device& d = *devices_[i];
    command({kMapd | uint64_t(d.cfg.device_id) << 32, layout_.event_bits[i] - 1,
             kValid | (ram + layout_.itt[i]), 0});
    for (unsigned q = 0; q < d.cfg.queues; ++q)
      command({kMapti | uint64_t(d.cfg.device_id) << 32, q | uint64_t(d.first_lpi + q) << 32,
               cpu_of_queue(q), 0});
  }
  for (unsigned c = 0; c < g.cpus; ++c)
    command({kSync, 0, g.its_pta ? cfg_.map.gicr + uint64_t(c) * 0x20000 : uint64_t(c) << 16, 0});
  flush();
  uint64_t creadr = 0;
  sc_core::sc_time t = sc_core::SC_ZERO_TIME;
  p_.mmio(0, false, its + kGitsCreadr, 8, creadr, t);
  Its* i = p_.gic().its();
  booted_ = creadr == cwriter_ && i && i->command_errors() == 0;
  if (!booted_) Log::guest_error("host boot: the ITS did not take every command");
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
  const bool was = p_.gic().lpis()->lpi_pending(cpu_of_queue(q), lpi);
  stats_.msi_sent(d.index, lpi, was, sc_core::sc_time_stamp().value());
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  if (p_.msi(d.cfg.device_id, q, delay) != tlm::TLM_OK_RESPONSE)
    Log::guest_error("msi device " + d.cfg.name + ": GITS_TRANSLATER write failed");
  d.ev.notify(next_interval(d));
}

bool MsiDevices::pending(uint32_t lpi) const {
  Lpis* l = p_.gic().lpis();
  for (unsigned c = 0; l && c < cfg_.gic.cpus; ++c)
    if (l->lpi_pending(c, lpi)) return true;
  return false;
}

}  // namespace gicsim
