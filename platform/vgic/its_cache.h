// The hypervisor's translation cache for an emulated ITS, as KVM's vgic-its
// keeps one: (DeviceID, EventID) -> (vLPI, target vCPU) for MSIs injected
// from assigned devices, so a hit skips the walk of the guest's device,
// translation and collection tables. Bounded (least recently used entry
// evicted; KVM sized its LRU at 16 entries per vCPU) and dropped whole
// whenever a mapping may change (Its::on_mappings_changed).
#pragma once

#include <cstdint>
#include <list>
#include <unordered_map>

namespace gicsim {

class ItsTranslationCache {
 public:
  struct Entry {
    uint32_t intid = 0;
    unsigned vcpu = 0;
  };
  explicit ItsTranslationCache(size_t capacity) : capacity_(capacity ? capacity : 1) {}

  const Entry* find(uint32_t device, uint32_t event) {
    auto it = index_.find(key(device, event));
    if (it == index_.end()) {
      ++misses_;
      return nullptr;
    }
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second);  // most recently used first
    return &it->second->second;
  }
  void insert(uint32_t device, uint32_t event, Entry e) {
    const uint64_t k = key(device, event);
    if (auto it = index_.find(k); it != index_.end()) {
      it->second->second = e;
      return;
    }
    if (index_.size() == capacity_) {
      index_.erase(lru_.back().first);
      lru_.pop_back();
    }
    lru_.emplace_front(k, e);
    index_.emplace(k, lru_.begin());
  }
  void clear() {
    if (index_.empty()) return;
    ++invalidations_;
    index_.clear();
    lru_.clear();
  }
  size_t size() const { return index_.size(); }
  size_t capacity() const { return capacity_; }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }
  uint64_t invalidations() const { return invalidations_; }

 private:
  static uint64_t key(uint32_t device, uint32_t event) { return uint64_t(device) << 32 | event; }
  size_t capacity_;
  std::list<std::pair<uint64_t, Entry>> lru_;
  std::unordered_map<uint64_t, std::list<std::pair<uint64_t, Entry>>::iterator> index_;
  uint64_t hits_ = 0, misses_ = 0, invalidations_ = 0;
};

}  // namespace gicsim
