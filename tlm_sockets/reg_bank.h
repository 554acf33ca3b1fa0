// Register bank: one frame's register map, declared in one place, served
// over TLM generic payloads. The architectural rules for bad accesses live
// here so that every frame (GICD, GICR, GICC, GICH, GICV) gets them alike:
//  - reserved offsets inside the frame: RAZ/WI + guest-error log line;
//  - writes to read-only registers ignored, reads of write-only registers
//    return zero, each with a log line;
//  - unaligned access: TLM_ADDRESS_ERROR_RESPONSE; unsupported width or an
//    access straddling a register: TLM_BURST_ERROR_RESPONSE; offset beyond
//    the frame: TLM_ADDRESS_ERROR_RESPONSE; each with a log line.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <tlm>
#include <vector>

#include "log.h"

namespace gicsim {

enum class RegAccess : uint8_t { RW, RO, WO, RAZWI };

// Allowed access sizes, as a bit mask of byte counts.
enum : uint8_t { kSz8 = 1, kSz16 = 2, kSz32 = 4, kSz64 = 8 };

// Context handed to register callbacks.
struct RegCtx {
  unsigned cpu;    // accessing CPU (or frame instance, e.g. redistributor)
  unsigned index;  // element of a register array
  bool debug;      // transport_dbg: reads must have no side effect
  bool secure;     // Secure access (frames of a GIC with two Security states)
  // The transaction, for registers that read its attributes (the ITS's
  // GITS_TRANSLATER takes the DeviceID); null for accesses made without one.
  const tlm::tlm_generic_payload* payload = nullptr;
};

using RegReadFn = std::function<uint64_t(const RegCtx&)>;
// value and mask are aligned to the register: only bits in mask are written.
using RegWriteFn = std::function<void(const RegCtx&, uint64_t value, uint64_t mask)>;

struct RegDef {
  std::string name;
  uint32_t offset = 0;
  uint8_t width = 4;  // register width in bytes (4 or 8)
  uint16_t count = 1;
  uint64_t reset = 0;
  RegAccess access = RegAccess::RW;
  uint8_t sizes = kSz32;   // access sizes the register accepts
  bool banked = false;     // stored value kept per CPU
  uint64_t wmask = ~0ull;  // writable bits of a stored register
  RegReadFn read;          // when set, the model is the source of truth
  RegWriteFn write;

  // Fluent declaration helpers.
  RegDef& at(uint32_t off) {
    offset = off;
    return *this;
  }
  RegDef& array(uint16_t n) {
    count = n;
    return *this;
  }
  RegDef& wide() {
    width = 8;
    sizes = kSz64 | kSz32;
    return *this;
  }
  RegDef& reset_to(uint64_t v) {
    reset = v;
    return *this;
  }
  RegDef& ro() {
    access = RegAccess::RO;
    return *this;
  }
  RegDef& wo() {
    access = RegAccess::WO;
    return *this;
  }
  RegDef& raz_wi() {
    access = RegAccess::RAZWI;
    return *this;
  }
  RegDef& bytes() {
    sizes |= kSz8;
    return *this;
  }
  RegDef& per_cpu() {
    banked = true;
    return *this;
  }
  RegDef& writable(uint64_t m) {
    wmask = m;
    return *this;
  }
  RegDef& on_read(RegReadFn f) {
    read = std::move(f);
    return *this;
  }
  RegDef& on_write(RegWriteFn f) {
    write = std::move(f);
    return *this;
  }
};

inline RegDef reg(std::string name, uint32_t offset) {
  RegDef d;
  d.name = std::move(name);
  d.offset = offset;
  return d;
}

struct MmioAccess {
  bool write = false;
  uint32_t offset = 0;  // frame-relative
  unsigned len = 4;
  uint8_t* data = nullptr;
  const uint8_t* byte_enable = nullptr;
  unsigned byte_enable_len = 0;
  unsigned cpu = 0;
  bool debug = false;
  bool secure = false;
  // When set, log lines name the accessing CPU from the payload's extension
  // (frames that do not bank by CPU skip that lookup on the hot path).
  const tlm::tlm_generic_payload* payload = nullptr;
};

class RegisterBank {
 public:
  RegisterBank(std::string frame, uint32_t size, unsigned banks = 1);

  // Declares a register (or array); overlapping declarations are a model bug
  // and throw std::logic_error at construction time.
  void add(RegDef def);
  tlm::tlm_response_status access(const MmioAccess& a);

  // Stored value of a register without callbacks (tests, model state).
  uint64_t stored(const std::string& name, unsigned index = 0, unsigned cpu = 0) const;
  void reset();
  const std::string& frame() const { return frame_; }
  // Whether register callbacks need the accessing CPU (banked frames).
  bool banked() const { return banks_ > 1; }
  unsigned banks() const { return banks_; }
  // Whether register callbacks need the access's Security state.
  bool security_aware() const { return security_aware_; }
  void set_security_aware(bool on) { security_aware_ = on; }
  uint32_t size() const { return size_; }
  const std::vector<RegDef>& registers() const { return regs_; }
  // Where this frame's guest errors go (default: Logger::fallback()).
  void set_logger(Logger* l) { log_ = l; }
  Logger& logger() const { return *log_; }
  // Name of the register at an offset, or empty.
  std::string name_at(uint32_t offset) const;

 private:
  // Decoded per 32-bit word of the frame, so the hot path reads one entry.
  struct Slot {
    uint16_t reg;
    uint16_t elem;
    uint32_t start;  // frame offset of the register element
    uint8_t width;
    uint8_t sizes;
    RegAccess access;
  };
  static constexpr uint16_t kNone = 0xffff;
  uint64_t& cell(const RegDef& d, size_t reg_index, unsigned elem, unsigned cpu);
  const RegDef* find(uint32_t offset, Slot& slot) const;
  // Error paths only: kept out of line so the access path stays small.
  __attribute__((noinline, cold)) void log(const char* what, uint32_t offset, unsigned len,
                                           bool write, unsigned cpu) const;

  std::string frame_;
  Logger* log_ = &Logger::fallback();
  uint32_t size_;
  unsigned banks_;
  bool security_aware_ = false;
  std::vector<RegDef> regs_;
  std::vector<size_t> store_base_;  // per register: first cell in store_
  std::vector<uint64_t> store_;
  std::vector<Slot> slots_;  // one per 32-bit word of the frame
};

// Serves a generic payload on a bank: checks command and streaming width,
// fills the response status and returns it.
tlm::tlm_response_status serve_payload(RegisterBank& bank, tlm::tlm_generic_payload& p,
                                       uint32_t offset, unsigned cpu, bool debug);

}  // namespace gicsim
