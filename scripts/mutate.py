#!/usr/bin/env python3
"""Mutation testing: does the test suite catch plausible bugs?

Applies one curated mutant at a time (a one-line change in model/ or
platform/vgic/: an off-by-one, a wrong comparison, a dropped update, a wrong
group or bank), rebuilds incrementally in build-mutate/ (no LTO, so links are
quick), runs the suite (CTest, stopping at the first failure; fuzzers and
benchmarks are not built), restores the file, and prints the mutants that
survived and the score. Not part of scripts/test: it takes tens of minutes.

    /usr/bin/python3 scripts/mutate.py            # all mutants
    /usr/bin/python3 scripts/mutate.py -k misr    # those whose name has 'misr'
    /usr/bin/python3 scripts/mutate.py --list

A mutant that survives is either a gap in the tests (add a test that kills
it) or equivalent to the original (explain why in its 'note' below).
"""
import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build-mutate"

# (name, file, original text, mutated text[, note]). The original text must
# occur exactly once in the file.
MUTANTS = [
    # ---- priority logic (model/priority.h)
    ("pmr-le", "model/priority.h", "return p < pmr && group_priority(p, group) < running_priority();",
     "return p <= pmr && group_priority(p, group) < running_priority();"),
    ("preempt-full-priority", "model/priority.h",
     "return p < pmr && group_priority(p, group) < running_priority();",
     "return p < pmr && p < running_priority();"),
    ("bpr1-no-minus-one", "model/priority.h", "if (group == 1 && !cbpr) bpr = unsigned(bpr1) - 1;",
     "if (group == 1 && !cbpr) bpr = unsigned(bpr1);"),
    ("drop-group1-first", "model/priority.h", "const int order[] = {preferred, 0, 2, 1};",
     "const int order[] = {preferred, 1, 2, 0};"),
    ("bpr0-no-clamp", "model/priority.h",
     "void set_bpr0(uint8_t v) { bpr0 = v < min_bpr0() ? min_bpr0() : uint8_t(v & 7); }",
     "void set_bpr0(uint8_t v) { bpr0 = uint8_t(v & 7); }"),
    # ---- virtual CPU interface (model/vcpu_interface.cpp)
    ("misr-u-strict", "model/vcpu_interface.cpp", "__builtin_popcount(valid_mask_) <= 1",
     "__builtin_popcount(valid_mask_) < 1"),
    ("misr-np-inverted", "model/vcpu_interface.cpp", "(hcr_ & hcr::kNPIE) && !pending_mask_",
     "(hcr_ & hcr::kNPIE) && pending_mask_"),
    ("misr-lrenp-no-enable", "model/vcpu_interface.cpp",
     "if ((hcr_ & hcr::kLRENPIE) && (hcr_ & hcr::kEOIcountMask)) m |= misr::kLRENP;",
     "if (hcr_ & hcr::kEOIcountMask) m |= misr::kLRENP;"),
    ("misr-vgrp0d-veng1", "model/vcpu_interface.cpp", "(hcr_ & hcr::kVGrp0DIE) && !veng[0]",
     "(hcr_ & hcr::kVGrp0DIE) && !veng[1]"),
    ("elrsr-ignores-eoi", "model/vcpu_interface.cpp", "return all & ~valid_mask_ & ~eoi_mask_;",
     "return all & ~valid_mask_;"),
    ("eisr-includes-hw", "model/vcpu_interface.cpp",
     "const bool eoi = l.state == ListReg::kInvalid && !l.hw && l.eoi;",
     "const bool eoi = l.state == ListReg::kInvalid && l.eoi;",
     "equivalent: an LR with HW=1 never carries eoi (bit 41 / bit 19 are pINTID bits then, "
     "and decode_v3/decode_v2 leave eoi clear), so the !l.hw test only documents the rule"),
    ("special-intid-off-by-one", "model/vcpu_interface.cpp",
     "if (l.vintid >= 1020 && l.vintid <= 1023) {", "if (l.vintid > 1020 && l.vintid <= 1023) {"),
    ("eoicount-increments-by-two", "model/vcpu_interface.cpp",
     "const uint32_t count = ((hcr_ >> hcr::kEOIcountShift) + 1) & 0x1f;",
     "const uint32_t count = ((hcr_ >> hcr::kEOIcountShift) + 2) & 0x1f;"),
    ("eoir-no-group-check", "model/vcpu_interface.cpp",
     "(int(l.group) == group && prio.ap_index(l.prio, l.group) == dropped)",
     "(prio.ap_index(l.prio, l.group) == dropped)"),
    ("hw-no-physical-deactivate", "model/vcpu_interface.cpp",
     "      dist_.deactivate(cpu_, l.pintid);\n", "      (void)0;\n"),
    # ---- distributor (model/distributor.cpp) and register maps
    ("priority-unmasked", "model/distributor.cpp", "  p &= pri_mask_;\n", ""),
    ("active-still-eligible", "model/distributor.cpp",
     "bit(kEnable, cpu, intid) && pending(cpu, intid) && !bit(kActive, cpu, intid);",
     "bit(kEnable, cpu, intid) && pending(cpu, intid);"),
    ("eoimode1-eoir-deactivates", "model/cpu_interface.cpp",
     "if (!split(who)) dist_.deactivate(cpu_, intid);", "dist_.deactivate(cpu_, intid);"),
    ("hppi-tie-highest-intid", "model/cpu_interface.cpp",
     "(p == best.prio && intid < best.intid)", "(p == best.prio && intid > best.intid)"),
    ("rpr-shift-off-by-one", "model/priority.h",
     "return i < 0 ? 0xff : uint8_t(unsigned(i) << (8 - pre_bits));",
     "return i < 0 ? 0xff : uint8_t(unsigned(i) << (7 - pre_bits));"),
    ("bpr1-clamped-to-bpr0-min", "model/priority.h",
     "bpr1 = v < min_bpr1() ? min_bpr1() : uint8_t(v & 7);",
     "bpr1 = v < min_bpr0() ? min_bpr0() : uint8_t(v & 7);"),
    ("ap-reg-unmasked", "model/priority.h",
     "uint32_t ap_reg_mask() const { return pre_bits >= 5 ? ~0u : (1u << (1u << pre_bits)) - 1; }",
     "uint32_t ap_reg_mask() const { return ~0u; }"),
    ("ns-pmr-unshifted", "model/priority.h", "pmr = (ns_view ? from_ns(v) : v) & pri_mask();",
     "pmr = v & pri_mask();"),
    ("vmcr-vpmr-unmasked", "model/vcpu_regs.cpp",
     "p.pmr = uint8_t(x >> vmcr::kVPMRShift) & p.pri_mask();",
     "p.pmr = uint8_t(x >> vmcr::kVPMRShift);"),
    ("lr-priority-unmasked", "model/vcpu_interface.cpp",
     "  l.prio &= pri_mask();  // unimplemented priority bits are RES0 (as QEMU, gem5)\n", ""),
    ("vtr-prebits-off-by-one", "model/vcpu_regs.cpp", "(pre - 1) << kVtrPreBitsShift",
     "pre << kVtrPreBitsShift"),
    ("hcr-tdir-not-writable", "model/vcpu_regs.cpp",
     "0xff | hcr::kTC | hcr::kTALL0 | hcr::kTALL1 | hcr::kTDIR | hcr::kEOIcountMask;",
     "0xff | hcr::kTC | hcr::kTALL0 | hcr::kTALL1 | hcr::kEOIcountMask;"),
    ("icenabler-low-words-only", "model/dist_frames.cpp",
     "const uint32_t clear = sp.kind == kClear ? val : sp.kind == kRw ? msk & ~val : 0;",
     "const uint32_t clear = sp.kind == kClear && c.index < 2 ? val : sp.kind == kRw ? msk & ~val : 0;"),
    ("gicv2-sgi-enable-writable", "model/dist_frames.cpp",
     "uint32_t keep = c.index == 0 && sp.sgi_fixed ? 0xffff0000u : ~0u;", "uint32_t keep = ~0u;"),
    ("icfgr-sgi-writable", "model/dist_frames.cpp",
     "if (absent(c.index * 16) || c.index == 0) return;", "if (absent(c.index * 16)) return;"),
    ("waker-children-awake", "model/dist_frames.cpp",
     "return sleep_[c.cpu] ? kWakerProcessorSleep | kWakerChildrenAsleep : 0;",
     "return sleep_[c.cpu] ? kWakerProcessorSleep : 0;"),
    ("gicr-typer-last-never", "model/dist_frames.cpp",
     "(c.cpu + 1 == cfg_.cpus ? kGicrTyperLast : 0)", "(c.cpu == cfg_.cpus ? kGicrTyperLast : 0)"),
    ("typer-itlines-rounds-down", "model/dist_frames.cpp",
     "const uint32_t it_lines = (cfg_.intids() + 31) / 32 - 1;",
     "const uint32_t it_lines = cfg_.intids() / 32 - 1;"),
    ("itargetsr-unmasked", "model/distributor.cpp", "route_[intid - 32] = t & all_cpus(cfg_.cpus);",
     "route_[intid - 32] = t;"),
    ("irouter-drops-irm", "model/distributor.cpp", "v &= kAffMask | kIrm;", "v &= kAffMask;"),
    ("reserved-reads-ones", "tlm_sockets/reg_bank.cpp", "        if (byte_on(a, i)) a.data[i] = 0;",
     "        if (byte_on(a, i)) a.data[i] = 0xff;"),
    # ---- list register encodings (model/lr_format.h)
    ("lr3-priority-shift", "model/lr_format.h", "constexpr unsigned kPrioShift = 48;",
     "constexpr unsigned kPrioShift = 47;"),
    ("lr3-hw-bit", "model/lr_format.h", "constexpr uint64_t kHw = 1ull << 61;",
     "constexpr uint64_t kHw = 1ull << 59;"),
    ("lr2-eoi-bit", "model/lr_format.h", "constexpr uint32_t kEoi = 1u << 19;",
     "constexpr uint32_t kEoi = 1u << 18;"),
    ("lr2-group-bit", "model/lr_format.h", "constexpr uint32_t kGroup = 1u << 30;",
     "constexpr uint32_t kGroup = 1u << 29;"),
    # ---- the hypervisor (platform/vgic)
    ("edge-latch-not-consumed", "platform/vgic/hypervisor.cpp",
     "      d.set_state(D::kLatch, o, id, false);  // an edge's pending state moves into the LR\n",
     ""),
    ("fold-drops-edge-pending", "platform/vgic/hypervisor.cpp",
     "      d.set_state(D::kLatch, o, id, true);\n", "      d.set_state(D::kLatch, o, id, false);\n"),
    ("no-pending-reservation", "platform/vgic/hypervisor.cpp",
     "if (!picked_pending && first_pending_out >= 0) {", "if (false && first_pending_out >= 0) {"),
    ("npie-without-pending-lr", "platform/vgic/hypervisor.cpp",
     "if (pending_out && picked_pending) h |= hcr::kNPIE;", "if (pending_out) h |= hcr::kNPIE;"),
    ("tdir-only-active-out", "platform/vgic/hypervisor.cpp",
     "? active_out || spi_may_be_active(vm, k)", "? active_out"),
    ("prune-drops-retargeted", "platform/vgic/hypervisor.cpp",
     "      vm.on_list[s] = int8_t(t);  // retargeted: migrate\n",
     "      vm.on_list[s] = -1;\n      continue;\n"),
    ("oracle-active-spi-on-vcpu0", "platform/vgic/vm.cpp", "return v >= 0 ? v : 0;", "return 0;"),
    ("populate-ignores-routing", "platform/vgic/hypervisor.cpp",
     "const bool routed_elsewhere = id >= 32 && !vm.routes_to(id, vcpu);",
     "const bool routed_elsewhere = false;"),
    ("flush-places-foreign", "platform/vgic/hypervisor.cpp",
     "    if (t != int(k)) {\n      if (t >= 0) v.list_dirty = true;  // retargeted: prune migrates it\n      continue;\n    }\n",
     "    if (t < 0) continue;\n"),
    ("dir-other-vcpu-not-stopped", "platform/vgic/traps.cpp",
     "      exit_to_host(unsigned(other_cpu));\n      break;\n", "      other_cpu = -1;\n      break;\n"),
    ("guest-mmio-no-exit", "platform/vgic/traps.cpp", "  const bool trapped = !host && vm.vcpu(k).cpu >= 0;",
     "  const bool trapped = false;"),
    ("deactivate-before-resample", "platform/vgic/hypervisor.cpp",
     "    notify_acked(vm, k, e);\n    d.set_state(D::kActive, e.owner, e.intid, false);\n",
     "    d.set_state(D::kActive, e.owner, e.intid, false);\n    notify_acked(vm, k, e);\n",
     "equivalent since the QuietScope: both steps run with the VM's queueing off, and "
     "neither reads what the other writes (the resample moves the line, the other the "
     "active bit), so no vCPU can be kicked in between in either order; the order "
     "mattered when each step queued on its own (see deactivate-not-quiet)"),
    ("deactivate-not-quiet", "platform/vgic/hypervisor.cpp",
     "  {\n    Vm::QuietScope q(vm);\n    notify_acked(vm, k, e);\n",
     "  {\n    notify_acked(vm, k, e);\n"),
    ("merge-keeps-latch", "platform/vgic/hypervisor.cpp",
     "      d.set_state(D::kLatch, owner, intid, false);\n", "      (void)0;\n"),
    ("no-underflow-request", "platform/vgic/hypervisor.cpp",
     "    h |= hcr::kUIE;\n    ++stats.underflow_requests;", "    ++stats.underflow_requests;"),
    ("eoicount-walk-list-order", "platform/vgic/hypervisor.cpp",
     "      if (best < 0 || vm.dist().priority(e.owner, e.intid) < vm.dist().priority(b.owner, b.intid))",
     "      if (best < 0)"),
    ("sgi-two-sources-per-lr", "platform/vgic/hypervisor.cpp",
     "      leftover = leftover || (src & (src - 1));  // one source per LR\n", ""),
]


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)


def configure():
    if not (BUILD / "CMakeCache.txt").exists():
        r = run(["cmake", "-S", ".", "-B", str(BUILD), "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                 "-DGICSIM_BENCH=OFF"])
        if r.returncode:
            sys.exit("configure failed:\n" + r.stderr)


def build():
    return run(["cmake", "--build", str(BUILD), "-j2"]).returncode == 0


def tests_pass():
    r = run(["ctest", "--test-dir", str(BUILD), "-j2", "--stop-on-failure", "-E", "^(fuzz|install)\\."],
            timeout=3600)
    return r.returncode == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("-k", default="", help="only mutants whose name contains one of these "
                    "(comma-separated)")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = ap.parse_args()
    keys = args.k.split(",")
    chosen = [m for m in MUTANTS if any(k in m[0] for k in keys)]
    if args.list:
        for m in chosen:
            print(f"{m[0]:32s} {m[1]}")
        return 0
    # Every mutant must apply to the current sources.
    for name, path, orig, *_ in chosen:
        n = (ROOT / path).read_text().count(orig)
        if n != 1:
            sys.exit(f"mutant {name}: its original text occurs {n} times in {path}")
    configure()
    if not build() or not tests_pass():
        sys.exit("the unmutated tree does not build or pass: fix that first")
    survived, killed = [], 0
    for name, path, orig, mutated, *note in chosen:
        f = ROOT / path
        text = f.read_text()
        t0 = time.time()
        try:
            f.write_text(text.replace(orig, mutated, 1))
            caught = not build() or not tests_pass()
        finally:
            f.write_text(text)
        verdict = "killed" if caught else "SURVIVED"
        print(f"{verdict:9s} {name:32s} ({time.time() - t0:.0f} s)", flush=True)
        if caught:
            killed += 1
        else:
            survived.append((name, note[0] if note else ""))
    build()  # leave the tree built as it is
    total = len(chosen)
    print(f"\nscore: {killed}/{total} = {100.0 * killed / total:.1f} %")
    for name, note in survived:
        print(f"survived: {name}" + (f" ({note})" if note else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
