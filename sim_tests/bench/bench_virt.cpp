// Virtual CPU interface benchmark: the guest's round trip on one LR.
#include <map>

#include "bench_common.h"
#include "lr_format.h"

namespace gicsim::bench {

namespace {

struct VirtRig {
  std::unique_ptr<GicModule> gic;
  std::unique_ptr<Initiator> init;
};
std::map<unsigned, VirtRig> rigs;

uint64_t icv(Initiator& i, Sr id, bool write, uint64_t v = 0) {
  SysregAccess a = make_sysreg_access(id, 0, 1, write, v, true);
  i.sp.transport(i.sys, a, i.delay);
  return a.value;
}

uint64_t ich(Initiator& i, Sr id, bool write, uint64_t v = 0) {
  SysregAccess a = make_sysreg_access(id, 0, 2, write, v);
  i.sp.transport(i.sys, a, i.delay);
  return a.value;
}

// write a pending LR -> vIRQ high -> ICV_IAR1 -> ICV_EOIR1 -> LR invalid. The
// last LR is used so that an implementation scanning all LRs pays for them.
void BM_VirtRoundTrip(benchmark::State& s) {
  const unsigned lrs = unsigned(s.range(0));
  VirtRig& r = rigs.at(lrs);
  Initiator& i = *r.init;
  IrqLine& virq = r.gic->gic().out(0).virq;
  ich(i, Sr::ICH_HCR_EL2, true, 1);
  ich(i, Sr::ICH_VMCR_EL2, true, 0xff000002);
  ListReg l;
  l.vintid = 40;
  l.prio = 0xa0;
  l.group = true;
  l.state = ListReg::kPending;
  const uint64_t lr = encode_v3(l);
  const Sr lr_id = Sr::ICH_LR0_EL2 + (lrs - 1);
  for (auto _ : s) {
    ich(i, lr_id, true, lr);
    if (!virq.read()) return s.SkipWithError("vIRQ not raised");
    if (icv(i, Sr::ICC_IAR1_EL1, false) != 40) return s.SkipWithError("wrong ICV_IAR1");
    icv(i, Sr::ICC_EOIR1_EL1, true, 40);
    if (ich(i, lr_id, false) >> 62 != 0) return s.SkipWithError("LR still valid");
  }
}

}  // namespace

void register_virt() {
  for (unsigned lrs : {4u, 16u}) {
    GicConfig c;
    c.cpus = 1;
    c.spis = 32;
    c.lrs = lrs;
    const std::string n = "vgic_" + std::to_string(lrs);
    VirtRig r;
    r.gic = std::make_unique<GicModule>(n.c_str(), c);
    r.init = std::make_unique<Initiator>((n + "_init").c_str());
    r.init->mmio.bind(r.gic->gicd->socket);
    r.init->rdist.bind(r.gic->gicr->socket);
    r.init->sys.bind(r.gic->sysreg->socket);
    rigs.emplace(lrs, std::move(r));
  }
  BENCHMARK(BM_VirtRoundTrip)->Arg(4)->Arg(16);
}

}  // namespace gicsim::bench
