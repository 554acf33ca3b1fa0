// Strict reading of a JSON object for configuration: every key is
// checked for type and range, unknown keys are errors, and every error names
// its origin (a file) and the dotted key. Shared by the gicsim tool's config
// file and GicConfig::from_json.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>

namespace gicsim {

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Walks one JSON object, remembering which keys were used so that unknown
// keys can be reported.
class JsonObj {
 public:
  JsonObj(const nlohmann::json& j, std::string path, const std::string& origin)
      : j_(j), path_(std::move(path)), origin_(origin) {
    if (!j.is_object()) fail(path_.empty() ? "(top level)" : path_, "must be an object");
  }
  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw ConfigError(origin_ + ": key '" + key + "': " + what);
  }
  std::string key(const std::string& k) const { return path_.empty() ? k : path_ + "." + k; }
  const nlohmann::json* get(const std::string& k) {
    seen_.insert(k);
    auto it = j_.find(k);
    return it == j_.end() ? nullptr : &*it;
  }
  void uint(const std::string& k, unsigned& out, unsigned lo, unsigned hi) {
    const nlohmann::json* v = get(k);
    if (!v) return;
    if (!v->is_number_integer()) fail(key(k), "must be an integer");
    const long long x = v->get<long long>();
    if (x < lo || x > hi)
      fail(key(k), "must be in " + std::to_string(lo) + ".." + std::to_string(hi));
    out = unsigned(x);
  }
  void flag(const std::string& k, bool& out) {
    const nlohmann::json* v = get(k);
    if (!v) return;
    if (!v->is_boolean()) fail(key(k), "must be true or false");
    out = v->get<bool>();
  }
  void choice(const std::string& k, bool& out, const char* yes, const char* no) {
    const nlohmann::json* v = get(k);
    if (!v) return;
    if (!v->is_string() || (*v != yes && *v != no))
      fail(key(k), std::string("must be \"") + yes + "\" or \"" + no + "\"");
    out = *v == yes;
  }
  void text(const std::string& k, std::string& out) {
    const nlohmann::json* v = get(k);
    if (!v) return;
    if (!v->is_string()) fail(key(k), "must be a string");
    out = v->get<std::string>();
  }
  const nlohmann::json* array(const std::string& k) {
    const nlohmann::json* v = get(k);
    if (v && !v->is_array()) fail(key(k), "must be an array");
    return v;
  }
  void number(const std::string& k, double& out, double lo, double hi) {
    const nlohmann::json* v = get(k);
    if (!v) return;
    if (!v->is_number()) fail(key(k), "must be a number");
    const double x = v->get<double>();
    if (!(x >= lo && x <= hi)) fail(key(k), "out of range");
    out = x;
  }
  void address(const std::string& k, uint64_t& out) {
    const nlohmann::json* v = get(k);
    if (!v) return;
    if (v->is_number_unsigned()) {
      out = v->get<uint64_t>();
    } else if (v->is_string()) {
      // "0x" and hex digits, or decimal digits (no sign, spaces or leading 0).
      const std::string s = v->get<std::string>();
      const bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
      const std::string digits = hex ? s.substr(2) : s;
      const char* allowed = hex ? "0123456789abcdefABCDEF" : "0123456789";
      bool ok = !digits.empty() && digits.find_first_not_of(allowed) == std::string::npos &&
                (hex || digits == "0" || digits[0] != '0');
      if (ok) {
        try {
          out = std::stoull(digits, nullptr, hex ? 16 : 10);
        } catch (const std::exception&) {
          ok = false;  // beyond 64 bits
        }
      }
      if (!ok)
        fail(key(k), "must be an address: \"0x\" and hex digits, or decimal digits (got \"" +
                         s.substr(0, 40) + "\")");
    } else {
      fail(key(k), "must be an address (number or hex string)");
    }
    if (out % 0x10000) fail(key(k), "must be 64 KiB aligned");
  }
  JsonObj child(const std::string& k) {
    const nlohmann::json* v = get(k);
    static const nlohmann::json empty = nlohmann::json::object();
    return JsonObj(v ? *v : empty, key(k), origin_);
  }
  void done() const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
      if (!seen_.count(it.key())) fail(key(it.key()), "unknown key");
  }

 private:
  const nlohmann::json& j_;
  std::string path_;
  const std::string& origin_;
  std::set<std::string> seen_;
};

}  // namespace gicsim
