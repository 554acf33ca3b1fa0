#include <gtest/gtest.h>

#include "script.h"

using namespace gicsim;

namespace {
Script parse(const std::string& text) { return parse_script(text, "t.gs", default_config()); }

struct Bad {
  const char* text;
  int line;
  const char* message;
};

class MalformedScript : public ::testing::TestWithParam<Bad> {};

TEST_P(MalformedScript, RejectedWithLineAndReason) {
  const Bad& b = GetParam();
  try {
    parse(b.text);
    FAIL() << "accepted: " << b.text;
  } catch (const ScriptError& e) {
    EXPECT_EQ(e.line, b.line) << b.text;
    EXPECT_NE(std::string(e.what()).find(b.message), std::string::npos)
        << "message '" << e.what() << "' lacks '" << b.message << "'";
  }
}

const Bad kBad[] = {
    {"frobnicate cpu0", 1, "unknown command 'frobnicate'"},
    {"# c\n\nmmio cpu0 rd32 GICD+0x0\nmmio cpu0 rd32 GICX+0x0", 4, "unknown frame 'GICX'"},
    {"mmio cpu0 rd32 GICD+0xZZ", 1, "bad number for offset"},
    {"mmio cpu0 rd24 GICD+0x0", 1, "access width must be 8, 16, 32 or 64"},
    {"mmio cpu0 xx32 GICD+0x0", 1, "expected rd<W> or wr<W>"},
    {"mmio cpu0 rd32 GICD", 1, "expected <FRAME>+<offset>"},
    {"mmio cpu9 rd32 GICD+0x0", 1, "no such CPU"},
    {"mmio core0 rd32 GICD+0x0", 1, "expected cpu<n>"},
    {"mmio cpu0 wr32 GICD+0x0", 1, "missing write value"},
    {"mmio cpu0 wr32 GICD+0x0 1 == 5", 1, "a write can only expect an error"},
    {"mmio cpu0 rd32 GICD+0x0 == ", 1, "missing expected value"},
    {"mmio cpu0 rd32 GICD+0x0 != 1", 1, "expected '=='"},
    {"mmio cpu0 rd32 GICD+0x0 & zz == 1", 1, "bad number for mask"},
    {"mmio cpu0 rd32 GICC+0x0", 1, "exists only in GICv2"},
    {"config version=2\nmmio cpu0 rd32 GICR0+0x0", 2, "exists only in GICv3"},
    {"mmio cpu0 rd32 GICR7+0x0", 1, "no such redistributor"},
    {"mmio cpu0 rd32 GICR0.SGX+0x0", 1, "unknown frame"},
    {"sysreg cpu0 rd ICC_FOO_EL1", 1, "unknown register name 'ICC_FOO_EL1'"},
    {"sysreg cpu0 xx ICC_PMR_EL1", 1, "expected rd or wr"},
    {"sysreg cpu0 wr ICC_PMR_EL1 0xfg", 1, "bad number for write value"},
    {"config version=2\nsysreg cpu0 rd ICC_PMR_EL1", 2, "need GICv3"},
    {"config cpus=4 colour=blue", 1, "unknown config key 'colour'"},
    {"config cpus=0", 1, "cpus: must be 1..64"},
    {"config spis=33", 1, "spis"},
    {"config lrs=17", 1, "lrs: must be 1..16"},
    {"config version=4", 1, "version: must be 2 or 3"},
    {"config cpus", 1, "expected key=value"},
    {"run 1us\nconfig cpus=2", 2, "config must come before"},
    {"line spi 31 high", 1, "out of range 32..127"},
    {"line ppi 32 cpu0 high", 1, "out of range 16..31"},
    {"line spx 40 high", 1, "expected spi or ppi"},
    {"line spi 40 sideways", 1, "expected high, low or pulse"},
    {"line spi 40", 1, "missing level"},
    {"expect cpu0 nmi high", 1, "unknown output 'nmi'"},
    {"expect cpu0 irq pulse", 1, "expect takes high or low"},
    {"expect cpu0 irq high extra", 1, "unexpected 'extra'"},
    {"expect vm0 vcpu0 40 asleep", 1, "unknown state 'asleep'"},
    {"run 10 parsecs", 1, "bad time '10'"},
    {"run fast", 1, "bad time 'fast'"},
    {"run 10xs", 1, "bad time '10xs'"},
    {"hyp jump vm0", 1, "unknown hyp operation 'jump'"},
    {"hyp inject vm5 40 edge", 1, "no such VM"},
    {"hyp inject vm0 40 pulse", 1, "expected high, low or edge"},
    {"hyp enter vm0 vcpu9 cpu0", 1, "no such vCPU"},
    {"hyp exit", 1, "missing cpu"},
    {"mmio cpu0 secure ns rd32 GICD+0x0", 1, "the Security state is given twice"},
    {"mmio cpu0 el3 rd32 GICD+0x0", 1, "expected rd<W> or wr<W>, got 'el3'"},
    {"sysreg cpu0 el1 el3 rd ICC_PMR_EL1", 1, "the exception level is given twice"},
    {"sysreg cpu0 secure el2 rd ICC_PMR_EL1", 1, "Secure EL2 is not implemented"},
    {"sysreg cpu0 secure rd ICV_IAR1_EL1", 1, "guest's Non-secure EL1 access"},
    // Issue 13: limits and hostile inputs.
    {"expect vm0 vcpu0 128 inactive", 1, "INTID 128 out of range 0..127"},
    {"hyp inject vm0 1019 edge", 1, "INTID 1019 out of range 0..127"},
    {"hyp map vm0 40 200", 1, "pINTID 200 out of range 16..127"},
    {"run 100000000000000000000s", 1, "too long"},
    {"run 18446745s", 1, "too long"},
    {"run 9300000s", 1, "too long"},
    {"run 3000000s\nrun 3000000s", 2, "add up to more than"},
    {"config cpus=2 cpus=3", 1, "config key 'cpus' given twice"},
    {"config pri_bits=0", 1, "config: pri_bits: virtual priority bits must be 5..8"},
    {"config phys_pri_bits=3", 1, "config: phys_pri_bits: physical priority bits"},
    {"config version=2 cpus=2 vcpus=16", 1, "a GICv2 VM has at most 8 CPU interfaces"},
    {"config tdir=always", 1, "tdir: must be kvm2025 or eoimode1"},
    {"expect vm0 vcpu0 40 sources 1", 1, "only GICv2 SGIs"},
    {"hyp maintenance sometimes", 1, "expected manual or auto"},
    {"hyp kick", 1, "missing cpu"},
    {"mmio vcpu0 host rd32 GICD+0x0", 1, "vcpu<k> accesses go to VM<v>.GICD"},
    {"mmio vcpu0 secure rd32 VM0.GICD+0x0", 1, "a vCPU's accesses are Non-secure"},
    {"config version=2 security_states=3", 1, "security_states: must be 1 or 2"},
    {"mmio cpu0 rd32 GICD+0x0 == TRAP_EL3", 1, "bad number for expected value"},
    // LPI and ITS extensions (issue 17).
    {"msi dev1 event2", 1, "msi needs an ITS"},
    {"mmio cpu0 rd32 GITS+0x0", 1, "frame GITS needs an ITS"},
    {"config lpi_bits=16 its=1\nmsi dev1", 2, "missing event"},
    {"config lpi_bits=16 its=1\nmsi device1 event2", 2, "expected dev<n>"},
    {"config lpi_bits=16 its=1\nmsi dev0x100000000 event2", 2, "device out of range"},
    {"config lpi_bits=16 its=1\nmsi dev1 event2 now", 2, "unexpected 'now'"},
    {"config its=2", 1, "its: must be 0 or 1"},
    {"config its=1", 1, "its: an ITS needs LPIs"},
    {"config lpi_bits=12", 1, "lpi_bits: LPIs need GICv3 and 14..24"},
    {"config version=2 lpi_bits=16", 1, "lpi_bits: LPIs need GICv3"},
    {"mem rd32 0x40000002", 1, "not aligned"},
    {"mem vm0 rd32 0x40000000", 1, "a VM's RAM holds LPI tables only with an ITS"},
    {"config lpi_bits=16 its=1\nmem vm1 rd32 0x40000000", 2, "vm1"},
    {"config lpi_bits=16 its=1\nmem vm0 rd32 0x40000001", 2, "not aligned"},
    {"config lpi_bits=16 its=1\nmsi vm3 dev1 event2", 2, "vm3"},
    {"config lpi_bits=16 its=1\nexpect vm0 vcpu0 5000 pending", 2,
     "INTID 5000 is neither an SGI, PPI, SPI nor LPI of the VM"},
    {"config lpi_bits=16 its=1\nexpect vm0 vcpu0 65536 pending", 2, "INTID"},
    {"expect vm0 vcpu0 8192 pending", 1, "INTID"},
    {"mmio vcpu0 rd64 VM0.GITS+0x8", 1, "frame GITS needs an ITS"},
    {"mmio vcpu0 rd64 VM0.GICX+0x8", 1, "(GICD, GICR<n> or GITS)"},
    {"mem rd12 0x40000000", 1, "access width must be"},
    {"mem wr32 0x40000000", 1, "missing write value"},
    {"mem wr32 0x40000000 1 == 1", 1, "a write can only expect an error"},
    {"mem rd32 0x40000000 == TRAP", 1, "bad number for expected value"},
};

INSTANTIATE_TEST_SUITE_P(Table, MalformedScript, ::testing::ValuesIn(kBad));

}  // namespace

TEST(ScriptParser, ExampleFromStimulusMdParses) {
  const Script s = parse(R"(config version=3 cpus=1 spis=32 lrs=4
sysreg cpu0 wr ICH_HCR_EL2 0x1
sysreg cpu0 wr ICH_VMCR_EL2 0xff000002      # VPMR=0xff, VENG1
sysreg cpu0 wr ICH_LR0_EL2 0x50a0000000000020  # pending, group 1, prio 0xa0, vINTID 32
expect cpu0 virq high
sysreg cpu0 rd ICV_IAR1_EL1 == 32
sysreg cpu0 rd ICH_LR0_EL2 == 0x90a0000000000020  # now active
sysreg cpu0 wr ICV_EOIR1_EL1 32
sysreg cpu0 rd ICH_LR0_EL2 == 0x10a0000000000020  # invalid, group and priority kept
sysreg cpu0 rd ICH_ELRSR_EL2 & 0x1 == 0x1
)");
  EXPECT_EQ(s.config.gic.cpus, 1u);
  EXPECT_EQ(s.config.gic.spis, 32u);
  ASSERT_EQ(s.commands.size(), 9u);
  EXPECT_EQ(s.commands[0].kind, Command::Sysreg);
  EXPECT_TRUE(s.commands[0].write);
  EXPECT_EQ(s.commands[0].sr, Sr::ICH_HCR_EL2);
  EXPECT_EQ(s.commands[3].kind, Command::ExpectOutput);
  EXPECT_EQ(s.commands[3].output, Output::Virq);
  EXPECT_TRUE(s.commands[4].virt);
  EXPECT_EQ(s.commands[4].expect, Expect::Value);
  EXPECT_EQ(s.commands[4].value, 32u);
  EXPECT_EQ(s.commands[8].mask, 1u);
  EXPECT_EQ(s.commands[8].line, 10);
}

TEST(ScriptParser, MmioForms) {
  const Script s = parse(
      "MMIO CPU1 RD8 gicr2.sgi + 0x401 & 0xf0 == 0xa0\n"
      "mmio cpu0 wr64 GICD+0x6100 0x1 == ERR\n"
      "mmio cpu0 rd32 GICD+0x0 == err\n");
  ASSERT_EQ(s.commands.size(), 3u);
  const Command& a = s.commands[0];
  EXPECT_EQ(a.cpu, 1u);
  EXPECT_EQ(a.width, 1u);
  EXPECT_EQ(a.frame, "GICR");
  EXPECT_EQ(a.frame_index, 2u);
  EXPECT_TRUE(a.sgi_frame);
  EXPECT_EQ(a.offset, 0x401u);
  EXPECT_EQ(a.mask, 0xf0u);
  EXPECT_EQ(a.value, 0xa0u);
  EXPECT_EQ(s.commands[1].expect, Expect::Err);
  EXPECT_EQ(s.commands[1].width, 8u);
  EXPECT_EQ(s.commands[2].expect, Expect::Err);
}

TEST(ScriptParser, LinesTimesAndExtensions) {
  const Script s =
      parse("line ppi 27 cpu2 pulse\nrun 2us\nrun 1.5ms\nsysreg cpu0 rd ICC_SGI1R_EL1 == UNDEF\n");
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_FALSE(s.commands[0].spi);
  EXPECT_EQ(s.commands[0].cpu, 2u);
  EXPECT_EQ(s.commands[0].level, Level::Pulse);
  EXPECT_EQ(s.commands[1].time_ps, 2000000u);
  EXPECT_EQ(s.commands[2].time_ps, 1500000000u);
  EXPECT_EQ(s.commands[3].expect, Expect::Undef);
}

TEST(ScriptParser, SecurityAttributes) {
  const Script s = parse(
      "config security_states=2\n"
      "mmio cpu1 secure wr32 GICD+0x0 0x7\n"
      "mmio cpu0 NS rd32 GICD+0x0\n"
      "sysreg cpu0 el3 rd ICC_IAR0_EL1 == 1020\n"
      "sysreg cpu0 secure el1 rd ICC_IAR0_EL1 == TRAP_EL3\n"
      "sysreg cpu0 rd ICC_PMR_EL1 == trap_el2\n");
  EXPECT_EQ(s.config.gic.security_states, 2u);
  ASSERT_EQ(s.commands.size(), 5u);
  EXPECT_EQ(s.commands[0].security, 1);
  EXPECT_EQ(s.commands[0].cpu, 1u);
  EXPECT_EQ(s.commands[1].security, 0);
  EXPECT_EQ(s.commands[2].security, -1);
  EXPECT_EQ(s.commands[2].el, 3);
  EXPECT_EQ(s.commands[3].security, 1);
  EXPECT_EQ(s.commands[3].el, 1);
  EXPECT_EQ(s.commands[3].expect, Expect::TrapEl3);
  EXPECT_EQ(s.commands[4].expect, Expect::Trap);
  EXPECT_EQ(s.commands[4].el, 0);
}

// Issue 13: a huge bad line is quoted cut, not echoed whole.
TEST(ScriptParser, HugeBadLineIsQuotedCut) {
  const std::string junk(1 << 20, 'x');
  try {
    parse("run 1us\n" + junk + "\n");
    FAIL();
  } catch (const ScriptError& e) {
    EXPECT_EQ(e.line, 2);
    EXPECT_LT(std::string(e.what()).size(), 300u);
  }
}

// Issue 13: a UTF-8 byte-order mark at the start is not part of a command.
TEST(ScriptParser, Utf8BomIsSkipped) {
  const Script s = parse("\xEF\xBB\xBFrun 1us\n");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].time_ps, 1000000u);
}

TEST(ScriptParser, LongRunsUpToTheLimit) {
  const Script s = parse("run 4000000s\n");
  EXPECT_EQ(s.commands[0].time_ps, 4000000ull * 1000000000000ull);
}

TEST(ScriptParser, NewHypervisorCommands) {
  const Script s = parse(
      "config version=2 cpus=2 vcpus=2\nhyp maintenance manual\nhyp handle cpu1\n"
      "hyp kick cpu0\nhyp wfi vm0 vcpu1\nexpect vm0 vcpu1 blocked\n"
      "expect vm0 vcpu0 runnable\nexpect vm0 vcpu0 3 sources 0x81\n"
      "mmio vcpu1 host rd32 VM0.GICD+0x0\n");
  ASSERT_EQ(s.commands.size(), 8u);
  EXPECT_EQ(s.commands[0].kind, Command::Maintenance);
  EXPECT_TRUE(s.commands[0].manual);
  EXPECT_EQ(s.commands[1].kind, Command::Handle);
  EXPECT_EQ(s.commands[1].cpu, 1u);
  EXPECT_EQ(s.commands[2].kind, Command::Kick);
  EXPECT_EQ(s.commands[3].kind, Command::Wfi);
  EXPECT_EQ(s.commands[3].vcpu, 1u);
  EXPECT_EQ(s.commands[4].kind, Command::ExpectBlocked);
  EXPECT_TRUE(s.commands[4].blocked);
  EXPECT_FALSE(s.commands[5].blocked);
  EXPECT_EQ(s.commands[6].kind, Command::ExpectSources);
  EXPECT_EQ(s.commands[6].sources, 0x81u);
  EXPECT_TRUE(s.commands[7].host);
  EXPECT_TRUE(s.commands[7].vm_frame);
}
