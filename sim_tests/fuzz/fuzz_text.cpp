// libFuzzer: the stimulus-script parser and the JSON config loader on random
// text. Malformed input must end in ScriptError/ConfigError, never a crash.
#include <string>

#include "script.h"
#include "sim_config.h"

using namespace gicsim;

int sc_main(int, char*[]) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  static const SimConfig base = default_config();
  try {
    const Script s = parse_script(text, "fuzz.gs", base);
    // A parsed script names only registers, frames and CPUs that exist.
    for (const Command& c : s.commands)
      if (c.cpu >= s.config.gic.cpus) __builtin_trap();
  } catch (const ScriptError& e) {
    if (e.line < 0) __builtin_trap();
  }
  try {
    const SimConfig c = load_config(text, "fuzz.json");
    if (!c.gic.validate().empty()) __builtin_trap();  // accepted configs are valid
  } catch (const ConfigError&) {
  }
  return 0;
}
