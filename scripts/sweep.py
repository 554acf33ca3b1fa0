#!/usr/bin/env python3
"""Runs gicsim over a parameter grid, collects the stats into a CSV and draws plots.

Grid: list registers x device interrupt rate x vCPUs per physical CPU. Every
point is one `gicsim --config ... --stats ...` run (in parallel processes);
results go to OUT/sweep.csv and OUT/*.png:
  latency_vs_lrs.png       latency p50/p99 against the number of LRs
  maintenance_vs_load.png  maintenance interrupts per simulated second against load
  world_switch_share.png   share of CPU time spent in world switches against load
"""
import argparse
import concurrent.futures as cf
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ["lrs", "rate_hz", "vcpus_per_cpu", "delivered", "lost", "duplicated",
          "latency_p50_ns", "latency_p99_ns", "latency_max_ns", "world_switches",
          "underflows", "maintenance_total", "maintenance_per_s", "world_switch_share",
          "host_seconds", "simulated_seconds"]


def point_config(lrs, rate, vpc, cpus, duration_ms, policy):
    return {
        "gic": {"cpus": cpus, "lrs": lrs},
        "hypervisor": {"vcpus_per_vm": cpus * vpc, "ap_list_policy": policy},
        "run": {"duration_ms": duration_ms, "progress": False},
        "workload": {
            "timer_hz": 1000,
            "ipi_every": 16,
            "devices": [{"name": "storm", "spi": 64, "lines": 8, "trigger": "edge",
                         "process": "poisson", "rate_hz": rate, "burst": 4}],
        },
    }


def run_point(gicsim, workdir, lrs, rate, vpc, cpus, duration_ms, policy):
    tag = f"l{lrs}_r{int(rate)}_v{vpc}"
    cfg = Path(workdir) / f"{tag}.json"
    stats = Path(workdir) / f"{tag}.stats.json"
    cfg.write_text(json.dumps(point_config(lrs, rate, vpc, cpus, duration_ms, policy)))
    r = subprocess.run([gicsim, "--config", str(cfg), "--stats", str(stats)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"gicsim failed for {tag} (exit {r.returncode}): {r.stderr[-500:]}")
    s = json.loads(stats.read_text())["summary"]
    maint = sum(s["maintenance"].values())
    return {
        "lrs": lrs, "rate_hz": rate, "vcpus_per_cpu": vpc,
        "delivered": s["delivered"], "lost": s["lost"], "duplicated": s["duplicated"],
        "latency_p50_ns": s["latency_ns"]["p50"], "latency_p99_ns": s["latency_ns"]["p99"],
        "latency_max_ns": s["latency_ns"]["max"], "world_switches": s["world_switches"],
        "underflows": s["underflows"], "maintenance_total": maint,
        "maintenance_per_s": maint / s["simulated_seconds"],
        "world_switch_share": s["world_switch_share"],
        "host_seconds": s["host_seconds"], "simulated_seconds": s["simulated_seconds"],
    }


def plot(rows, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    vpcs = sorted({r["vcpus_per_cpu"] for r in rows})
    rates = sorted({r["rate_hz"] for r in rows})
    lrs = sorted({r["lrs"] for r in rows})
    files = []

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for rate in rates:
        pts = sorted((r for r in rows if r["rate_hz"] == rate and r["vcpus_per_cpu"] == vpcs[0]),
                     key=lambda r: r["lrs"])
        xs = [r["lrs"] for r in pts]
        ax.plot(xs, [r["latency_p99_ns"] for r in pts], "o-", label=f"p99, {rate / 1e3:g}k ev/s")
        ax.plot(xs, [r["latency_p50_ns"] for r in pts], "x--", label=f"p50, {rate / 1e3:g}k ev/s")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("list registers")
    ax.set_ylabel("latency assert -> acknowledge (ns)")
    ax.set_title(f"Virtual interrupt latency vs LRs ({vpcs[0]} vCPU per CPU)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    files.append(out / "latency_vs_lrs.png")
    fig.tight_layout()
    fig.savefig(files[-1], dpi=110)
    plt.close(fig)

    for key, name, ylabel in (
            ("maintenance_per_s", "maintenance_vs_load.png", "maintenance interrupts / s"),
            ("world_switch_share", "world_switch_share.png", "share of CPU time in world switches")):
        fig, ax = plt.subplots(figsize=(7, 4.5))
        for vpc in vpcs:
            for n in lrs:
                pts = sorted((r for r in rows if r["lrs"] == n and r["vcpus_per_cpu"] == vpc),
                             key=lambda r: r["rate_hz"])
                ax.plot([r["rate_hz"] for r in pts], [r[key] for r in pts], "o-",
                        label=f"{n} LRs, {vpc} vCPU/CPU")
        ax.set_xscale("log")
        ax.set_xlabel("device events per second")
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
        files.append(out / name)
        fig.tight_layout()
        fig.savefig(files[-1], dpi=110)
        plt.close(fig)
    return files


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gicsim", default=str(ROOT / "build" / "gicsim"))
    ap.add_argument("--lrs", default="1,2,4,8,16", help="comma-separated LR counts")
    ap.add_argument("--rates", default="10000,40000,100000",
                    help="comma-separated device event rates (events/s)")
    ap.add_argument("--vcpus-per-cpu", default="1,2", help="comma-separated vCPUs per CPU")
    ap.add_argument("--cpus", type=int, default=4)
    ap.add_argument("--duration-ms", type=float, default=100)
    ap.add_argument("--policy", default="kvm2025", choices=["kvm2025", "seed"])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", default=str(ROOT / "build" / "sweep"))
    ap.add_argument("--no-plots", action="store_true")
    a = ap.parse_args(argv)

    ints = lambda s: [int(x) for x in s.split(",") if x]
    grid = [(l, float(r), v) for l in ints(a.lrs) for r in ints(a.rates)
            for v in ints(a.vcpus_per_cpu)]
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as work, cf.ThreadPoolExecutor(a.jobs) as pool:
        futs = [pool.submit(run_point, a.gicsim, work, l, r, v, a.cpus, a.duration_ms, a.policy)
                for l, r, v in grid]
        for f in futs:
            rows.append(f.result())
    rows.sort(key=lambda r: (r["vcpus_per_cpu"], r["rate_hz"], r["lrs"]))
    with open(out / "sweep.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    print(f"sweep: {len(rows)} runs -> {out / 'sweep.csv'}")
    if not a.no_plots:
        for p in plot(rows, out):
            print(f"sweep: plot {p}")
    bad = [r for r in rows if r["lost"] or r["duplicated"]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
