// The Interrupt Translation Service (GICv3 ITS), physical LPIs only: its
// control registers, the command queue in memory, the device, collection
// and interrupt translation tables in memory, and the translation of an
// MSI (DeviceID, EventID) into an LPI made pending at a redistributor.
//
// The tables in memory are the only copy of the mappings (no hidden
// mirror): a translation reads the device table entry, the ITT entry and
// the collection table entry. Their formats are IMPLEMENTATION DEFINED;
// this model's (one doubleword each, GITS_TYPER.ITT_entry_size = 8) are:
//   DTE: V[63] ITT_addr[51:8] Size[4:0]  (Size = EventID bits - 1)
//   CTE: V[63] target[50:16]             (processor number, or RDbase >> 16)
//   ITE: V[63] ICID[47:32] pINTID[31:0]
//
// Error policy, as the spec allows with GITS_TYPER.SEIS = 0 (and as QEMU
// chose): a command whose parameters are wrong is ignored, logged and
// counted (the last error is kept); a bus error reading the queue stalls
// it (GITS_CREADR.Stalled; GITS_CWRITER.Retry resumes); a bus error on a
// table access ignores the command or translation. Nothing throws.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "gic_memory.h"
#include "log.h"

namespace gicsim {

// Where the ITS delivers: the redistributors' LPI state.
class LpiTarget {
 public:
  virtual ~LpiTarget() = default;
  virtual unsigned cpus() const = 0;
  virtual bool lpi_pending(unsigned cpu, uint32_t intid) const = 0;
  virtual void set_lpi_pending(unsigned cpu, uint32_t intid, bool pending) = 0;
  virtual void invalidate_lpi(unsigned cpu, uint32_t intid) = 0;  // INV
  virtual void invalidate_all(unsigned cpu) = 0;                  // INVALL
  virtual void move_all(unsigned from, unsigned to) = 0;          // MOVALL
  virtual void sync(unsigned) {}                                  // SYNC
};

struct ItsConfig {
  unsigned device_bits = 16;  // GITS_TYPER.Devbits + 1
  unsigned event_bits = 16;   // GITS_TYPER.ID_bits + 1
  unsigned lpi_bits = 16;     // INTID bits of the redistributors (GICD_TYPER.IDbits + 1)
  unsigned collection_bits = 16;
  bool pta = false;      // targets are redistributor addresses (else processor numbers)
  uint64_t rd_base = 0;  // with pta: the first redistributor's RD_base
  uint64_t rd_stride = 0x20000;
};

class Its {
 public:
  enum Cmd : uint8_t {
    kMovi = 0x01,
    kInt = 0x03,
    kClear = 0x04,
    kSync = 0x05,
    kMapd = 0x08,
    kMapc = 0x09,
    kMapti = 0x0a,
    kMapi = 0x0b,
    kInv = 0x0c,
    kInvall = 0x0d,
    kMovall = 0x0e,
    kDiscard = 0x0f,
  };
  // Why a command or translation was not carried out.
  enum class Error : uint8_t {
    None,
    Disabled,           // translation while GITS_CTLR.Enabled == 0
    DeviceOutOfRange,   // DeviceID beyond Devbits or the device table
    DeviceUnmapped,     // no valid DTE
    EventOutOfRange,    // EventID beyond the device's ITT size
    InterruptUnmapped,  // no valid ITE
    IntidOutOfRange,    // pINTID not an implemented LPI
    CollectionOutOfRange,
    CollectionUnmapped,
    TargetOutOfRange,  // RDbase names no redistributor
    SizeOutOfRange,    // MAPD Size beyond ID_bits
    TableInvalid,      // GITS_BASER not valid
    BusError,          // a table access failed
    UnknownCommand,
  };
  static const char* error_name(Error e);

  // BASER<n> layout (n = 0: device table, 1: collection table, 2..7 absent).
  struct Baser {
    static constexpr uint64_t kValid = 1ull << 63;
    static constexpr uint64_t kIndirect = 1ull << 62;
    static constexpr unsigned kTypeShift = 56, kEntrySizeShift = 48;
    static constexpr unsigned kPageSizeShift = 8;
    static constexpr uint64_t kSizeMask = 0xff;
    static constexpr uint64_t kAddrMask = 0x0000fffffffff000ull;  // [47:12]
    static constexpr uint64_t kAttrMask = 0x38e0000000000c00ull;  // caches, shareability
    static constexpr uint64_t kTypeDevice = 1, kTypeCollection = 4;
  };

  Its(const ItsConfig& cfg, GicMemory& mem, LpiTarget& target, Logger& log);
  void reset();
  const ItsConfig& config() const { return cfg_; }
  // With PTA: where the first redistributor is mapped (the platform knows).
  void set_rd_base(uint64_t base) { cfg_.rd_base = base; }

  // Registers (GITS_*), as software reads and writes them.
  uint32_t ctlr() const;
  void write_ctlr(uint32_t v);
  uint64_t typer() const;
  static constexpr uint32_t kIidr = 0x0000043b;  // Arm, product 0
  uint64_t cbaser() const { return cbaser_; }
  void write_cbaser(uint64_t v);
  uint64_t cwriter() const { return cwriter_; }
  void write_cwriter(uint64_t v);
  uint64_t creadr() const { return creadr_ | (stalled_ ? 1 : 0); }
  uint64_t baser(unsigned n) const { return n < 2 ? baser_[n] : 0; }
  void write_baser(unsigned n, uint64_t v);

  // GITS_TRANSLATER: an MSI from a device.
  Error translate(uint32_t device, uint32_t event);
  // The translation alone: the LPI (device, event) maps to and its
  // collection's target, nothing delivered (a hypervisor's translation cache
  // fills from it).
  Error resolve(uint32_t device, uint32_t event, uint32_t& intid, unsigned& cpu);
  // Called when a mapping a translation depends on may have changed (a
  // command that maps, unmaps or moves; the ITS disabled; a table moved):
  // what caches translations drops them.
  std::function<void()> on_mappings_changed;

  // What went wrong most recently, and how often commands and
  // translations failed.
  Error last_error() const { return last_error_; }
  uint64_t command_errors() const { return command_errors_; }
  uint64_t translation_errors() const { return translation_errors_; }
  uint64_t commands() const { return commands_; }
  bool enabled() const { return enabled_; }

 private:
  struct Ite {
    uint32_t intid = 0;
    uint16_t icid = 0;
  };
  void process();
  Error execute(const std::array<uint64_t, 4>& c);
  Error fail(Error e, const char* what, uint64_t a = 0, uint64_t b = 0);
  void mappings_changed() {
    if (on_mappings_changed) on_mappings_changed();
  }
  // Address of entry id of the table BASER<n> describes (flat or two-level).
  Error entry_addr(unsigned n, uint64_t id, uint64_t& addr);
  Error read_entry(unsigned n, uint64_t id, uint64_t& v);
  Error write_entry(unsigned n, uint64_t id, uint64_t v);
  // Where the ITT entry of (device, event) is: the device mapped, the event in its range.
  Error ite_addr(uint32_t device, uint32_t event, uint64_t& addr);
  // The mapped interrupt of (device, event) and its collection's target.
  Error lookup(uint32_t device, uint32_t event, uint64_t& ite_addr, Ite& ite);
  Error collection_target(uint16_t icid, unsigned& cpu);
  Error decode_target(uint64_t field, unsigned& cpu) const;
  uint64_t queue_bytes() const { return ((cbaser_ & 0xff) + 1) * 4096; }
  bool device_out_of_range(uint32_t device) const {
    return cfg_.device_bits < 32 && device >> cfg_.device_bits;
  }

  ItsConfig cfg_;
  GicMemory& mem_;
  LpiTarget& target_;
  Logger& log_;
  bool enabled_ = false;
  bool stalled_ = false;
  uint64_t cbaser_ = 0, cwriter_ = 0, creadr_ = 0;
  std::array<uint64_t, 2> baser_{};
  Error last_error_ = Error::None;
  uint64_t command_errors_ = 0, translation_errors_ = 0, commands_ = 0;
};

}  // namespace gicsim
