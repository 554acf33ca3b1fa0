#include "script.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include "input_file.h"

#include <fstream>
#include <sstream>

namespace gicsim {

const char* to_string(Output o) {
  switch (o) {
    case Output::Irq:
      return "irq";
    case Output::Fiq:
      return "fiq";
    case Output::Virq:
      return "virq";
    case Output::Vfiq:
      return "vfiq";
    case Output::Maint:
      return "maint";
  }
  return "?";
}

const char* to_string(VState s) {
  switch (s) {
    case VState::Inactive:
      return "inactive";
    case VState::Pending:
      return "pending";
    case VState::Active:
      return "active";
    case VState::PendingActive:
      return "pending+active";
  }
  return "?";
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class LineParser {
 public:
  LineParser(std::vector<std::string> toks, int line, const Script& s)
      : t_(std::move(toks)), line_(line), s_(s) {}

  // Messages quote the input: a huge token is shown cut.
  [[noreturn]] void fail(const std::string& m) const {
    throw ScriptError(line_, m.size() > kMaxMessage ? m.substr(0, kMaxMessage) + "..." : m);
  }
  static constexpr size_t kMaxMessage = 200;
  bool more() const { return i_ < t_.size(); }
  const std::string& peek() const { return t_[i_]; }
  std::string next(const char* what) {
    if (!more()) fail(std::string("missing ") + what);
    return t_[i_++];
  }
  std::string next_lower(const char* what) { return lower(next(what)); }
  void end() const {
    if (more()) fail("unexpected '" + t_[i_] + "'");
  }
  static bool parse_u64(const std::string& s, uint64_t& v) {
    if (s.empty()) return false;
    try {
      size_t pos = 0;
      const bool hexnum = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
      if (!hexnum && !std::isdigit(static_cast<unsigned char>(s[0]))) return false;
      v = std::stoull(hexnum ? s.substr(2) : s, &pos, hexnum ? 16 : 10);
      return pos == (hexnum ? s.size() - 2 : s.size());
    } catch (const std::exception&) {
      return false;
    }
  }
  uint64_t number(const std::string& s, const char* what) const {
    uint64_t v;
    if (!parse_u64(s, v)) fail(std::string("bad number for ") + what + ": '" + s + "'");
    return v;
  }
  uint64_t number(const char* what) {
    const std::string s = next(what);
    return number(s, what);
  }
  unsigned indexed(const std::string& tok, const char* prefix, unsigned limit, const char* what) {
    const std::string l = lower(tok);
    const size_t n = std::char_traits<char>::length(prefix);
    uint64_t v;
    if (l.compare(0, n, prefix) != 0 || !parse_u64(l.substr(n), v))
      fail(std::string("expected ") + prefix + "<n> for " + what + ", got '" + tok + "'");
    if (v >= limit)
      fail(tok + ": no such " + what + " (the platform has " + std::to_string(limit) + ")");
    return unsigned(v);
  }
  // <prefix><number> with the number at most max (e.g. dev17, event0x20).
  uint64_t prefixed(const char* prefix, const char* what, uint64_t max) {
    const std::string tok = next(what), l = lower(tok);
    const size_t n = std::char_traits<char>::length(prefix);
    uint64_t v;
    if (l.compare(0, n, prefix) != 0 || !parse_u64(l.substr(n), v))
      fail(std::string("expected ") + prefix + "<n> for the " + what + ", got '" + tok + "'");
    if (v > max) fail(tok + ": " + what + " out of range (at most " + hex(max) + ")");
    return v;
  }
  unsigned cpu() { return indexed(next("cpu"), "cpu", s_.config.gic.cpus, "CPU"); }
  unsigned vm() { return indexed(next("vm"), "vm", s_.config.vms, "VM"); }
  unsigned vcpu() { return indexed(next("vcpu"), "vcpu", s_.config.vcpus, "vCPU"); }
  unsigned intid(const char* what, unsigned lo, unsigned hi) {
    const uint64_t v = number(what);
    if (v < lo || v > hi)
      fail(std::string(what) + " " + std::to_string(v) + " out of range " + std::to_string(lo) +
           ".." + std::to_string(hi));
    return unsigned(v);
  }

  size_t i_ = 0;

 private:
  std::vector<std::string> t_;
  int line_;
  const Script& s_;
};

void parse_config(LineParser& p, Script& s) {
  if (!p.more()) p.fail("config needs key=value pairs");
  while (p.more()) {
    const std::string kv = p.next("key=value");
    const size_t eq = kv.find('=');
    if (eq == std::string::npos) p.fail("expected key=value, got '" + kv + "'");
    const std::string key = lower(kv.substr(0, eq));
    if (!s.config_keys.insert(key).second) p.fail("config key '" + key + "' given twice");
    GicConfig& g = s.config.gic;
    if (key == "policy") {
      const std::string v = lower(kv.substr(eq + 1));
      if (v != "seed" && v != "kvm2025") p.fail("policy: must be seed or kvm2025");
      s.config.policy = v == "seed" ? SortPolicy::Seed : SortPolicy::Kvm2025;
      continue;
    }
    if (key == "tdir") {
      const std::string v = lower(kv.substr(eq + 1));
      if (v != "kvm2025" && v != "eoimode1") p.fail("tdir: must be kvm2025 or eoimode1");
      s.config.tdir = v == "eoimode1" ? TdirPolicy::EoiMode1 : TdirPolicy::Kvm2025;
      continue;
    }
    if (key == "its") {
      const uint64_t v = p.number(kv.substr(eq + 1), "its");
      if (v > 1) p.fail("its: must be 0 or 1");
      g.its = v == 1;
      continue;
    }
    unsigned* dst = nullptr;
    if (key == "version")
      dst = &g.version;
    else if (key == "cpus")
      dst = &g.cpus;
    else if (key == "spis")
      dst = &g.spis;
    else if (key == "lrs")
      dst = &g.lrs;
    else if (key == "pri_bits")
      dst = &g.vpri_bits;
    else if (key == "phys_pri_bits")
      dst = &g.pri_bits;
    else if (key == "security_states")
      dst = &g.security_states;
    else if (key == "lpi_bits")
      dst = &g.lpi_bits;
    else if (key == "vms")
      dst = &s.config.vms;
    else if (key == "vcpus")
      dst = &s.config.vcpus;
    else
      p.fail("unknown config key '" + key + "'");
    const uint64_t v = p.number(kv.substr(eq + 1), key.c_str());
    if (v > 4096) p.fail(key + ": value " + std::to_string(v) + " out of range");
    *dst = unsigned(v);
  }
  // The GIC's own check names its fields; say them as this file does.
  std::string err = s.config.gic.validate();
  static const std::pair<const char*, const char*> names[] = {{"vpri_bits", "pri_bits"},
                                                              {"pri_bits", "phys_pri_bits"}};
  for (const auto& [field, key] : names)
    if (err.compare(0, std::strlen(field) + 1, std::string(field) + ":") == 0) {
      err = key + err.substr(std::strlen(field));
      break;
    }
  if (!err.empty()) p.fail("config: " + err);
  if (s.config.vms < 1 || s.config.vms > 64) p.fail("config: vms: must be 1..64");
  if (s.config.vcpus < 1 || s.config.vcpus > 64) p.fail("config: vcpus: must be 1..64");
  if (s.config.gic.version == 2 && s.config.vcpus > 8)
    p.fail("config: vcpus: a GICv2 VM has at most 8 CPU interfaces");
}

void parse_expectation(LineParser& p, Command& c, bool allow_mask, bool allow_value) {
  if (allow_mask && p.more() && p.peek() == "&") {
    p.next("&");
    c.mask = p.number("mask");
  }
  if (!p.more()) return;
  if (p.next("==") != "==") p.fail("expected '==' or end of line");
  const std::string v = p.next("expected value");
  const std::string l = lower(v);
  if (l == "err" && (c.kind == Command::Mmio || c.kind == Command::Mem)) {
    c.expect = Expect::Err;
  } else if ((l == "undef" || l == "trap" || l == "trap_el2" || l == "trap_el3") &&
             c.kind == Command::Sysreg) {
    c.expect = l == "undef" ? Expect::Undef : l == "trap_el3" ? Expect::TrapEl3 : Expect::Trap;
  } else {
    if (!allow_value) p.fail("a write can only expect an error, not '" + v + "'");
    c.value = p.number(v, "expected value");
    c.expect = Expect::Value;
  }
  p.end();
}

// Extension: access attributes after <cpu>: `secure` or `ns` (both), and
// `el1`, `el2` or `el3` (sysreg only).
void parse_attributes(LineParser& p, Command& c, bool sysreg) {
  while (p.more()) {
    const std::string a = lower(p.peek());
    if (a == "secure" || a == "ns") {
      if (c.security >= 0) p.fail("the Security state is given twice");
      c.security = a == "secure";
    } else if (sysreg && (a == "el1" || a == "el2" || a == "el3")) {
      if (c.el) p.fail("the exception level is given twice");
      c.el = uint8_t(a[2] - '0');
    } else {
      return;
    }
    p.next("attribute");
  }
}

// rd<W> or wr<W>: the direction and the width (8, 16, 32 or 64 bits).
void parse_rd_wr(LineParser& p, Command& c) {
  const std::string op = p.next_lower("rd<W> or wr<W>");
  if (op.size() < 3 || (op.compare(0, 2, "rd") && op.compare(0, 2, "wr")))
    p.fail("expected rd<W> or wr<W>, got '" + op + "'");
  c.write = op[0] == 'w';
  const uint64_t w = p.number(op.substr(2), "access width");
  if (w != 8 && w != 16 && w != 32 && w != 64) p.fail("access width must be 8, 16, 32 or 64");
  c.width = unsigned(w / 8);
}

void parse_mmio(LineParser& p, Command& c, const Script& s) {
  const std::string who = lower(p.next("cpu<n> or vcpu<k>"));
  p.i_--;
  if (who.compare(0, 4, "vcpu") == 0) {
    c.vcpu = p.vcpu();
    c.has_vcpu = true;
    if (p.more() && lower(p.peek()) == "host") {
      p.next("host");
      c.host = true;
    }
  } else {
    c.cpu = p.cpu();
  }
  parse_attributes(p, c, false);
  if (c.security >= 0 && c.has_vcpu) p.fail("a vCPU's accesses are Non-secure: drop secure/ns");
  parse_rd_wr(p, c);
  const std::string loc = p.next("<FRAME>+<offset>");
  const size_t plus = loc.find('+');
  if (plus == std::string::npos) p.fail("expected <FRAME>+<offset>, got '" + loc + "'");
  std::string frame = lower(loc.substr(0, plus));
  c.offset = p.number(loc.substr(plus + 1), "offset");
  // Extension: VM<v>.GICD / VM<v>.GICR<n>[.SGI] / VM<v>.GITS, the guest's
  // emulated distributor, redistributors and ITS, accessed by vcpu<k>.
  if (frame.size() > 3 && frame.compare(0, 2, "vm") == 0 && frame.find('.') != std::string::npos) {
    const size_t dot = frame.find('.');
    uint64_t vm;
    if (!LineParser::parse_u64(frame.substr(2, dot - 2), vm) || vm >= s.config.vms)
      p.fail("unknown frame '" + loc.substr(0, plus) + "' (no such VM)");
    c.vm = unsigned(vm);
    c.vm_frame = true;
    frame = frame.substr(dot + 1);
    if (!c.has_vcpu) p.fail("a VM frame is accessed by a vCPU: use vcpu<k>");
  } else if (c.has_vcpu) {
    p.fail("vcpu<k> accesses go to VM<v>.GICD, VM<v>.GICR<n> or VM<v>.GITS frames");
  }
  if (frame.size() > 4 && frame.compare(0, 4, "gicr") == 0) {
    std::string idx = frame.substr(4);
    if (idx.size() > 4 && idx.compare(idx.size() - 4, 4, ".sgi") == 0) {
      c.sgi_frame = true;
      idx.resize(idx.size() - 4);
    }
    uint64_t n;
    if (!LineParser::parse_u64(idx, n)) p.fail("unknown frame '" + loc.substr(0, plus) + "'");
    if (s.config.gic.version != 3) p.fail("frame GICR exists only in GICv3");
    const unsigned limit = c.vm_frame ? s.config.vcpus : s.config.gic.cpus;
    if (n >= limit) p.fail("frame GICR" + idx + ": no such redistributor");
    c.frame = "GICR";
    c.frame_index = unsigned(n);
  } else if (frame == "gicd") {
    c.frame = "GICD";
  } else if (frame == "gits") {
    // A VM's emulated ITS exists when the host has one (KVM's vgic-its).
    if (!s.config.gic.its) p.fail("frame GITS needs an ITS (config its=1 lpi_bits=16)");
    c.frame = "GITS";
  } else if (c.vm_frame) {
    p.fail("unknown VM frame '" + loc.substr(0, plus) + "' (GICD, GICR<n> or GITS)");
  } else if (frame == "gicc" || frame == "gich" || frame == "gicv") {
    if (s.config.gic.version != 2)
      p.fail("frame " + lower(frame) + " exists only in GICv2 (config version=2)");
    for (char& ch : frame) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    c.frame = frame;
  } else {
    p.fail("unknown frame '" + loc.substr(0, plus) + "'");
  }
  if (c.write) c.value = p.number("write value");
  parse_expectation(p, c, !c.write, !c.write);
}

// Whether the next word names a VM (vm<v>): then it is read into c.
bool parse_optional_vm(LineParser& p, Command& c) {
  if (!p.more() || lower(p.peek()).compare(0, 2, "vm") != 0) return false;
  c.vm = p.vm();
  c.vm_frame = true;
  return true;
}

// Extension: mem [vm<v>] rd<W> <address> [& <mask>] [== <value>|ERR], mem
// [vm<v>] wr<W> <address> <value> [== ERR]: a memory access through the
// platform's bus (the RAM that holds the GIC's LPI and ITS tables), or to a
// VM's RAM (its emulated ITS's and redistributors' tables).
void parse_mem(LineParser& p, Command& c, const Script& s) {
  c.kind = Command::Mem;
  if (parse_optional_vm(p, c) && !s.config.gic.its)
    p.fail("a VM's RAM holds LPI tables only with an ITS (config its=1 lpi_bits=16)");
  parse_rd_wr(p, c);
  c.offset = p.number("address");
  if (c.offset % c.width) p.fail("address " + hex(c.offset) + " is not aligned to the width");
  if (c.write) c.value = p.number("write value");
  parse_expectation(p, c, !c.write, !c.write);
}

void parse_sysreg(LineParser& p, Command& c, const Script& s) {
  c.cpu = p.cpu();
  parse_attributes(p, c, true);
  const std::string op = p.next_lower("rd or wr");
  if (op != "rd" && op != "wr") p.fail("expected rd or wr, got '" + op + "'");
  c.write = op == "wr";
  const std::string name = p.next("register name");
  const std::optional<SysregName> r = sysreg_by_name(name);
  if (!r) p.fail("unknown register name '" + name + "'");
  if (s.config.gic.version != 3) p.fail("system registers need GICv3 (config version=3)");
  c.sr = r->id;
  c.virt = r->virt;
  if (c.virt && (c.security >= 0 || c.el))
    p.fail(name + " is the guest's Non-secure EL1 access: drop secure/ns/el<n>");
  if (c.security == 1 && c.el == 2) p.fail("Secure EL2 is not implemented");
  // A register the configuration does not implement (ICH_LR4_EL2 with 4
  // LRs, ICH_AP0R1_EL2 with 5 preemption bits) is UNDEFINED when accessed.
  if (c.write) c.value = p.number("write value");
  parse_expectation(p, c, !c.write, !c.write);
}

VState parse_state(LineParser& p) {
  const std::string v = p.next_lower("state");
  if (v == "inactive") return VState::Inactive;
  if (v == "pending") return VState::Pending;
  if (v == "active") return VState::Active;
  if (v == "pending+active") return VState::PendingActive;
  p.fail("unknown state '" + v + "' (inactive, pending, active, pending+active)");
}

uint64_t parse_time(LineParser& p) {
  const std::string t = lower(p.next("time"));
  size_t i = 0;
  while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.')) ++i;
  const std::string num = t.substr(0, i), unit = t.substr(i);
  static const std::pair<const char*, double> units[] = {
      {"ps", 1}, {"ns", 1e3}, {"us", 1e6}, {"ms", 1e9}, {"s", 1e12}};
  double scale = 0;
  for (const auto& u : units)
    if (unit == u.first) scale = u.second;
  char* end = nullptr;
  const double v = num.empty() ? -1 : std::strtod(num.c_str(), &end);
  if (scale == 0 || !(v >= 0) || !end || *end)
    p.fail("bad time '" + t + "' (a number with ps, ns, us, ms or s)");
  // Simulated time is a 64-bit count of picoseconds; a script's runs add up.
  const double ps = v * scale + 0.5;
  if (!(ps < double(kMaxScriptPs)))
    p.fail("time '" + t + "' too long (a script runs at most " +
           std::to_string(kMaxScriptPs / 1000000000000ull) + " s in all)");
  return uint64_t(ps);
}

Level parse_level(LineParser& p, bool hyp) {
  const std::string v = p.next_lower("level");
  if (v == "high") return Level::High;
  if (v == "low") return Level::Low;
  if (!hyp && v == "pulse") return Level::Pulse;
  if (hyp && v == "edge") return Level::Edge;
  p.fail("expected high, low or " + std::string(hyp ? "edge" : "pulse") + ", got '" + v + "'");
}

// The last INTID the configuration implements (a VM has the GIC's SPIs).
unsigned vm_last_intid(const Script& s) { return 31 + s.config.gic.spis; }

void parse_command(LineParser& p, Command& c, Script& s) {
  const std::string cmd = p.next_lower("command");
  if (cmd == "mmio") {
    c.kind = Command::Mmio;
    parse_mmio(p, c, s);
  } else if (cmd == "sysreg") {
    c.kind = Command::Sysreg;
    parse_sysreg(p, c, s);
  } else if (cmd == "mem") {
    parse_mem(p, c, s);
  } else if (cmd == "msi") {
    // msi [vm<v>] dev<D> event<E>: to the GIC's ITS, or (an assigned
    // device's MSI as the host forwards it) to a VM's emulated ITS.
    c.kind = Command::Msi;
    if (!s.config.gic.its) p.fail("msi needs an ITS (config its=1 lpi_bits=16)");
    parse_optional_vm(p, c);
    c.device = uint32_t(p.prefixed("dev", "device", 0xffffffffull));
    c.event = uint32_t(p.prefixed("event", "event", 0xffffffffull));
    p.end();
  } else if (cmd == "line") {
    c.kind = Command::Line;
    const std::string kind = p.next_lower("spi or ppi");
    if (kind != "spi" && kind != "ppi") p.fail("expected spi or ppi, got '" + kind + "'");
    c.spi = kind == "spi";
    c.intid =
        c.spi ? p.intid("SPI INTID", 32, 31 + s.config.gic.spis) : p.intid("PPI INTID", 16, 31);
    if (p.more() && lower(p.peek()).compare(0, 3, "cpu") == 0) c.cpu = p.cpu();
    c.level = parse_level(p, false);
    p.end();
  } else if (cmd == "expect") {
    const std::string who = lower(p.next("cpu<n> or vm<v>"));
    p.i_--;
    if (who.compare(0, 3, "cpu") == 0) {
      c.kind = Command::ExpectOutput;
      c.cpu = p.cpu();
      const std::string o = p.next_lower("output");
      static const std::pair<const char*, Output> outs[] = {{"irq", Output::Irq},
                                                            {"fiq", Output::Fiq},
                                                            {"virq", Output::Virq},
                                                            {"vfiq", Output::Vfiq},
                                                            {"maint", Output::Maint}};
      bool found = false;
      for (const auto& x : outs)
        if (o == x.first) c.output = x.second, found = true;
      if (!found) p.fail("unknown output '" + o + "' (irq, fiq, virq, vfiq, maint)");
      const Level l = parse_level(p, false);
      if (l == Level::Pulse) p.fail("expect takes high or low");
      c.high = l == Level::High;
      p.end();
    } else {
      c.kind = Command::ExpectIrq;
      c.vm = p.vm();
      c.vcpu = p.vcpu();
      c.has_vcpu = true;
      const std::string what = lower(p.next("INTID, blocked or runnable"));
      if (what == "blocked" || what == "runnable") {
        c.kind = Command::ExpectBlocked;
        c.blocked = what == "blocked";
        p.end();
        return;
      }
      p.i_--;
      // A VM's LPIs (with an ITS): 8192 .. 2^16 - 1, as KVM's vgic-its.
      const bool lpis = s.config.gic.version == 3 && s.config.gic.its;
      c.intid = p.intid("INTID", 0, lpis ? (1u << Vm::kLpiBits) - 1 : vm_last_intid(s));
      if (c.intid > vm_last_intid(s) && c.intid < Lpis::kFirst)
        p.fail("INTID " + std::to_string(c.intid) +
               " is neither an SGI, PPI, SPI nor LPI of the VM");
      if (p.more() && lower(p.peek()) == "sources") {
        p.next("sources");
        if (s.config.gic.version != 2 || c.intid >= 16)
          p.fail("sources: only GICv2 SGIs (INTID 0..15) have source CPUs");
        c.kind = Command::ExpectSources;
        const uint64_t m = p.number("source CPU mask");
        if (m > 0xff) p.fail("sources: the mask has 8 bits (CPUs 0..7)");
        c.sources = uint8_t(m);
        p.end();
        return;
      }
      c.state = parse_state(p);
      p.end();
    }
  } else if (cmd == "run") {
    c.kind = Command::Run;
    c.time_ps = parse_time(p);
    p.end();
    if (c.time_ps > kMaxScriptPs - s.total_ps)
      p.fail("the runs of this script add up to more than " +
             std::to_string(kMaxScriptPs / 1000000000000ull) + " s of simulated time");
    s.total_ps += c.time_ps;
  } else if (cmd == "hyp") {
    const std::string op = p.next_lower("hyp operation");
    if (op == "inject") {
      c.kind = Command::Inject;
      c.vm = p.vm();
      c.intid = p.intid("INTID", 0, vm_last_intid(s));
      if (p.more() && lower(p.peek()).compare(0, 4, "vcpu") == 0) {
        c.vcpu = p.vcpu();
        c.has_vcpu = true;
      }
      c.level = parse_level(p, true);
      p.end();
    } else if (op == "map") {
      c.kind = Command::Map;
      c.vm = p.vm();
      c.intid = p.intid("vINTID", 16, vm_last_intid(s));
      c.pintid = p.intid("pINTID", 16, vm_last_intid(s));
      p.end();
    } else if (op == "enter") {
      c.kind = Command::Enter;
      c.vm = p.vm();
      c.vcpu = p.vcpu();
      c.has_vcpu = true;
      c.cpu = p.cpu();
      p.end();
    } else if (op == "exit" || op == "handle" || op == "kick") {
      c.kind = op == "exit" ? Command::Exit : op == "handle" ? Command::Handle : Command::Kick;
      c.cpu = p.cpu();
      p.end();
    } else if (op == "maintenance") {
      c.kind = Command::Maintenance;
      const std::string m = p.next_lower("manual or auto");
      if (m != "manual" && m != "auto") p.fail("expected manual or auto, got '" + m + "'");
      c.manual = m == "manual";
      p.end();
    } else if (op == "wfi") {
      c.kind = Command::Wfi;
      c.vm = p.vm();
      c.vcpu = p.vcpu();
      c.has_vcpu = true;
      p.end();
    } else {
      p.fail("unknown hyp operation '" + op +
             "' (inject, map, enter, exit, handle, kick, wfi, maintenance)");
    }
  } else {
    p.fail("unknown command '" + cmd + "'");
  }
}

std::vector<std::string> tokenize(std::string line) {
  const size_t hash = line.find('#');
  if (hash != std::string::npos) line.resize(hash);
  // Allow "GICD + 0x100" as well as "GICD+0x100".
  std::string norm;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '+') {
      while (!norm.empty() && std::isspace(static_cast<unsigned char>(norm.back())))
        norm.pop_back();
      norm += '+';
      while (i + 1 < line.size() && std::isspace(static_cast<unsigned char>(line[i + 1]))) ++i;
    } else {
      norm += line[i];
    }
  }
  std::istringstream ss(norm);
  std::vector<std::string> t;
  for (std::string w; ss >> w;) t.push_back(w);
  return t;
}

}  // namespace

Script parse_script(const std::string& text, const std::string& file, const SimConfig& base) {
  Script s;
  s.file = file;
  s.config = base;
  std::istringstream in(text);
  std::string raw;
  int n = 0;
  bool seen_command = false;
  while (std::getline(in, raw)) {
    ++n;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (n == 1 && raw.compare(0, 3, "\xEF\xBB\xBF") == 0) raw.erase(0, 3);  // UTF-8 BOM
    std::vector<std::string> toks = tokenize(raw);
    if (toks.empty()) continue;
    LineParser p(toks, n, s);
    if (lower(toks[0]) == "config") {
      if (seen_command) p.fail("config must come before any other command");
      p.next("config");
      parse_config(p, s);
      continue;
    }
    seen_command = true;
    Command c;
    c.line = n;
    size_t b = raw.find_first_not_of(" \t");
    c.text = raw.substr(b == std::string::npos ? 0 : b, LineParser::kMaxMessage);
    parse_command(p, c, s);
    s.commands.push_back(std::move(c));
  }
  return s;
}

Script parse_script_file(const std::string& path, const SimConfig& base) {
  std::string text;
  try {
    text = read_input_file(path);
  } catch (const InputError& e) {
    throw ScriptError(0, e.what());
  }
  return parse_script(text, path, base);
}

}  // namespace gicsim
