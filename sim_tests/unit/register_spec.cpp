// The register table of register_spec.h. Field layouts: IHI 0069 chapter 12
// (GICD, GICR, ICC, ICV, ICH), IHI 0048 chapter 4 (GICD, GICC, GICH, GICV).
#include "register_spec.h"

#include <cstring>
#include <string>

namespace gicsim::spec {

namespace {

bool v3(const Ctx& c) { return c.cfg->version == 3; }
bool two(const Ctx& c) { return c.cfg->two_security_states(); }
uint64_t mask_bits(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

// Interrupts a per-interrupt register of the frame reaches: the GICR SGI
// frame holds SGIs and PPIs; a GICv3 GICD only SPIs (affinity routing is
// always on); a GICv2 GICD all of them.
template <bool Gicr>
uint64_t fields(const Ctx& c, unsigned per_reg, uint64_t field) {
  const unsigned lo = Gicr || !v3(c) ? 0 : 32, hi = Gicr ? 32 : c.cfg->intids();
  const unsigned bits = 32 / per_reg;
  uint64_t m = 0;
  for (unsigned i = 0; i < per_reg; ++i) {
    const unsigned id = c.index * per_reg + i;
    if (id >= lo && id < hi) m |= field << (bits * i);
  }
  return m;
}
// GIC-400 (GICv2): SGIs are always enabled and their pending bits are set
// through SPENDSGIR: ISENABLER0/ISPENDR0[15:0] are read-only.
template <bool Gicr>
uint64_t sgi_fixed(const Ctx& c) {
  return !Gicr && !v3(c) && c.index == 0 ? 0xffff : 0;
}
template <bool Gicr>
uint64_t one_bit(const Ctx& c) {
  return fields<Gicr>(c, 32, 1);
}
template <bool Gicr>
uint64_t one_bit_but_sgis(const Ctx& c) {
  return fields<Gicr>(c, 32, 1) & ~sgi_fixed<Gicr>(c);
}
template <bool Gicr>
uint64_t priorities(const Ctx& c) {
  return fields<Gicr>(c, 4, pri_mask(c.cfg->pri_bits));
}
// ICFGR: Int_config[1] per interrupt; SGIs are edge-triggered, read-only.
template <bool Gicr>
uint64_t cfg_rw(const Ctx& c) {
  return c.index == 0 ? 0 : fields<Gicr>(c, 16, 2);
}
template <bool Gicr>
uint64_t cfg_reset(const Ctx& c) {
  return c.index == 0 ? fields<Gicr>(c, 16, 2) : 0;  // SPIs/PPIs reset level (as QEMU)
}
template <bool Gicr>
uint64_t nsacr_rw(const Ctx& c) {
  return fields<Gicr>(c, 16, 3);
}

unsigned n1(const GicConfig&) { return 1; }
unsigned n2(const GicConfig&) { return 2; }
unsigned n4(const GicConfig&) { return 4; }
unsigned n8(const GicConfig&) { return 8; }
unsigned n32(const GicConfig&) { return 32; }
unsigned n64(const GicConfig&) { return 64; }
unsigned n255(const GicConfig&) { return 255; }
unsigned n988(const GicConfig&) { return 988; }
unsigned nlrs(const GicConfig& c) { return c.lrs; }
unsigned nap(const GicConfig& c) { return ap_regs(c.pri_bits); }
unsigned nvap(const GicConfig& c) { return ap_regs(c.vpri_bits); }

// CoreSight ID block: PIDR4..7 at +0x00, PIDR0..3 at +0x10, CIDR0..3 at +0x20.
// PIDR0/1 carry the part number (0x492, as GIC-600), PIDR2 the architecture
// revision (ArchRev in [7:4]) and JEDEC bit 3 with the JEP106 code 0x3b.
void id_block(std::vector<MmioReg>& out, const char* frame, uint32_t base, bool gicv2) {
  struct Id {
    const char* name;
    uint32_t off;
    ValueFn reset;
  };
  const Id ids[] = {
      {"PIDR4", 0x00, [](const Ctx&) -> uint64_t { return 0x04; }},
      {"PIDR5", 0x04, nullptr},
      {"PIDR6", 0x08, nullptr},
      {"PIDR7", 0x0c, nullptr},
      {"PIDR0", 0x10, [](const Ctx&) -> uint64_t { return 0x92; }},
      {"PIDR1", 0x14, [](const Ctx&) -> uint64_t { return 0xb4; }},
      {"PIDR2", 0x18,
       gicv2 ? ValueFn([](const Ctx&) -> uint64_t { return 0x2b; })
             : ValueFn([](const Ctx&) -> uint64_t { return 0x3b; })},
      {"PIDR3", 0x1c, nullptr},
      {"CIDR0", 0x20, [](const Ctx&) -> uint64_t { return 0x0d; }},
      {"CIDR1", 0x24, [](const Ctx&) -> uint64_t { return 0xf0; }},
      {"CIDR2", 0x28, [](const Ctx&) -> uint64_t { return 0x05; }},
      {"CIDR3", 0x2c, [](const Ctx&) -> uint64_t { return 0xb1; }},
  };
  for (const Id& i : ids)
    out.push_back(
        {frame, std::string(frame) + "_" + i.name, base + i.off, nullptr, Acc::RO, 0, i.reset});
}

// One-bit-per-interrupt registers, the priorities and the configuration of
// a GICD (Gicr false) or a GICR SGI_base frame (Gicr true).
template <bool Gicr>
void per_irq(std::vector<MmioReg>& out, const GicConfig& cfg) {
  const char* f = Gicr ? "GICR.SGI" : "GICD";
  const bool is_v3 = cfg.version == 3;
  const CountFn words = Gicr ? n1 : n32;
  const unsigned pi = kPerIrq;
  auto name = [](const char* g, const char* d) { return Gicr ? g : d; };
  out.push_back({f, name("GICR_IGROUPR0", "GICD_IGROUPR"), 0x080, words, Acc::RW, pi | kSecureOnly,
                 nullptr, one_bit<Gicr>, nullptr});
  out.push_back({f, name("GICR_ISENABLER0", "GICD_ISENABLER"), 0x100, words, Acc::RW, pi | kSet,
                 sgi_fixed<Gicr>, one_bit_but_sgis<Gicr>, nullptr,
                 name("GICR_ICENABLER0", "GICD_ICENABLER")});
  out.push_back({f, name("GICR_ICENABLER0", "GICD_ICENABLER"), 0x180, words, Acc::RW, pi | kClear,
                 sgi_fixed<Gicr>, one_bit_but_sgis<Gicr>, nullptr,
                 name("GICR_ISENABLER0", "GICD_ISENABLER")});
  out.push_back({f, name("GICR_ISPENDR0", "GICD_ISPENDR"), 0x200, words, Acc::RW, pi | kSet,
                 nullptr, one_bit_but_sgis<Gicr>, nullptr, name("GICR_ICPENDR0", "GICD_ICPENDR")});
  out.push_back({f, name("GICR_ICPENDR0", "GICD_ICPENDR"), 0x280, words, Acc::RW, pi | kClear,
                 nullptr, one_bit_but_sgis<Gicr>, nullptr, name("GICR_ISPENDR0", "GICD_ISPENDR")});
  out.push_back({f, name("GICR_ISACTIVER0", "GICD_ISACTIVER"), 0x300, words, Acc::RW, pi | kSet,
                 nullptr, one_bit<Gicr>, nullptr, name("GICR_ICACTIVER0", "GICD_ICACTIVER")});
  out.push_back({f, name("GICR_ICACTIVER0", "GICD_ICACTIVER"), 0x380, words, Acc::RW, pi | kClear,
                 nullptr, one_bit<Gicr>, nullptr, name("GICR_ISACTIVER0", "GICD_ISACTIVER")});
  out.push_back({f, Gicr ? "GICR_IPRIORITYR" : "GICD_IPRIORITYR", 0x400, Gicr ? n8 : n255, Acc::RW,
                 pi | kBytes, nullptr, priorities<Gicr>, nullptr});
  out.push_back({f, Gicr ? "GICR_ICFGR" : "GICD_ICFGR", 0xc00, Gicr ? n2 : n64, Acc::RW, pi,
                 cfg_reset<Gicr>, cfg_rw<Gicr>, nullptr});
  if (!is_v3) return;
  if (cfg.two_security_states()) {
    out.push_back({f, name("GICR_IGRPMODR0", "GICD_IGRPMODR"), 0xd00, words, Acc::RW,
                   pi | kSecureOnly, nullptr, one_bit<Gicr>, nullptr});
    out.push_back({f, Gicr ? "GICR_NSACR" : "GICD_NSACR", 0xe00, Gicr ? n1 : n64, Acc::RW,
                   kSecureOnly, nullptr, nsacr_rw<Gicr>, nullptr});
  } else {  // GICD_CTLR.DS = 1: IGRPMODR and NSACR are RAZ/WI
    out.push_back({f, name("GICR_IGRPMODR0", "GICD_IGRPMODR"), 0xd00, words, Acc::RAZWI, 0});
    out.push_back({f, Gicr ? "GICR_NSACR" : "GICD_NSACR", 0xe00, Gicr ? n1 : n64, Acc::RAZWI, 0});
  }
}

void gicd(std::vector<MmioReg>& out, const GicConfig& cfg) {
  const bool is_v3 = cfg.version == 3;
  // GICD_CTLR. GICv3 DS=1: EnableGrp0/1, ARE (RAO/WI), DS (RAO/WI). DS=0,
  // Secure view: EnableGrp0/1NS/1S, ARE_S/ARE_NS RAO/WI; Non-secure view:
  // EnableGrp1A, ARE_NS RAO/WI. GICv2: EnableGrp0/1; Non-secure view: Enable.
  out.push_back({"GICD", "GICD_CTLR", 0x0, nullptr, Acc::RW, 0,
                 [](const Ctx& c) -> uint64_t {
                   if (!v3(c)) return 0;
                   if (!two(c)) return 0x50;
                   return c.ns_view ? 0x10 : 0x30;
                 },
                 [](const Ctx& c) -> uint64_t {
                   if (!v3(c)) return c.ns_view ? 0x1 : 0x3;
                   if (!two(c)) return 0x3;
                   return c.ns_view ? 0x2 : 0x7;
                 },
                 nullptr});
  // GICD_TYPER: ITLinesNumber, CPUNumber (GICv3 with ARE RAO/WI: 0, as
  // QEMU), IDbits (GICv3: 10 INTID bits), SecurityExtn.
  out.push_back({"GICD", "GICD_TYPER", 0x4, nullptr, Acc::RO, 0, [](const Ctx& c) -> uint64_t {
                   const GicConfig& g = *c.cfg;
                   uint64_t t = (g.intids() + 31) / 32 - 1;
                   if (!v3(c)) t |= uint64_t(g.cpus - 1) << 5;
                   if (v3(c)) t |= 9u << 19;
                   if (two(c)) t |= 1u << 10;
                   return t;
                 }});
  out.push_back({"GICD", "GICD_IIDR", 0x8, nullptr, Acc::RO, 0, [](const Ctx& c) -> uint64_t {
                   return v3(c) ? 0x43b : 0x0200143b;  // Arm; GICv2: GIC-400 r0p0
                 }});
  if (is_v3) {
    out.push_back({"GICD", "GICD_TYPER2", 0xc, nullptr, Acc::RO, 0});
    out.push_back({"GICD", "GICD_STATUSR", 0x10, nullptr, Acc::RAZWI, 0});
  }
  per_irq<false>(out, cfg);
  if (is_v3) {
    // IROUTER<n>: Aff3 [39:32], Interrupt_Routing_Mode [31], Aff2..Aff0 [23:0].
    out.push_back({"GICD", "GICD_IROUTER", 0x6100, n988, Acc::RW, kWide | kPerIrq, nullptr,
                   [](const Ctx& c) -> uint64_t {
                     return c.index + 32 < c.cfg->intids() ? 0xff80ffffffull : 0;
                   },
                   nullptr});
    out.push_back({"GICD", "GICD_ITARGETSR", 0x800, n255, Acc::RAZWI, kBytes});
    id_block(out, "GICD", 0xffd0, false);
    return;
  }
  // ITARGETSR: SGI/PPI bytes read the accessing CPU's bit; SPI bytes hold
  // one bit per implemented CPU interface (others RAZ/WI).
  out.push_back({"GICD", "GICD_ITARGETSR", 0x800, n255, Acc::RW, kBytes | kPerIrq,
                 [](const Ctx& c) -> uint64_t { return c.index < 8 ? 0x01010101ull << c.cpu : 0; },
                 [](const Ctx& c) -> uint64_t {
                   if (c.index < 8) return 0;
                   return fields<false>(c, 4, mask_bits(c.cfg->cpus));
                 },
                 nullptr});
  out.push_back({"GICD", "GICD_SGIR", 0xf00, nullptr, Acc::WO, kAction});
  // C/SPENDSGIR: one byte per SGI, one source-CPU bit per implemented CPU.
  auto sources = [](const Ctx& c) -> uint64_t { return 0x01010101ull * mask_bits(c.cfg->cpus); };
  out.push_back({"GICD", "GICD_CPENDSGIR", 0xf10, n4, Acc::RW, kBytes | kClear | kPerIrq, nullptr,
                 sources, nullptr, "GICD_SPENDSGIR"});
  out.push_back({"GICD", "GICD_SPENDSGIR", 0xf20, n4, Acc::RW, kBytes | kSet | kPerIrq, nullptr,
                 sources, nullptr, "GICD_CPENDSGIR"});
  id_block(out, "GICD", 0xfd0, true);
}

void gicr(std::vector<MmioReg>& out, const GicConfig& cfg) {
  // GICR_CTLR: EnableLPIs RES0 without LPIs, DPG* RES0 with TYPER.DPGS = 0.
  out.push_back({"GICR", "GICR_CTLR", 0x0, nullptr, Acc::RW, 0});
  out.push_back({"GICR", "GICR_IIDR", 0x4, nullptr, Acc::RO, 0,
                 [](const Ctx&) -> uint64_t { return 0x43b; }});
  // GICR_TYPER: Affinity_Value [63:32] (Aff1 = cpu / 16, Aff0 = cpu % 16),
  // Processor_Number [23:8], Last [4]; no PLPIS, VLPIS, DPGS.
  out.push_back({"GICR", "GICR_TYPER", 0x8, nullptr, Acc::RO, kWide, [](const Ctx& c) -> uint64_t {
                   const uint64_t aff = (c.cpu / 16) << 8 | c.cpu % 16;
                   return aff << 32 | uint64_t(c.cpu) << 8 | (c.cpu + 1 == c.cfg->cpus ? 0x10 : 0);
                 }});
  out.push_back({"GICR", "GICR_STATUSR", 0x10, nullptr, Acc::RAZWI, 0});
  // GICR_WAKER: ProcessorSleep [1] RW, ChildrenAsleep [2] follows it; Secure
  // only with two Security states.
  out.push_back({"GICR", "GICR_WAKER", 0x14, nullptr, Acc::RW, kSecureOnly,
                 [](const Ctx&) -> uint64_t { return 0x6; },
                 [](const Ctx&) -> uint64_t { return 0x2; },
                 [](const Ctx&, uint64_t w) -> uint64_t { return w & 0x2 ? 0x6 : 0; }});
  id_block(out, "GICR", 0xffd0, false);
  per_irq<true>(out, cfg);
}

// Binary points: writes below the minimum read back the minimum.
uint64_t clamp(uint64_t w, unsigned min) { return (w & 7) < min ? min : w & 7; }

void gicc(std::vector<MmioReg>& out) {
  // GICC_CTLR (Secure or only view): EnableGrp0/1, AckCtl, FIQEn, CBPR,
  // FIQBypDisGrp0/IRQBypDisGrp0/FIQBypDisGrp1/IRQBypDisGrp1, EOImode(S) [9],
  // EOImodeNS [10] (Security Extensions). Non-secure view: EnableGrp1 [0],
  // FIQBypDisGrp1/IRQBypDisGrp1 [6:5], EOImodeNS [9].
  out.push_back({"GICC", "GICC_CTLR", 0x0, nullptr, Acc::RW, 0, nullptr,
                 [](const Ctx& c) -> uint64_t {
                   if (c.ns_view) return 0x261;
                   return two(c) ? 0x7ff : 0x3ff;
                 },
                 nullptr});
  // PMR: implemented priority bits; a Non-secure write is ignored while the
  // Secure mask is in the Secure half (it resets to 0).
  out.push_back({"GICC", "GICC_PMR", 0x4, nullptr, Acc::RW, 0, nullptr,
                 [](const Ctx& c) -> uint64_t { return c.ns_view ? 0 : pri_mask(c.cfg->pri_bits); },
                 nullptr});
  // BPR (Group 0, or the Non-secure Group 1 copy for a Non-secure access)
  // and ABPR (Group 1; RAZ/WI to Non-secure accesses).
  out.push_back({"GICC", "GICC_BPR", 0x8, nullptr, Acc::RW, 0,
                 [](const Ctx& c) -> uint64_t { return min_bpr0(c.cfg->pri_bits) + c.ns_view; },
                 [](const Ctx&) -> uint64_t { return 7; },
                 [](const Ctx& c, uint64_t w) -> uint64_t {
                   return clamp(w, min_bpr0(c.cfg->pri_bits) + c.ns_view);
                 }});
  out.push_back({"GICC", "GICC_ABPR", 0x1c, nullptr, Acc::RW, kSecureOnly,
                 [](const Ctx& c) -> uint64_t { return min_bpr0(c.cfg->pri_bits) + 1; },
                 [](const Ctx&) -> uint64_t { return 7; },
                 [](const Ctx& c, uint64_t w) -> uint64_t {
                   return clamp(w, min_bpr0(c.cfg->pri_bits) + 1);
                 }});
  auto spurious = [](const Ctx&) -> uint64_t { return 1023; };
  out.push_back({"GICC", "GICC_IAR", 0xc, nullptr, Acc::RO, kAction, spurious});
  out.push_back({"GICC", "GICC_EOIR", 0x10, nullptr, Acc::WO, kAction, nullptr, nullptr, nullptr,
                 nullptr, 1023});
  out.push_back(
      {"GICC", "GICC_RPR", 0x14, nullptr, Acc::RO, 0, [](const Ctx&) -> uint64_t { return 0xff; }});
  out.push_back({"GICC", "GICC_HPPIR", 0x18, nullptr, Acc::RO, 0, spurious});
  out.push_back({"GICC", "GICC_AIAR", 0x20, nullptr, Acc::RO, kAction | kSecureOnly, spurious});
  out.push_back({"GICC", "GICC_AEOIR", 0x24, nullptr, Acc::WO, kAction | kSecureOnly, nullptr,
                 nullptr, nullptr, nullptr, 1023});
  out.push_back({"GICC", "GICC_AHPPIR", 0x28, nullptr, Acc::RO, kSecureOnly, spurious});
  // Active priorities: one bit per group priority, in APR0..3 as needed.
  auto apr = [](const Ctx& c) -> uint64_t {
    return c.index < ap_regs(c.cfg->pri_bits) ? ap_mask(c.cfg->pri_bits) : 0;
  };
  out.push_back({"GICC", "GICC_APR", 0xd0, n4, Acc::RW, 0, nullptr, apr, nullptr});
  out.push_back({"GICC", "GICC_NSAPR", 0xe0, n4, Acc::RW, kSecureOnly, nullptr, apr, nullptr});
  out.push_back({"GICC", "GICC_IIDR", 0xfc, nullptr, Acc::RO, 0,
                 [](const Ctx&) -> uint64_t { return 0x0202143b; }});
  out.push_back({"GICC", "GICC_DIR", 0x1000, nullptr, Acc::WO, kAction, nullptr, nullptr, nullptr,
                 nullptr, 1023});
}

// GICv2 list registers: VirtualID [9:0], PhysicalID [19:10] with HW = 1,
// else CPUID [12:10] and EOI [19]; Priority [27:23], State [29:28],
// Grp1 [30], HW [31].
uint64_t gich_lr_after(const Ctx&, uint64_t w) {
  w &= 0xffffffff;
  const uint64_t common = 0x3ff | 0x1full << 23 | 3ull << 28 | 1ull << 30 | 1ull << 31;
  return w & (w >> 31 & 1 ? common | 0x3ffull << 10 : common | 7ull << 10 | 1ull << 19);
}

// GICH_VMCR: VMGrp0En, VMGrp1En, VMAckCtl, VMFIQEn, VMCBPR [4:0], VEM [9],
// VMABP [20:18], VMBP [23:21], VMPriMask [31:27] (5 bits).
uint64_t gich_vmcr_after(const Ctx&, uint64_t w) {
  return (w & 0x21f) | clamp(w >> 18, 3) << 18 | clamp(w >> 21, 2) << 21 | (w & 0xf8000000);
}

void gich_gicv(std::vector<MmioReg>& out) {
  // GICH_HCR: En, UIE, LRENPIE, NPIE, VGrp0EIE/DIE, VGrp1EIE/DIE, EOICount [31:27].
  out.push_back({"GICH", "GICH_HCR", 0x0, nullptr, Acc::RW, 0, nullptr,
                 [](const Ctx&) -> uint64_t { return 0xf80000ff; }, nullptr});
  // GICH_VTR: ListRegs [5:0], PREbits [28:26] and PRIbits [31:29] (5 bits).
  out.push_back({"GICH", "GICH_VTR", 0x4, nullptr, Acc::RO, 0,
                 [](const Ctx& c) -> uint64_t { return (c.cfg->lrs - 1) | 4u << 26 | 4u << 29; }});
  out.push_back({"GICH", "GICH_VMCR", 0x8, nullptr, Acc::RW, 0,
                 [](const Ctx&) -> uint64_t { return 3u << 18 | 2u << 21; },
                 [](const Ctx&) -> uint64_t { return 0xf8fc021f; }, gich_vmcr_after});
  out.push_back({"GICH", "GICH_MISR", 0x10, nullptr, Acc::RO, 0});
  out.push_back({"GICH", "GICH_EISR", 0x20, n2, Acc::RO, 0});
  out.push_back({"GICH", "GICH_ELRSR", 0x30, n2, Acc::RO, 0, [](const Ctx& c) -> uint64_t {
                   return c.index == 0 ? mask_bits(c.cfg->lrs) : 0;
                 }});
  out.push_back({"GICH", "GICH_APR", 0xf0, nullptr, Acc::RW, 0, nullptr,
                 [](const Ctx&) -> uint64_t { return 0xffffffff; }, nullptr});
  out.push_back({"GICH", "GICH_LR", 0x100, nlrs, Acc::RW, 0, nullptr,
                 [](const Ctx&) -> uint64_t { return 0xffffffff; }, gich_lr_after});

  // GICV: the GICC layout without Security Extensions, 5 priority bits.
  out.push_back({"GICV", "GICV_CTLR", 0x0, nullptr, Acc::RW, 0, nullptr,
                 [](const Ctx&) -> uint64_t { return 0x21f; }, nullptr});
  out.push_back({"GICV", "GICV_PMR", 0x4, nullptr, Acc::RW, 0, nullptr,
                 [](const Ctx&) -> uint64_t { return 0xf8; }, nullptr});
  out.push_back({"GICV", "GICV_BPR", 0x8, nullptr, Acc::RW, 0,
                 [](const Ctx&) -> uint64_t { return 2; }, [](const Ctx&) -> uint64_t { return 7; },
                 [](const Ctx&, uint64_t w) -> uint64_t { return clamp(w, 2); }});
  out.push_back({"GICV", "GICV_ABPR", 0x1c, nullptr, Acc::RW, 0,
                 [](const Ctx&) -> uint64_t { return 3; }, [](const Ctx&) -> uint64_t { return 7; },
                 [](const Ctx&, uint64_t w) -> uint64_t { return clamp(w, 3); }});
  auto spurious = [](const Ctx&) -> uint64_t { return 1023; };
  out.push_back({"GICV", "GICV_IAR", 0xc, nullptr, Acc::RO, kAction, spurious});
  out.push_back({"GICV", "GICV_EOIR", 0x10, nullptr, Acc::WO, kAction, nullptr, nullptr, nullptr,
                 nullptr, 1023});
  out.push_back(
      {"GICV", "GICV_RPR", 0x14, nullptr, Acc::RO, 0, [](const Ctx&) -> uint64_t { return 0xff; }});
  out.push_back({"GICV", "GICV_HPPIR", 0x18, nullptr, Acc::RO, 0, spurious});
  out.push_back({"GICV", "GICV_AIAR", 0x20, nullptr, Acc::RO, kAction, spurious});
  out.push_back({"GICV", "GICV_AEOIR", 0x24, nullptr, Acc::WO, kAction, nullptr, nullptr, nullptr,
                 nullptr, 1023});
  out.push_back({"GICV", "GICV_AHPPIR", 0x28, nullptr, Acc::RO, 0, spurious});
  out.push_back({"GICV", "GICV_APR", 0xd0, n4, Acc::RW, 0, nullptr,
                 [](const Ctx& c) -> uint64_t { return c.index == 0 ? 0xffffffff : 0; }, nullptr});
  out.push_back({"GICV", "GICV_IIDR", 0xfc, nullptr, Acc::RO, 0,
                 [](const Ctx&) -> uint64_t { return 0x0202143b; }});
  out.push_back({"GICV", "GICV_DIR", 0x1000, nullptr, Acc::WO, kAction, nullptr, nullptr, nullptr,
                 nullptr, 1023});
}

}  // namespace

std::vector<MmioReg> mmio_registers(const GicConfig& cfg) {
  std::vector<MmioReg> out;
  gicd(out, cfg);
  if (cfg.version == 3) {
    gicr(out, cfg);
  } else {
    gicc(out);
    gich_gicv(out);
  }
  return out;
}

uint32_t frame_size(const GicConfig& cfg, const char* frame) {
  if (!std::strcmp(frame, "GICD")) return cfg.version == 3 ? 0x10000 : 0x1000;
  if (!std::strcmp(frame, "GICC") || !std::strcmp(frame, "GICV")) return 0x2000;
  if (!std::strcmp(frame, "GICH")) return 0x1000;
  return 0x10000;  // GICR RD_base, SGI_base
}

// ---- System registers ------------------------------------------------------

namespace {

// ICH_LR<n>_EL2: vINTID [15:0] (IDbits = 16: [31:16] RES0), pINTID [44:32]
// with HW = 1, else EOI [41]; Priority [55:48] (unimplemented low bits RES0,
// as QEMU and gem5 enforce), Group [60], HW [61], State [63:62].
uint64_t ich_lr_after(const Ctx& c, uint64_t w) {
  const uint64_t prio = uint64_t(pri_mask(c.cfg->vpri_bits)) << 48;
  const uint64_t common = 0xffff | prio | 1ull << 60 | 1ull << 61 | 3ull << 62;
  return w & (w >> 61 & 1 ? common | 0x1fffull << 32 : common | 1ull << 41);
}

// ICH_VMCR_EL2: VENG0 [0], VENG1 [1], VAckCtl [2] RES0, VFIQEn [3] RES1,
// VCBPR [4], VEOIM [9], VBPR1 [20:18], VBPR0 [23:21], VPMR [31:24].
uint64_t ich_vmcr_after(const Ctx& c, uint64_t w) {
  const unsigned min0 = min_bpr0(c.cfg->vpri_bits);
  return (w & 0x213) | 0x8 | clamp(w >> 18, min0 + 1) << 18 | clamp(w >> 21, min0) << 21 |
         uint64_t((w >> 24) & pri_mask(c.cfg->vpri_bits)) << 24;
}

}  // namespace

std::vector<SysReg> sys_registers(const GicConfig& cfg) {
  std::vector<SysReg> out;
  if (cfg.version != 3) return out;
  // With two Security states the sweep reaches the ICC registers from EL3
  // (Secure copies): the Secure Group 1 binary point has BPR0's minimum
  // (QEMU: GIC_MIN_BPR for Secure Group 1, GIC_MIN_BPR_NS for Non-secure).
  const bool secure_bpr1 = cfg.two_security_states();
  auto spurious = [](const Ctx&) -> uint64_t { return 1023; };
  auto ff = [](const Ctx&) -> uint64_t { return 0xff; };
  auto bit0 = [](const Ctx&) -> uint64_t { return 1; };
  const uint8_t el1 = 1;
  using V = View;
  // ---- ICC (physical CPU interface) ----
  out.push_back({Sr::ICC_PMR_EL1, V::Icc, el1, nullptr, Acc::RW, 0, nullptr,
                 [](const Ctx& c) -> uint64_t { return pri_mask(c.cfg->pri_bits); }, nullptr});
  out.push_back({Sr::ICC_IAR0_EL1, V::Icc, el1, nullptr, Acc::RO, kAction, spurious});
  out.push_back({Sr::ICC_IAR1_EL1, V::Icc, el1, nullptr, Acc::RO, kAction, spurious});
  out.push_back(
      {Sr::ICC_EOIR0_EL1, V::Icc, el1, nullptr, Acc::WO, kAction, nullptr, nullptr, nullptr, 1023});
  out.push_back(
      {Sr::ICC_EOIR1_EL1, V::Icc, el1, nullptr, Acc::WO, kAction, nullptr, nullptr, nullptr, 1023});
  out.push_back({Sr::ICC_HPPIR0_EL1, V::Icc, el1, nullptr, Acc::RO, 0, spurious});
  out.push_back({Sr::ICC_HPPIR1_EL1, V::Icc, el1, nullptr, Acc::RO, 0, spurious});
  out.push_back({Sr::ICC_BPR0_EL1, V::Icc, el1, nullptr, Acc::RW, 0,
                 [](const Ctx& c) -> uint64_t { return min_bpr0(c.cfg->pri_bits); },
                 [](const Ctx&) -> uint64_t { return 7; },
                 [](const Ctx& c, uint64_t w) { return clamp(w, min_bpr0(c.cfg->pri_bits)); }});
  if (secure_bpr1)
    out.push_back({Sr::ICC_BPR1_EL1, V::Icc, el1, nullptr, Acc::RW, 0,
                   [](const Ctx& c) -> uint64_t { return min_bpr0(c.cfg->pri_bits); },
                   [](const Ctx&) -> uint64_t { return 7; },
                   [](const Ctx& c, uint64_t w) { return clamp(w, min_bpr0(c.cfg->pri_bits)); }});
  else
    out.push_back(
        {Sr::ICC_BPR1_EL1, V::Icc, el1, nullptr, Acc::RW, 0,
         [](const Ctx& c) -> uint64_t { return min_bpr0(c.cfg->pri_bits) + 1; },
         [](const Ctx&) -> uint64_t { return 7; },
         [](const Ctx& c, uint64_t w) { return clamp(w, min_bpr0(c.cfg->pri_bits) + 1); }});
  auto ap = [](const Ctx& c) -> uint64_t { return ap_mask(c.cfg->pri_bits); };
  for (Sr r : {Sr::ICC_AP0R0_EL1, Sr::ICC_AP1R0_EL1})
    out.push_back({r, V::Icc, el1, nap, Acc::RW, 0, nullptr, ap, nullptr});
  out.push_back(
      {Sr::ICC_DIR_EL1, V::Icc, el1, nullptr, Acc::WO, kAction, nullptr, nullptr, nullptr, 1023});
  out.push_back({Sr::ICC_RPR_EL1, V::Icc, el1, nullptr, Acc::RO, 0, ff});
  // SGI registers: TargetList 0 sends nothing.
  for (Sr r : {Sr::ICC_SGI0R_EL1, Sr::ICC_SGI1R_EL1, Sr::ICC_ASGI1R_EL1})
    out.push_back({r, V::Icc, el1, nullptr, Acc::WO, kAction});
  // ICC_CTLR_EL1: CBPR [0], EOImode [1] RW; PRIbits [10:8]; IDbits 0 (16
  // bits), SEIS, A3V, PMHE, RSS, ExtRange all 0.
  out.push_back({Sr::ICC_CTLR_EL1, V::Icc, el1, nullptr, Acc::RW, 0,
                 [](const Ctx& c) -> uint64_t { return uint64_t(c.cfg->pri_bits - 1) << 8; },
                 [](const Ctx&) -> uint64_t { return 0x3; }, nullptr});
  // SRE: SRE, DFB, DIB RAO/WI (and Enable at EL2/EL3): the system-register
  // interface cannot be disabled.
  out.push_back({Sr::ICC_SRE_EL1, V::Icc, el1, nullptr, Acc::RW, 0,
                 [](const Ctx&) -> uint64_t { return 0x7; }});
  out.push_back({Sr::ICC_IGRPEN0_EL1, V::Icc, el1, nullptr, Acc::RW, 0, nullptr, bit0});
  out.push_back({Sr::ICC_IGRPEN1_EL1, V::Icc, el1, nullptr, Acc::RW, 0, nullptr, bit0});
  out.push_back({Sr::ICC_SRE_EL2, V::Icc, 2, nullptr, Acc::RW, 0,
                 [](const Ctx&) -> uint64_t { return 0xf; }});
  out.push_back({Sr::ICC_SRE_EL3, V::Icc, 3, nullptr, Acc::RW, 0,
                 [](const Ctx&) -> uint64_t { return 0xf; }});
  // ICC_CTLR_EL3: CBPR_EL1S [0], CBPR_EL1NS [1], EOImode_EL3 [2],
  // EOImode_EL1S [3], EOImode_EL1NS [4]. With one Security state the model
  // has only the EL1 controls (EL3 runs under them): CBPR_EL1NS, EOImode_EL1NS.
  out.push_back({Sr::ICC_CTLR_EL3, V::Icc, 3, nullptr, Acc::RW, 0,
                 [](const Ctx& c) -> uint64_t { return uint64_t(c.cfg->pri_bits - 1) << 8; },
                 [](const Ctx& c) -> uint64_t { return two(c) ? 0x1f : 0x12; }, nullptr});
  out.push_back({Sr::ICC_IGRPEN1_EL3, V::Icc, 3, nullptr, Acc::RW, 0, nullptr,
                 [](const Ctx& c) -> uint64_t { return two(c) ? 0x3 : 0x1; }, nullptr});

  // ---- ICV (virtual CPU interface, EL1 with IMO/FMO) ----
  out.push_back({Sr::ICC_PMR_EL1, V::Icv, el1, nullptr, Acc::RW, 0, nullptr,
                 [](const Ctx& c) -> uint64_t { return pri_mask(c.cfg->vpri_bits); }, nullptr});
  for (Sr r : {Sr::ICC_IAR0_EL1, Sr::ICC_IAR1_EL1})
    out.push_back({r, V::Icv, el1, nullptr, Acc::RO, kAction, spurious});
  for (Sr r : {Sr::ICC_EOIR0_EL1, Sr::ICC_EOIR1_EL1, Sr::ICC_DIR_EL1})
    out.push_back({r, V::Icv, el1, nullptr, Acc::WO, kAction, nullptr, nullptr, nullptr, 1023});
  for (Sr r : {Sr::ICC_HPPIR0_EL1, Sr::ICC_HPPIR1_EL1})
    out.push_back({r, V::Icv, el1, nullptr, Acc::RO, 0, spurious});
  out.push_back({Sr::ICC_BPR0_EL1, V::Icv, el1, nullptr, Acc::RW, 0,
                 [](const Ctx& c) -> uint64_t { return min_bpr0(c.cfg->vpri_bits); },
                 [](const Ctx&) -> uint64_t { return 7; },
                 [](const Ctx& c, uint64_t w) { return clamp(w, min_bpr0(c.cfg->vpri_bits)); }});
  out.push_back(
      {Sr::ICC_BPR1_EL1, V::Icv, el1, nullptr, Acc::RW, 0,
       [](const Ctx& c) -> uint64_t { return min_bpr0(c.cfg->vpri_bits) + 1; },
       [](const Ctx&) -> uint64_t { return 7; },
       [](const Ctx& c, uint64_t w) { return clamp(w, min_bpr0(c.cfg->vpri_bits) + 1); }});
  auto vap = [](const Ctx& c) -> uint64_t { return ap_mask(c.cfg->vpri_bits); };
  for (Sr r : {Sr::ICC_AP0R0_EL1, Sr::ICC_AP1R0_EL1})
    out.push_back({r, V::Icv, el1, nvap, Acc::RW, 0, nullptr, vap, nullptr});
  out.push_back({Sr::ICC_RPR_EL1, V::Icv, el1, nullptr, Acc::RO, 0, ff});
  out.push_back({Sr::ICC_CTLR_EL1, V::Icv, el1, nullptr, Acc::RW, 0,
                 [](const Ctx& c) -> uint64_t { return uint64_t(c.cfg->vpri_bits - 1) << 8; },
                 [](const Ctx&) -> uint64_t { return 0x3; }, nullptr});
  out.push_back({Sr::ICC_IGRPEN0_EL1, V::Icv, el1, nullptr, Acc::RW, 0, nullptr, bit0});
  out.push_back({Sr::ICC_IGRPEN1_EL1, V::Icv, el1, nullptr, Acc::RW, 0, nullptr, bit0});

  // ---- ICH (hypervisor control, EL2) ----
  for (Sr r : {Sr::ICH_AP0R0_EL2, Sr::ICH_AP1R0_EL2})
    out.push_back({r, V::Ich, 2, nvap, Acc::RW, 0, nullptr, vap, nullptr});
  // ICH_HCR_EL2: En, UIE, LRENPIE, NPIE, VGrp0EIE/DIE, VGrp1EIE/DIE [7:0],
  // TC [10], TALL0 [11], TALL1 [12], TDIR [14] (VTR.TDS = 1), EOIcount [31:27].
  out.push_back({Sr::ICH_HCR_EL2, V::Ich, 2, nullptr, Acc::RW, 0, nullptr,
                 [](const Ctx&) -> uint64_t { return 0xf8005cff; }, nullptr});
  // ICH_VTR_EL2: ListRegs [4:0], TDS [19], nV4 [20] (no direct injection),
  // IDbits 0 (16), PREbits [28:26], PRIbits [31:29].
  out.push_back({Sr::ICH_VTR_EL2, V::Ich, 2, nullptr, Acc::RO, 0, [](const Ctx& c) -> uint64_t {
                   const GicConfig& g = *c.cfg;
                   return (g.lrs - 1) | 1u << 19 | 1u << 20 | (pre_bits(g.vpri_bits) - 1) << 26 |
                          uint64_t(g.vpri_bits - 1) << 29;
                 }});
  out.push_back({Sr::ICH_MISR_EL2, V::Ich, 2, nullptr, Acc::RO, 0});
  out.push_back({Sr::ICH_EISR_EL2, V::Ich, 2, nullptr, Acc::RO, 0});
  out.push_back({Sr::ICH_ELRSR_EL2, V::Ich, 2, nullptr, Acc::RO, 0,
                 [](const Ctx& c) -> uint64_t { return mask_bits(c.cfg->lrs); }});
  out.push_back({Sr::ICH_VMCR_EL2, V::Ich, 2, nullptr, Acc::RW, 0,
                 [](const Ctx& c) -> uint64_t {
                   const unsigned min0 = min_bpr0(c.cfg->vpri_bits);
                   return 0x8 | uint64_t(min0 + 1) << 18 | uint64_t(min0) << 21;
                 },
                 [](const Ctx&) -> uint64_t { return 0xfffc0213; }, ich_vmcr_after});
  out.push_back({Sr::ICH_LR0_EL2, V::Ich, 2, nlrs, Acc::RW, 0, nullptr,
                 [](const Ctx&) -> uint64_t { return ~0ull; }, ich_lr_after});
  return out;
}

std::vector<Sr> undefined_sysregs() { return {Sr::ICC_NMIAR1_EL1}; }

}  // namespace gicsim::spec
