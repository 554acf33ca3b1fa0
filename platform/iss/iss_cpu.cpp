#include "iss_cpu.h"

#include <unicorn/unicorn.h>

#include <cstring>

#include "le_bytes.h"
#include "log.h"
#include "mmio_region.h"

namespace gicsim {

using namespace sc_core;
namespace ps = a64::pstate;

namespace {

// A scratch page no program maps (above QEMU virt's RAM, inside the 44-bit
// physical address space of the Cortex-A72 model): an ERET that changes
// the exception level (Unicorn caches the EL, so writing PSTATE alone does
// not), and a branch-to-self that hooks redirect to, to end a quantum at an
// exact instruction boundary.
constexpr uint64_t kScratch = 0x0fffffff0000ull;
constexpr uint64_t kEret = kScratch, kStub = kScratch + 4;
constexpr uint32_t kInsnEret = 0xd69f03e0, kInsnSelfLoop = 0x14000000;
constexpr uint32_t kInsnWfi = 0xd503207f;

// Unicorn's exception numbers (QEMU's EXCP_*) seen by UC_HOOK_INTR.
constexpr uint32_t kExcUdef = 1, kExcSvc = 2, kExcBkpt = 7, kExcHvc = 11, kExcHypTrap = 12,
                   kExcSmc = 13;

// Register encodings (op0, op1, CRn, CRm, op2).
struct Enc {
  unsigned op0, op1, crn, crm, op2;
};
constexpr Enc kSpsr[4] = {{3, 0, 4, 0, 0}, {3, 0, 4, 0, 0}, {3, 4, 4, 0, 0}, {3, 6, 4, 0, 0}};
constexpr Enc kScrEl3{3, 6, 1, 1, 0}, kHcrEl2{3, 4, 1, 1, 0}, kVmpidrEl2{3, 4, 0, 0, 5},
    kMpidrEl1{3, 0, 0, 0, 5}, kIdAa64Pfr0{3, 0, 0, 4, 0};
constexpr unsigned kPfr0GicShift = 24;  // ID_AA64PFR0_EL1.GIC [27:24]
constexpr uint64_t kScrNs = 1u << 0, kScrHce = 1u << 8, kScrRw = 1u << 10;
constexpr uint64_t kHcrRw = 1ull << 31;
constexpr int kElr[4] = {UC_ARM64_REG_ELR_EL0, UC_ARM64_REG_ELR_EL1, UC_ARM64_REG_ELR_EL2,
                         UC_ARM64_REG_ELR_EL3};
constexpr int kEsr[4] = {UC_ARM64_REG_ESR_EL0, UC_ARM64_REG_ESR_EL1, UC_ARM64_REG_ESR_EL2,
                         UC_ARM64_REG_ESR_EL3};
constexpr int kFar[4] = {UC_ARM64_REG_FAR_EL0, UC_ARM64_REG_FAR_EL1, UC_ARM64_REG_FAR_EL2,
                         UC_ARM64_REG_FAR_EL3};
constexpr int kSpEl[4] = {UC_ARM64_REG_SP_EL0, UC_ARM64_REG_SP_EL1, UC_ARM64_REG_SP_EL2,
                          UC_ARM64_REG_SP_EL3};
constexpr int kVbar[4] = {UC_ARM64_REG_VBAR_EL0, UC_ARM64_REG_VBAR_EL1, UC_ARM64_REG_VBAR_EL2,
                          UC_ARM64_REG_VBAR_EL3};

bool is(const Enc& e, unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  return e.op0 == op0 && e.op1 == op1 && e.crn == crn && e.crm == crm && e.op2 == op2;
}

// C trampolines for Unicorn's hooks.
void hook_block(uc_engine*, uint64_t addr, uint32_t size, void* cpu) {
  static_cast<IssCpu*>(cpu)->on_block(addr, size);
}
uint32_t hook_mrs(uc_engine*, uc_arm64_reg reg, const uc_arm64_cp_reg* c, void* cpu) {
  return static_cast<IssCpu*>(cpu)->on_sysreg(reg, c->op0, c->op1, c->crn, c->crm, c->op2, 0, true);
}
uint32_t hook_msr(uc_engine*, uc_arm64_reg reg, const uc_arm64_cp_reg* c, void* cpu) {
  return static_cast<IssCpu*>(cpu)->on_sysreg(reg, c->op0, c->op1, c->crn, c->crm, c->op2, c->val,
                                              false);
}
void hook_mmio(uc_engine*, uc_mem_type type, uint64_t addr, int size, int64_t value, void* w) {
  const auto* window = static_cast<const IssCpu::Window*>(w);
  window->cpu->on_mmio(*window, type == UC_MEM_WRITE, addr, size, value);
}
bool hook_unmapped(uc_engine*, uc_mem_type type, uint64_t addr, int size, int64_t, void* cpu) {
  return static_cast<IssCpu*>(cpu)->on_unmapped(type, addr, size);
}
void hook_intr(uc_engine*, uint32_t n, void* cpu) { static_cast<IssCpu*>(cpu)->on_intr(n); }

void check(uc_err e, const char* what) {
  if (e != UC_ERR_OK)
    throw std::runtime_error(std::string("unicorn: ") + what + ": " + uc_strerror(e));
}

}  // namespace

IssCpu::IssCpu(sc_module_name name, unsigned id, uint64_t mpidr, const IssConfig& cfg,
               double clock_mhz, IssCosts costs, IssBoard& board)
    : sc_module(name),
      bus("bus"),
      sysreg("sysreg"),
      irq("irq"),
      fiq("fiq"),
      virq("virq"),
      vfiq("vfiq"),
      timer("timer", GenericTimer::kTimers),
      id_(id),
      mpidr_(mpidr),
      cfg_(cfg),
      cycle_(sc_time(1e-6 / clock_mhz, SC_SEC)),
      costs_(costs),
      board_(board) {
  mmio_ext_.cpu = id;  // Non-secure accesses of this core
  check(uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc_), "open");
  check(uc_mem_map(uc_, kScratch, 0x1000, UC_PROT_ALL), "map scratch page");
  const uint32_t scratch[2] = {kInsnEret, kInsnSelfLoop};
  check(uc_mem_write(uc_, kScratch, scratch, sizeof scratch), "write scratch page");
  uc_hook h;
  check(uc_hook_add(uc_, &h, UC_HOOK_BLOCK, (void*)hook_block, this, 1, 0), "block hook");
  check(uc_hook_add(uc_, &h, UC_HOOK_INSN, (void*)hook_mrs, this, 1, 0, UC_ARM64_INS_MRS),
        "mrs hook");
  check(uc_hook_add(uc_, &h, UC_HOOK_INSN, (void*)hook_msr, this, 1, 0, UC_ARM64_INS_MSR),
        "msr hook");
  check(uc_hook_add(uc_, &h, UC_HOOK_MEM_UNMAPPED, (void*)hook_unmapped, this, 1, 0),
        "unmapped hook");
  check(uc_hook_add(uc_, &h, UC_HOOK_INTR, (void*)hook_intr, this, 1, 0), "intr hook");
  SC_THREAD(run);
  set_stack_size(16 << 20);  // Unicorn's translated code runs on this thread's stack
}

IssCpu::~IssCpu() {
  mmio_payload_.clear_extension(&mmio_ext_);
  if (uc_) uc_close(uc_);
}

void IssCpu::map_ram(uint64_t base, uint64_t size) {
  tlm::tlm_generic_payload p;
  tlm::tlm_dmi dmi;
  p.set_address(base);
  p.set_command(tlm::TLM_READ_COMMAND);
  if (!bus->get_direct_mem_ptr(p, dmi) || dmi.get_start_address() > base ||
      dmi.get_end_address() < base + size - 1)
    throw std::runtime_error("the bus grants no direct memory access to RAM");
  uint8_t* host = dmi.get_dmi_ptr() + (base - dmi.get_start_address());
  check(uc_mem_map_ptr(uc_, base, size, UC_PROT_ALL, host), "map RAM");
}

void IssCpu::map_device(uint64_t base, uint64_t size, bool gic) {
  check(uc_mem_map(uc_, base, size, UC_PROT_READ | UC_PROT_WRITE), "map device window");
  windows_.push_back(Window{this, gic});  // a deque: the hook keeps its address
  uc_hook h;
  check(uc_hook_add(uc_, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, (void*)hook_mmio,
                    &windows_.back(), base, base + size - 1),
        "mmio hook");
}

void IssCpu::wire_direct(const DirectLines& d) {
  direct_ = d;
  for (IrqLine* l : {d.irq, d.fiq, d.virq, d.vfiq})
    l->connect([this](bool) { wake_.notify(SC_ZERO_TIME); });
}

void IssCpu::end_of_elaboration() {
  if (direct_) return;
  // Signals: one method turns a change of any line into the wake-up event.
  sc_spawn_options o;
  o.spawn_method();
  o.dont_initialize();
  for (auto* in : {&irq, &fiq, &virq, &vfiq}) o.set_sensitivity(&(*in)->value_changed_event());
  sc_spawn([this] { wake_.notify(SC_ZERO_TIME); }, sc_gen_unique_name("wake"), &o);
}

void IssCpu::power_on(uint64_t entry, uint64_t context) {
  entry_ = entry;
  context_ = context;
  pending_on_ = true;
  power_event_.notify(SC_ZERO_TIME);
}

// ---- register access ------------------------------------------------------

uint64_t IssCpu::reg(int r) const {
  uint64_t v = 0;
  uc_reg_read(uc_, r, &v);
  return v;
}
void IssCpu::set_reg(int r, uint64_t v) { uc_reg_write(uc_, r, &v); }
uint64_t IssCpu::pc() const { return reg(UC_ARM64_REG_PC); }
uint64_t IssCpu::pstate() const { return reg(UC_ARM64_REG_PSTATE); }

uint64_t IssCpu::cpreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) const {
  uc_arm64_cp_reg c{crn, crm, op0, op1, op2, 0};
  uc_reg_read(uc_, UC_ARM64_REG_CP_REG, &c);
  return c.val;
}
void IssCpu::set_cpreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                       uint64_t v) {
  uc_arm64_cp_reg c{crn, crm, op0, op1, op2, v};
  uc_reg_write(uc_, UC_ARM64_REG_CP_REG, &c);
}
#define CPREG(e) (e).op0, (e).op1, (e).crn, (e).crm, (e).op2

uint32_t IssCpu::insn_at(uint64_t addr) const {
  uint32_t v = 0;
  if (uc_mem_read(uc_, addr, &v, 4) != UC_ERR_OK) return 0;
  return v;
}

a64::Lines IssCpu::lines() const {
  if (direct_)
    return a64::Lines{direct_->irq->read(), direct_->fiq->read(), direct_->virq->read(),
                      direct_->vfiq->read()};
  return a64::Lines{irq.read(), fiq.read(), virq.read(), vfiq.read()};
}

// ---- time ---------------------------------------------------------------------

// Inside a quantum the instructions run so far count too (they are charged
// to the quantum keeper when it ends): CNTPCT advances between two reads.
sc_time IssCpu::now() const {
  const sc_time t = sc_time_stamp() + qk_.get_local_time();
  return in_quantum_ ? t + cycle_ * double(cycles_of(executed_)) : t;
}

uint64_t IssCpu::cycles_of(uint64_t instructions) const {
  return uint64_t(double(instructions) / cfg_.ipc + 0.5);
}

uint64_t IssCpu::count_now() const {
  const unsigned __int128 ps = now().value();  // the time resolution is 1 ps
  return uint64_t(ps * uint64_t(cfg_.timer_hz) / 1000000000000ull);
}

sc_time IssCpu::time_of_count(uint64_t count) const {
  const unsigned __int128 num = (unsigned __int128)count * 1000000000000ull;
  const uint64_t hz = uint64_t(cfg_.timer_hz);
  return sc_time::from_value(uint64_t((num + hz - 1) / hz));
}

void IssCpu::charge(uint64_t cycles) { qk_.inc(cycle_ * double(cycles)); }

void IssCpu::drive_timers() {
  const uint64_t c = count_now();
  for (unsigned t = 0; t < GenericTimer::kTimers; ++t) {
    const bool level = gtimer_.line(GenericTimer::Id(t), c);
    if (level != timer_level_[t]) {
      timer_level_[t] = level;
      timer[t].write(level);
      if (direct_) direct_->timer[t]->set(level);
    }
  }
}

// ---- the thread ---------------------------------------------------------------

void IssCpu::boot() {
  pending_on_ = false;
  on_ = true;
  set_cpreg(CPREG(kScrEl3), kScrNs | kScrHce | kScrRw);
  hcr_ = kHcrRw;
  set_cpreg(CPREG(kHcrEl2), hcr_);
  set_cpreg(CPREG(kVmpidrEl2), mpidr_);
  gtimer_.reset();
  for (int r = UC_ARM64_REG_X0; r <= UC_ARM64_REG_X28; ++r) set_reg(r, 0);
  set_reg(UC_ARM64_REG_X0, context_);
  eret_to(entry_, ps::entry_mode(2));
  executed_since_entry_ = true;
}

void IssCpu::run() {
  for (;;) {
    if (board_.stopping()) return;
    if (!on_ && !pending_on_) {
      qk_.sync();
      wait(power_event_);
      continue;
    }
    if (pending_on_) boot();
    drive_timers();
    // A quantum that ended early (an exception, WFI) usually changed what
    // the GIC signals: through signals, let its processes and the wires
    // settle (the quantum keeper's wait ends every delta cycle of the
    // current time) before the lines are sampled, so no interrupt already
    // gone is taken. Direct lines are always current.
    if ((!direct_ && stop_ != Stop::Quantum) || qk_.need_sync()) qk_.sync();
    take_interrupt();
    run_quantum();
    if (!board_.account(executed_)) return;
  }
}

void IssCpu::run_quantum() {
  limit_ = cfg_.quantum;
  executed_ = 0;
  clamp_to_timer();
  stop_ = Stop::None;
  intr_.reset();
  pending_.reset();
  fault_.reset();
  in_quantum_ = true;
  const uc_err err = uc_emu_start(uc_, pc(), 0, 0, 0);
  in_quantum_ = false;
  stats_.instructions += executed_;
  ++stats_.quanta;
  if (executed_) executed_since_entry_ = true;
  charge(cycles_of(executed_));
  after_quantum(err);
}

// Ends the quantum where the next timer condition is met (counted from the
// instructions run so far), so a timer interrupt is as punctual as with a
// quantum of one block.
void IssCpu::clamp_to_timer() {
  const auto next = gtimer_.next_rise(count_now());
  if (!next) return;
  const sc_time at = time_of_count(*next), t = now();
  const double insns = at > t ? (at - t) / cycle_ * cfg_.ipc : 0;
  const double until = double(executed_) + (insns < 1 ? 1 : insns);  // now() counts executed_
  if (until < double(limit_)) limit_ = unsigned(until);
}

void IssCpu::on_block(uint64_t addr, uint32_t size) {
  if (in_trampoline_) {
    if (addr != kEret) uc_emu_stop(uc_);  // the ERET is done: stop before the target runs
    return;
  }
  if (addr == kStub) {  // a hook redirected here: end the quantum at that boundary
    stop_ = Stop::Trap;
    uc_emu_stop(uc_);
    return;
  }
  // An interrupt line is up: stop where it can be taken (after an ERET to
  // a lower EL, a DAIF unmask, or an access that raised it), not only at
  // the end of the quantum. PSTATE is read only while a line is up.
  const a64::Lines l = lines();
  if ((l.irq || l.fiq || l.virq || l.vfiq || (hcr_ & (a64::hcr::kVi | a64::hcr::kVf))) &&
      a64::pick_interrupt(l, el(), pstate(), hcr_)) {
    stop_ = Stop::Interrupt;
    uc_emu_stop(uc_);
    return;
  }
  const unsigned n = size / 4;
  if (executed_ > 0 && executed_ + n > limit_) {
    stop_ = Stop::Quantum;
    uc_emu_stop(uc_);  // the block does not run: it starts the next quantum
    return;
  }
  executed_ += n;
  block_addr_ = addr;
  block_size_ = size;
}

void IssCpu::after_quantum(int err) {
  if (pending_) {
    const PendingSync p = *pending_;
    pending_.reset();
    enter(p.target_el, a64::VectorKind::Sync, p.elr, p.esr, p.far);
    return;
  }
  if (fault_) {
    const Fault f = *fault_;
    fault_.reset();
    handle_fault(f);
    return;
  }
  if (intr_) {
    handle_intr(*intr_);
    return;
  }
  if (err != UC_ERR_OK) {
    board_.fatal(id_, std::string("CPU emulation stopped: ") + uc_strerror(uc_err(err)) +
                          " at PC " + hex(pc()));
    return;
  }
  if (stop_ == Stop::None && insn_at(pc() - 4) == kInsnWfi) handle_wfi();
}

// ---- exceptions ---------------------------------------------------------------

void IssCpu::eret_to(uint64_t target_pc, uint64_t spsr) {
  // Unicorn keeps translating for the EL it cached: an ERET from EL3 is what
  // makes it switch. The ERET reads the ELR of the cached EL, so both hold
  // the target; the caller restores what that clobbers.
  // Writing PSTATE does not bank the stack pointer either: file the
  // current SP where an exception return will look for it.
  const uint64_t now_ps = pstate();
  const unsigned from = ps::el(now_ps);
  set_reg((now_ps & ps::kSp) ? kSpEl[from] : kSpEl[0], reg(UC_ARM64_REG_SP));
  set_cpreg(CPREG(kSpsr[3]), spsr);
  set_reg(kElr[3], target_pc);
  set_reg(kElr[from], target_pc);
  set_reg(UC_ARM64_REG_PSTATE, ps::entry_mode(3));
  in_trampoline_ = true;
  uc_emu_start(uc_, kEret, 0, 0, 0);
  in_trampoline_ = false;
}

void IssCpu::enter(unsigned target, a64::VectorKind kind, uint64_t elr, std::optional<uint32_t> esr,
                   std::optional<uint64_t> far) {
  const uint64_t saved = pstate();
  const unsigned from = ps::el(saved);
  const uint64_t vector =
      reg(kVbar[target]) + a64::vector_offset(from, saved & ps::kSp, target, kind);
  const uint64_t from_elr = reg(kElr[from]);
  eret_to(vector, ps::entry_mode(target));
  if (from != target) set_reg(kElr[from], from_elr);
  set_reg(kElr[target], elr);
  set_cpreg(CPREG(kSpsr[target]), saved);
  if (esr) set_reg(kEsr[target], *esr);
  if (far) set_reg(kFar[target], *far);
  charge(costs_.exception_entry);
  last_vector_ = vector;
  executed_since_entry_ = false;
}

void IssCpu::take_interrupt() {
  const auto t = a64::pick_interrupt(lines(), el(), pstate(), hcr_);
  if (!t) return;
  a64::VectorKind kind = a64::VectorKind::Irq;
  switch (t->kind) {
    case a64::IntKind::Irq:
      ++stats_.irq;
      break;
    case a64::IntKind::Fiq:
      ++stats_.fiq;
      kind = a64::VectorKind::Fiq;
      break;
    case a64::IntKind::VIrq:
      ++stats_.virq;
      break;
    case a64::IntKind::VFiq:
      ++stats_.vfiq;
      kind = a64::VectorKind::Fiq;
      break;
  }
  enter(t->target_el, kind, pc(), std::nullopt, std::nullopt);
}

void IssCpu::trap_to_stub(unsigned target_el, uint32_t esr, uint64_t elr,
                          std::optional<uint64_t> far) {
  pending_ = PendingSync{target_el, esr, elr, far};
  set_reg(UC_ARM64_REG_PC, kStub);
}

void IssCpu::handle_intr(uint32_t n) {
  const uint64_t p = pc();
  const unsigned cur = el();
  const unsigned here = cur == 0 ? 1 : cur;
  switch (n) {
    case kExcSvc:
      ++stats_.svc;
      enter(here, a64::VectorKind::Sync, p, a64::esr(a64::Ec::Svc, insn_at(p - 4) >> 5 & 0xffff),
            std::nullopt);
      return;
    case kExcHvc:
      if (cur == 1 && (hcr_ & a64::hcr::kHcd)) {
        ++stats_.undefined;
        enter(1, a64::VectorKind::Sync, p - 4, a64::esr(a64::Ec::Unknown, 0), std::nullopt);
        return;
      }
      ++stats_.hvc;
      enter(2, a64::VectorKind::Sync, p, a64::esr(a64::Ec::Hvc, insn_at(p - 4) >> 5 & 0xffff),
            std::nullopt);
      return;
    case kExcHypTrap:  // SMC trapped by HCR_EL2.TSC: PC is on the SMC
    case kExcSmc: {
      const uint64_t smc_pc = n == kExcSmc ? p - 4 : p;
      if (cur == 1 && (hcr_ & a64::hcr::kTsc)) {
        ++stats_.smc_trap;
        enter(2, a64::VectorKind::Sync, smc_pc,
              a64::esr(a64::Ec::Smc, insn_at(smc_pc) >> 5 & 0xffff), std::nullopt);
        return;
      }
      ++stats_.smc;
      // PSCI firmware (what QEMU provides when it runs no EL3 software).
      set_reg(UC_ARM64_REG_PC, smc_pc + 4);
      const uint64_t r = board_.psci(id_, reg(UC_ARM64_REG_X0), reg(UC_ARM64_REG_X1),
                                     reg(UC_ARM64_REG_X2), reg(UC_ARM64_REG_X3));
      if (on_) set_reg(UC_ARM64_REG_X0, r);
      return;
    }
    case kExcUdef:
      ++stats_.undefined;
      enter(here, a64::VectorKind::Sync, p, a64::esr(a64::Ec::Unknown, 0), std::nullopt);
      return;
    case kExcBkpt:
      ++stats_.brk;
      enter(here, a64::VectorKind::Sync, p, a64::esr(a64::Ec::Brk, insn_at(p) >> 5 & 0xffff),
            std::nullopt);
      return;
    default:
      board_.fatal(id_, "unexpected CPU exception " + std::to_string(n) + " at PC " + hex(p));
  }
}

void IssCpu::handle_fault(const Fault& f) {
  const unsigned cur = el();
  const unsigned here = cur == 0 ? 1 : cur;
  if (f.fetch) {
    if (!executed_since_entry_ && f.addr == last_vector_) {
      board_.fatal(id_, "instruction fetch from unmapped address " + hex(f.addr) +
                            ", the exception vector of an earlier abort (a wild branch?)");
      return;
    }
    ++stats_.inst_abort;
    enter(
        here, a64::VectorKind::Sync, f.addr,
        a64::esr(here == cur ? a64::Ec::InstAbortSame : a64::Ec::InstAbortLower, a64::kFscExternal),
        f.addr);
    return;
  }
  ++stats_.data_abort;
  const uint64_t elr = data_abort_pc(f.addr, f.size, f.write);
  enter(here, a64::VectorKind::Sync, elr,
        a64::esr(a64::Ec::DataAbortSame, a64::kFscExternal | (f.write ? a64::kIssWnR : 0)), f.addr);
}

uint64_t IssCpu::data_abort_pc(uint64_t addr, unsigned size, bool write) {
  const unsigned n = block_size_ / 4;
  std::vector<uint32_t> insns(n);
  if (n == 0 || uc_mem_read(uc_, block_addr_, insns.data(), n * 4) != UC_ERR_OK) return block_addr_;
  auto x = [this](unsigned r) {
    return reg(r == 31 ? UC_ARM64_REG_SP
                       : (r <= 28 ? UC_ARM64_REG_X0 + int(r)
                                  : (r == 29 ? UC_ARM64_REG_X29 : UC_ARM64_REG_X30)));
  };
  const auto i = a64::find_access(insns.data(), n, addr, size, write, x);
  return block_addr_ + 4 * uint64_t(i.value_or(0));
}

void IssCpu::handle_wfi() {
  ++stats_.wfi;
  if (el() == 1 && (hcr_ & a64::hcr::kTwi)) {
    ++stats_.wfi_trap;
    enter(2, a64::VectorKind::Sync, pc() - 4, a64::esr(a64::Ec::Wfx, a64::kIssWfi), std::nullopt);
    return;
  }
  for (;;) {
    drive_timers();
    qk_.sync();
    if (board_.stopping() || !on_) return;
    if (a64::wfi_wakes(lines(), el(), hcr_)) return;
    if (const auto next = gtimer_.next_rise(count_now())) {
      const sc_time at = time_of_count(*next);
      wait(at > sc_time_stamp() ? at - sc_time_stamp() : SC_ZERO_TIME, wake_);
    } else {
      wait(wake_);  // sc_stop ends the run when nothing will come
    }
  }
}

// ---- hooks --------------------------------------------------------------------

uint32_t IssCpu::on_sysreg(int r, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                           unsigned op2, uint64_t value, bool read) {
  if (op0 != 3) return 0;
  const unsigned cur = el();
  const unsigned here = cur == 0 ? 1 : cur;
  const uint64_t p = pc();
  auto rt = [&] { return insn_at(p) & 31; };  // read only for a trap's syndrome
  auto undefined = [&] {
    ++stats_.undefined;
    trap_to_stub(here, a64::esr(a64::Ec::Unknown, 0), p);
    return 1u;
  };
  if (crn == 12 || (crn == 4 && crm == 6)) {  // the GIC's registers (ICC_PMR_EL1: C4_C6)
    const SysregEnc enc{uint8_t(op0), uint8_t(op1), uint8_t(crn), uint8_t(crm), uint8_t(op2)};
    if (sysreg_by_enc(enc)) {
      SysregAccess a;
      a.enc = enc;
      a.write = !read;
      a.value = read ? 0 : value;
      a.cpu = id_;
      a.el = uint8_t(cur);
      a.imo = hcr_ & a64::hcr::kImo;
      a.fmo = hcr_ & a64::hcr::kFmo;
      sc_time d = SC_ZERO_TIME;
      const SysregStatus st = sysreg_payload_.transport(sysreg, a, d);
      qk_.inc(d);
      ++stats_.gic_sysreg;
      charge(costs_.register_access);
      switch (st) {
        case SysregStatus::Ok:
          if (read) set_reg(r, a.value);
          set_reg(UC_ARM64_REG_PC, p + 4);  // Unicorn does not know these registers
          return 1;
        case SysregStatus::Undefined:
          return undefined();
        case SysregStatus::TrapEl2:
          ++stats_.sysreg_trap;
          trap_to_stub(
              2, a64::esr(a64::Ec::Sysreg, a64::iss_sysreg(op0, op1, crn, crm, op2, rt(), read)),
              p);
          return 1;
        case SysregStatus::TrapEl3:
          board_.fatal(id_, "a GIC system-register access traps to EL3, where no software runs");
          trap_to_stub(here, 0, p);
          return 1;
      }
    }
    return 0;
  }
  if (crn == 14) {
    uint64_t v = value;
    switch (gtimer_.access(op1, crm, op2, !read, v, count_now(), cur, uint64_t(cfg_.timer_hz))) {
      case GenericTimer::Result::NotTimer:
        return 0;
      case GenericTimer::Result::Undefined:
        return undefined();
      case GenericTimer::Result::Ok:
        if (!read) {
          drive_timers();
          clamp_to_timer();
        } else {
          set_reg(r, v);
        }
        return 1;
    }
  }
  if (read && is(kMpidrEl1, op0, op1, crn, crm, op2) && cur >= 2) {
    set_reg(r, mpidr_);  // at EL1 Unicorn answers VMPIDR_EL2 itself
    return 1;
  }
  if (read && is(kIdAa64Pfr0, op0, op1, crn, crm, op2)) {
    const uint64_t id = cpreg(CPREG(kIdAa64Pfr0)) & ~(0xfull << kPfr0GicShift);
    set_reg(r, id | (gic_sysregs_ ? 1ull << kPfr0GicShift : 0));
    return 1;
  }
  if (!read && is(kHcrEl2, op0, op1, crn, crm, op2) && cur >= 2) hcr_ = value;
  return 0;
}

void IssCpu::on_mmio(const Window& w, bool write, uint64_t addr, int size, int64_t value) {
  uint8_t data[8] = {};
  store_le(uint64_t(value), data);
  tlm::tlm_generic_payload& p = mmio_payload_;  // built once: no allocation per access
  prepare_access(p, mmio_ext_, write, addr, unsigned(size), data);
  sc_time d = SC_ZERO_TIME;
  bus->b_transport(p, d);
  qk_.inc(d);
  if (w.gic) ++stats_.gic_mmio;
  if (!p.is_response_ok()) {
    fault_ = Fault{write, false, addr, unsigned(size)};
    set_reg(UC_ARM64_REG_PC, kStub);
    return;
  }
  if (!write) uc_mem_write(uc_, addr, data, size_t(size));
}

bool IssCpu::on_unmapped(int type, uint64_t addr, int size) {
  fault_ =
      Fault{type == UC_MEM_WRITE_UNMAPPED, type == UC_MEM_FETCH_UNMAPPED, addr, unsigned(size)};
  return false;
}

void IssCpu::on_intr(uint32_t n) {
  intr_ = n;
  uc_emu_stop(uc_);
}

}  // namespace gicsim
