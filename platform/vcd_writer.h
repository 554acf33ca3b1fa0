// A VCD writer for interrupt lines, streaming through an OutputFile (every
// write checked). Time stamps are in picoseconds, SystemC's resolution, so
// every change is representable; one time stamp per instant (several
// changes of one line within an instant keep the last level).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "irq_line.h"
#include "output_file.h"

namespace gicsim {

class VcdWriter {
 public:
  explicit VcdWriter(OutputFile& out) : out_(out) {}
  // Declares a line (before start()); its changes are recorded from then on.
  void add(IrqLine& line, const std::string& scope, const std::string& name);
  // Writes the header and the initial levels.
  void start();
  // Writes what is pending and a final time stamp at now_ps.
  void finish(uint64_t now_ps);

 private:
  struct Var {
    std::string scope, name, id;
    bool level = false, written = false, dirty = false;
    IrqLine* line = nullptr;
  };
  void change(size_t i, bool level);
  void emit_pending();
  OutputFile& out_;
  std::vector<Var> vars_;
  std::vector<size_t> dirty_;  // vars changed at time_ps_
  uint64_t time_ps_ = 0;
  bool started_ = false, time_written_ = false;
};

}  // namespace gicsim
