#include "cost_model.h"

#include "input_file.h"

namespace gicsim {

namespace {
constexpr unsigned kMaxTerm = 100000000;  // cycles
}  // namespace

// Defined in the generated profiles.cpp (profiles/*.json at build time).
extern const std::vector<std::pair<std::string, const char*>> kPresetProfiles;

const std::array<TermInfo, kTerms>& term_info() {
  static const std::array<TermInfo, kTerms> info = {{
      {"exception_entry", "an exception taken at the current level and its return"},
      {"register_access", "one GIC register access that does not trap"},
      {"lr_access", "one ICH_*/GICH_* access in the hypervisor's flush and sync"},
      {"handler_body", "the guest's interrupt handler work"},
      {"host_irq_body", "the host's IRQ handler work (IPI, forwarded device)"},
      {"trap_to_el2", "the exception leaving the guest for EL2, and the ERET back"},
      {"exit_entry", "the EL2 world-switch code of one exit and the entry after it"},
      {"el1_state_switch", "an exit handled in the host at EL1 (nVHE): EL1 state out and in"},
      {"emulate_sgi", "emulating a trapped SGI write"},
      {"emulate_dir", "emulating a trapped deactivation"},
      {"emulate_gic_mmio", "emulating a guest distributor/redistributor access"},
      {"emulate_hvc", "handling a hypercall"},
      {"emulate_wfi", "handling a trapped WFI that blocks the vCPU"},
      {"emulate_io", "a guest write to an I/O doorbell (ioeventfd)"},
      {"irqfd_inject", "a backend thread injecting an interrupt (irqfd)"},
      {"ipi_send", "the software of sending a physical IPI"},
      {"schedule", "one scheduler context switch"},
      {"vcpu_load", "vcpu_put + vcpu_load (sysregs, timer, FP/SIMD, vgic)"},
      {"vm_switch", "switching to a vCPU of another VM (VMID, stage 2)"},
  }};
  return info;
}

const char* term_name(Term t) { return term_info()[size_t(t)].name; }

Term term_by_name(const std::string& name) {
  for (size_t i = 0; i < kTerms; ++i)
    if (name == term_info()[i].name) return Term(i);
  return Term::kCount;
}

std::vector<std::string> preset_names() {
  std::vector<std::string> n;
  for (const auto& p : kPresetProfiles) n.push_back(p.first);
  return n;
}

const char* preset_text(const std::string& name) {
  for (const auto& p : kPresetProfiles)
    if (p.first == name) return p.second;
  return nullptr;
}

void read_cost_overrides(JsonObj& costs, CostModel& m) {
  if (costs.get("world_switch"))
    costs.fail(costs.key("world_switch"),
               "replaced by the per-path terms trap_to_el2, exit_entry and el1_state_switch "
               "(README: cost terms)");
  for (size_t i = 0; i < kTerms; ++i) {
    unsigned v = unsigned(m.cycles[i]);
    costs.uint(term_info()[i].name, v, 0, kMaxTerm);
    m.cycles[i] = v;
  }
  costs.done();
}

CostModel parse_profile(const std::string& text, const std::string& origin) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(origin + ": invalid JSON: " + e.what());
  }
  JsonObj top(j, "", origin);
  CostModel m;
  top.text("name", m.profile);
  std::string description;
  top.text("description", description);
  const nlohmann::json* terms = top.get("terms");
  if (!terms) top.fail("terms", "missing: a profile gives every cost term");
  JsonObj t(*terms, "terms", origin);
  for (size_t i = 0; i < kTerms; ++i)
    if (!t.get(term_info()[i].name))
      t.fail(t.key(term_info()[i].name), "missing: a profile gives every cost term");
  read_cost_overrides(t, m);
  top.done();
  return m;
}

CostModel load_profile(const std::string& name_or_path, const std::string& base_dir,
                       const std::string& origin) {
  if (const char* text = preset_text(name_or_path))
    return parse_profile(text, "profile " + name_or_path);
  if (name_or_path.find('/') == std::string::npos &&
      name_or_path.find(".json") == std::string::npos) {
    std::string names;
    for (const std::string& n : preset_names()) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError(origin + ": key 'cpu.profile': '" + name_or_path + "' is neither a preset (" +
                      names + ") nor a profile file (*.json)");
  }
  const std::string path =
      name_or_path[0] == '/' || base_dir.empty() ? name_or_path : base_dir + "/" + name_or_path;
  std::string text;
  try {
    text = read_input_file(path);
  } catch (const InputError& e) {
    throw ConfigError(origin + ": key 'cpu.profile': " + path + ": " + e.what());
  }
  CostModel m = parse_profile(text, path);
  return m;
}

nlohmann::json terms_json(const CostModel& m) {
  nlohmann::json j = nlohmann::json::object();
  for (size_t i = 0; i < kTerms; ++i) j[term_info()[i].name] = m.cycles[i];
  return j;
}

}  // namespace gicsim
