#include "gic_module.h"

#include <stdexcept>

namespace gicsim {

namespace {
// The report's message type: gicsim/guest-error, gicsim/unimplemented, ...
const char* msg_type(LogKind k) {
  static const std::string types[] = {
      std::string("gicsim/") + log_kind_name(LogKind::GuestError),
      std::string("gicsim/") + log_kind_name(LogKind::Unimplemented),
      std::string("gicsim/") + log_kind_name(LogKind::Info),
      std::string("gicsim/") + log_kind_name(LogKind::Event)};
  return types[static_cast<size_t>(k)].c_str();
}

// The GIC, or a SystemC error naming the instance and the key.
std::unique_ptr<Gic> build(const char* instance, const GicConfig& cfg) {
  const std::string err = cfg.validate();
  if (!err.empty()) {
    const std::string msg = std::string(instance) + ": invalid configuration: gic." + err;
    SC_REPORT_ERROR("gicsim/config", msg.c_str());
    throw std::invalid_argument(msg);  // when SC_ERROR is set not to throw
  }
  return std::make_unique<Gic>(cfg);
}
}  // namespace

GicModule::GicModule(sc_core::sc_module_name name, const GicConfig& cfg)
    : sc_module(name),
      mem("mem"),
      cpu_sysreg("cpu_sysreg"),
      spi_in("spi_in"),
      ppi_in("ppi_in"),
      irq("irq"),
      fiq("fiq"),
      virq("virq"),
      vfiq("vfiq"),
      maint("maint"),
      rst("rst"),
      gic_(build(this->name(), cfg)) {
  Gic& g = *gic_;
  g.set_memory(&mem);
  if (g.has_frame("GITS")) gits = std::make_unique<MmioTarget>("gits", g.gits());
  gicd = std::make_unique<MmioTarget>("gicd", g.gicd());
  if (g.has_frame("GICR")) gicr = std::make_unique<MmioTarget>("gicr", g.gicr());
  if (g.has_frame("GICC")) gicc = std::make_unique<MmioTarget>("gicc", g.gicc());
  if (g.has_frame("GICH")) gich = std::make_unique<MmioTarget>("gich", g.gich());
  if (g.has_frame("GICV")) gicv = std::make_unique<MmioTarget>("gicv", g.gicv());
  sysreg = std::make_unique<SysregTarget>("sysreg", [&g](SysregAccess& a) { return g.sysreg(a); });
  cpu_sysreg.init(cfg.cpus, [&g](const char* n, size_t cpu) {
    return new SysregTarget(n, [&g, cpu](SysregAccess& a) {
      a.cpu = unsigned(cpu);
      return g.sysreg(a);
    });
  });
  spi_in.init(cfg.spis);
  ppi_in.init(size_t(cfg.cpus) * 16);
  for (auto* v : {&irq, &fiq, &virq, &vfiq, &maint}) v->init(cfg.cpus);
  g.logger().set_sink([this](LogKind k, const std::string& m) { report(k, m); },
                      [](LogKind k) {
                        const int v = sc_core::sc_report_handler::get_verbosity_level();
                        if (k == LogKind::Event) return v >= sc_core::SC_DEBUG;
                        if (k == LogKind::Info) return v >= sc_core::SC_MEDIUM;
                        return true;
                      });
}

void GicModule::report(LogKind kind, const std::string& msg) {
  if (reported_ > report_limit_) return;
  std::string text = std::string(name()) + " @ " + sc_core::sc_time_stamp().to_string() + ": ";
  text += reported_++ < report_limit_
              ? msg
              : "further messages are counted (GicModule::count), not reported";
  switch (kind) {
    case LogKind::GuestError:
    case LogKind::Unimplemented:
      sc_core::sc_report_handler::report(sc_core::SC_WARNING, msg_type(kind), text.c_str(),
                                         __FILE__, __LINE__);
      break;
    case LogKind::Info:
      sc_core::sc_report_handler::report(sc_core::SC_INFO, msg_type(kind), text.c_str(),
                                         sc_core::SC_MEDIUM, __FILE__, __LINE__);
      break;
    case LogKind::Event:
      sc_core::sc_report_handler::report(sc_core::SC_INFO, msg_type(kind), text.c_str(),
                                         sc_core::SC_DEBUG, __FILE__, __LINE__);
      break;
  }
}

void GicModule::reset() { gic_->reset(); }

// Processes exist only for what the platform bound: an unbound port costs
// nothing, and the function-call path stays as fast as without ports.
void GicModule::end_of_elaboration() {
  Gic& g = *gic_;
  const GicConfig& c = g.config();
  auto spawn_input = [](InPort& port, IrqLine& line) {
    sc_core::sc_spawn_options o;
    o.spawn_method();
    o.set_sensitivity(&port->value_changed_event());
    sc_core::sc_spawn([&port, &line] { line.set(port->read()); },
                      sc_core::sc_gen_unique_name((std::string(port.basename()) + "_in").c_str()),
                      &o);
  };
  for (unsigned i = 0; i < c.spis; ++i)
    if (spi_in[i].size()) spawn_input(spi_in[i], g.spi_line(32 + i));
  for (unsigned cpu = 0; cpu < c.cpus; ++cpu)
    for (unsigned i = 0; i < 16; ++i)
      if (ppi_in[cpu * 16 + i].size()) spawn_input(ppi_in[cpu * 16 + i], g.ppi_line(cpu, 16 + i));
  if (rst.size()) {
    sc_core::sc_spawn_options o;
    o.spawn_method();
    o.dont_initialize();
    o.set_sensitivity(&rst->posedge_event());
    sc_core::sc_spawn([this] { reset(); }, "rst_edge", &o);
  }
  for (unsigned cpu = 0; cpu < c.cpus; ++cpu) {
    CpuLines& l = g.out(cpu);
    const std::pair<OutPort*, IrqLine*> all[] = {{&irq[cpu], &l.irq},
                                                 {&fiq[cpu], &l.fiq},
                                                 {&virq[cpu], &l.virq},
                                                 {&vfiq[cpu], &l.vfiq},
                                                 {&maint[cpu], &l.maint}};
    for (const auto& [port, line] : all)
      if (port->size()) outs_.push_back(Out{port, line});
  }
  if (outs_.empty()) return;
  sc_core::sc_spawn_options o;
  o.spawn_method();
  for (const Out& out : outs_) o.set_sensitivity(&out.line->changed());
  sc_core::sc_spawn([this] { drive_outputs(); }, "drive_outputs", &o);
}

void GicModule::drive_outputs() {
  for (const Out& o : outs_)
    if ((*o.port)->read() != o.line->read()) (*o.port)->write(o.line->read());
}

void GicModule::trace(sc_core::sc_trace_file* tf) const {
  if (!tf) return;
  Gic& g = *gic_;
  const std::string n = name();
  const GicConfig& c = g.config();
  for (unsigned i = 0; i < c.spis; ++i)
    sc_core::sc_trace(tf, g.spi_line(32 + i).level_ref(), n + ".spi" + std::to_string(32 + i));
  for (unsigned cpu = 0; cpu < c.cpus; ++cpu) {
    const std::string p = n + ".cpu" + std::to_string(cpu) + ".";
    for (unsigned i = 16; i < 32; ++i)
      sc_core::sc_trace(tf, g.ppi_line(cpu, i).level_ref(), p + "ppi" + std::to_string(i));
    CpuLines& l = g.out(cpu);
    sc_core::sc_trace(tf, l.irq.level_ref(), p + "irq");
    sc_core::sc_trace(tf, l.fiq.level_ref(), p + "fiq");
    sc_core::sc_trace(tf, l.virq.level_ref(), p + "virq");
    sc_core::sc_trace(tf, l.vfiq.level_ref(), p + "vfiq");
    sc_core::sc_trace(tf, l.maint.level_ref(), p + "maint");
  }
}

}  // namespace gicsim
