// GICv3 with two Security states (GICD_CTLR.DS == 0): interrupt groups,
// SGI forwarding between Security states, IRQ/FIQ by the PE's state, the
// banked CPU interface and the Secure/Non-secure views of the frames.
#include <gtest/gtest.h>

#include "gic_harness.h"
#include "vgic/hypervisor.h"

using namespace gicsim;

namespace {
using G = Distributor::Group;

GicConfig two_states(unsigned cpus = 2) {
  GicConfig c;
  c.version = 3;
  c.cpus = cpus;
  c.spis = 32;
  c.security_states = 2;
  return c;
}

// Where a system-register access comes from.
enum class From { NonSecure, Secure, El3 };

struct Sec : ::testing::Test {
  GicHarness h{two_states()};

  SysregStatus sys(unsigned cpu, Sr id, bool write, uint64_t& v, From f) {
    SysregAccess a = make_sysreg_access(id, cpu, f == From::El3 ? 3 : 1, write, v);
    a.secure = f != From::NonSecure;
    const SysregStatus st = h.gic.sysreg(a);
    v = a.value;
    return st;
  }
  uint64_t sr(unsigned cpu, Sr id, From f) {
    uint64_t v = 0;
    EXPECT_EQ(sys(cpu, id, false, v, f), SysregStatus::Ok) << sysreg_name(id);
    return v;
  }
  void sw(unsigned cpu, Sr id, uint64_t v, From f) {
    EXPECT_EQ(sys(cpu, id, true, v, f), SysregStatus::Ok) << sysreg_name(id);
  }
  // Secure firmware bring-up: every group enabled, redistributors awake,
  // PMR open, every interface group enabled.
  void bringup() {
    h.secure = true;
    h.set_gicd(0x0, 0x7);
    for (unsigned c = 0; c < h.gic.config().cpus; ++c) {
      h.set_rdist(c, 0x14, 0);
      sw(c, Sr::ICC_PMR_EL1, 0xff, From::El3);
      sw(c, Sr::ICC_IGRPEN0_EL1, 1, From::El3);
      sw(c, Sr::ICC_IGRPEN1_EL3, 3, From::El3);
    }
    h.secure = false;
  }
  // Puts an SGI of cpu into a group (Secure access to IGROUPR0/IGRPMODR0).
  void sgi_group(unsigned cpu, unsigned sgi, G g) {
    h.secure = true;
    const uint32_t bit = 1u << sgi;
    const uint32_t grp = uint32_t(h.sgi_frame(cpu, 0x80)), mod = uint32_t(h.sgi_frame(cpu, 0xd00));
    h.set_sgi_frame(cpu, 0x80, g == G::kG1NS ? grp | bit : grp & ~bit);
    h.set_sgi_frame(cpu, 0xd00, g == G::kG1S ? mod | bit : mod & ~bit);
    h.secure = false;
  }
  bool sgi_pending(unsigned cpu, unsigned sgi) { return h.gic.dist().pending(cpu, sgi); }
};
}  // namespace

TEST(SecurityConfig, OneOrTwoStates) {
  GicConfig c = two_states();
  EXPECT_EQ(c.validate(), "");
  c.version = 2;
  EXPECT_EQ(c.validate(), "");  // GIC-400 Security Extensions
  c.security_states = 3;
  EXPECT_EQ(c.validate(), "security_states: must be 1 or 2");
}

TEST_F(Sec, GroupFromIgroupAndIgrpmod) {
  Distributor& d = h.gic.dist();
  h.secure = true;
  h.set_gicd(0x84, 0x5);   // INTIDs 32, 34: IGROUPR 1
  h.set_gicd(0xd04, 0x6);  // INTIDs 33, 34: IGRPMODR 1
  EXPECT_EQ(d.group_of(0, 32), G::kG1NS);
  EXPECT_EQ(d.group_of(0, 33), G::kG1S);
  EXPECT_EQ(d.group_of(0, 34), G::kG1NS);  // reserved combination: Non-secure Group 1
  EXPECT_EQ(d.group_of(0, 35), G::kG0);
}

TEST_F(Sec, ResetViewsOfTheDistributor) {
  EXPECT_EQ(h.gicd(0x4) >> 10 & 1, 1u);  // TYPER.SecurityExtn (both views)
  EXPECT_EQ(h.gicd(0x0), 0x10u);         // Non-secure: ARE_NS
  h.secure = true;
  EXPECT_EQ(h.gicd(0x0), 0x30u);  // Secure: ARE_S | ARE_NS, DS = 0
  h.set_gicd(0x0, 0xffffffff);
  EXPECT_EQ(h.gicd(0x0), 0x37u);  // DS, E1NWF, RWP: RAZ/WI
}

TEST_F(Sec, PayloadWithoutExtensionIsNonSecure) {
  h.secure = true;
  h.set_gicd(0x0, 0x7);
  tlm::tlm_generic_payload p;
  uint8_t data[4] = {};
  p.set_command(tlm::TLM_READ_COMMAND);
  p.set_address(0x0);
  p.set_data_ptr(data);
  p.set_data_length(4);
  p.set_streaming_width(4);
  EXPECT_EQ(h.gic.gicd().transport(p, false), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(data[0], 0x12u);  // the Non-secure view
}

TEST(SecurityOneState, SecureAttributeIsIgnored) {
  GicConfig c;
  c.version = 3;
  c.cpus = 1;
  c.spis = 32;
  GicHarness h(c);
  h.secure = true;
  EXPECT_EQ(h.gicd(0x0), 0x50u);  // ARE | DS
  h.set_gicd(0xd04, 0xffffffff);  // IGRPMODR: RAZ/WI with DS = 1
  EXPECT_EQ(h.gicd(0xd04), 0u);
  EXPECT_EQ(h.gicd(0x4) >> 10 & 1, 0u);
}

// GICv3 SGI forwarding: what each register asks for from each Security
// state, against each target group and GICR_NSACR value.
TEST_F(Sec, SgiForwardingMatrix) {
  using R = Distributor::SgiReg;
  struct Case {
    bool secure_sender;
    R reg;
    G target;
    unsigned nsacr;
    bool forwarded;
  };
  const Case cases[] = {
      {true, R::Sgi0r, G::kG0, 0, true},      {true, R::Sgi0r, G::kG1S, 0, false},
      {true, R::Sgi0r, G::kG1NS, 0, false},   {true, R::Sgi1r, G::kG0, 0, true},
      {true, R::Sgi1r, G::kG1S, 0, true},     {true, R::Sgi1r, G::kG1NS, 0, false},
      {true, R::Asgi1r, G::kG0, 0, false},    {true, R::Asgi1r, G::kG1S, 0, false},
      {true, R::Asgi1r, G::kG1NS, 0, true},   {false, R::Sgi0r, G::kG0, 0, false},
      {false, R::Sgi0r, G::kG0, 1, true},     {false, R::Sgi0r, G::kG1S, 2, false},
      {false, R::Sgi0r, G::kG1NS, 0, false},  {false, R::Sgi1r, G::kG0, 2, false},
      {false, R::Sgi1r, G::kG1S, 2, false},   {false, R::Sgi1r, G::kG1NS, 0, true},
      {false, R::Asgi1r, G::kG0, 0, false},   {false, R::Asgi1r, G::kG0, 1, true},
      {false, R::Asgi1r, G::kG1S, 1, false},  {false, R::Asgi1r, G::kG1S, 2, true},
      {false, R::Asgi1r, G::kG1NS, 2, false},
  };
  Distributor& d = h.gic.dist();
  for (const Case& c : cases) {
    sgi_group(1, 5, c.target);
    d.set_nsacr_word(1, 0, c.nsacr << 10);  // SGI 5
    d.update_word(Distributor::kLatch, 1, 0, 0, 1u << 5);
    d.generate_sgi(0, uint64_t(5) << 24 | 0x2, c.reg, c.secure_sender);
    EXPECT_EQ(sgi_pending(1, 5), c.forwarded)
        << "secure=" << c.secure_sender << " reg=" << int(c.reg) << " target=" << int(c.target)
        << " nsacr=" << c.nsacr;
  }
}

TEST_F(Sec, SgiRegistersUseTheAccessSecurityState) {
  bringup();
  sgi_group(1, 2, G::kG1S);
  sw(0, Sr::ICC_SGI1R_EL1, uint64_t(2) << 24 | 0x2, From::NonSecure);
  EXPECT_FALSE(sgi_pending(1, 2));
  sw(0, Sr::ICC_SGI1R_EL1, uint64_t(2) << 24 | 0x2, From::Secure);
  EXPECT_TRUE(sgi_pending(1, 2));
  sgi_group(1, 3, G::kG1NS);
  sw(0, Sr::ICC_ASGI1R_EL1, uint64_t(3) << 24 | 0x2, From::El3);  // the other state
  EXPECT_TRUE(sgi_pending(1, 3));
}

// Which output an interrupt of each group drives, by where the PE runs.
TEST_F(Sec, IrqOrFiqByGroupAndPeState) {
  bringup();
  struct Case {
    G group;
    From pe;
    bool irq, fiq;
  };
  const Case cases[] = {
      {G::kG0, From::NonSecure, false, true},   {G::kG0, From::Secure, false, true},
      {G::kG0, From::El3, false, true},         {G::kG1S, From::NonSecure, false, true},
      {G::kG1S, From::Secure, true, false},     {G::kG1S, From::El3, false, true},
      {G::kG1NS, From::NonSecure, true, false}, {G::kG1NS, From::Secure, false, true},
      {G::kG1NS, From::El3, false, true},
  };
  Distributor& d = h.gic.dist();
  d.update_word(Distributor::kEnable, 0, 0, 1u << 4, 0);
  for (const Case& c : cases) {
    sgi_group(0, 4, c.group);
    d.set_state(Distributor::kLatch, 0, 4, true);
    sr(0, Sr::ICC_RPR_EL1, c.pe);  // the PE now runs there
    EXPECT_EQ(h.irq(0), c.irq) << int(c.group) << "/" << int(c.pe);
    EXPECT_EQ(h.fiq(0), c.fiq) << int(c.group) << "/" << int(c.pe);
    d.set_state(Distributor::kLatch, 0, 4, false);
  }
}

TEST_F(Sec, Group0RegistersTrapToEl3BelowIt) {
  uint64_t v = 0;
  for (From f : {From::NonSecure, From::Secure}) {
    EXPECT_EQ(sys(0, Sr::ICC_IAR0_EL1, false, v, f), SysregStatus::TrapEl3);
    EXPECT_EQ(sys(0, Sr::ICC_EOIR0_EL1, true, v, f), SysregStatus::TrapEl3);
    EXPECT_EQ(sys(0, Sr::ICC_HPPIR0_EL1, false, v, f), SysregStatus::TrapEl3);
    EXPECT_EQ(sys(0, Sr::ICC_BPR0_EL1, false, v, f), SysregStatus::TrapEl3);
    EXPECT_EQ(sys(0, Sr::ICC_AP0R0_EL1, false, v, f), SysregStatus::TrapEl3);
    EXPECT_EQ(sys(0, Sr::ICC_IGRPEN0_EL1, true, v, f), SysregStatus::TrapEl3);
  }
  EXPECT_EQ(sys(0, Sr::ICC_IAR0_EL1, false, v, From::El3), SysregStatus::Ok);
}

TEST_F(Sec, SecureEl2IsNotImplementedAndSecureEl1IgnoresHcrRouting) {
  SysregAccess a = make_sysreg_access(Sr::ICC_PMR_EL1, 0, 2, false, 0);
  a.secure = true;
  EXPECT_EQ(h.gic.sysreg(a), SysregStatus::Undefined);
  EXPECT_TRUE(h.log.contains("Secure EL2 is not implemented"));
  // Secure EL1 with IMO/FMO set (no Secure EL2): the physical interface.
  sw(0, Sr::ICC_PMR_EL1, 0xa0, From::El3);
  a = make_sysreg_access(Sr::ICC_PMR_EL1, 0, 1, false, 0, true);
  a.secure = true;
  EXPECT_EQ(h.gic.sysreg(a), SysregStatus::Ok);
  EXPECT_EQ(a.value, 0xa0u);
}

TEST_F(Sec, SpecialIntidsAtEl3) {
  bringup();
  sgi_group(0, 1, G::kG1S);
  h.gic.dist().update_word(Distributor::kEnable, 0, 0, 0x2, 0);
  h.gic.dist().set_state(Distributor::kLatch, 0, 1, true);
  EXPECT_EQ(sr(0, Sr::ICC_HPPIR0_EL1, From::El3), kSpuriousSecureG1);
  EXPECT_EQ(sr(0, Sr::ICC_IAR0_EL1, From::El3), kSpuriousSecureG1);
  EXPECT_EQ(sr(0, Sr::ICC_IAR1_EL1, From::NonSecure), kSpurious);
  EXPECT_EQ(sr(0, Sr::ICC_HPPIR1_EL1, From::Secure), 1u);
  sgi_group(0, 1, G::kG1NS);
  EXPECT_EQ(sr(0, Sr::ICC_HPPIR0_EL1, From::El3), kSpuriousNsG1);
  EXPECT_EQ(sr(0, Sr::ICC_HPPIR1_EL1, From::Secure), kSpurious);
  EXPECT_EQ(sr(0, Sr::ICC_IAR1_EL1, From::NonSecure), 1u);
}

TEST_F(Sec, EoiModeIsBankedAndDirChecksTheGroup) {
  bringup();
  Distributor& d = h.gic.dist();
  sgi_group(0, 6, G::kG1S);
  d.update_word(Distributor::kEnable, 0, 0, 1u << 6, 0);
  sw(0, Sr::ICC_CTLR_EL1, 0x2, From::Secure);  // Secure EOImode = 1
  EXPECT_EQ(sr(0, Sr::ICC_CTLR_EL1, From::NonSecure) & 0x2, 0u);
  d.set_state(Distributor::kLatch, 0, 6, true);
  EXPECT_EQ(sr(0, Sr::ICC_IAR1_EL1, From::Secure), 6u);
  sw(0, Sr::ICC_EOIR1_EL1, 6, From::Secure);  // priority drop only
  EXPECT_TRUE(d.bit(Distributor::kActive, 0, 6));
  EXPECT_EQ(sr(0, Sr::ICC_RPR_EL1, From::Secure), 0xffu);
  sw(0, Sr::ICC_CTLR_EL1, 0x2, From::NonSecure);
  sw(0, Sr::ICC_DIR_EL1, 6, From::NonSecure);  // a Secure interrupt: ignored
  EXPECT_TRUE(d.bit(Distributor::kActive, 0, 6));
  EXPECT_TRUE(h.log.contains("DIR of INTID 6: the interrupt's group is not accessible here"));
  sw(0, Sr::ICC_DIR_EL1, 6, From::Secure);
  EXPECT_FALSE(d.bit(Distributor::kActive, 0, 6));
  // Group 0 is EL3's: Secure EL1 may not deactivate it, EL3 may.
  sgi_group(0, 6, G::kG0);
  d.set_state(Distributor::kActive, 0, 6, true);
  sw(0, Sr::ICC_DIR_EL1, 6, From::Secure);
  EXPECT_TRUE(d.bit(Distributor::kActive, 0, 6));
  sw(0, Sr::ICC_CTLR_EL3, 0x4, From::El3);  // EOImode_EL3
  sw(0, Sr::ICC_DIR_EL1, 6, From::El3);
  EXPECT_FALSE(d.bit(Distributor::kActive, 0, 6));
}

TEST_F(Sec, EoiOfAnotherGroupThanTheActivePriorityIsIgnored) {
  bringup();
  Distributor& d = h.gic.dist();
  sgi_group(0, 7, G::kG1S);
  d.update_word(Distributor::kEnable, 0, 0, 1u << 7, 0);
  d.set_state(Distributor::kLatch, 0, 7, true);
  EXPECT_EQ(sr(0, Sr::ICC_IAR1_EL1, From::Secure), 7u);
  sw(0, Sr::ICC_EOIR1_EL1, 7, From::NonSecure);
  EXPECT_TRUE(h.log.contains("highest active priority is of another group"));
  EXPECT_NE(sr(0, Sr::ICC_AP1R0_EL1, From::Secure), 0u);
  EXPECT_EQ(sr(0, Sr::ICC_AP1R0_EL1, From::NonSecure), 0u);
  sw(0, Sr::ICC_EOIR1_EL1, 7, From::Secure);
  EXPECT_EQ(sr(0, Sr::ICC_AP1R0_EL1, From::Secure), 0u);
  EXPECT_FALSE(d.bit(Distributor::kActive, 0, 7));
}

TEST_F(Sec, SecureGroup1PreemptionUsesTheSecureBinaryPoint) {
  PriorityLogic p;
  p.configure(8, 7);
  p.bpr1s = 3;  // group priority bits [7:4]
  p.bpr1 = 3;   // Non-secure: [7:3]
  EXPECT_EQ(p.group_priority(0x58, G::kG1S), 0x50);
  EXPECT_EQ(p.group_priority(0x58, G::kG1NS), 0x58);
  p.cbpr_s = true;  // Secure Group 1 uses BPR0
  p.bpr0 = 0;
  EXPECT_EQ(p.group_priority(0x59, G::kG1S), 0x58);
  p.activate(0x40, G::kG1S);
  EXPECT_EQ(p.highest_active_group(), int(G::kG1S));
  EXPECT_EQ(p.running_priority(), 0x40);
}

TEST_F(Sec, NonSecurePriorityViews) {
  sw(0, Sr::ICC_PMR_EL1, 0x70, From::El3);  // a Secure mask
  EXPECT_EQ(sr(0, Sr::ICC_PMR_EL1, From::NonSecure), 0u);
  sw(0, Sr::ICC_PMR_EL1, 0xff, From::NonSecure);  // ignored
  EXPECT_EQ(sr(0, Sr::ICC_PMR_EL1, From::El3), 0x70u);
  sw(0, Sr::ICC_PMR_EL1, 0x80, From::Secure);
  sw(0, Sr::ICC_PMR_EL1, 0x60, From::NonSecure);
  EXPECT_EQ(sr(0, Sr::ICC_PMR_EL1, From::El3), 0xb0u);
  EXPECT_EQ(sr(0, Sr::ICC_PMR_EL1, From::NonSecure), 0x60u);
}

TEST_F(Sec, OneOfNCountsSecureGroup1Enable) {
  h.secure = true;
  h.set_gicd(0x0, 0x4);                         // EnableGrp1S only
  h.set_gicd(0xd04, 0x1);                       // INTID 32: Secure Group 1
  h.set_gicd(0x6100, uint64_t(1) << 31, 0, 8);  // 1-of-N
  h.set_gicd(0x104, 0x1);
  h.set_gicd(0xc08, 0x2);  // edge
  for (unsigned c = 0; c < 2; ++c) h.set_rdist(c, 0x14, 0);
  sw(1, Sr::ICC_PMR_EL1, 0xff, From::El3);
  sw(1, Sr::ICC_IGRPEN1_EL3, 0x2, From::El3);  // only CPU 1 takes Secure Group 1
  sr(1, Sr::ICC_RPR_EL1, From::Secure);
  h.gic.spi_line(32).pulse();
  EXPECT_TRUE(h.irq(1));
  EXPECT_FALSE(h.irq(0) || h.fiq(0));
}

TEST_F(Sec, GuestsSeeASingleSecurityState) {
  // KVM presents DS=1 to its guests whatever the host GIC has.
  Hypervisor hyp(h.gic, 1, 2);
  EXPECT_FALSE(hyp.vm(0).dist().secure());
  uint8_t data[4] = {};
  EXPECT_EQ(hyp.vm(0).frames().gicd().access(0, false, 0x0, 4, data), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(data[0] & 0x50, 0x50u);  // ARE | DS
}

// ---- GICv2 with the Security Extensions ------------------------------------

namespace {
struct SecV2 : ::testing::Test {
  GicHarness h{[] {
    GicConfig c = two_states();
    c.version = 2;
    return c;
  }()};
  uint64_t gicc(uint64_t off, bool secure) {
    h.secure = secure;
    const uint64_t v = h.rd(h.gic.gicc(), off);
    h.secure = false;
    return v;
  }
  void set_gicc(uint64_t off, uint64_t v, bool secure) {
    h.secure = secure;
    h.wr(h.gic.gicc(), off, v);
    h.secure = false;
  }
  // SPI 32 Group 0 and SPI 33 Group 1, edge, enabled, to cpu0; interface on.
  void bringup() {
    h.secure = true;
    h.set_gicd(0x0, 0x3);
    h.set_gicd(0x84, 0x2);
    h.set_gicd(0x420, 0xa020);
    h.set_gicd(0x820, 0x0101);
    h.set_gicd(0xc08, 0xa);
    h.set_gicd(0x104, 0x3);
    h.secure = false;
    set_gicc(0x0, 0xb, true);  // EnableGrp0/1, FIQEn
    set_gicc(0x4, 0xff, true);
  }
};
}  // namespace

TEST_F(SecV2, EoiModeIsBankedByTheAccess) {
  bringup();
  Distributor& d = h.gic.dist();
  set_gicc(0x0, 0x201, false);  // EOImodeNS = 1 (Non-secure view bit 9)
  EXPECT_EQ(gicc(0x0, true), 0x40bu);
  h.gic.spi_line(33).pulse();
  EXPECT_EQ(gicc(0xc, false), 33u);
  set_gicc(0x10, 33, false);  // drop only
  EXPECT_TRUE(d.bit(Distributor::kActive, 0, 33));
  set_gicc(0x1000, 33, false);  // Non-secure DIR of its own interrupt
  EXPECT_FALSE(d.bit(Distributor::kActive, 0, 33));
  // Secure EOImodeS is still 0: the Secure EOIR deactivates too.
  h.gic.spi_line(32).pulse();
  EXPECT_TRUE(h.fiq(0));
  EXPECT_EQ(gicc(0xc, true), 32u);
  set_gicc(0x10, 32, true);
  EXPECT_FALSE(d.bit(Distributor::kActive, 0, 32));
}

TEST_F(SecV2, NonSecureCannotCompleteGroup0AndSecureCanDeactivateAnything) {
  bringup();
  Distributor& d = h.gic.dist();
  set_gicc(0x0, 0x20b, true);  // EOImodeS = 1
  h.gic.spi_line(32).pulse();
  EXPECT_EQ(gicc(0xc, true), 32u);
  set_gicc(0x10, 32, false);  // Non-secure EOI of Group 0: ignored
  EXPECT_TRUE(h.log.contains("a Non-secure EOI of a Group 0 interrupt, ignored"));
  EXPECT_EQ(gicc(0x14, true), 0x20u);
  set_gicc(0x10, 32, true);  // Secure: priority drop only
  EXPECT_EQ(gicc(0x14, true), 0xffu);
  set_gicc(0x1000, 32, false);  // Non-secure DIR of Group 0: ignored
  EXPECT_TRUE(d.bit(Distributor::kActive, 0, 32));
  d.set_state(Distributor::kActive, 0, 33, true);
  set_gicc(0x1000, 33, true);  // Secure DIR of Group 1: allowed
  EXPECT_FALSE(d.bit(Distributor::kActive, 0, 33));
  set_gicc(0x1000, 32, true);
  EXPECT_FALSE(d.bit(Distributor::kActive, 0, 32));
}

TEST_F(SecV2, Group1AliasesAreSecureOnly) {
  bringup();
  h.gic.spi_line(33).pulse();
  EXPECT_EQ(gicc(0x28, false), 0u);  // AHPPIR: RAZ to Non-secure
  EXPECT_EQ(gicc(0x28, true), 33u);
  EXPECT_EQ(gicc(0x20, false), 0u);  // AIAR: RAZ, no acknowledge
  EXPECT_TRUE(h.gic.dist().pending(0, 33));
  EXPECT_EQ(gicc(0x20, true), 33u);  // Secure AIAR acknowledges Group 1
  EXPECT_EQ(gicc(0xe0, true), gicc(0xd0, false));
  EXPECT_NE(gicc(0xd0, false), 0u);
}

TEST_F(Sec, PeStateFollowsTheLatestAccessAndResetsToNonSecure) {
  CpuInterface& ci = h.gic.cpuif(0);
  EXPECT_EQ(ci.pe_state(), PeState::NonSecure);
  sr(0, Sr::ICC_RPR_EL1, From::Secure);
  EXPECT_EQ(ci.pe_state(), PeState::Secure);
  sr(0, Sr::ICC_RPR_EL1, From::El3);
  EXPECT_EQ(ci.pe_state(), PeState::El3);
  ci.reset();
  EXPECT_EQ(ci.pe_state(), PeState::NonSecure);
}
