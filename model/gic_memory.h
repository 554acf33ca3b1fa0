// The GIC's own view of memory: the tables and queues the architecture keeps
// in memory (ITS command queue, device, collection and translation tables;
// later the redistributors' LPI configuration and pending tables). Plain
// C++: the SystemC shell implements it over a TLM initiator socket, unit
// tests over a vector. A false return is a bus error (external abort); the
// caller decides what the architecture makes of it, and nothing throws.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace gicsim {

class GicMemory {
 public:
  virtual ~GicMemory() = default;
  virtual bool read(uint64_t addr, uint8_t* data, unsigned len) = 0;
  virtual bool write(uint64_t addr, const uint8_t* data, unsigned len) = 0;

  // Little-endian doublewords, as every GIC table entry is laid out.
  bool read64(uint64_t addr, uint64_t& v) {
    uint8_t b[8];
    if (!read(addr, b, 8)) return false;
    v = 0;
    for (unsigned i = 0; i < 8; ++i) v |= uint64_t(b[i]) << (8 * i);
    return true;
  }
  bool write64(uint64_t addr, uint64_t v) {
    uint8_t b[8];
    for (unsigned i = 0; i < 8; ++i) b[i] = uint8_t(v >> (8 * i));
    return write(addr, b, 8);
  }
};

// A window of plain memory [base, base + size): what the built-in platforms
// and the unit tests give the GIC. Accesses outside it are bus errors.
class RamMemory : public GicMemory {
 public:
  RamMemory(uint64_t base, uint64_t size) : base_(base), bytes_(size) {}
  bool read(uint64_t addr, uint8_t* data, unsigned len) override {
    if (!inside(addr, len)) return false;
    std::memcpy(data, &bytes_[addr - base_], len);
    return true;
  }
  bool write(uint64_t addr, const uint8_t* data, unsigned len) override {
    if (!inside(addr, len)) return false;
    std::memcpy(&bytes_[addr - base_], data, len);
    return true;
  }
  uint64_t base() const { return base_; }
  uint64_t size() const { return bytes_.size(); }

 private:
  bool inside(uint64_t addr, unsigned len) const {
    return addr >= base_ && addr - base_ <= bytes_.size() && len <= bytes_.size() - (addr - base_);
  }
  uint64_t base_;
  std::vector<uint8_t> bytes_;
};

}  // namespace gicsim
