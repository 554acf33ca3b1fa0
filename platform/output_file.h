// Output files that never lose results silently. open() is called before
// the simulation, so an unwritable path is found before any work is done; a
// regular file is written to a temporary file beside it and renamed into
// place by commit(), so a reader never sees it half written; a device
// (/dev/null, /dev/full, a terminal) is written in place. Every write is
// checked: a full disk or a short write is an error, reported by commit().
#pragma once

#include <cstddef>
#include <string>

namespace gicsim {

class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  // Opens path for writing; false with a message when it cannot be.
  bool open(const std::string& path, std::string& error);
  bool is_open() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }
  // Buffered write; the first error is remembered and later writes dropped.
  void write(const char* data, size_t n);
  void write(const std::string& s) { write(s.data(), s.size()); }
  bool failed() const { return !error_.empty(); }
  // Flushes, syncs and closes; renames the temporary file into place.
  // False with a message when anything was not written.
  bool commit(std::string& error);
  // Drops what was written (the temporary file is removed).
  void discard();

 private:
  void flush();
  std::string path_, temp_;
  int fd_ = -1;
  std::string buf_;
  std::string error_;
};

}  // namespace gicsim
