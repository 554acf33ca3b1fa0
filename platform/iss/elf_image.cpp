#include "elf_image.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cstring>
#include <memory>

#include "log.h"

namespace gicsim {

namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};
struct ElfHandle {
  Elf* e;
  ~ElfHandle() {
    if (e) elf_end(e);
  }
};

// Segments larger than this cannot fit any RAM the platform configures.
constexpr uint64_t kMaxSegment = 1ull << 34;

}  // namespace

ElfImage load_elf(const std::string& path) {
  auto fail = [&](const std::string& why) { return ElfError(path + ": " + why); };
  if (elf_version(EV_CURRENT) == EV_NONE) throw fail("libelf is unusable");
  Fd f{open(path.c_str(), O_RDONLY)};
  if (f.fd < 0) throw fail(std::string("cannot open: ") + std::strerror(errno));
  ElfHandle h{elf_begin(f.fd, ELF_C_READ, nullptr)};
  if (!h.e || elf_kind(h.e) != ELF_K_ELF) throw fail("not an ELF file");
  if (gelf_getclass(h.e) != ELFCLASS64) throw fail("not a 64-bit ELF file (ELFCLASS64)");
  GElf_Ehdr eh;
  if (!gelf_getehdr(h.e, &eh)) throw fail(std::string("bad ELF header: ") + elf_errmsg(-1));
  if (eh.e_ident[EI_DATA] != ELFDATA2LSB) throw fail("not a little-endian ELF file");
  if (eh.e_machine != EM_AARCH64)
    throw fail("not an AArch64 program (e_machine " + std::to_string(eh.e_machine) + ")");
  if (eh.e_type != ET_EXEC)
    throw fail("not an executable (e_type " + std::to_string(eh.e_type) + ")");
  size_t n = 0;
  if (elf_getphdrnum(h.e, &n) != 0)
    throw fail(std::string("bad program headers: ") + elf_errmsg(-1));
  size_t file_size = 0;
  const char* raw = elf_rawfile(h.e, &file_size);
  ElfImage img;
  img.entry = eh.e_entry;
  for (size_t i = 0; i < n; ++i) {
    GElf_Phdr ph;
    if (!gelf_getphdr(h.e, int(i), &ph))
      throw fail(std::string("bad program header: ") + elf_errmsg(-1));
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    if (ph.p_filesz > ph.p_memsz || ph.p_memsz > kMaxSegment)
      throw fail("segment " + std::to_string(i) + " has impossible sizes");
    if (!raw || ph.p_offset > file_size || ph.p_filesz > file_size - ph.p_offset)
      throw fail("segment " + std::to_string(i) + " lies beyond the end of the file");
    ElfImage::Segment s;
    s.paddr = ph.p_paddr;
    s.bytes.assign(ph.p_memsz, 0);
    std::memcpy(s.bytes.data(), raw + ph.p_offset, ph.p_filesz);
    img.segments.push_back(std::move(s));
  }
  if (img.segments.empty()) throw fail("no loadable segment");
  return img;
}

void place_elf(const ElfImage& img, const std::string& path, uint8_t* ram, uint64_t base,
               uint64_t size) {
  auto inside = [&](uint64_t a, uint64_t n) {
    return a >= base && a - base <= size && n <= size - (a - base);
  };
  for (const auto& s : img.segments)
    if (!inside(s.paddr, s.bytes.size()))
      throw ElfError(path + ": segment at " + hex(s.paddr) + " (" + std::to_string(s.bytes.size()) +
                     " bytes) lies outside RAM [" + hex(base) + ", " + hex(base + size) + ")");
  if (!inside(img.entry, 4))
    throw ElfError(path + ": entry point " + hex(img.entry) + " lies outside RAM");
  for (const auto& s : img.segments)
    std::memcpy(ram + (s.paddr - base), s.bytes.data(), s.bytes.size());
}

}  // namespace gicsim
