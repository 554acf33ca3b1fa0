// An MMIO region: frames (register banks) mapped at offsets inside one TLM
// target, e.g. the redistributor region holding RD_base and SGI_base frames
// for every CPU. Addresses outside every frame get TLM_ADDRESS_ERROR_RESPONSE.
#pragma once

#include <cstdint>
#include <string>
#include <tlm>
#include <vector>

#include "reg_bank.h"

namespace gicsim {

// Bus-master attributes of an MMIO transaction: the accessing CPU (GICv2
// banking, GICH/GICV) and its Security state (AxPROT[1]; with two Security
// states the GIC decides by it). A payload without the extension is a
// Non-secure access from CPU 0.
struct CpuIdExtension : tlm::tlm_extension<CpuIdExtension> {
  unsigned cpu = 0;
  bool secure = false;
  explicit CpuIdExtension(unsigned c = 0, bool s = false) : cpu(c), secure(s) {}
  tlm_extension_base* clone() const override { return new CpuIdExtension(cpu, secure); }
  void copy_from(const tlm_extension_base& e) override {
    cpu = static_cast<const CpuIdExtension&>(e).cpu;
    secure = static_cast<const CpuIdExtension&>(e).secure;
  }
};

// The DeviceID an MSI carries to the ITS (GITS_TRANSLATER), as the bus
// would (e.g. a PCIe requester ID through the SMMU). A write without it
// comes from DeviceID 0.
struct DeviceIdExtension : tlm::tlm_extension<DeviceIdExtension> {
  uint32_t device = 0;
  explicit DeviceIdExtension(uint32_t d = 0) : device(d) {}
  tlm_extension_base* clone() const override { return new DeviceIdExtension(device); }
  void copy_from(const tlm_extension_base& e) override {
    device = static_cast<const DeviceIdExtension&>(e).device;
  }
};

// Fills a payload for one access on behalf of a CPU (ext is attached; the
// caller clears it after transport). data holds width bytes, little-endian.
inline void prepare_access(tlm::tlm_generic_payload& p, CpuIdExtension& ext, bool write,
                           uint64_t addr, unsigned width, uint8_t* data) {
  p.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  p.set_address(addr);
  p.set_data_ptr(data);
  p.set_data_length(width);
  p.set_streaming_width(width);
  p.set_byte_enable_ptr(nullptr);
  p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  p.set_extension(&ext);
}

inline unsigned accessing_cpu(const tlm::tlm_generic_payload& p) {
  const CpuIdExtension* e = p.get_extension<CpuIdExtension>();
  return e ? e->cpu : 0;
}

inline bool secure_access(const tlm::tlm_generic_payload& p) {
  const CpuIdExtension* e = p.get_extension<CpuIdExtension>();
  return e && e->secure;
}

class MmioRegion {
 public:
  static constexpr int kAccessingCpu = -1;
  MmioRegion(std::string name, uint64_t size, uint32_t page = 0x10000);

  // Maps a frame at a page-aligned offset; instance is the CPU handed to the
  // bank (a redistributor's index) or kAccessingCpu for banking by accessor.
  void map(uint64_t offset, RegisterBank* bank, int instance = kAccessingCpu);
  tlm::tlm_response_status transport(tlm::tlm_generic_payload& p, bool debug);
  // One access on behalf of a CPU (builds the payload and its CpuIdExtension);
  // data holds width bytes, little-endian.
  tlm::tlm_response_status access(unsigned cpu, bool write, uint64_t addr, unsigned width,
                                  uint8_t* data, bool debug = false, bool secure = false);
  const std::string& name() const { return name_; }
  uint64_t size() const { return size_; }
  void set_logger(Logger* l) { log_ = l; }

  // The mapped frames in address order (register dumps, sweeps, reset checks).
  struct Frame {
    uint64_t offset;
    RegisterBank* bank;
    int instance;
  };
  std::vector<Frame> frames() const;

 private:
  struct Window {
    RegisterBank* bank = nullptr;
    int instance = kAccessingCpu;
    uint32_t size = 0;  // the frame's size (cached from the bank)
  };
  __attribute__((noinline, cold)) void outside(const tlm::tlm_generic_payload& p) const;
  __attribute__((noinline, cold)) void no_such_cpu(const tlm::tlm_generic_payload& p) const;
  std::string name_;
  Logger* log_ = &Logger::fallback();
  uint64_t size_;
  uint32_t page_;
  unsigned page_shift_;
  std::vector<Window> pages_;
};

}  // namespace gicsim
