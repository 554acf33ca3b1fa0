// gicsim: the command line.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <systemc>

#include "iss_platform.h"
#include "log.h"
#include "main_job.h"
#include "micro_bench.h"
#include "script.h"
#include "script_runner.h"
#include "sim_config.h"

using namespace gicsim;

int sc_main(int argc, char* argv[]) {
  CLI::App app{
      "gicsim: SystemC/TLM-2.0 model of the Arm GIC (GICv2/GICv3) with virtualization.\n"
      "Without --script, runs the main job on the configured platform (default: the\n"
      "embedded platform, see --print-config) and prints a summary.",
      "gicsim"};
  std::string config_file, script_file;
  ElfRunOptions elf;
  JobOutputs outputs;
  bool print_config = false, log_events = false, micro_bench = false;
  app.add_option("--config", config_file,
                 "JSON platform configuration (a regular file of at most 64 MiB); keys not "
                 "given keep the embedded default");
  app.add_option("--script", script_file,
                 "run a stimulus script (STIMULUS.md; a regular file of at most 64 MiB); exit 0 "
                 "when every expectation held, 1 when one did not, 2 when the script is "
                 "malformed");
  app.add_flag("--print-config", print_config, "print the embedded default configuration and exit");
  app.add_flag("--log", log_events, "print the event log (with SystemC time stamps) to stderr");
  app.add_option("--stats", outputs.stats_file,
                 "write every figure of the main job as JSON (schema in the README), "
                 "atomically, also when a signal stops the run");
  app.add_option("--vcd", outputs.vcd_file,
                 "write the interrupt lines (irq, fiq, virq, vfiq, maint per CPU) as VCD to "
                 "exactly this path");
  app.add_flag("--micro-bench", micro_bench,
               "run kvm-unit-tests-style micro-benchmarks (hvc, mmio_read_vgic, eoi, ipi, "
               "ipi_blocked, io_out, io_in) on the configured GIC and cost profile; print "
               "cycles per operation (mean, p50, p99); --stats writes them as JSON");
  app.add_option("--elf", elf.elf,
                 "run a bare-metal AArch64 program (ELF64) on the instruction-set-simulator "
                 "platform (QEMU virt map; CPUs, GIC version and LRs from --config): the UART "
                 "goes to stdout, gicsim's messages to stderr; exit 0 when the program powers "
                 "off through PSCI SYSTEM_OFF with X1 = 0, 1 with another X1, 4 when it does "
                 "not finish (a limit, a wild branch, every core waiting forever)");
  app.add_option("--uart", elf.uart_file,
                 "with --elf: write the UART's output to this file (atomically, also when a "
                 "signal stops the run) instead of stdout");
  app.add_option("--max-instructions", elf.max_instructions,
                 "with --elf: end the run after this many instructions (all cores; overrides "
                 "iss.max_instructions)");
  app.footer(
      "Exit codes: 0 ok; 1 an expectation failed, or interrupts were lost or delivered "
      "twice; 2 bad input (command line, configuration, script) or a run that makes no "
      "progress; 3 an output file could not be written; 4 (--elf) the program did not "
      "finish; 128+n stopped by signal n (SIGINT 130, SIGTERM 143, SIGHUP 129: the "
      "outputs are written for the time simulated).");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  // Options given with an empty value, or outputs a script run never writes.
  const std::pair<const char*, const std::string*> paths[] = {
      {"--config", &config_file},   {"--script", &script_file}, {"--stats", &outputs.stats_file},
      {"--vcd", &outputs.vcd_file}, {"--elf", &elf.elf},        {"--uart", &elf.uart_file}};
  for (const auto& [opt, v] : paths) {
    if (app.count(opt) && v->empty()) {
      std::cerr << "gicsim: " << opt << ": an empty file name\n";
      return 2;
    }
  }
  if (!elf.elf.empty() && (!script_file.empty() || app.count("--vcd"))) {
    std::cerr << "gicsim: --elf runs a program; it takes neither --script nor --vcd\n";
    return 2;
  }
  if ((app.count("--max-instructions") || app.count("--uart")) && elf.elf.empty()) {
    std::cerr << "gicsim: --max-instructions and --uart belong to an --elf run\n";
    return 2;
  }
  if (!script_file.empty() && (app.count("--stats") || app.count("--vcd"))) {
    std::cerr << "gicsim: --stats and --vcd are outputs of the main job; a --script run "
                 "reports on stdout/stderr only\n";
    return 2;
  }
  if (micro_bench && (!script_file.empty() || !elf.elf.empty() || app.count("--vcd"))) {
    std::cerr << "gicsim: --micro-bench takes neither --script, --elf nor --vcd\n";
    return 2;
  }
  if (print_config) {
    std::cout << default_config_json() << "\n";
    return 0;
  }
  Log::set_events_enabled(log_events);
  SimConfig cfg;
  try {
    cfg = config_file.empty() ? default_config() : load_config_file(config_file);
  } catch (const ConfigError& e) {
    std::cerr << "gicsim: " << e.what() << "\n";
    return 2;
  }
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);
  if (!script_file.empty()) {
    Script s;
    try {
      s = parse_script_file(script_file, cfg);
    } catch (const ScriptError& e) {
      std::cerr << script_file << ":" << e.line << ": " << e.what() << "\n";
      return 2;
    }
    return run_script(s, std::cout, std::cerr);
  }
  if (!elf.elf.empty()) {
    elf.stats_file = outputs.stats_file;
    return run_elf(cfg, elf, std::cout, std::cerr);
  }
  if (micro_bench) return run_micro_bench(cfg, outputs, std::cout, std::cerr);
  return run_main_job(cfg, outputs, std::cout, std::cerr);
}

// Our own entry point, so that the SystemC banner can be silenced before the
// kernel initialises; sc_elab_and_sim then calls sc_main as usual.
int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
