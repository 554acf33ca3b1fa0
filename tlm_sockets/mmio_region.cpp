#include "mmio_region.h"

#include <stdexcept>

#include "log.h"

namespace gicsim {

MmioRegion::MmioRegion(std::string name, uint64_t size, uint32_t page)
    : name_(std::move(name)),
      size_(size),
      page_(page),
      page_shift_(unsigned(__builtin_ctz(page))),
      pages_((size + page - 1) / page) {
  if (page & (page - 1)) throw std::logic_error(name_ + ": page size must be a power of two");
}

void MmioRegion::map(uint64_t offset, RegisterBank* bank, int instance) {
  if (offset % page_ || offset / page_ >= pages_.size())
    throw std::logic_error(name_ + ": bad frame offset");
  pages_[offset / page_] = Window{bank, instance, bank->size()};
}

std::vector<MmioRegion::Frame> MmioRegion::frames() const {
  std::vector<Frame> out;
  for (size_t i = 0; i < pages_.size(); ++i)
    if (pages_[i].bank)
      out.push_back(Frame{uint64_t(i) * page_, pages_[i].bank, pages_[i].instance});
  return out;
}

// flatten: the decode chain (region, payload checks, bank) is the MMIO hot path.
__attribute__((flatten)) tlm::tlm_response_status MmioRegion::transport(tlm::tlm_generic_payload& p,
                                                                        bool debug) {
  const uint64_t addr = p.get_address();
  const uint64_t page = addr >> page_shift_;
  const uint32_t off = uint32_t(addr & (page_ - 1));
  if (page >= pages_.size() || off >= pages_[page].size) {
    outside(p);
    p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  }
  const Window& w = pages_[page];
  unsigned inst = unsigned(w.instance);
  if (w.instance == kAccessingCpu) {
    inst = w.bank->banked() ? accessing_cpu(p) : 0;
    if (__builtin_expect(inst >= w.bank->banks(), 0)) {  // a CPU this GIC does not have
      no_such_cpu(p);
      p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    }
  }
  return serve_payload(*w.bank, p, off, inst, debug);
}

void MmioRegion::no_such_cpu(const tlm::tlm_generic_payload& p) const {
  log_->guest_error(name_ + ": access at " + hex(p.get_address()) + " from cpu" +
                    std::to_string(accessing_cpu(p)) + ", which this GIC does not have");
}

void MmioRegion::outside(const tlm::tlm_generic_payload& p) const {
  log_->guest_error(name_ + ": access at " + hex(p.get_address()) + " is outside every frame (cpu" +
                    std::to_string(accessing_cpu(p)) + ")");
}

tlm::tlm_response_status MmioRegion::access(unsigned cpu, bool write, uint64_t addr, unsigned width,
                                            uint8_t* data, bool debug, bool secure) {
  tlm::tlm_generic_payload p;
  CpuIdExtension ext(cpu, secure);
  prepare_access(p, ext, write, addr, width, data);
  transport(p, debug);
  p.clear_extension(&ext);
  return p.get_response_status();
}

}  // namespace gicsim
