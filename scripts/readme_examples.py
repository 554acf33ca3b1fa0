#!/usr/bin/env python3
"""Regenerates the examples in README.md from the gicsim binary, so they
cannot go stale.

Each example sits between `<!-- gicsim-example: NAME -->` and
`<!-- /gicsim-example -->`. --write rewrites them in place; --check (what the
test suite runs) exits 1 naming every example that differs from what the
binary prints now (host-time figures aside: "in 0.20 s", "1.00 M per host
second"). --plots also redraws docs/micro_bench_profiles.png and, with a
default sweep, docs/latency_vs_lrs.png.
"""
import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- gicsim-example: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /gicsim-example -->)",
                   re.S)
BENCHES = ["hvc", "mmio_read_vgic", "eoi", "ipi", "ipi_blocked", "io_out", "io_in"]
PROFILES = ["nvhe", "vhe", "type1"]
EXAMPLE_TABLE = ROOT / "docs" / "example_table.csv"


def run(cmd, **kw):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f"readme_examples: {' '.join(map(str, cmd))} failed "
                         f"(exit {r.returncode}): {r.stderr[-400:]}")
    return r.stdout


def micro_stats(gicsim, work, version, profile):
    cfg = Path(work) / f"mb{version}{profile}.json"
    cfg.write_text(json.dumps({"gic": {"version": version}, "cpu": {"profile": profile},
                               "micro_bench": {"iterations": 100}}))
    stats = Path(work) / f"mb{version}{profile}.stats.json"
    run([gicsim, "--micro-bench", "--config", cfg, "--stats", stats])
    return {r["name"]: r["mean"] for r in json.loads(stats.read_text())["micro_bench"]["rows"]}


def fence(text):
    return "```\n" + text.rstrip("\n") + "\n```\n"


def examples(gicsim, work):
    out = {}
    out["main-job"] = lambda: fence(run([gicsim]))
    out["micro-bench"] = lambda: fence(run([gicsim, "--micro-bench"]))

    def presets():
        cols = [(v, p) for v in (3, 2) for p in PROFILES]
        data = {c: micro_stats(gicsim, work, *c) for c in cols}
        head = "| benchmark | " + " | ".join(f"GICv{v} {p}" for v, p in cols) + " |\n"
        head += "|---|" + "---:|" * len(cols) + "\n"
        body = "".join(f"| `{b}` | " + " | ".join(f"{data[c][b]:.0f}" for c in cols) + " |\n"
                       for b in BENCHES)
        return head + body

    out["micro-bench-presets"] = presets

    def calibrate():
        text = run([sys.executable, ROOT / "scripts" / "calibrate.py", EXAMPLE_TABLE,
                    "--gicsim", gicsim, "--out", Path(work) / "fitted.json"])
        # The output path is a scratch file: shown as the default name.
        return fence(text.replace(str(Path(work) / "fitted.json"), "fitted.json"))

    out["calibrate"] = calibrate
    return out


def normalise(text):
    text = re.sub(r"simulated in [0-9.]+ s", "simulated in _ s", text)
    return re.sub(r"\([0-9.]+ M per host second\)", "(_ M per host second)", text)


def plot_presets(gicsim, work):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    data = {p: micro_stats(gicsim, work, 3, p) for p in PROFILES}
    fig, ax = plt.subplots(figsize=(8, 4.2))
    x = np.arange(len(BENCHES))
    for i, p in enumerate(PROFILES):
        ax.bar(x + (i - 1) * 0.27, [data[p][b] for b in BENCHES], 0.27, label=p)
    ax.set_xticks(x, BENCHES, fontsize=8)
    ax.set_ylabel("cycles per operation")
    ax.set_title("gicsim --micro-bench, GICv3, by host mode (profiles/*.json)")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(ROOT / "docs" / "micro_bench_profiles.png", dpi=110)
    plt.close(fig)
    out = Path(work) / "sweep"
    run([sys.executable, ROOT / "scripts" / "sweep.py", "--gicsim", gicsim, "--out", out])
    (ROOT / "docs" / "latency_vs_lrs.png").write_bytes((out / "latency_vs_lrs.png").read_bytes())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gicsim", default=str(ROOT / "build" / "gicsim"))
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    ap.add_argument("--plots", action="store_true")
    a = ap.parse_args(argv)
    readme = README.read_text()
    with tempfile.TemporaryDirectory() as work:
        gen = examples(a.gicsim, work)
        names = [m.group("name") for m in BLOCK.finditer(readme)]
        missing = sorted(set(gen) - set(names))
        unknown = sorted(set(names) - set(gen))
        if missing or unknown:
            print(f"readme_examples: README.md lacks {missing} / has unknown {unknown}",
                  file=sys.stderr)
            return 1
        fresh = {n: gen[n]() for n in names}
        stale = [m.group("name") for m in BLOCK.finditer(readme)
                 if normalise(m.group("body")) != normalise(fresh[m.group("name")])]
        if a.check:
            for n in stale:
                print(f"readme_examples: the README's '{n}' example is stale; run "
                      f"scripts/readme_examples.py --write", file=sys.stderr)
            return 1 if stale else 0
        new = BLOCK.sub(lambda m: m.group(1) + fresh[m.group("name")] + m.group(4), readme)
        README.write_text(new)
        print(f"readme_examples: {len(stale)} example(s) updated: {', '.join(stale) or '-'}")
        if a.plots:
            plot_presets(a.gicsim, work)
            print("readme_examples: docs/micro_bench_profiles.png, docs/latency_vs_lrs.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
