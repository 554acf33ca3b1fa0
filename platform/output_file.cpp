#include "output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace gicsim {

namespace {
constexpr size_t kBuffer = size_t(1) << 16;
std::string errno_text() { return std::strerror(errno); }
}  // namespace

OutputFile::~OutputFile() { discard(); }

bool OutputFile::open(const std::string& path, std::string& error) {
  discard();
  error_.clear();
  path_ = path;
  if (path.empty()) return error = "an empty file name", false;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) return error = path + ": is a directory", false;
  if (exists && !S_ISREG(st.st_mode)) {
    // A device or FIFO: written in place (O_NONBLOCK: a FIFO with no reader fails now).
    fd_ = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) return error = path + ": " + errno_text(), false;
    const int flags = ::fcntl(fd_, F_GETFL);
    if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
    return true;
  }
  // A regular file: a temporary file in the same directory, renamed at commit.
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") return error = path + ": not a file name", false;
  temp_ =
      (slash == std::string::npos ? "" : dir) + "." + name + ".tmp" + std::to_string(::getpid());
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    error = path + ": cannot create a file in " + dir + ": " + errno_text();
    temp_.clear();
    return false;
  }
  buf_.reserve(kBuffer);
  return true;
}

void OutputFile::write(const char* data, size_t n) {
  if (fd_ < 0 || !error_.empty()) return;
  buf_.append(data, n);
  if (buf_.size() >= kBuffer) flush();
}

void OutputFile::flush() {
  size_t done = 0;
  while (done < buf_.size() && error_.empty()) {
    const ssize_t w = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0)
      error_ = path_ + ": write failed: " + (w < 0 ? errno_text() : std::string("no progress"));
    else
      done += size_t(w);
  }
  buf_.clear();
}

bool OutputFile::commit(std::string& error) {
  if (fd_ < 0) return error = path_ + ": not open", false;
  flush();
  if (error_.empty() && !temp_.empty() && ::fsync(fd_) != 0)
    error_ = path_ + ": sync failed: " + errno_text();
  if (::close(fd_) != 0 && error_.empty()) error_ = path_ + ": close failed: " + errno_text();
  fd_ = -1;
  if (error_.empty() && !temp_.empty() && ::rename(temp_.c_str(), path_.c_str()) != 0)
    error_ = path_ + ": cannot rename the finished file into place: " + errno_text();
  if (!error_.empty()) {
    if (!temp_.empty()) ::unlink(temp_.c_str());
    temp_.clear();
    error = error_;
    return false;
  }
  temp_.clear();
  return true;
}

void OutputFile::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  buf_.clear();
}

}  // namespace gicsim
