// Where the main job's host keeps its LPI and ITS tables in RAM (offsets
// from iss.ram_base), in the order Linux allocates them: the LPI
// configuration table, one pending table per CPU, the ITS command queue,
// device and collection tables, then one ITT per MSI device. Every table
// starts on a 64 KiB boundary (PENDBASER's and every Page_Size's alignment).
#pragma once

#include <cstdint>
#include <vector>

#include "sim_config.h"

namespace gicsim {

struct HostLpiLayout {
  static constexpr uint64_t kAlign = 0x10000;
  static constexpr uint64_t kQueueBytes = 0x10000;  // 16 pages: 2048 commands
  static constexpr unsigned kEntryBytes = 8;        // this model's DTE/CTE/ITE
  uint64_t prop = 0, pend = 0, pend_stride = 0, queue = 0, device_table = 0;
  uint64_t device_table_pages = 1, device_table_page = 4096, collection_table = 0, end = 0;
  // A flat device table holds at most 256 pages (GITS_BASER.Size): 4 KiB
  // pages while they do, else 64 KiB ones.
  static constexpr uint64_t kMaxDevices = 256 * 0x10000 / kEntryBytes;
  std::vector<uint64_t> itt;         // per MSI device
  std::vector<unsigned> event_bits;  // per MSI device: MAPD Size + 1
  std::vector<uint32_t> first_lpi;   // per MSI device: the LPI of queue 0

  explicit HostLpiLayout(const SimConfig& c) {
    auto align = [](uint64_t v) { return (v + kAlign - 1) & ~(kAlign - 1); };
    const unsigned bits = c.gic.lpi_bits ? c.gic.lpi_bits : 14;
    uint64_t at = 0;
    prop = at;
    at = align(at + (uint64_t(1) << bits) - 8192);
    pend = at;
    pend_stride = align((uint64_t(1) << bits) / 8);
    at += pend_stride * c.gic.cpus;
    queue = at;
    at += kQueueBytes;
    unsigned max_id = 0;
    for (const MsiDeviceConfig& d : c.workload.msi_devices)
      max_id = d.device_id > max_id ? d.device_id : max_id;
    device_table = at;
    const uint64_t dt_bytes = (uint64_t(max_id) + 1) * kEntryBytes;
    device_table_page = dt_bytes > 256 * 4096 ? 0x10000 : 4096;
    device_table_pages = (dt_bytes + device_table_page - 1) / device_table_page;
    at = align(at + device_table_pages * device_table_page);
    collection_table = at;
    at = align(at + 4096);
    uint32_t lpi = 8192;
    for (const MsiDeviceConfig& d : c.workload.msi_devices) {
      unsigned b = 1;
      while ((uint64_t(1) << b) < d.queues) ++b;
      event_bits.push_back(b);
      itt.push_back(at);
      at = align(at + (uint64_t(1) << b) * kEntryBytes);
      first_lpi.push_back(lpi);
      lpi += d.queues;
    }
    end = at;
  }
};

inline uint64_t host_lpi_tables_bytes(const SimConfig& c) { return HostLpiLayout(c).end; }

}  // namespace gicsim
