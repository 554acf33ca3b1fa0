// Loading a bare-metal AArch64 program: an ELF64 little-endian executable
// for EM_AARCH64, read with libelf; its PT_LOAD segments are copied to their
// physical addresses, which must lie in RAM.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace gicsim {

struct ElfError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ElfImage {
  struct Segment {
    uint64_t paddr;
    std::vector<uint8_t> bytes;  // file contents, zero-filled up to p_memsz
  };
  uint64_t entry = 0;
  std::vector<Segment> segments;
};

// Throws ElfError naming the file and the problem.
ElfImage load_elf(const std::string& path);
// Checks that every segment and the entry point lie in [base, base + size)
// and copies the segments into ram (host memory of that range).
void place_elf(const ElfImage& image, const std::string& path, uint8_t* ram, uint64_t base,
               uint64_t size);

}  // namespace gicsim
