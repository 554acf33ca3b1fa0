#include "input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gicsim {

std::string read_input_file(const std::string& path, size_t limit) {
  if (path.empty()) throw InputError("an empty file name");
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw InputError(std::string("cannot open the file: ") + std::strerror(errno));
  struct stat st {};
  std::string what;
  if (::fstat(fd, &st) != 0)
    what = std::string("cannot stat the file: ") + std::strerror(errno);
  else if (S_ISDIR(st.st_mode))
    what = "is a directory, not a file";
  else if (!S_ISREG(st.st_mode))
    what = "is not a regular file (a device, FIFO or socket is not read)";
  else if (size_t(st.st_size) > limit)
    what = "is larger than " + std::to_string(limit >> 20) + " MiB";
  std::string text;
  if (what.empty()) {
    char buf[1 << 16];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        what = std::string("read error: ") + std::strerror(errno);
        break;
      }
      if (n == 0) break;
      if (text.size() + size_t(n) > limit) {  // it grew while we read
        what = "is larger than " + std::to_string(limit >> 20) + " MiB";
        break;
      }
      text.append(buf, size_t(n));
    }
  }
  ::close(fd);
  if (!what.empty()) throw InputError(what);
  return text;
}

}  // namespace gicsim
