#include "mmio_region.h"

#include <stdexcept>

#include "log.h"

namespace gicsim {

MmioRegion::MmioRegion(std::string name, uint64_t size, uint32_t page)
    : name_(std::move(name)), size_(size), page_(page), pages_((size + page - 1) / page) {}

void MmioRegion::map(uint64_t offset, RegisterBank* bank, int instance) {
  if (offset % page_ || offset / page_ >= pages_.size())
    throw std::logic_error(name_ + ": bad frame offset");
  pages_[offset / page_] = Window{bank, instance};
}

tlm::tlm_response_status MmioRegion::transport(tlm::tlm_generic_payload& p, bool debug) {
  const uint64_t addr = p.get_address();
  const uint64_t page = addr / page_;
  const uint32_t off = uint32_t(addr % page_);
  const unsigned cpu = accessing_cpu(p);
  if (page >= pages_.size() || !pages_[page].bank || off >= pages_[page].bank->size()) {
    Log::guest_error(name_ + ": access at " + hex(addr) + " is outside every frame (cpu" +
                     std::to_string(cpu) + ")");
    p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  }
  const Window& w = pages_[page];
  const unsigned inst = w.instance == kAccessingCpu ? cpu : unsigned(w.instance);
  return serve_payload(*w.bank, p, off, inst, debug);
}

}  // namespace gicsim
