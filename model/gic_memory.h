// The GIC's own view of memory: the tables and queues the architecture keeps
// in memory (ITS command queue, device, collection and translation tables;
// later the redistributors' LPI configuration and pending tables). Plain
// C++: the SystemC shell implements it over a TLM initiator socket, unit
// tests over a vector. A false return is a bus error (external abort); the
// caller decides what the architecture makes of it, and nothing throws.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

#include "le_bytes.h"

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
    v = load_le(b);
    return true;
  }
  bool write64(uint64_t addr, uint64_t v) {
    uint8_t b[8];
    store_le(v, b);
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

// A window of memory [base, base + size) whose 4 KiB pages exist once
// written (untouched ones read as zeros): a guest's RAM as the hypervisor
// model's emulated ITS and redistributors reach it, costing only the pages
// its tables use.
class SparseMemory : public GicMemory {
 public:
  SparseMemory(uint64_t base, uint64_t size) : base_(base), size_(size) {}
  bool read(uint64_t addr, uint8_t* data, unsigned len) override {
    return access(
        addr, len,
        [&](uint8_t* page, unsigned at, unsigned n, unsigned done) {
          if (page)
            std::memcpy(data + done, page + at, n);
          else
            std::memset(data + done, 0, n);
        },
        false);
  }
  bool write(uint64_t addr, const uint8_t* data, unsigned len) override {
    return access(
        addr, len,
        [&](uint8_t* page, unsigned at, unsigned n, unsigned done) {
          std::memcpy(page + at, data + done, n);
        },
        true);
  }
  uint64_t base() const { return base_; }
  uint64_t size() const { return size_; }
  size_t pages() const { return pages_.size(); }  // resident

 private:
  static constexpr uint64_t kPage = 4096;
  template <typename F>
  bool access(uint64_t addr, unsigned len, F f, bool create) {
    if (addr < base_ || addr - base_ > size_ || len > size_ - (addr - base_)) return false;
    for (unsigned done = 0; done < len;) {
      const uint64_t off = addr - base_ + done, page = off / kPage;
      const unsigned at = unsigned(off % kPage),
                     n = unsigned(std::min<uint64_t>(kPage - at, len - done));
      auto it = pages_.find(page);
      uint8_t* p = it == pages_.end() ? nullptr : it->second.get();
      if (!p && create) {
        auto fresh = std::make_unique<uint8_t[]>(kPage);  // zeroed
        p = fresh.get();
        pages_.emplace(page, std::move(fresh));
      }
      f(p, at, n, done);
      done += n;
    }
    return true;
  }
  uint64_t base_, size_;
  std::unordered_map<uint64_t, std::unique_ptr<uint8_t[]>> pages_;
};

}  // namespace gicsim
