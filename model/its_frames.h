// The ITS's MMIO: GITS control frame and translation frame in one region
// (0x20000 bytes), over an Its.
#pragma once

#include <vector>

#include "its.h"
#include "mmio_region.h"
#include "reg_bank.h"

namespace gicsim {

class ItsFrames {
 public:
  ItsFrames(Its& its, Logger& log);
  MmioRegion& region() { return region_; }
  void reset();
  std::vector<RegisterBank*> banks() { return {&ctl_, &xlate_}; }

 private:
  Its& its_;
  RegisterBank ctl_, xlate_;
  MmioRegion region_;
};

}  // namespace gicsim
