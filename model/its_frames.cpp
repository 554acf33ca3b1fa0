// The ITS register frames: the control frame (GITS_CTLR .. GITS_BASER<n>,
// identification) and the translation frame (GITS_TRANSLATER) at +64 KiB,
// declared once over an Its.
#include "its_frames.h"

#include "mmio_region.h"

namespace gicsim {

namespace {
constexpr uint32_t kTranslater = 0x40;  // in the translation frame
}  // namespace

ItsFrames::ItsFrames(Its& its, Logger& log)
    : its_(its),
      ctl_("GITS", 0x10000),
      xlate_("GITS.TRANSLATER", 0x10000),
      region_("GITS", 0x20000) {
  ctl_.set_logger(&log);
  xlate_.set_logger(&log);
  region_.set_logger(&log);
  ctl_.add(reg("GITS_CTLR", 0x0)
               .on_read([this](const RegCtx&) -> uint64_t { return its_.ctlr(); })
               .on_write([this](const RegCtx&, uint64_t v, uint64_t m) {
                 its_.write_ctlr(uint32_t((its_.ctlr() & ~m) | (v & m)));
               }));
  ctl_.add(reg("GITS_IIDR", 0x4).ro().reset_to(Its::kIidr));
  ctl_.add(reg("GITS_TYPER", 0x8).wide().ro().on_read([this](const RegCtx&) -> uint64_t {
    return its_.typer();
  }));
  ctl_.add(reg("GITS_CBASER", 0x80)
               .wide()
               .on_read([this](const RegCtx&) -> uint64_t { return its_.cbaser(); })
               .on_write([this](const RegCtx&, uint64_t v, uint64_t m) {
                 its_.write_cbaser((its_.cbaser() & ~m) | (v & m));
               }));
  ctl_.add(reg("GITS_CWRITER", 0x88)
               .wide()
               .on_read([this](const RegCtx&) -> uint64_t { return its_.cwriter(); })
               .on_write([this](const RegCtx&, uint64_t v, uint64_t m) {
                 its_.write_cwriter((its_.cwriter() & ~m) | (v & m));
               }));
  ctl_.add(reg("GITS_CREADR", 0x90).wide().ro().on_read([this](const RegCtx&) -> uint64_t {
    return its_.creadr();
  }));
  ctl_.add(reg("GITS_BASER", 0x100)
               .array(8)
               .wide()
               .on_read([this](const RegCtx& c) -> uint64_t { return its_.baser(c.index); })
               .on_write([this](const RegCtx& c, uint64_t v, uint64_t m) {
                 its_.write_baser(c.index, (its_.baser(c.index) & ~m) | (v & m));
               }));
  // CoreSight identification: PIDR2.ArchRev = 3 (GICv3).
  const uint8_t pidr[8] = {0x04, 0, 0, 0, 0x94, 0xb4, 0x3b, 0};
  const char* names[8] = {"PIDR4", "PIDR5", "PIDR6", "PIDR7", "PIDR0", "PIDR1", "PIDR2", "PIDR3"};
  for (unsigned i = 0; i < 8; ++i)
    ctl_.add(reg(std::string("GITS_") + names[i], 0xffd0 + 4 * i).ro().reset_to(pidr[i]));
  const uint8_t cidr[4] = {0x0d, 0xf0, 0x05, 0xb1};
  for (unsigned i = 0; i < 4; ++i)
    ctl_.add(reg("GITS_CIDR" + std::to_string(i), 0xfff0 + 4 * i).ro().reset_to(cidr[i]));

  // GITS_TRANSLATER: 16- and 32-bit writes of an EventID; the DeviceID comes
  // from the transaction.
  RegDef t = reg("GITS_TRANSLATER", kTranslater).wo();
  t.sizes = kSz16 | kSz32;
  t.on_write([this](const RegCtx& c, uint64_t v, uint64_t m) {
    const DeviceIdExtension* d =
        c.payload ? c.payload->get_extension<DeviceIdExtension>() : nullptr;
    its_.translate(d ? d->device : 0, uint32_t(v & m));
  });
  xlate_.add(std::move(t));
  region_.map(0, &ctl_, 0);
  region_.map(0x10000, &xlate_, 0);
}

void ItsFrames::reset() {
  ctl_.reset();
  xlate_.reset();
}

}  // namespace gicsim
