// The per-path cost model of the CPU stubs: named cost terms in cycles, each
// charged where its step runs (README: "Cost terms"). A host mode is a preset
// of the terms (profiles/*.json, embedded in the binary at build time); a
// configuration picks one (cpu.profile: a preset name or a profile file) and
// may override any term (cpu.costs).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "json_obj.h"

namespace gicsim {

enum class Term : uint8_t {
  ExceptionEntry,  // an exception taken at the current level and its return
  RegisterAccess,  // one ICC/ICV system-register or GICC/GICV/GICD access that does not trap
  LrAccess,        // one ICH_*/GICH_* access of the hypervisor's flush and sync
  HandlerBody,     // the guest's interrupt handler work
  HostIrqBody,     // the host's IRQ handler work (IPI, forwarded device)
  TrapToEl2,       // the exception that leaves the guest for EL2, and the ERET back
  ExitEntry,       // the EL2 world-switch code of one exit and the entry after it
  El1StateSwitch,  // an exit handled in the host kernel at EL1 (nVHE): EL1 state out and in
  EmulateSgi,      // emulating a trapped SGI write (ICC_SGI1R_EL1, GICD_SGIR)
  EmulateDir,      // emulating a trapped deactivation (ICV_DIR_EL1 under TDIR, GICV_DIR page)
  EmulateGicMmio,  // emulating a guest access to its distributor or redistributors
  EmulateHvc,      // handling a hypercall
  EmulateWfi,      // handling a trapped WFI that blocks the vCPU
  EmulateIo,       // a guest MMIO write to an I/O doorbell (ioeventfd: decode, signal)
  IrqfdInject,     // a backend thread injecting an interrupt (irqfd -> vgic)
  IpiSend,         // the software of sending a physical IPI, besides the SGI register write
  Schedule,        // one scheduler context switch (waking a thread, blocking one)
  VcpuLoad,        // vcpu_put + vcpu_load: EL1 sysregs, timer, FP/SIMD, vgic VMCR/APRs
  VmSwitch,        // the next vCPU belongs to another VM: VMID and stage-2 tables
  kCount
};
constexpr size_t kTerms = size_t(Term::kCount);

struct TermInfo {
  const char* name;
  const char* doc;
};
const std::array<TermInfo, kTerms>& term_info();
const char* term_name(Term t);
// The term of a name, or kCount.
Term term_by_name(const std::string& name);

struct CostModel {
  std::string profile = "nvhe";  // the preset or file the terms came from
  std::array<uint64_t, kTerms> cycles{};
  uint64_t operator[](Term t) const { return cycles[size_t(t)]; }
  uint64_t& operator[](Term t) { return cycles[size_t(t)]; }
};

// The host-mode presets built in (profiles/*.json): their names, and their text.
std::vector<std::string> preset_names();
const char* preset_text(const std::string& name);  // null when there is none

// A profile: {"name", "description", "terms": {every term}}; a missing or
// unknown term, or a value out of range, is a ConfigError naming origin.
CostModel parse_profile(const std::string& text, const std::string& origin);
// A preset name, or a path to a profile file (relative paths from base_dir).
CostModel load_profile(const std::string& name_or_path, const std::string& base_dir,
                       const std::string& origin);
// cpu.costs: any subset of the terms.
void read_cost_overrides(JsonObj& costs, CostModel& m);
// The terms as a JSON object (a profile's "terms").
nlohmann::json terms_json(const CostModel& m);

}  // namespace gicsim
