#include "iss_platform.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>

#include "elf_image.h"
#include "gic_map.h"
#include "log.h"
#include "output_file.h"
#include "run_control.h"

namespace gicsim {

using namespace sc_core;

namespace {

// PSCI 1.1 (Arm DEN 0022) function IDs (SMC32; CPU_ON and AFFINITY_INFO
// also SMC64) and return codes.
constexpr uint32_t kPsciVersion = 0x84000000, kCpuSuspend = 0x84000001, kCpuOff = 0x84000002,
                   kCpuOn = 0x84000003, kAffinityInfo = 0x84000004, kMigrateInfoType = 0x84000006,
                   kSystemOff = 0x84000008, kSystemReset = 0x84000009, kFeatures = 0x8400000a;
constexpr uint32_t kSmc64 = 0x40000000;
constexpr int64_t kSuccess = 0, kNotSupported = -1, kInvalidParameters = -2, kAlreadyOn = -4,
                  kInvalidAddress = -9;
constexpr uint64_t kPsci11 = 0x00010001;
constexpr uint64_t kMpidrAff = 0xff00ffffffull;  // Aff3..Aff0
constexpr uint64_t kMpidrRes1 = 1ull << 31;

}  // namespace

IssPlatform::IssPlatform(sc_module_name name, const SimConfig& cfg, Pl011::Sink uart)
    : sc_module(name),
      cfg_(cfg),
      irq_("irq", cfg.gic.cpus),
      fiq_("fiq", cfg.gic.cpus),
      virq_("virq", cfg.gic.cpus),
      vfiq_("vfiq", cfg.gic.cpus),
      ppi_("ppi", size_t(cfg.gic.cpus) * GenericTimer::kTimers) {
  gic_ = std::make_unique<GicModule>("gic", cfg.gic);
  gic_->gic().logger().set_sink(nullptr);  // the process log (stderr, capped)
  bus_ = std::make_unique<Bus>("bus");
  ram_ = std::make_unique<Ram>("ram", cfg.iss.ram_mb << 20);
  uart_ = std::make_unique<Pl011>(std::move(uart));
  uart_target_ = std::make_unique<MmioTarget>("uart", uart_->region());
  map_gic_frames(*bus_, *gic_, cfg.gic, cfg.map,
                 [this](uint64_t base, uint64_t size) { devices_.emplace_back(base, size); });
  bus_->map("UART", cfg.iss.uart_base, Pl011::kSize);
  bus_->init.bind(uart_target_->socket);
  devices_.emplace_back(cfg.iss.uart_base, Pl011::kSize);
  bus_->map("RAM", cfg.iss.ram_base, ram_->size());
  bus_->init.bind(ram_->socket);
  gic_->mem.socket.bind(bus_->target);  // LPI and ITS tables in RAM
  const IssCosts costs{unsigned(cfg.costs[Term::ExceptionEntry]),
                       unsigned(cfg.costs[Term::RegisterAccess])};
  for (unsigned c = 0; c < cfg.gic.cpus; ++c) {
    const uint64_t mpidr = kMpidrRes1 | gic_->gic().dist().affinity_of(c);
    auto cpu = std::make_unique<IssCpu>(("cpu" + std::to_string(c)).c_str(), c, mpidr, cfg.iss,
                                        cfg.clock_mhz, costs, *this);
    cpu->bus.bind(bus_->target);
    cpu->sysreg.bind(gic_->cpu_sysreg[c].socket);
    gic_->irq[c].bind(irq_[c]);
    gic_->fiq[c].bind(fiq_[c]);
    gic_->virq[c].bind(virq_[c]);
    gic_->vfiq[c].bind(vfiq_[c]);
    cpu->irq.bind(irq_[c]);
    cpu->fiq.bind(fiq_[c]);
    cpu->virq.bind(virq_[c]);
    cpu->vfiq.bind(vfiq_[c]);
    IssCpu::DirectLines direct{&gic_->gic().out(c).irq,
                               &gic_->gic().out(c).fiq,
                               &gic_->gic().out(c).virq,
                               &gic_->gic().out(c).vfiq,
                               {}};
    for (unsigned t = 0; t < GenericTimer::kTimers; ++t) {
      sc_signal<bool>& line = ppi_[c * GenericTimer::kTimers + t];
      cpu->timer[t].bind(line);
      if (cfg.iss.signal_wiring) gic_->ppi_in[c * 16 + GenericTimer::kPpi[t] - 16].bind(line);
      direct.timer[t] = &gic_->gic().ppi_line(c, GenericTimer::kPpi[t]);
    }
    if (!cfg.iss.signal_wiring) cpu->wire_direct(direct);
    cpu->set_gic_sysregs(cfg.gic.version == 3);
    cpus_.push_back(std::move(cpu));
  }
}

IssPlatform::~IssPlatform() = default;

void IssPlatform::start_of_simulation() {
  for (auto& c : cpus_) {
    c->map_ram(cfg_.iss.ram_base, ram_->size());
    for (const auto& [base, size] : devices_) c->map_device(base, size, base != cfg_.iss.uart_base);
  }
  cpus_[0]->power_on(entry_, 0);
}

void IssPlatform::finish(End how, const std::string& message) {
  if (end_ != End::Running) return;
  end_ = how;
  message_ = message;
  sc_stop();
}

void IssPlatform::fatal(unsigned cpu, const std::string& message) {
  finish(End::Fatal, "cpu" + std::to_string(cpu) + ": " + message);
}

bool IssPlatform::account(uint64_t n) {
  instructions_ += n;
  if (run_control::stop_requested()) {
    finish(End::Signal, "stopped by signal " + std::to_string(run_control::stop_signal()));
    return false;
  }
  const uint64_t limit = cfg_.iss.max_instructions;
  if (limit && instructions_ >= limit) {
    finish(End::Limit, "the instruction limit (" + std::to_string(limit) +
                           ") was reached before the program powered the system off");
    return false;
  }
  return !stopping();
}

uint64_t IssPlatform::psci(unsigned cpu, uint64_t fn64, uint64_t a1, uint64_t a2, uint64_t a3) {
  const uint32_t fn = uint32_t(fn64);
  const uint32_t base = fn & ~kSmc64;
  auto find = [&](uint64_t mpidr) -> IssCpu* {
    for (auto& c : cpus_)
      if ((c->mpidr() & kMpidrAff) == (mpidr & kMpidrAff)) return c.get();
    return nullptr;
  };
  switch (base) {
    case kPsciVersion:
      return kPsci11;
    case kCpuOn: {
      IssCpu* t = find(a1);
      if (!t) return uint64_t(kInvalidParameters);
      if (t->powered()) return uint64_t(kAlreadyOn);
      if (a2 < cfg_.iss.ram_base || a2 - cfg_.iss.ram_base >= ram_->size())
        return uint64_t(kInvalidAddress);
      t->power_on(a2, a3);
      return kSuccess;
    }
    case kCpuOff:
      cpus_[cpu]->power_off();
      return kSuccess;
    case kAffinityInfo: {
      if (a2 != 0) return uint64_t(kInvalidParameters);
      IssCpu* t = find(a1);
      if (!t) return uint64_t(kInvalidParameters);
      return t->powered() ? 0 : 1;
    }
    case kMigrateInfoType:
      return 2;  // no Trusted OS
    case kSystemOff:
      status_ = a1;
      finish(End::SystemOff, "");
      return kSuccess;
    case kSystemReset:
      finish(End::SystemReset, "");
      return kSuccess;
    case kFeatures: {
      const uint32_t q = uint32_t(a1) & ~kSmc64;
      const bool known = q == kPsciVersion || q == kCpuOff || q == kCpuOn || q == kAffinityInfo ||
                         q == kMigrateInfoType || q == kSystemOff || q == kSystemReset ||
                         q == kFeatures;
      return known ? kSuccess : uint64_t(kNotSupported);
    }
    case kCpuSuspend:
    default:
      return uint64_t(kNotSupported);
  }
}

// ---- gicsim --elf --------------------------------------------------------------

namespace {

nlohmann::json stats_json(IssPlatform& p, double host_s) {
  nlohmann::json j;
  j["simulated_s"] = sc_time_stamp().to_seconds();
  j["host_s"] = host_s;
  j["instructions"] = p.instructions();
  j["mips"] = host_s > 0 ? double(p.instructions()) / host_s / 1e6 : 0.0;
  nlohmann::json cpus = nlohmann::json::array();
  for (unsigned i = 0; i < p.cpus(); ++i) {
    const IssStats& s = p.cpu(i).stats();
    cpus.push_back({{"cpu", i},
                    {"instructions", s.instructions},
                    {"quanta", s.quanta},
                    {"exceptions",
                     {{"irq", s.irq},
                      {"fiq", s.fiq},
                      {"virq", s.virq},
                      {"vfiq", s.vfiq},
                      {"svc", s.svc},
                      {"hvc", s.hvc},
                      {"smc", s.smc},
                      {"smc_trap", s.smc_trap},
                      {"undefined", s.undefined},
                      {"sysreg_trap", s.sysreg_trap},
                      {"wfi_trap", s.wfi_trap},
                      {"data_abort", s.data_abort},
                      {"inst_abort", s.inst_abort},
                      {"brk", s.brk}}},
                    {"gic_mmio", s.gic_mmio},
                    {"gic_sysreg", s.gic_sysreg},
                    {"wfi", s.wfi}});
  }
  j["cpus"] = cpus;
  return j;
}

const char* end_name(IssPlatform::End e) {
  switch (e) {
    case IssPlatform::End::SystemOff:
      return "system_off";
    case IssPlatform::End::SystemReset:
      return "system_reset";
    case IssPlatform::End::Fatal:
      return "error";
    case IssPlatform::End::Limit:
      return "limit";
    case IssPlatform::End::Signal:
      return "signal";
    case IssPlatform::End::Running:
      break;
  }
  return "running";
}

}  // namespace

int run_elf(const SimConfig& cfg_in, const ElfRunOptions& opt, std::ostream& out,
            std::ostream& err) {
  SimConfig cfg = cfg_in;
  if (opt.max_instructions) cfg.iss.max_instructions = opt.max_instructions;
  if (cfg.gic.security_states != 1) {
    err << "gicsim: --elf: the bare-metal platform runs Non-secure software only (no EL3 "
           "firmware): gic.security_states must be 1\n";
    return 2;
  }
  ElfImage image;
  try {
    image = load_elf(opt.elf);
  } catch (const ElfError& e) {
    err << "gicsim: " << e.what() << "\n";
    return 2;
  }
  OutputFile stats_out;
  std::string why;
  if (!opt.stats_file.empty() && !stats_out.open(opt.stats_file, why)) {
    err << "gicsim: --stats: " << why << "\n";
    return 3;
  }
  OutputFile uart_out;
  if (!opt.uart_file.empty() && !uart_out.open(opt.uart_file, why)) {
    err << "gicsim: --uart: " << why << "\n";
    return 3;
  }
  run_control::reset();
  run_control::catch_signals();
  IssPlatform p("iss", cfg, [&out, &uart_out](char c) {
    if (uart_out.is_open()) {
      uart_out.write(&c, 1);
      return;
    }
    out.put(c);
    if (c == '\n') out.flush();
  });
  try {
    place_elf(image, opt.elf, p.ram().data(), cfg.iss.ram_base, p.ram().size());
  } catch (const ElfError& e) {
    err << "gicsim: " << e.what() << "\n";
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  try {
    p.boot(image.entry);
    sc_start(sc_time(cfg.iss.max_ms, SC_MS));
  } catch (const std::exception& e) {
    p.finish(IssPlatform::End::Fatal, e.what());
  }
  out.flush();
  if (p.end() == IssPlatform::End::Running)
    p.finish(sc_pending_activity() ? IssPlatform::End::Limit : IssPlatform::End::Fatal,
             sc_pending_activity()
                 ? "the simulated-time limit (iss.max_ms = " + std::to_string(cfg.iss.max_ms) +
                       " ms) was reached before the program powered the system off"
                 : "every core is off or waits for an interrupt that cannot come");
  const double host =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int rc = 0;
  switch (p.end()) {
    case IssPlatform::End::SystemOff:
      rc = p.status() == 0 ? 0 : 1;
      break;
    case IssPlatform::End::SystemReset:
      rc = 0;
      break;
    case IssPlatform::End::Signal:
      rc = 128 + run_control::stop_signal();
      break;
    default:
      rc = 4;
      break;
  }
  if (!p.message().empty()) err << "gicsim: " << opt.elf << ": " << p.message() << "\n";
  if (p.end() == IssPlatform::End::SystemOff && p.status() != 0)
    err << "gicsim: " << opt.elf << ": the program powered off with status " << p.status() << "\n";
  if (uart_out.is_open() && !uart_out.commit(why)) {
    err << "gicsim: --uart: " << why << "\n";
    if (!rc) rc = 3;
  }
  if (stats_out.is_open()) {
    nlohmann::json j = stats_json(p, host);
    j["end"] = end_name(p.end());
    j["status"] = p.status();
    j["exit_code"] = rc;
    stats_out.write(j.dump(2) + "\n");
    if (!stats_out.commit(why)) {
      err << "gicsim: --stats: " << why << "\n";
      return rc ? rc : 3;
    }
  }
  return rc;
}

}  // namespace gicsim
