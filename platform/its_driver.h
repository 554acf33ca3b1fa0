// The software side of LPIs and an ITS, as Linux's irq-gic-v3-its brings
// them up: one driver serves the main job's host (through the platform's
// bus) and each guest with assigned devices (through its emulated
// redistributors and ITS, and its RAM).
//
// LpiTableLayout: where the tables go (offsets from the RAM base), in the
// order Linux allocates them: the LPI configuration table, one pending
// table per CPU, the command queue, device and collection tables, then one
// ITT per device. Every table starts on a 64 KiB boundary (PENDBASER's and
// every Page_Size's alignment).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace gicsim {

struct ItsDevice {
  uint32_t device_id = 0;
  unsigned queues = 1;  // EventIDs 0 .. queues - 1
};

struct LpiTableLayout {
  static constexpr uint64_t kAlign = 0x10000;
  static constexpr uint64_t kQueueBytes = 0x10000;  // 16 pages: 2048 commands
  static constexpr unsigned kEntryBytes = 8;        // this model's DTE/CTE/ITE
  // A flat device table holds at most 256 pages (GITS_BASER.Size): 4 KiB
  // pages while they do, else 64 KiB ones.
  static constexpr uint64_t kMaxDevices = 256 * 0x10000 / kEntryBytes;
  uint64_t prop = 0, pend = 0, pend_stride = 0, queue = 0, device_table = 0;
  uint64_t device_table_pages = 1, device_table_page = 4096, collection_table = 0, end = 0;
  std::vector<uint64_t> itt;         // per device
  std::vector<unsigned> event_bits;  // per device: MAPD Size + 1
  std::vector<uint32_t> first_lpi;   // per device: the LPI of queue 0 (from 8192, in order)

  LpiTableLayout(unsigned cpus, unsigned lpi_bits, const std::vector<ItsDevice>& devices);
};

class ItsDriver {
 public:
  // How the driver reaches the hardware: RAM, a redistributor's RD_base
  // frame, the ITS control frame.
  struct Bus {
    std::function<void(uint64_t addr, uint64_t v, unsigned width)> mem;
    std::function<void(unsigned cpu, uint64_t off, uint64_t v, unsigned width)> gicr;
    std::function<void(uint64_t off, uint64_t v, unsigned width)> gits;
    std::function<uint64_t(uint64_t off)> gits_read;
  };
  // target: the RDbase field of CPU c's collection (GITS_TYPER.PTA: its
  // RD_base address, else its processor number << 16).
  ItsDriver(Bus bus, uint64_t ram_base, unsigned cpus, unsigned lpi_bits,
            std::vector<ItsDevice> devices, std::function<uint64_t(unsigned cpu)> target);
  const LpiTableLayout& layout() const { return layout_; }
  // The CPU a queue's LPI is routed to (Linux spreads queues).
  unsigned cpu_of_queue(unsigned q) const { return q % cpus_; }
  uint32_t lpi(unsigned device, unsigned queue) const { return layout_.first_lpi[device] + queue; }
  // Programs everything (the configuration of the devices' LPIs, PROPBASER,
  // PENDBASER and EnableLPIs per redistributor, GITS_BASER/CBASER, the ITS
  // enabled, MAPC per CPU, MAPD per device, MAPTI per queue, SYNC); true
  // when the ITS consumed every command (CREADR caught up with CWRITER).
  bool boot();

 private:
  void command(std::array<uint64_t, 4> c);
  void flush();

  Bus bus_;
  uint64_t ram_;
  unsigned cpus_, lpi_bits_;
  std::vector<ItsDevice> devices_;
  std::function<uint64_t(unsigned)> target_;
  LpiTableLayout layout_;
  uint64_t cwriter_ = 0;
};

}  // namespace gicsim
