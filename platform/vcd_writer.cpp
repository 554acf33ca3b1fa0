#include "vcd_writer.h"

#include <systemc>

namespace gicsim {

namespace {
// VCD identifiers: printable ASCII '!'..'~', base 94.
std::string vcd_id(size_t n) {
  std::string id;
  do {
    id += char('!' + n % 94);
    n /= 94;
  } while (n);
  return id;
}
uint64_t now_ps() { return sc_core::sc_time_stamp().value(); }  // resolution: 1 ps
}  // namespace

void VcdWriter::add(IrqLine& line, const std::string& scope, const std::string& name) {
  const size_t i = vars_.size();
  vars_.push_back(Var{scope, name, vcd_id(i), line.read(), false, false, &line});
  line.connect([this, i](bool level) { change(i, level); });
}

void VcdWriter::start() {
  out_.write("$date gicsim $end\n$version gicsim (SystemC " + std::string(sc_core::sc_release()) +
             ") $end\n$timescale 1 ps $end\n");
  std::string scope;
  for (const Var& v : vars_) {
    if (v.scope != scope) {
      if (!scope.empty()) out_.write("$upscope $end\n");
      scope = v.scope;
      out_.write("$scope module " + scope + " $end\n");
    }
    out_.write("$var wire 1 " + v.id + " " + v.name + " $end\n");
  }
  if (!scope.empty()) out_.write("$upscope $end\n");
  out_.write("$enddefinitions $end\n#0\n$dumpvars\n");
  for (Var& v : vars_) {
    v.level = v.line->read();
    v.written = v.level;
    out_.write(std::string(1, v.level ? '1' : '0') + v.id + "\n");
  }
  out_.write("$end\n");
  time_ps_ = now_ps();
  time_written_ = true;
  started_ = true;
}

void VcdWriter::change(size_t i, bool level) {
  if (!started_) return;
  const uint64_t t = now_ps();
  if (t != time_ps_) {
    emit_pending();
    time_ps_ = t;
    time_written_ = false;
  }
  Var& v = vars_[i];
  if (v.level == level) return;
  v.level = level;
  if (!v.dirty) dirty_.push_back(i);
  v.dirty = true;
}

void VcdWriter::emit_pending() {
  for (size_t i : dirty_) {
    Var& v = vars_[i];
    v.dirty = false;
    if (v.level == v.written) continue;  // changed back within the instant
    if (!time_written_) {
      out_.write("#" + std::to_string(time_ps_) + "\n");
      time_written_ = true;
    }
    v.written = v.level;
    out_.write(std::string(1, v.level ? '1' : '0') + v.id + "\n");
  }
  dirty_.clear();
}

void VcdWriter::finish(uint64_t end_ps) {
  if (!started_) return;
  emit_pending();
  if (end_ps > time_ps_) out_.write("#" + std::to_string(end_ps) + "\n");
  started_ = false;
}

}  // namespace gicsim
