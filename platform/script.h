// Stimulus scripts (STIMULUS.md): the parser. The whole script is parsed
// and checked against the platform configuration before anything runs.
#pragma once

#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim_config.h"
#include "sysreg.h"

namespace gicsim {

struct ScriptError : std::runtime_error {
  int line;
  ScriptError(int l, const std::string& m) : std::runtime_error(m), line(l) {}
};

enum class Expect { None, Value, Err, Undef, Trap, TrapEl3 };
enum class Output { Irq, Fiq, Virq, Vfiq, Maint };
enum class Level { High, Low, Pulse, Edge };
enum class VState { Inactive, Pending, Active, PendingActive };

struct Command {
  enum Kind {
    Mmio,
    Sysreg,
    Line,
    ExpectOutput,
    ExpectIrq,
    Run,
    Inject,
    Map,
    Enter,
    Exit,
    Maintenance,    // hyp maintenance manual|auto
    Handle,         // hyp handle cpu<n>
    Kick,           // hyp kick cpu<n>
    Wfi,            // hyp wfi vm<v> vcpu<k>
    ExpectBlocked,  // expect vm<v> vcpu<k> blocked|runnable
    ExpectSources,  // expect vm<v> vcpu<k> <sgi> sources <mask>
    Mem,            // mem rd<W>|wr<W> <address> ... (extension: memory, e.g. ITS tables)
    Msi,            // msi dev<D> event<E> (extension: a GITS_TRANSLATER write)
  };
  Kind kind = Run;
  int line = 0;
  std::string text;  // the source line, for messages
  unsigned cpu = 0;
  bool write = false;
  // mmio
  unsigned width = 4;
  std::string frame;  // GICD, GICR, GICC, GICH, GICV
  unsigned frame_index = 0;
  bool sgi_frame = false;
  uint64_t offset = 0;
  // mmio / sysreg values
  uint64_t value = 0, mask = ~0ull;
  Expect expect = Expect::None;
  Sr sr = Sr::ICC_PMR_EL1;
  bool virt = false;
  // Extension: `secure`/`ns` and `el1`..`el3` after <cpu> (two Security
  // states). security -1 = default (Secure at EL3, else Non-secure); el 0 =
  // the register's lowest exception level.
  int security = -1;
  uint8_t el = 0;
  // line / expect
  bool spi = false;
  unsigned intid = 0;
  Level level = Level::High;
  Output output = Output::Irq;
  bool high = false;
  // run
  uint64_t time_ps = 0;
  // hyp
  unsigned vm = 0, vcpu = 0, pintid = 0;
  bool has_vcpu = false;
  bool vm_frame = false;           // mmio to VM<v>.GICD / VM<v>.GICR<n> (extension)
  bool host = false;               // ... by the hypervisor itself, not a trapped guest access
  bool manual = false;             // hyp maintenance manual
  bool blocked = false;            // expect ... blocked (else runnable)
  uint8_t sources = 0;             // expect ... sources <mask>
  uint32_t device = 0, event = 0;  // msi
  VState state = VState::Inactive;
};

struct Script {
  std::string file;
  SimConfig config;
  std::vector<Command> commands;
  uint64_t total_ps = 0;              // simulated time the `run` commands add up to
  std::set<std::string> config_keys;  // given so far (each at most once)
};

// The simulated time a script may run in all: 2^62 ps (about 53 days), far
// from where SystemC's 64-bit picosecond time stamp wraps.
constexpr uint64_t kMaxScriptPs = uint64_t(1) << 62;

// Parses script text; base is the configuration before any `config` line.
// Throws ScriptError naming the line and the problem.
Script parse_script(const std::string& text, const std::string& file, const SimConfig& base);
Script parse_script_file(const std::string& path, const SimConfig& base);

const char* to_string(Output o);
const char* to_string(VState s);

}  // namespace gicsim
