#include "reg_bank.h"

#include <stdexcept>

#include "le_bytes.h"
#include "log.h"
#include "mmio_region.h"

namespace gicsim {

RegisterBank::RegisterBank(std::string frame, uint32_t size, unsigned banks)
    : frame_(std::move(frame)), size_(size), banks_(banks ? banks : 1) {
  slots_.assign(size_ / 4, Slot{kNone, 0, 0, 0, 0, RegAccess::RAZWI});
}

void RegisterBank::add(RegDef def) {
  if (def.width != 4 && def.width != 8) throw std::logic_error(def.name + ": bad width");
  const size_t index = regs_.size();
  const uint32_t end = def.offset + uint32_t(def.width) * def.count;
  if (end > size_ || def.offset % 4) throw std::logic_error(def.name + ": outside frame");
  for (uint32_t off = def.offset; off < end; off += 4) {
    Slot& s = slots_[off / 4];
    if (s.reg != kNone) throw std::logic_error(def.name + " overlaps " + regs_[s.reg].name);
    const uint16_t elem = uint16_t((off - def.offset) / def.width);
    s = Slot{uint16_t(index), elem,      def.offset + uint32_t(elem) * def.width,
             def.width,       def.sizes, def.access};
  }
  store_base_.push_back(store_.size());
  const size_t cells = size_t(def.count) * (def.banked ? banks_ : 1);
  store_.insert(store_.end(), cells, def.reset);
  regs_.push_back(std::move(def));
}

void RegisterBank::reset() {
  for (size_t r = 0; r < regs_.size(); ++r) {
    const size_t cells = size_t(regs_[r].count) * (regs_[r].banked ? banks_ : 1);
    for (size_t c = 0; c < cells; ++c) store_[store_base_[r] + c] = regs_[r].reset;
  }
}

uint64_t& RegisterBank::cell(const RegDef& d, size_t reg_index, unsigned elem, unsigned cpu) {
  const unsigned bank = d.banked ? (cpu < banks_ ? cpu : 0) : 0;
  return store_[store_base_[reg_index] + size_t(elem) * (d.banked ? banks_ : 1) + bank];
}

uint64_t RegisterBank::stored(const std::string& name, unsigned index, unsigned cpu) const {
  for (size_t r = 0; r < regs_.size(); ++r) {
    if (regs_[r].name != name) continue;
    const RegDef& d = regs_[r];
    const unsigned bank = d.banked ? cpu : 0;
    return store_[store_base_[r] + size_t(index) * (d.banked ? banks_ : 1) + bank];
  }
  throw std::out_of_range("no register " + name);
}

const RegDef* RegisterBank::find(uint32_t offset, Slot& slot) const {
  slot = slots_[offset / 4];
  return slot.reg == kNone ? nullptr : &regs_[slot.reg];
}

std::string RegisterBank::name_at(uint32_t offset) const {
  if (offset >= size_) return {};
  Slot s;
  const RegDef* d = find(offset, s);
  if (!d) return {};
  return d->count > 1 ? d->name + "<" + std::to_string(s.elem) + ">" : d->name;
}

void RegisterBank::log(const char* what, uint32_t offset, unsigned len, bool write,
                       unsigned cpu) const {
  std::string name = offset < size_ ? name_at(offset & ~3u) : std::string();
  log_->guest_error(frame_ + (name.empty() ? "" : " " + name) + ": " + what + " (" +
                    std::to_string(len * 8) + "-bit " + (write ? "write" : "read") + " at offset " +
                    hex(offset) + " by cpu" + std::to_string(cpu) + ")");
}

namespace {
inline bool byte_on(const MmioAccess& a, unsigned i) {
  return !a.byte_enable || a.byte_enable[i % a.byte_enable_len] == TLM_BYTE_ENABLED;
}
}  // namespace

tlm::tlm_response_status RegisterBank::access(const MmioAccess& a) {
  // Scalars only cross into the (cold) logger, so the access stays in registers.
  auto log = [this, &a](const char* what) {
    this->log(what, a.offset, a.len, a.write, a.payload ? accessing_cpu(*a.payload) : a.cpu);
  };
  if (__builtin_expect(a.len != 1 && a.len != 2 && a.len != 4 && a.len != 8, 0)) {
    log("unsupported access width");
    return tlm::TLM_BURST_ERROR_RESPONSE;
  }
  if (__builtin_expect(a.offset & (a.len - 1), 0)) {
    log("unaligned access");
    return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  }
  if (__builtin_expect(a.offset >= size_ || a.offset + a.len > size_, 0)) {
    log("access beyond the frame");
    return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  }
  Slot slot;
  const RegDef* d = find(a.offset, slot);
  if (__builtin_expect(!d, 0)) {
    // Reserved offset: RAZ/WI as the architecture requires.
    if (!a.write)
      for (unsigned i = 0; i < a.len; ++i)
        if (byte_on(a, i)) a.data[i] = 0;
    if (!a.debug) log("reserved offset, RAZ/WI");
    return tlm::TLM_OK_RESPONSE;
  }
  const unsigned pos = a.offset - slot.start;
  if (__builtin_expect(!(slot.sizes & a.len) || pos + a.len > slot.width, 0)) {
    log("unsupported access width for this register");
    return tlm::TLM_BURST_ERROR_RESPONSE;
  }
  const RegCtx ctx{a.cpu, slot.elem, a.debug, a.secure, a.payload};
  const unsigned shift = pos * 8;
  if (!a.write) {
    uint64_t v = 0;
    if (slot.access == RegAccess::WO) {
      if (!a.debug) log("read of a write-only register, RAZ");
    } else if (slot.access != RegAccess::RAZWI) {
      v = d->read ? d->read(ctx) : cell(*d, slot.reg, slot.elem, a.cpu);
    }
    v >>= shift;
    if (!a.byte_enable) {
      store_le(v, a.data, a.len);  // little-endian host, as TLM-2.0 assumes here
      return tlm::TLM_OK_RESPONSE;
    }
    for (unsigned i = 0; i < a.len; ++i)
      if (byte_on(a, i)) a.data[i] = uint8_t(v >> (8 * i));
    return tlm::TLM_OK_RESPONSE;
  }
  if (__builtin_expect(slot.access == RegAccess::RO, 0)) {
    log("write to a read-only register ignored");
    return tlm::TLM_OK_RESPONSE;
  }
  if (slot.access == RegAccess::RAZWI) return tlm::TLM_OK_RESPONSE;
  uint64_t value = 0, mask = 0;
  if (!a.byte_enable) {
    value = load_le(a.data, a.len);
    mask = a.len == 8 ? ~0ull : (uint64_t(1) << (8 * a.len)) - 1;
  } else {
    for (unsigned i = 0; i < a.len; ++i) {
      if (!byte_on(a, i)) continue;
      value |= uint64_t(a.data[i]) << (8 * i);
      mask |= uint64_t(0xff) << (8 * i);
    }
  }
  value <<= shift;
  mask <<= shift;
  if (d->write) {
    d->write(ctx, value, mask);
  } else {
    uint64_t& c = cell(*d, slot.reg, slot.elem, a.cpu);
    const uint64_t m = mask & d->wmask;
    c = (c & ~m) | (value & m);
  }
  return tlm::TLM_OK_RESPONSE;
}

namespace {
// What serve_payload answers to a payload it does not serve (out of line:
// the access path stays small).
__attribute__((noinline, cold)) tlm::tlm_response_status refuse_payload(
    const RegisterBank& bank, const tlm::tlm_generic_payload& p, uint32_t offset) {
  if (p.get_command() == tlm::TLM_IGNORE_COMMAND) return tlm::TLM_OK_RESPONSE;
  if (p.get_command() != tlm::TLM_READ_COMMAND && p.get_command() != tlm::TLM_WRITE_COMMAND) {
    bank.logger().guest_error(bank.frame() + ": unknown TLM command");
    return tlm::TLM_COMMAND_ERROR_RESPONSE;
  }
  if (p.get_streaming_width() != 0 && p.get_streaming_width() < p.get_data_length()) {
    bank.logger().guest_error(bank.frame() + ": streaming bursts are not supported at offset " +
                              hex(offset));
    return tlm::TLM_BURST_ERROR_RESPONSE;
  }
  bank.logger().guest_error(bank.frame() + ": byte-enable pointer with zero length");
  return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
}
}  // namespace

tlm::tlm_response_status serve_payload(RegisterBank& bank, tlm::tlm_generic_payload& p,
                                       uint32_t offset, unsigned cpu, bool debug) {
  const tlm::tlm_command cmd = p.get_command();
  const unsigned len = p.get_data_length(), sw = p.get_streaming_width();
  const uint8_t* be = p.get_byte_enable_ptr();
  tlm::tlm_response_status st;
  if (__builtin_expect((cmd == tlm::TLM_READ_COMMAND || cmd == tlm::TLM_WRITE_COMMAND) &&
                           (sw == 0 || sw >= len) && (!be || p.get_byte_enable_length()),
                       1)) {
    MmioAccess a;
    a.write = cmd == tlm::TLM_WRITE_COMMAND;
    a.offset = offset;
    a.len = len;
    a.data = p.get_data_ptr();
    a.byte_enable = be;
    a.byte_enable_len = p.get_byte_enable_length();
    a.cpu = cpu;
    a.debug = debug;
    a.secure = bank.security_aware() && secure_access(p);
    a.payload = &p;
    st = bank.access(a);
  } else {
    st = refuse_payload(bank, p, offset);
  }
  p.set_response_status(st);
  return st;
}

}  // namespace gicsim
