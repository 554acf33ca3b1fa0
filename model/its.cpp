#include "its.h"

namespace gicsim {

namespace {
// GITS_CTLR, GITS_TYPER, GITS_CBASER, GITS_CWRITER/CREADR fields.
constexpr uint32_t kCtlrEnabled = 1u << 0;
constexpr uint32_t kCtlrQuiescent = 1u << 31;
constexpr uint64_t kTyperPhysical = 1u << 0;
constexpr unsigned kTyperIttEntrySizeShift = 4, kTyperIdBitsShift = 8, kTyperDevBitsShift = 13;
constexpr uint64_t kTyperPta = 1u << 19;
constexpr unsigned kTyperCidBitsShift = 32;
constexpr uint64_t kTyperCil = 1ull << 36;
constexpr uint64_t kCbaserValid = 1ull << 63;
constexpr uint64_t kCbaserAddrMask = 0x000ffffffffff000ull;  // [51:12]
constexpr uint64_t kCbaserWritable = kCbaserValid | Its::Baser::kAttrMask | kCbaserAddrMask | 0xff;
constexpr uint64_t kQueueOffsetMask = 0xfffe0;  // CWRITER/CREADR.Offset [19:5]
constexpr uint64_t kCwriterRetry = 1;
constexpr unsigned kCommandBytes = 32, kEntryBytes = 8;
// Command fields: DW0 [7:0] opcode, [63:32] DeviceID; DW1 [31:0] EventID,
// [63:32] pINTID (MAPTI), [4:0] Size (MAPD); DW2 [15:0] ICID, [51:8] ITT
// address (MAPD), [50:16] RDbase (MAPC, SYNC, MOVALL), [63] Valid; DW3
// [50:16] the second RDbase (MOVALL).
constexpr uint64_t kCmdValid = 1ull << 63;
constexpr uint64_t kIttAddrMask = 0x000fffffffffff00ull;
constexpr uint64_t kMapdSizeMask = 0x1f;
constexpr unsigned kRdBaseShift = 16;
constexpr uint64_t kRdBaseMask = (1ull << 35) - 1;
// Table entries (see its.h).
constexpr uint64_t kEntryValid = 1ull << 63;
constexpr uint64_t kL1AddrMask = 0x000ffffffffff000ull;
constexpr unsigned kIteIcidShift = 32;
constexpr uint32_t kFirstLpi = 8192;

uint64_t page_bytes(uint64_t baser) {
  const unsigned ps = unsigned(baser >> Its::Baser::kPageSizeShift) & 3;
  return ps == 0 ? 4096 : ps == 1 ? 16384 : 65536;
}
uint64_t table_base(uint64_t baser) {
  if (page_bytes(baser) < 65536) return baser & Its::Baser::kAddrMask;
  // 64 KiB pages: PA[51:48] live in bits [15:12].
  return (baser & 0x0000ffffffff0000ull) | ((baser >> 12) & 0xf) << 48;
}
}  // namespace

const char* Its::error_name(Error e) {
  switch (e) {
    case Error::None:
      return "none";
    case Error::Disabled:
      return "ITS disabled";
    case Error::DeviceOutOfRange:
      return "DeviceID out of range";
    case Error::DeviceUnmapped:
      return "device not mapped";
    case Error::EventOutOfRange:
      return "EventID out of range";
    case Error::InterruptUnmapped:
      return "event not mapped";
    case Error::IntidOutOfRange:
      return "pINTID is not an implemented LPI";
    case Error::CollectionOutOfRange:
      return "ICID out of range";
    case Error::CollectionUnmapped:
      return "collection not mapped";
    case Error::TargetOutOfRange:
      return "RDbase names no redistributor";
    case Error::SizeOutOfRange:
      return "Size beyond ID_bits";
    case Error::TableInvalid:
      return "table not valid";
    case Error::BusError:
      return "bus error on a table access";
    case Error::UnknownCommand:
      return "unknown command";
  }
  return "?";
}

Its::Its(const ItsConfig& cfg, GicMemory& mem, LpiTarget& target, Logger& log)
    : cfg_(cfg), mem_(mem), target_(target), log_(log) {
  reset();
}

void Its::reset() {
  enabled_ = stalled_ = false;
  cbaser_ = cwriter_ = creadr_ = 0;
  const uint64_t entry = uint64_t(kEntryBytes - 1) << Baser::kEntrySizeShift;
  baser_[0] = Baser::kTypeDevice << Baser::kTypeShift | entry;
  baser_[1] = Baser::kTypeCollection << Baser::kTypeShift | entry;
  last_error_ = Error::None;
  command_errors_ = translation_errors_ = commands_ = 0;
  mappings_changed();
}

uint32_t Its::ctlr() const {
  // Commands and translations complete within the access that starts them,
  // so a disabled ITS is always quiescent.
  return enabled_ ? kCtlrEnabled : kCtlrQuiescent;
}

void Its::write_ctlr(uint32_t v) {
  const bool was = enabled_;
  enabled_ = v & kCtlrEnabled;
  if (was && !enabled_) mappings_changed();
  if (enabled_ && !was) process();
}

uint64_t Its::typer() const {
  return kTyperPhysical | uint64_t(kEntryBytes - 1) << kTyperIttEntrySizeShift |
         uint64_t(cfg_.event_bits - 1) << kTyperIdBitsShift |
         uint64_t(cfg_.device_bits - 1) << kTyperDevBitsShift | (cfg_.pta ? kTyperPta : 0) |
         uint64_t(cfg_.collection_bits - 1) << kTyperCidBitsShift | kTyperCil;
}

void Its::write_cbaser(uint64_t v) {
  if (enabled_) {
    log_.guest_error("GITS_CBASER written while the ITS is enabled: ignored");
    return;
  }
  cbaser_ = v & kCbaserWritable;
  creadr_ = 0;
  stalled_ = false;
}

void Its::write_cwriter(uint64_t v) {
  const uint64_t off = v & kQueueOffsetMask;
  if (off >= queue_bytes()) {
    log_.guest_error("GITS_CWRITER " + hex(off) + " beyond the command queue (" +
                     hex(queue_bytes()) + " bytes): ignored");
    return;
  }
  cwriter_ = off;
  if (v & kCwriterRetry) stalled_ = false;
  process();
}

void Its::write_baser(unsigned n, uint64_t v) {
  if (n >= 2) return;  // GITS_BASER2..7: no table (RAZ/WI)
  if (enabled_) {
    log_.guest_error("GITS_BASER" + std::to_string(n) +
                     " written while the ITS is enabled: ignored");
    return;
  }
  const uint64_t ro = baser_[n] & (0x7ull << Baser::kTypeShift | 0x1full << Baser::kEntrySizeShift);
  uint64_t keep = v & (Baser::kValid | Baser::kIndirect | Baser::kAttrMask | Baser::kAddrMask |
                       3ull << Baser::kPageSizeShift | Baser::kSizeMask);
  if ((keep >> Baser::kPageSizeShift & 3) == 3)  // reserved: read as 64 KiB
    keep &= ~(1ull << Baser::kPageSizeShift);
  baser_[n] = ro | keep;
  mappings_changed();
}

void Its::process() {
  if (!enabled_ || stalled_ || !(cbaser_ & kCbaserValid)) return;
  const uint64_t base = cbaser_ & kCbaserAddrMask, size = queue_bytes();
  if (creadr_ >= size) creadr_ = 0;
  // At most one pass round the queue: CREADR reaches CWRITER.
  while (creadr_ != cwriter_) {
    std::array<uint64_t, 4> c{};
    for (unsigned i = 0; i < 4; ++i)
      if (!mem_.read64(base + creadr_ + 8 * i, c[i])) {
        stalled_ = true;
        last_error_ = Error::BusError;
        ++command_errors_;
        log_.guest_error("ITS: bus error reading the command at " + hex(base + creadr_) +
                         ": queue stalled");
        return;
      }
    ++commands_;
    if (execute(c) != Error::None) ++command_errors_;
    // Every command but the ones that only read a mapping may change one.
    const auto op = uint8_t(c[0]);
    if (op != kInt && op != kClear && op != kInv && op != kSync) mappings_changed();
    creadr_ = (creadr_ + kCommandBytes) % size;
  }
}

Its::Error Its::fail(Error e, const char* what, uint64_t a, uint64_t b) {
  last_error_ = e;
  log_.guest_error(std::string("ITS: ") + what + ": " + error_name(e) + " (" + hex(a) + ", " +
                   hex(b) + ")");
  return e;
}

Its::Error Its::entry_addr(unsigned n, uint64_t id, uint64_t& addr) {
  const uint64_t b = baser_[n];
  if (!(b & Baser::kValid)) return Error::TableInvalid;
  const uint64_t page = page_bytes(b), bytes = ((b & Baser::kSizeMask) + 1) * page;
  const Error oor = n == 0 ? Error::DeviceOutOfRange : Error::CollectionOutOfRange;
  if (!(b & Baser::kIndirect)) {
    if (id >= bytes / kEntryBytes) return oor;
    addr = table_base(b) + id * kEntryBytes;
    return Error::None;
  }
  // Two levels: a level-1 entry per page of level-2 entries.
  const uint64_t per_page = page / kEntryBytes, l1 = id / per_page;
  if (l1 >= bytes / kEntryBytes) return oor;
  uint64_t e;
  if (!mem_.read64(table_base(b) + l1 * kEntryBytes, e)) return Error::BusError;
  if (!(e & kEntryValid)) return oor;
  addr = (e & kL1AddrMask & ~(page - 1)) + (id % per_page) * kEntryBytes;
  return Error::None;
}

Its::Error Its::read_entry(unsigned n, uint64_t id, uint64_t& v) {
  uint64_t addr = 0;
  if (Error e = entry_addr(n, id, addr); e != Error::None) return e;
  return mem_.read64(addr, v) ? Error::None : Error::BusError;
}

Its::Error Its::write_entry(unsigned n, uint64_t id, uint64_t v) {
  uint64_t addr = 0;
  if (Error e = entry_addr(n, id, addr); e != Error::None) return e;
  return mem_.write64(addr, v) ? Error::None : Error::BusError;
}

Its::Error Its::ite_addr(uint32_t device, uint32_t event, uint64_t& addr) {
  if (device_out_of_range(device)) return Error::DeviceOutOfRange;
  uint64_t dte;
  if (Error e = read_entry(0, device, dte); e != Error::None) return e;
  if (!(dte & kEntryValid)) return Error::DeviceUnmapped;
  const unsigned bits = unsigned(dte & kMapdSizeMask) + 1;
  if (bits < 32 && event >> bits) return Error::EventOutOfRange;
  addr = (dte & kIttAddrMask) + uint64_t(event) * kEntryBytes;
  return Error::None;
}

Its::Error Its::lookup(uint32_t device, uint32_t event, uint64_t& ite_addr, Ite& ite) {
  if (Error e = this->ite_addr(device, event, ite_addr); e != Error::None) return e;
  uint64_t v;
  if (!mem_.read64(ite_addr, v)) return Error::BusError;
  if (!(v & kEntryValid)) return Error::InterruptUnmapped;
  ite.intid = uint32_t(v);
  ite.icid = uint16_t(v >> kIteIcidShift);
  return Error::None;
}

Its::Error Its::collection_target(uint16_t icid, unsigned& cpu) {
  if (cfg_.collection_bits < 16 && icid >> cfg_.collection_bits) return Error::CollectionOutOfRange;
  uint64_t cte;
  if (Error e = read_entry(1, icid, cte); e != Error::None) return e;
  if (!(cte & kEntryValid)) return Error::CollectionUnmapped;
  return decode_target(cte >> kRdBaseShift & kRdBaseMask, cpu);
}

Its::Error Its::decode_target(uint64_t rd, unsigned& cpu) const {
  uint64_t n = rd;
  if (cfg_.pta) {
    const uint64_t addr = rd << kRdBaseShift;
    if (addr < cfg_.rd_base || (addr - cfg_.rd_base) % cfg_.rd_stride)
      return Error::TargetOutOfRange;
    n = (addr - cfg_.rd_base) / cfg_.rd_stride;
  }
  if (n >= target_.cpus()) return Error::TargetOutOfRange;
  cpu = unsigned(n);
  return Error::None;
}

Its::Error Its::resolve(uint32_t device, uint32_t event, uint32_t& intid, unsigned& cpu) {
  Error e = Error::Disabled;
  uint64_t addr;
  Ite ite;
  if (enabled_ && (e = lookup(device, event, addr, ite)) == Error::None &&
      (e = collection_target(ite.icid, cpu)) == Error::None) {
    intid = ite.intid;
    return Error::None;
  }
  ++translation_errors_;
  return fail(e, "translation dropped", device, event);
}

Its::Error Its::translate(uint32_t device, uint32_t event) {
  uint32_t intid = 0;
  unsigned cpu = 0;
  const Error e = resolve(device, event, intid, cpu);
  if (e == Error::None) target_.set_lpi_pending(cpu, intid, true);
  return e;
}

Its::Error Its::execute(const std::array<uint64_t, 4>& c) {
  const auto op = uint8_t(c[0]);
  const auto device = uint32_t(c[0] >> 32), event = uint32_t(c[1]);
  const auto icid = uint16_t(c[2]);
  const char* name = "command";
  Error e = Error::None;
  uint64_t addr = 0;
  Ite ite;
  unsigned cpu = 0, to = 0;
  auto check_lpi = [&](uint32_t intid) {
    return intid >= kFirstLpi && (cfg_.lpi_bits >= 32 || intid >> cfg_.lpi_bits == 0)
               ? Error::None
               : Error::IntidOutOfRange;
  };
  switch (op) {
    case kMapd: {
      name = "MAPD";
      const bool valid = c[2] & kCmdValid;
      const unsigned size = unsigned(c[1] & kMapdSizeMask);
      if (device_out_of_range(device))
        e = Error::DeviceOutOfRange;
      else if (valid && size + 1 > cfg_.event_bits)
        e = Error::SizeOutOfRange;
      else
        e = write_entry(0, device, valid ? kEntryValid | (c[2] & kIttAddrMask) | size : 0);
      break;
    }
    case kMapc: {
      name = "MAPC";
      const bool valid = c[2] & kCmdValid;
      const uint64_t rd = c[2] >> kRdBaseShift & kRdBaseMask;
      if (cfg_.collection_bits < 16 && icid >> cfg_.collection_bits)
        e = Error::CollectionOutOfRange;
      else if (valid && (e = decode_target(rd, cpu)) != Error::None)
        break;
      else
        e = write_entry(1, icid, valid ? kEntryValid | rd << kRdBaseShift : 0);
      break;
    }
    case kMapti:
    case kMapi: {
      name = op == kMapti ? "MAPTI" : "MAPI";
      const uint32_t intid = op == kMapti ? uint32_t(c[1] >> 32) : event;
      uint64_t cte_addr = 0;
      if ((e = ite_addr(device, event, addr)) != Error::None ||
          (e = check_lpi(intid)) != Error::None)
        break;
      if (cfg_.collection_bits < 16 && icid >> cfg_.collection_bits)
        e = Error::CollectionOutOfRange;
      else if ((e = entry_addr(1, icid, cte_addr)) != Error::None)
        break;
      else if (!mem_.write64(addr, kEntryValid | uint64_t(icid) << kIteIcidShift | intid))
        e = Error::BusError;
      break;
    }
    case kInt:
    case kClear:
    case kInv:
    case kDiscard: {
      name = op == kInt ? "INT" : op == kClear ? "CLEAR" : op == kInv ? "INV" : "DISCARD";
      if ((e = lookup(device, event, addr, ite)) != Error::None) break;
      // Each needs the collection mapped (DISCARD too, as KVM and QEMU
      // have it: an unmapped collection is a command error).
      if ((e = collection_target(ite.icid, cpu)) != Error::None) break;
      if (op == kDiscard) {
        target_.set_lpi_pending(cpu, ite.intid, false);
        if (!mem_.write64(addr, 0)) e = Error::BusError;
      } else if (op == kInv)
        target_.invalidate_lpi(cpu, ite.intid);
      else
        target_.set_lpi_pending(cpu, ite.intid, op == kInt);
      break;
    }
    case kMovi: {
      name = "MOVI";
      unsigned from = 0;
      if ((e = lookup(device, event, addr, ite)) != Error::None ||
          (e = collection_target(icid, to)) != Error::None ||
          (e = collection_target(ite.icid, from)) != Error::None)
        break;
      if (from != to && target_.lpi_pending(from, ite.intid)) {
        target_.set_lpi_pending(from, ite.intid, false);
        target_.set_lpi_pending(to, ite.intid, true);
      }
      if (!mem_.write64(addr, kEntryValid | uint64_t(icid) << kIteIcidShift | ite.intid))
        e = Error::BusError;
      break;
    }
    case kInvall:
      name = "INVALL";
      if ((e = collection_target(icid, cpu)) == Error::None) target_.invalidate_all(cpu);
      break;
    case kMovall:
      name = "MOVALL";
      if ((e = decode_target(c[2] >> kRdBaseShift & kRdBaseMask, cpu)) == Error::None &&
          (e = decode_target(c[3] >> kRdBaseShift & kRdBaseMask, to)) == Error::None && cpu != to)
        target_.move_all(cpu, to);
      break;
    case kSync:
      name = "SYNC";
      if ((e = decode_target(c[2] >> kRdBaseShift & kRdBaseMask, cpu)) == Error::None)
        target_.sync(cpu);
      break;
    default:
      return fail(Error::UnknownCommand, "command ignored", op, c[0]);
  }
  return e == Error::None ? e : fail(e, name, device, event);
}

}  // namespace gicsim
