#include "devices.h"

#include <cstring>

namespace gicsim {

Ram::Ram(sc_core::sc_module_name name, uint64_t size) : sc_module(name), socket("socket") {
  mem_.reset(static_cast<uint8_t*>(std::calloc(size, 1)));
  if (!mem_) throw std::bad_alloc();
  size_ = size;
  socket.register_b_transport(this, &Ram::b_transport);
  socket.register_transport_dbg(this, &Ram::transport_dbg);
  socket.register_get_direct_mem_ptr(this, &Ram::get_direct_mem_ptr);
}

unsigned Ram::transport_dbg(tlm::tlm_generic_payload& p) {
  const uint64_t a = p.get_address();
  const unsigned n = p.get_data_length();
  if (a >= size_ || n > size_ - a) {
    p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  if (p.is_write())
    std::memcpy(mem_.get() + a, p.get_data_ptr(), n);
  else
    std::memcpy(p.get_data_ptr(), mem_.get() + a, n);
  p.set_response_status(tlm::TLM_OK_RESPONSE);
  return n;
}

void Ram::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time&) {
  transport_dbg(p);
  p.set_dmi_allowed(true);
}

bool Ram::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
  dmi.set_dmi_ptr(mem_.get());
  dmi.set_start_address(0);
  dmi.set_end_address(size_ - 1);
  dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_READ_WRITE);
  return true;
}

namespace {
// PL011 registers and fields (DDI 0183G 3.2).
constexpr uint32_t kFrRxfe = 1u << 4, kFrTxfe = 1u << 7;
constexpr uint32_t kCrReset = 0x300;  // TXE | RXE
}  // namespace

Pl011::Pl011(Sink sink)
    : sink_(std::move(sink)), bank_("UART", kSize), region_("uart", kSize, kSize) {
  auto sizes = [](RegDef d) {
    d.sizes = kSz8 | kSz32;
    return d;
  };
  bank_.add(sizes(reg("UARTDR", 0x000)
                      .writable(0xff)
                      .on_read([](const RegCtx&) { return uint64_t(0); })
                      .on_write([this](const RegCtx&, uint64_t v, uint64_t mask) {
                        if (mask & 0xff) sink_(char(v & 0xff));
                      })));
  bank_.add(reg("UARTRSR", 0x004).writable(0));
  bank_.add(sizes(reg("UARTFR", 0x018).ro().reset_to(kFrRxfe | kFrTxfe)));
  bank_.add(reg("UARTILPR", 0x020).writable(0xff));
  bank_.add(reg("UARTIBRD", 0x024).writable(0xffff));
  bank_.add(reg("UARTFBRD", 0x028).writable(0x3f));
  bank_.add(reg("UARTLCR_H", 0x02c).writable(0xff));
  bank_.add(reg("UARTCR", 0x030).writable(0xff87).reset_to(kCrReset));
  bank_.add(reg("UARTIFLS", 0x034).writable(0x3f).reset_to(0x12));
  bank_.add(reg("UARTIMSC", 0x038).writable(0x7ff));
  bank_.add(reg("UARTRIS", 0x03c).ro());
  bank_.add(reg("UARTMIS", 0x040).ro());
  bank_.add(reg("UARTICR", 0x044).wo());
  bank_.add(reg("UARTDMACR", 0x048).writable(0x7));
  // Peripheral and PrimeCell identification (PL011 r1p5).
  const uint8_t id[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
  for (unsigned i = 0; i < 8; ++i)
    bank_.add(reg(std::string(i < 4 ? "UARTPeriphID" : "UARTPCellID") + std::to_string(i % 4),
                  0xfe0 + 4 * i)
                  .ro()
                  .reset_to(id[i]));
  bank_.reset();
  region_.map(0, &bank_);
}

}  // namespace gicsim
