// Priority and preemption matrix: for every priority width (4..8 physical,
// 5..8 virtual), every BPR0/BPR1 pair from the minimum up (and CBPR), both
// EOImodes, and interrupts of both groups pending and active in random
// nested orders, the CPU interface's preemption (its IRQ/FIQ lines and
// IAR), running priority, highest priority pending interrupt, active
// priority registers and active states are compared after every step with
// ref::CpuInterfaceRef, written from the spec's pseudocode. Physical and
// virtual interfaces of GICv3 (ICC/ICV) and GICv2 (GICC/GICV).
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <random>

#include "gic_harness.h"
#include "lr_format.h"
#include "priority_reference.h"

namespace gicsim {
namespace {

constexpr unsigned kCpu = 0;

// One CPU interface, physical or virtual, through its architected registers.
class Port {
 public:
  explicit Port(const GicConfig& c) : h(c) {}
  virtual ~Port() = default;
  virtual void configure(uint8_t pmr, unsigned bpr0, unsigned bpr1, bool cbpr, bool eoimode) = 0;
  virtual void make_pending(unsigned intid, unsigned group, uint8_t prio) = 0;
  virtual uint32_t iar(unsigned g) = 0;
  virtual void eoir(unsigned g, uint32_t id) = 0;
  virtual void dir(uint32_t id) = 0;
  virtual uint32_t hppir(unsigned g) = 0;
  virtual uint32_t rpr() = 0;
  virtual uint32_t apr(unsigned g, unsigned n) = 0;
  virtual uint32_t bpr(unsigned g) = 0;
  virtual bool line(unsigned g) = 0;  // the group's exception line (FIQ for Group 0)
  virtual bool active(unsigned intid) = 0;
  // Forgets interrupts that are inactive again (virtual: frees their LRs).
  virtual void forget() {}
  // Which of two pending interrupts of equal priority is taken first.
  virtual unsigned tie_key(unsigned intid) { return intid; }
  // Group 0 HPPIR/IAR value when the highest pending interrupt is Group 1.
  virtual uint32_t other_group_id() const { return 1023; }
  // GICv2 virtual: GICH_APR/GICV_APR hold both groups' bits.
  virtual bool combined_apr() const { return false; }
  GicHarness h;
};

// ---- Physical GICv3: GICD/GICR + ICC_* -------------------------------------

class IccPort : public Port {
 public:
  using Port::Port;
  void configure(uint8_t pmr, unsigned bpr0, unsigned bpr1, bool cbpr, bool eoimode) override {
    h.set_gicd(0x0, 0x3);
    h.set_rdist(kCpu, 0x14, 0);
    h.sw(kCpu, Sr::ICC_PMR_EL1, pmr);
    h.sw(kCpu, Sr::ICC_BPR0_EL1, bpr0);
    h.sw(kCpu, Sr::ICC_BPR1_EL1, bpr1);
    h.sw(kCpu, Sr::ICC_CTLR_EL1, (cbpr ? 1 : 0) | (eoimode ? 2 : 0));
    h.sw(kCpu, Sr::ICC_IGRPEN0_EL1, 1);
    h.sw(kCpu, Sr::ICC_IGRPEN1_EL1, 1);
  }
  void make_pending(unsigned id, unsigned group, uint8_t prio) override {
    const uint32_t bit = 1u << (id % 32), w = 4 * (id / 32);
    h.set_gicd(0x80 + w, (h.gicd(0x80 + w) & ~bit) | (group ? bit : 0));
    h.set_gicd(0x400 + id, prio, 0, 1);
    h.set_gicd(0x6000 + 8 * id, kCpu, 0, 8);
    h.set_gicd(0x100 + w, bit);
    h.set_gicd(0x200 + w, bit);
  }
  uint32_t iar(unsigned g) override {
    return uint32_t(h.sr(kCpu, g ? Sr::ICC_IAR1_EL1 : Sr::ICC_IAR0_EL1));
  }
  void eoir(unsigned g, uint32_t id) override {
    h.sw(kCpu, g ? Sr::ICC_EOIR1_EL1 : Sr::ICC_EOIR0_EL1, id);
  }
  void dir(uint32_t id) override { h.sw(kCpu, Sr::ICC_DIR_EL1, id); }
  uint32_t hppir(unsigned g) override {
    return uint32_t(h.sr(kCpu, g ? Sr::ICC_HPPIR1_EL1 : Sr::ICC_HPPIR0_EL1));
  }
  uint32_t rpr() override { return uint32_t(h.sr(kCpu, Sr::ICC_RPR_EL1)); }
  uint32_t apr(unsigned g, unsigned n) override {
    const unsigned regs = h.gic.config().pri_bits >= 7 ? 4 : h.gic.config().pri_bits == 6 ? 2 : 1;
    if (n >= regs) return 0;
    return uint32_t(h.sr(kCpu, (g ? Sr::ICC_AP1R0_EL1 : Sr::ICC_AP0R0_EL1) + n));
  }
  uint32_t bpr(unsigned g) override {
    return uint32_t(h.sr(kCpu, g ? Sr::ICC_BPR1_EL1 : Sr::ICC_BPR0_EL1));
  }
  bool line(unsigned g) override { return g ? h.irq(kCpu) : h.fiq(kCpu); }
  bool active(unsigned id) override { return h.gicd(0x300 + 4 * (id / 32)) >> (id % 32) & 1; }
};

// ---- Physical GICv2: GICD + GICC -------------------------------------------

class GiccPort : public Port {
 public:
  using Port::Port;
  uint64_t cc(uint32_t off) { return h.rd(h.gic.gicc(), off, kCpu); }
  void cc(uint32_t off, uint64_t v) { h.wr(h.gic.gicc(), off, v, kCpu); }
  void configure(uint8_t pmr, unsigned bpr0, unsigned bpr1, bool cbpr, bool eoimode) override {
    h.set_gicd(0x0, 0x3);
    cc(0x4, pmr);
    cc(0x8, bpr0);
    cc(0x1c, bpr1);
    // EnableGrp0, EnableGrp1, FIQEn (Group 0 is FIQ), CBPR, EOImode.
    cc(0x0, 0x1 | 0x2 | 0x8 | (cbpr ? 0x10 : 0) | (eoimode ? 0x200 : 0));
  }
  void make_pending(unsigned id, unsigned group, uint8_t prio) override {
    const uint32_t bit = 1u << (id % 32), w = 4 * (id / 32);
    h.set_gicd(0x80 + w, (h.gicd(0x80 + w) & ~bit) | (group ? bit : 0));
    h.set_gicd(0x400 + id, prio, 0, 1);
    h.set_gicd(0x800 + id, 1u << kCpu, 0, 1);
    h.set_gicd(0x100 + w, bit);
    h.set_gicd(0x200 + w, bit);
  }
  uint32_t iar(unsigned g) override { return uint32_t(cc(g ? 0x20 : 0xc)); }
  void eoir(unsigned g, uint32_t id) override { cc(g ? 0x24 : 0x10, id); }
  void dir(uint32_t id) override { cc(0x1000, id); }
  uint32_t hppir(unsigned g) override { return uint32_t(cc(g ? 0x28 : 0x18)); }
  uint32_t rpr() override { return uint32_t(cc(0x14)); }
  uint32_t apr(unsigned g, unsigned n) override { return uint32_t(cc((g ? 0xe0 : 0xd0) + 4 * n)); }
  uint32_t bpr(unsigned g) override { return uint32_t(cc(g ? 0x1c : 0x8)); }
  bool line(unsigned g) override { return g ? h.irq(kCpu) : h.fiq(kCpu); }
  bool active(unsigned id) override { return h.gicd(0x300 + 4 * (id / 32)) >> (id % 32) & 1; }
  uint32_t other_group_id() const override { return 1022; }  // GICC_IAR with AckCtl = 0
};

// ---- Virtual: list registers, GICv3 ICH/ICV or GICv2 GICH/GICV -------------

class VirtualPort : public Port {
 public:
  explicit VirtualPort(const GicConfig& c) : Port(c), v3(c.version == 3) {}
  const bool v3;
  std::map<unsigned, unsigned> lr_of;  // vINTID -> list register

  uint64_t icv(Sr id) {
    uint64_t v = 0;
    EXPECT_EQ(h.sys(kCpu, id, false, v, 1, true, true), SysregStatus::Ok) << sysreg_name(id, true);
    return v;
  }
  void icv(Sr id, uint64_t v) {
    EXPECT_EQ(h.sys(kCpu, id, true, v, 1, true, true), SysregStatus::Ok) << sysreg_name(id, true);
  }
  uint64_t gv(uint32_t off) { return h.rd(h.gic.gicv(), off, kCpu); }
  void gv(uint32_t off, uint64_t v) { h.wr(h.gic.gicv(), off, v, kCpu); }

  void configure(uint8_t pmr, unsigned bpr0, unsigned bpr1, bool cbpr, bool eoimode) override {
    // VENG0/VMGrp0En, VENG1/VMGrp1En, VFIQEn (GICv2; RES1 on GICv3), VCBPR,
    // VEOIM, VBPR1 [20:18], VBPR0 [23:21], VPMR [31:24].
    const uint32_t vmcr = 0x3 | 0x8 | (cbpr ? 0x10 : 0) | (eoimode ? 0x200 : 0) | bpr1 << 18 |
                          bpr0 << 21 | uint32_t(pmr) << 24;
    if (v3) {
      h.sw(kCpu, Sr::ICH_VMCR_EL2, vmcr, 2);
      h.sw(kCpu, Sr::ICH_HCR_EL2, hcr::kEn, 2);
    } else {
      h.wr(h.gic.gich(), 0x8, vmcr, kCpu);
      h.wr(h.gic.gich(), 0x0, hcr::kEn, kCpu);
    }
  }
  void set_lr(unsigned n, const ListReg& l) {
    if (v3)
      h.sw(kCpu, Sr::ICH_LR0_EL2 + n, encode_v3(l), 2);
    else
      h.wr(h.gic.gich(), 0x100 + 4 * n, encode_v2(l), kCpu);
  }
  ListReg lr(unsigned n) {
    return v3 ? decode_v3(h.sr(kCpu, Sr::ICH_LR0_EL2 + n, 2))
              : decode_v2(uint32_t(h.rd(h.gic.gich(), 0x100 + 4 * n, kCpu)));
  }
  void make_pending(unsigned id, unsigned group, uint8_t prio) override {
    const unsigned n = unsigned(lr_of.size());
    lr_of[id] = n;
    ListReg l;
    l.vintid = id;
    l.prio = prio;
    l.group = group;
    l.state = ListReg::kPending;
    set_lr(n, l);
  }
  uint32_t iar(unsigned g) override {
    return v3 ? uint32_t(icv(g ? Sr::ICC_IAR1_EL1 : Sr::ICC_IAR0_EL1))
              : uint32_t(gv(g ? 0x20 : 0xc));
  }
  void eoir(unsigned g, uint32_t id) override {
    v3 ? icv(g ? Sr::ICC_EOIR1_EL1 : Sr::ICC_EOIR0_EL1, id) : gv(g ? 0x24 : 0x10, id);
  }
  void dir(uint32_t id) override { v3 ? icv(Sr::ICC_DIR_EL1, id) : gv(0x1000, id); }
  uint32_t hppir(unsigned g) override {
    return v3 ? uint32_t(icv(g ? Sr::ICC_HPPIR1_EL1 : Sr::ICC_HPPIR0_EL1))
              : uint32_t(gv(g ? 0x28 : 0x18));
  }
  uint32_t rpr() override { return v3 ? uint32_t(icv(Sr::ICC_RPR_EL1)) : uint32_t(gv(0x14)); }
  uint32_t apr(unsigned g, unsigned n) override {
    if (!v3) return n ? 0 : uint32_t(gv(0xd0));
    const unsigned b = h.gic.config().vpri_bits;
    if (n >= (b >= 7 ? 4u : b == 6 ? 2u : 1u)) return 0;
    return uint32_t(icv((g ? Sr::ICC_AP1R0_EL1 : Sr::ICC_AP0R0_EL1) + n));
  }
  uint32_t bpr(unsigned g) override {
    return v3 ? uint32_t(icv(g ? Sr::ICC_BPR1_EL1 : Sr::ICC_BPR0_EL1))
              : uint32_t(gv(g ? 0x1c : 0x8));
  }
  bool line(unsigned g) override {
    return g ? h.gic.out(kCpu).virq.read() : h.gic.out(kCpu).vfiq.read();
  }
  bool active(unsigned id) override { return lr(lr_of.at(id)).state & ListReg::kActive; }
  unsigned tie_key(unsigned id) override { return lr_of.at(id); }
  void forget() override {
    for (const auto& [id, n] : lr_of) set_lr(n, ListReg{});
    lr_of.clear();
  }
  uint32_t other_group_id() const override { return v3 ? 1023 : 1022; }
  bool combined_apr() const override { return !v3; }
};

struct MatrixCase {
  const char* name;
  unsigned version;
  bool virt;
  unsigned pri_bits;
};

void PrintTo(const MatrixCase& m, std::ostream* os) { *os << m.name; }

std::unique_ptr<Port> make_port(const MatrixCase& m) {
  GicConfig c;
  c.version = m.version;
  c.cpus = 1;
  c.spis = 64;
  c.lrs = 16;
  if (m.virt)
    c.vpri_bits = m.pri_bits;
  else
    c.pri_bits = m.pri_bits;
  if (m.virt) return std::make_unique<VirtualPort>(c);
  if (m.version == 3) return std::make_unique<IccPort>(c);
  return std::make_unique<GiccPort>(c);
}

class PriorityMatrix : public ::testing::TestWithParam<MatrixCase> {
 protected:
  // What the random runs reached, so the matrix cannot pass by doing nothing.
  struct Reached {
    unsigned acks = 0, max_nesting = 0, cross_group_preemptions = 0, dirs = 0, masked = 0;
  } reached;

  // Compares every observable of the interface with the reference.
  void compare(Port& p, const ref::CpuInterfaceRef& r, const std::string& at) {
    unsigned top = 0;
    const bool any = r.hppi(top);
    for (unsigned g = 0; g < 2; ++g) {
      const bool mine = any && r.pend.at(top).group == g;
      EXPECT_EQ(p.hppir(g), mine            ? top
                            : any && g == 0 ? p.other_group_id()
                                            : 1023u)
          << at << " HPPIR" << g;
    }
    unsigned sig = 0;
    const bool signalled = r.signalled(sig);
    for (unsigned g = 0; g < 2; ++g)
      EXPECT_EQ(p.line(g), signalled && r.pend.at(sig).group == g) << at << " line of group " << g;
    EXPECT_EQ(p.rpr(), r.rpr()) << at << " RPR";
    for (unsigned n = 0; n < 4; ++n) {
      if (p.combined_apr()) {
        EXPECT_EQ(p.apr(0, n), r.apr[0][n] | r.apr[1][n]) << at << " APR" << n;
        continue;
      }
      for (unsigned g = 0; g < 2; ++g)
        EXPECT_EQ(p.apr(g, n), r.apr[g][n]) << at << " AP" << g << "R" << n;
    }
    for (const auto& [id, irq] : r.act) EXPECT_TRUE(p.active(id)) << at << " INTID " << id;
  }

  void run(Port& p, unsigned pri, unsigned bpr0, unsigned bpr1, bool cbpr, bool eoimode,
           uint8_t pmr, uint32_t seed) {
    std::mt19937 rng(seed);
    ref::CpuInterfaceRef r(pri);
    r.pmr = pmr;
    r.bpr0 = bpr0;
    r.bpr1 = bpr1;
    r.cbpr = cbpr;
    p.configure(pmr, bpr0, bpr1, cbpr, eoimode);
    const std::string cfg = "pri" + std::to_string(pri) + " bpr " + std::to_string(bpr0) + "/" +
                            std::to_string(bpr1) + (cbpr ? " cbpr" : "") +
                            (eoimode ? " eoimode1" : " eoimode0") + " pmr " + hex(pmr) + " seed " +
                            std::to_string(seed);
    ASSERT_EQ(p.bpr(0), bpr0) << cfg;
    ASSERT_EQ(p.bpr(1), cbpr ? std::min(bpr0 + 1, 7u) : bpr1) << cfg;
    const uint8_t mask = uint8_t(0xff << (8 - pri));
    // Six interrupts of random groups and priorities, made pending over time.
    std::vector<std::pair<unsigned, ref::Irq>> todo;
    for (unsigned i = 0; i < 6; ++i)
      todo.push_back({32 + i, ref::Irq{unsigned(rng() % 2), uint8_t(rng() & mask)}});
    std::vector<unsigned> stack;    // acknowledged, priority not yet dropped
    std::vector<unsigned> dropped;  // EOImode 1: dropped, not yet deactivated
    for (unsigned step = 0; step < 80; ++step) {
      const std::string at = cfg + " step " + std::to_string(step);
      compare(p, r, at);
      unsigned sig = 0;
      const unsigned choice = rng() % 4;
      if (!todo.empty() && (choice == 0 || (stack.empty() && !r.signalled(sig)))) {
        auto [id, irq] = todo.back();
        todo.pop_back();
        p.make_pending(id, irq.group, irq.prio);
        irq.tie = p.tie_key(id);
        r.pend[id] = irq;
      } else if (eoimode && !dropped.empty() && choice == 1) {
        const unsigned id = dropped[rng() % dropped.size()];
        dropped.erase(std::find(dropped.begin(), dropped.end(), id));
        p.dir(id);
        r.deactivate(id);
        ++reached.dirs;
        EXPECT_FALSE(p.active(id)) << at << " DIR of " << id;
      } else if (r.signalled(sig) && choice != 3) {
        const unsigned g = r.pend.at(sig).group;
        if (p.other_group_id() == 1023) {  // the other group's IAR returns a special INTID
          EXPECT_GE(p.iar(1 - g), 1020u) << at << " IAR of the other group";
        }
        EXPECT_EQ(p.iar(g), sig) << at << " IAR" << g;
        if (!stack.empty() && r.act.at(stack.back()).group != g) ++reached.cross_group_preemptions;
        r.acknowledge(sig);
        stack.push_back(sig);
        ++reached.acks;
        reached.max_nesting = std::max(reached.max_nesting, unsigned(stack.size()));
      } else if (!stack.empty()) {
        const unsigned id = stack.back();
        stack.pop_back();
        const unsigned g = r.act.at(id).group;
        p.eoir(g, id);
        r.drop(g);
        if (eoimode) {
          EXPECT_TRUE(p.active(id)) << at << " EOImode 1: EOIR only drops the priority of " << id;
          dropped.push_back(id);
        } else {
          r.deactivate(id);
          EXPECT_FALSE(p.active(id)) << at << " EOImode 0: EOIR deactivates " << id;
        }
      } else if (!dropped.empty()) {
        const unsigned id = dropped.back();
        dropped.pop_back();
        p.dir(id);
        r.deactivate(id);
      } else if (todo.empty() && !r.signalled(sig)) {
        if (!r.pend.empty()) ++reached.masked;
        break;  // what is left pending is masked
      }
      if (::testing::Test::HasFailure()) return;
    }
  }
};

TEST_P(PriorityMatrix, PreemptionRunningPriorityHppirAndActivePriorities) {
  const MatrixCase m = GetParam();
  const unsigned pre = m.pri_bits > 7 ? 7 : m.pri_bits;
  const unsigned min0 = 7 - pre;
  const uint8_t mask = uint8_t(0xff << (8 - m.pri_bits));
  uint32_t seed = 1;
  for (bool eoimode : {false, true})
    for (bool cbpr : {false, true})
      for (unsigned bpr0 = min0; bpr0 <= 7; ++bpr0)
        for (unsigned bpr1 = min0 + 1; bpr1 <= 7; ++bpr1) {
          if (cbpr && bpr1 != min0 + 1) continue;  // BPR1 is BPR0's alias under CBPR
          for (uint8_t pmr : {uint8_t(0xff & mask), uint8_t(0xa0 & mask)})
            for (unsigned k = 0; k < 2; ++k) {
              auto p = make_port(m);
              run(*p, m.pri_bits, bpr0, bpr1, cbpr, eoimode, pmr, seed++);
              if (HasFailure()) return;
            }
        }
  EXPECT_GT(reached.acks, 100u);
  EXPECT_GE(reached.max_nesting, 3u);
  EXPECT_GT(reached.cross_group_preemptions, 0u);
  EXPECT_GT(reached.dirs, 0u);
  EXPECT_GT(reached.masked, 0u);
  std::cout << m.name << ": " << reached.acks << " acknowledges, nesting up to "
            << reached.max_nesting << ", " << reached.cross_group_preemptions
            << " cross-group preemptions, " << reached.dirs << " deferred DIRs, " << reached.masked
            << " runs ending with interrupts masked\n";
}

// Every pair of an active and a pending interrupt, both groups each, over a
// grid of priorities around every group-priority boundary, for every BPR
// pair: does the pending one preempt, and what do HPPIR, RPR and the APRs say
// before and after its acknowledge and both EOIs.
TEST_P(PriorityMatrix, EveryActivePendingPairOfGroupsAndPriorities) {
  const MatrixCase m = GetParam();
  const unsigned pre = m.pri_bits > 7 ? 7 : m.pri_bits;
  const unsigned min0 = 7 - pre;
  const uint8_t mask = uint8_t(0xff << (8 - m.pri_bits));
  // Priorities below the top one (which PMR 0xff masks): every multiple of
  // 0x20 and the implemented values next to it.
  std::vector<uint8_t> grid;
  for (unsigned base = 0; base < 0x100; base += 0x20)
    for (unsigned d : {0u, 1u, 2u, 0x10u})
      if (uint8_t v = uint8_t((base + (d << (8 - m.pri_bits))) & mask); v < mask)
        if (std::find(grid.begin(), grid.end(), v) == grid.end()) grid.push_back(v);
  unsigned preempted = 0, held = 0;
  for (bool cbpr : {false, true})
    for (unsigned bpr0 = min0; bpr0 <= 7; ++bpr0)
      for (unsigned bpr1 = min0 + 1; bpr1 <= 7; ++bpr1) {
        if (cbpr && bpr1 != min0 + 1) continue;
        const bool eoimode = (bpr0 + bpr1) % 2;  // both modes across the pairs
        auto p = make_port(m);
        p->configure(mask, bpr0, bpr1, cbpr, eoimode);
        for (unsigned ga = 0; ga < 2; ++ga)
          for (unsigned gb = 0; gb < 2; ++gb)
            for (uint8_t pa : grid)
              for (uint8_t pb : grid) {
                ref::CpuInterfaceRef r(m.pri_bits);
                r.pmr = mask;
                r.bpr0 = bpr0;
                r.bpr1 = bpr1;
                r.cbpr = cbpr;
                const std::string at = "bpr " + std::to_string(bpr0) + "/" + std::to_string(bpr1) +
                                       (cbpr ? " cbpr" : "") + " active G" + std::to_string(ga) +
                                       " " + hex(pa) + " pending G" + std::to_string(gb) + " " +
                                       hex(pb);
                p->make_pending(32, ga, pa);
                r.pend[32] = ref::Irq{ga, pa, p->tie_key(32)};
                ASSERT_EQ(p->iar(ga), 32u) << at;
                r.acknowledge(32);
                p->make_pending(33, gb, pb);
                r.pend[33] = ref::Irq{gb, pb, p->tie_key(33)};
                compare(*p, r, at);
                unsigned sig = 0;
                const bool preempts = r.signalled(sig);
                (preempts ? preempted : held)++;
                EXPECT_EQ(p->iar(gb), preempts ? 33u : 1023u) << at;
                if (preempts) {
                  r.acknowledge(33);
                  compare(*p, r, at + " nested");
                  p->eoir(gb, 33);
                  r.drop(gb);
                  if (eoimode) p->dir(33);
                  r.deactivate(33);
                  compare(*p, r, at + " after the inner EOI");
                }
                p->eoir(ga, 32);
                r.drop(ga);
                if (eoimode) p->dir(32);
                r.deactivate(32);
                if (!preempts) {  // the held one is taken now, then completed
                  compare(*p, r, at + " after the outer EOI");
                  ASSERT_EQ(p->iar(gb), 33u) << at;
                  p->eoir(gb, 33);
                  if (eoimode) p->dir(33);
                }
                p->forget();
                r = ref::CpuInterfaceRef(m.pri_bits);
                r.pmr = mask;
                compare(*p, r, at + " idle");
                if (HasFailure()) return;
              }
      }
  EXPECT_GT(preempted, 0u);
  EXPECT_GT(held, 0u);
}

const MatrixCase kCases[] = {
    {"icc_pri4", 3, false, 4},  {"icc_pri5", 3, false, 5},  {"icc_pri6", 3, false, 6},
    {"icc_pri7", 3, false, 7},  {"icc_pri8", 3, false, 8},  {"icv_pri5", 3, true, 5},
    {"icv_pri6", 3, true, 6},   {"icv_pri7", 3, true, 7},   {"icv_pri8", 3, true, 8},
    {"gicc_pri4", 2, false, 4}, {"gicc_pri5", 2, false, 5}, {"gicc_pri6", 2, false, 6},
    {"gicc_pri7", 2, false, 7}, {"gicc_pri8", 2, false, 8}, {"gicv_pri5", 2, true, 5},
};
INSTANTIATE_TEST_SUITE_P(Interfaces, PriorityMatrix, ::testing::ValuesIn(kCases),
                         [](const auto& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace gicsim
