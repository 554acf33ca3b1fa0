#include "sources.h"

namespace gicsim {

namespace {
constexpr unsigned kTimerPpi = 27;
constexpr uint8_t kTimerPriority = 0x60, kDevicePriorityBase = 0x80;
}  // namespace

Sources::Sources(sc_core::sc_module_name name, Platform& p, RunStats& stats,
                 std::function<unsigned(unsigned, unsigned)> cpu_of)
    : sc_module(name),
      p_(p),
      stats_(stats),
      cfg_(p.config()),
      cpu_of_(std::move(cpu_of)),
      phys_source_(1020, -1),
      phys_assert_(1020, 0),
      rng_(p.config().seed) {
  stats_.add_source("ipi", true);  // source 0: the guests' IPIs (see CpuStub)
  if (cfg_.workload.timer_hz > 0) {
    timer_source_ = stats_.add_source("timer", true);
    SC_METHOD(timer_tick);
  }
  for (const DeviceConfig& dc : cfg_.workload.devices) {
    auto d = std::make_unique<Device>();
    d->cfg = dc;
    d->source = stats_.add_source(dc.name, dc.edge);
    Device* raw = d.get();
    sc_core::sc_spawn_options o;
    o.spawn_method();
    o.set_sensitivity(&raw->ev);
    o.dont_initialize();
    sc_core::sc_spawn([this, raw] { device_tick(*raw); }, sc_core::sc_gen_unique_name("device"),
                      &o);
    raw->ev.notify(next_interval(*raw));
    devices_.push_back(std::move(d));
  }
  // A level device lowers its line once the guest has handled it.
  p_.hyp().on_resample = [this](unsigned vm, unsigned vcpu, unsigned intid) {
    p_.hyp().inject(vm, intid, Hypervisor::Trigger::Low, vcpu);
  };
}

void Sources::setup() {
  Gic& g = p_.gic();
  Distributor& phys = g.dist();
  for (unsigned vm = 0; vm < cfg_.vms; ++vm)
    for (unsigned k = 0; k < cfg_.vcpus; ++k)
      p_.hyp().vm(vm).dist().set_priority(k, kTimerPpi, kTimerPriority);
  for (size_t i = 0; i < devices_.size(); ++i) {
    const DeviceConfig& dc = devices_[i]->cfg;
    Vm& vm = p_.hyp().vm(0);
    for (unsigned l = 0; l < dc.lines; ++l) {
      const unsigned intid = dc.spi + l, vcpu = vcpu_of_line(l);
      vm.dist().set_priority(0, intid, uint8_t(kDevicePriorityBase + 0x10 * (i % 8)));
      if (cfg_.gic.version == 3)
        vm.dist().set_irouter(intid, vm.dist().affinity_of(vcpu));
      else
        vm.dist().set_targets(intid, uint8_t(1u << vcpu));
      if (!dc.hw_mapped) continue;
      // The physical SPI goes to the CPU the vCPU runs on; the host forwards it.
      p_.hyp().map(0, intid, intid);
      phys_source_[intid] = devices_[i]->source;
      const unsigned cpu = cpu_of_(0, vcpu);
      phys.update_word(Distributor::kGroup, 0, intid / 32, 1u << (intid % 32), 0);
      phys.update_word(Distributor::kEdge, 0, intid / 32, 1u << (intid % 32), 0);
      phys.set_priority(0, intid, 0x80);
      if (cfg_.gic.version == 3)
        phys.set_irouter(intid, phys.affinity_of(cpu));
      else
        phys.set_targets(intid, uint8_t(1u << cpu));
      phys.update_word(Distributor::kEnable, 0, intid / 32, 1u << (intid % 32), 0);
    }
  }
}

void Sources::inject(unsigned vm, unsigned vcpu, unsigned intid, Hypervisor::Trigger t,
                     int source) {
  Hypervisor& h = p_.hyp();
  const bool was_pending = h.state(vm, vcpu, intid) & ListReg::kPending;
  const uint64_t now = sc_core::sc_time_stamp().value();
  if (t != Hypervisor::Trigger::Low) stats_.asserted(vm, vcpu, intid, source, was_pending, now);
  h.inject(vm, intid, t, vcpu);
}

void Sources::forward(unsigned pintid, uint64_t) {
  // The virtual interrupt's latency counts from the physical assertion.
  const int src = phys_source_[pintid];
  if (src < 0) return;
  Hypervisor& h = p_.hyp();
  const unsigned vcpu = 0;  // SPIs belong to the VM
  const bool was_pending = h.state(0, vcpu, pintid) & ListReg::kPending;
  stats_.asserted(0, vcpu, pintid, src, was_pending, phys_assert_[pintid]);
  h.inject(0, pintid, Hypervisor::Trigger::Edge, vcpu);
}

void Sources::timer_tick() {
  for (unsigned vm = 0; vm < cfg_.vms; ++vm)
    for (unsigned k = 0; k < cfg_.vcpus; ++k)
      if (sc_core::sc_time_stamp() > sc_core::SC_ZERO_TIME)
        inject(vm, k, kTimerPpi, Hypervisor::Trigger::Edge, timer_source_);
  next_trigger(sc_core::sc_time(1.0 / cfg_.workload.timer_hz, sc_core::SC_SEC));
}

sc_core::sc_time Sources::next_interval(const Device& d) {
  double s = 1.0 / d.cfg.rate_hz;
  if (d.cfg.poisson) s = std::exponential_distribution<double>(d.cfg.rate_hz)(rng_);
  return sc_core::sc_time(s, sc_core::SC_SEC);
}

void Sources::device_tick(Device& d) {
  for (unsigned b = 0; b < d.cfg.burst; ++b) {
    const unsigned line = d.next_line++ % d.cfg.lines;
    const unsigned intid = d.cfg.spi + line;
    if (d.cfg.hw_mapped) {
      IrqLine& l = p_.gic().spi_line(intid);
      if (!p_.gic().dist().pending(0, intid))
        phys_assert_[intid] = sc_core::sc_time_stamp().value();
      l.pulse();
    } else {
      inject(0, 0, intid, d.cfg.edge ? Hypervisor::Trigger::Edge : Hypervisor::Trigger::High,
             d.source);
    }
  }
  d.ev.notify(next_interval(d));
}

}  // namespace gicsim
