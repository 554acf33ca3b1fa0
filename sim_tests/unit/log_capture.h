// Captures log lines for the duration of a test.
#pragma once

#include <string>
#include <vector>

#include "log.h"

namespace gicsim {

struct LogCapture {
  std::vector<std::string> lines;
  LogCapture() {
    Log::set_sink([this](LogKind k, const std::string& l) {
      if (k != LogKind::Event) lines.push_back(l);
    });
  }
  ~LogCapture() { Log::set_sink(nullptr); }
  bool contains(const std::string& s) const {
    for (const auto& l : lines)
      if (l.find(s) != std::string::npos) return true;
    return false;
  }
  void clear() { lines.clear(); }
};

}  // namespace gicsim
