#include "its_driver.h"

namespace gicsim {

namespace {
// Registers (GICv3 architecture): redistributor RD_base and ITS control frame.
constexpr uint64_t kGicrCtlr = 0x0, kGicrPropbaser = 0x70, kGicrPendbaser = 0x78;
constexpr uint32_t kGicrCtlrEnableLpis = 1;
constexpr uint64_t kGitsCtlr = 0x0, kGitsCbaser = 0x80, kGitsCwriter = 0x88, kGitsCreadr = 0x90;
constexpr uint64_t kGitsBaser0 = 0x100;
constexpr uint32_t kGitsCtlrEnabled = 1;
constexpr uint64_t kValid = 1ull << 63, kPtz = 1ull << 62;
constexpr unsigned kPageSizeShift = 8;
constexpr uint64_t kPageSize64K = 2;
// ITS commands (opcode in DW0 [7:0], DeviceID in DW0 [63:32]).
constexpr uint64_t kMapd = 0x08, kMapc = 0x09, kMapti = 0x0a, kSync = 0x05;
constexpr unsigned kDeviceShift = 32, kPintidShift = 32;
// Linux's default LPI configuration: priority 0xa0, Group 1 (RES1), enabled.
constexpr uint8_t kLpiConfig = 0xa0 | 0x2 | 0x1;
constexpr uint32_t kFirstLpi = 8192;
constexpr unsigned kCommandBytes = 32;
}  // namespace

LpiTableLayout::LpiTableLayout(unsigned cpus, unsigned lpi_bits,
                               const std::vector<ItsDevice>& devices) {
  auto align = [](uint64_t v) { return (v + kAlign - 1) & ~(kAlign - 1); };
  const unsigned bits = lpi_bits ? lpi_bits : 14;
  uint64_t at = 0;
  prop = at;
  at = align(at + (uint64_t(1) << bits) - kFirstLpi);
  pend = at;
  pend_stride = align((uint64_t(1) << bits) / 8);
  at += pend_stride * cpus;
  queue = at;
  at += kQueueBytes;
  uint32_t max_id = 0;
  for (const ItsDevice& d : devices) max_id = d.device_id > max_id ? d.device_id : max_id;
  device_table = at;
  const uint64_t dt_bytes = (uint64_t(max_id) + 1) * kEntryBytes;
  device_table_page = dt_bytes > 256 * 4096 ? 0x10000 : 4096;
  device_table_pages = (dt_bytes + device_table_page - 1) / device_table_page;
  at = align(at + device_table_pages * device_table_page);
  collection_table = at;
  at = align(at + 4096);
  uint32_t lpi = kFirstLpi;
  for (const ItsDevice& d : devices) {
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

ItsDriver::ItsDriver(Bus bus, uint64_t ram_base, unsigned cpus, unsigned lpi_bits,
                     std::vector<ItsDevice> devices, std::function<uint64_t(unsigned)> target)
    : bus_(std::move(bus)),
      ram_(ram_base),
      cpus_(cpus),
      lpi_bits_(lpi_bits),
      devices_(std::move(devices)),
      target_(std::move(target)),
      layout_(cpus, lpi_bits, devices_) {}

void ItsDriver::command(std::array<uint64_t, 4> c) {
  const uint64_t q = ram_ + layout_.queue;
  for (unsigned i = 0; i < 4; ++i) bus_.mem(q + cwriter_ + 8 * i, c[i], 8);
  cwriter_ = (cwriter_ + kCommandBytes) % LpiTableLayout::kQueueBytes;
  if (cwriter_ % 4096 == 0) flush();  // never let the queue fill
}

void ItsDriver::flush() { bus_.gits(kGitsCwriter, cwriter_, 8); }

bool ItsDriver::boot() {
  // Configuration of every LPI the devices use; the rest stay disabled.
  for (size_t i = 0; i < devices_.size(); ++i)
    for (unsigned q = 0; q < devices_[i].queues; ++q)
      bus_.mem(ram_ + layout_.prop + lpi(unsigned(i), q) - kFirstLpi, kLpiConfig, 1);
  for (unsigned c = 0; c < cpus_; ++c) {
    bus_.gicr(c, kGicrPropbaser, (ram_ + layout_.prop) | (lpi_bits_ - 1), 8);
    bus_.gicr(c, kGicrPendbaser, (ram_ + layout_.pend + c * layout_.pend_stride) | kPtz, 8);
    bus_.gicr(c, kGicrCtlr, kGicrCtlrEnableLpis, 4);
  }
  const uint64_t page_size = (layout_.device_table_page == 4096 ? 0 : kPageSize64K)
                             << kPageSizeShift;
  bus_.gits(kGitsBaser0,
            kValid | (ram_ + layout_.device_table) | page_size | (layout_.device_table_pages - 1),
            8);
  bus_.gits(kGitsBaser0 + 8, kValid | (ram_ + layout_.collection_table), 8);
  bus_.gits(kGitsCbaser, kValid | (ram_ + layout_.queue) | (LpiTableLayout::kQueueBytes / 4096 - 1),
            8);
  bus_.gits(kGitsCtlr, kGitsCtlrEnabled, 4);
  // Collection c targets CPU c.
  for (unsigned c = 0; c < cpus_; ++c) command({kMapc, 0, kValid | target_(c) | c, 0});
  for (size_t i = 0; i < devices_.size(); ++i) {
    const ItsDevice& d = devices_[i];
    const uint64_t dev = uint64_t(d.device_id) << kDeviceShift;
    command({kMapd | dev, layout_.event_bits[i] - 1, kValid | (ram_ + layout_.itt[i]), 0});
    for (unsigned q = 0; q < d.queues; ++q)
      command(
          {kMapti | dev, q | uint64_t(lpi(unsigned(i), q)) << kPintidShift, cpu_of_queue(q), 0});
  }
  for (unsigned c = 0; c < cpus_; ++c) command({kSync, 0, target_(c), 0});
  flush();
  return bus_.gits_read(kGitsCreadr) == cwriter_;  // and not Stalled
}

}  // namespace gicsim
