// Reading the user's input files (configurations, scripts) safely: only
// regular files (a FIFO with no writer would block, /dev/zero never ends),
// at most kMaxInputBytes, with a message naming the file and the problem.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace gicsim {

constexpr size_t kMaxInputBytes = size_t(64) << 20;  // 64 MiB

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The whole file; throws InputError ("cannot open the file", "is a
// directory", "is not a regular file", "is larger than 64 MiB").
std::string read_input_file(const std::string& path, size_t limit = kMaxInputBytes);

}  // namespace gicsim
