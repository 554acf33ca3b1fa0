#!/usr/bin/env python3
"""Runs gicsim over a parameter grid, collects the stats into a CSV and draws plots.

Grid: list registers x device interrupt rate x vCPUs per physical CPU x cost
profile (host mode). Every point is one `gicsim --config ... --stats ...`
run; results go to OUT/sweep.csv and OUT/*.png:
  latency_vs_lrs.png       latency p50/p99 against the number of LRs
  maintenance_vs_load.png  maintenance interrupts per simulated second against load
  world_switch_share.png   share of CPU time spent in world switches against load
  guest_lpi_latency.png    with --msi-hz: an assigned MSI device's latency (MSI
                           write -> guest acknowledge) against load

The points run in a local pool of processes (--jobs), or with --scheduler
ADDRESS on a Dask distributed cluster (Debian's python3-distributed), whose
workers need only the gicsim binary (at --gicsim's path, or --worker-gicsim).
The CSV and the plots are the same either way. Each finished point is
appended to the CSV at once, so a sweep stopped part way (a signal, a lost
cluster) resumes with --resume: the points already in the CSV are not run
again. A progress bar (tqdm) shows on a terminal, a line per tenth otherwise.
"""
import argparse
import concurrent.futures as cf
import csv
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY = ["lrs", "rate_hz", "vcpus_per_cpu", "profile"]
FIELDS = KEY + ["delivered", "lost", "duplicated",
                "latency_p50_ns", "latency_p99_ns", "latency_max_ns", "latency_p50_cycles",
                "latency_p99_cycles", "world_switches", "kicks", "traps", "kick_mean_cycles",
                "underflows", "maintenance_total", "maintenance_per_s", "world_switch_share",
                "guest_lpis", "guest_lpi_p50_cycles", "guest_lpi_p99_cycles",
                "host_seconds", "simulated_seconds"]


def point_config(lrs, rate, vpc, cpus, duration_ms, policy, profile="nvhe", msi_hz=0):
    cfg = {
        "gic": {"cpus": cpus, "lrs": lrs},
        "hypervisor": {"vcpus_per_vm": cpus * vpc, "ap_list_policy": policy},
        "run": {"duration_ms": duration_ms, "progress": False},
        "cpu": {"profile": profile},
        "workload": {
            "timer_hz": 1000,
            "ipi_every": 16,
            "devices": [{"name": "storm", "spi": 64, "lines": 8, "trigger": "edge",
                         "process": "poisson", "rate_hz": rate, "burst": 4}],
        },
    }
    if msi_hz:
        # An MSI NIC assigned to the VM: 4 queues, their MSIs forwarded by
        # the host to the VM's emulated ITS and taken as virtual LPIs.
        cfg["gic"].update({"lpi_bits": 16, "its": True})
        cfg["workload"]["msi_devices"] = [{"name": "nic", "device_id": 1, "queues": 4,
                                           "process": "poisson", "rate_hz": msi_hz, "vm": 0}]
    return cfg


def run_point(gicsim, lrs, rate, vpc, cpus, duration_ms, policy, profile="nvhe", msi_hz=0):
    """One grid point: runs gicsim in a scratch directory (on whichever
    machine runs it) and returns the CSV row."""
    tag = f"l{lrs}_r{int(rate)}_v{vpc}_{profile}"
    with tempfile.TemporaryDirectory(prefix="gicsim-sweep-") as work:
        cfg = Path(work) / f"{tag}.json"
        stats = Path(work) / f"{tag}.stats.json"
        cfg.write_text(json.dumps(point_config(lrs, rate, vpc, cpus, duration_ms, policy,
                                               profile, msi_hz)))
        r = subprocess.run([gicsim, "--config", str(cfg), "--stats", str(stats)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"gicsim failed for {tag} (exit {r.returncode}): "
                               f"{r.stderr[-500:]}")
        full = json.loads(stats.read_text())
        s = full["summary"]
    maint = sum(s["maintenance"].values())
    guest = [d["guest"] for d in full.get("host_lpis", []) if "guest" in d]
    lost = s["lost"] + sum(g["lost"] + g["dropped"] for g in guest)
    dup = s["duplicated"] + sum(g["duplicated"] for g in guest)
    return {
        "lrs": lrs, "rate_hz": rate, "vcpus_per_cpu": vpc, "profile": profile,
        "delivered": s["delivered"], "lost": lost, "duplicated": dup,
        "latency_p50_ns": s["latency_ns"]["p50"], "latency_p99_ns": s["latency_ns"]["p99"],
        "latency_max_ns": s["latency_ns"]["max"],
        "latency_p50_cycles": s["latency_cycles"]["p50"],
        "latency_p99_cycles": s["latency_cycles"]["p99"],
        "world_switches": s["world_switches"], "kicks": s["kicks"], "traps": s["traps"],
        "kick_mean_cycles": round(s["paths"]["kick"]["mean_cycles"], 3),
        "underflows": s["underflows"], "maintenance_total": maint,
        "maintenance_per_s": maint / s["simulated_seconds"],
        "world_switch_share": s["world_switch_share"],
        "guest_lpis": sum(g["taken"] for g in guest),
        "guest_lpi_p50_cycles": guest[0]["latency_cycles"]["p50"] if guest else 0,
        "guest_lpi_p99_cycles": guest[0]["latency_cycles"]["p99"] if guest else 0,
        "host_seconds": s["host_seconds"], "simulated_seconds": s["simulated_seconds"],
    }


def key_of(row):
    return (int(row["lrs"]), float(row["rate_hz"]), int(row["vcpus_per_cpu"]), str(row["profile"]))


def read_done(path):
    """Rows of a partly finished sweep (a torn last line is dropped)."""
    if not path.exists():
        return []
    rows = []
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        if r.fieldnames != FIELDS:
            raise SystemExit(f"sweep: {path}: not a sweep CSV of this version (columns differ); "
                             "move it away or drop --resume")
        for row in r:
            if None in row.values() or None in row:
                break
            rows.append(parse_row(row))
    return rows


INT_FIELDS = {"lrs", "vcpus_per_cpu", "delivered", "lost", "duplicated",
              "latency_p50_cycles", "latency_p99_cycles", "world_switches", "kicks", "traps",
              "underflows", "maintenance_total", "guest_lpis", "guest_lpi_p50_cycles",
              "guest_lpi_p99_cycles"}


def parse_row(row):
    return {k: row[k] if k == "profile" else int(row[k]) if k in INT_FIELDS else float(row[k])
            for k in FIELDS}


class Progress:
    def __init__(self, total, done):
        self.total, self.n = total, done
        self.bar = None
        if sys.stderr.isatty():
            try:
                from tqdm import tqdm
                self.bar = tqdm(total=total, initial=done, unit="run", file=sys.stderr)
            except ImportError:
                pass
        self.next_tenth = (10 * done // max(total, 1) + 1)

    def step(self):
        self.n += 1
        if self.bar:
            self.bar.update(1)
        elif 10 * self.n >= self.next_tenth * self.total:
            print(f"sweep: {self.n}/{self.total} runs", file=sys.stderr, flush=True)
            self.next_tenth = 10 * self.n // self.total + 1

    def close(self):
        if self.bar:
            self.bar.close()


def run_grid(points, gicsim, args, on_row):
    """Runs the points (local processes, or the Dask cluster at args.scheduler)."""
    if args.scheduler:
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise SystemExit("sweep: --scheduler needs Dask distributed (Debian: "
                             "python3-distributed)")
        with Client(args.scheduler, timeout=args.connect_timeout) as client:
            futs = [client.submit(run_point, gicsim, *p, pure=False,
                                  key=f"gicsim-{uuid.uuid4().hex}") for p in points]
            for f in as_completed(futs):
                on_row(f.result())
        return
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        futs = [pool.submit(run_point, gicsim, *p) for p in points]
        for f in cf.as_completed(futs):
            on_row(f.result())


def plot(rows, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    vpcs = sorted({r["vcpus_per_cpu"] for r in rows})
    rates = sorted({r["rate_hz"] for r in rows})
    lrs = sorted({r["lrs"] for r in rows})
    profiles = sorted({r["profile"] for r in rows})
    files = []

    def name(profile):
        return Path(profile).stem if profile.endswith(".json") else profile

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for prof in profiles:
        tag = f", {name(prof)}" if len(profiles) > 1 else ""
        for rate in rates:
            pts = sorted((r for r in rows if r["rate_hz"] == rate and r["profile"] == prof
                          and r["vcpus_per_cpu"] == vpcs[0]), key=lambda r: r["lrs"])
            xs = [r["lrs"] for r in pts]
            ax.plot(xs, [r["latency_p99_ns"] for r in pts], "o-",
                    label=f"p99, {rate / 1e3:g}k ev/s{tag}")
            ax.plot(xs, [r["latency_p50_ns"] for r in pts], "x--",
                    label=f"p50, {rate / 1e3:g}k ev/s{tag}")
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

    for key, fname, ylabel in (
            ("maintenance_per_s", "maintenance_vs_load.png", "maintenance interrupts / s"),
            ("world_switch_share", "world_switch_share.png", "share of CPU time in world switches")):
        fig, ax = plt.subplots(figsize=(7, 4.5))
        for prof in profiles:
            tag = f", {name(prof)}" if len(profiles) > 1 else ""
            for vpc in vpcs:
                for n in lrs:
                    pts = sorted((r for r in rows if r["lrs"] == n and r["vcpus_per_cpu"] == vpc
                                  and r["profile"] == prof), key=lambda r: r["rate_hz"])
                    ax.plot([r["rate_hz"] for r in pts], [r[key] for r in pts], "o-",
                            label=f"{n} LRs, {vpc} vCPU/CPU{tag}")
        ax.set_xscale("log")
        ax.set_xlabel("device events per second")
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
        files.append(out / fname)
        fig.tight_layout()
        fig.savefig(files[-1], dpi=110)
        plt.close(fig)

    if any(r["guest_lpis"] for r in rows):
        fig, ax = plt.subplots(figsize=(7, 4.5))
        for prof in profiles:
            tag = f", {name(prof)}" if len(profiles) > 1 else ""
            for n in lrs:
                pts = sorted((r for r in rows if r["lrs"] == n and r["vcpus_per_cpu"] == vpcs[0]
                              and r["profile"] == prof), key=lambda r: r["rate_hz"])
                xs = [r["rate_hz"] for r in pts]
                ax.plot(xs, [r["guest_lpi_p99_cycles"] for r in pts], "o-",
                        label=f"p99, {n} LRs{tag}")
                ax.plot(xs, [r["guest_lpi_p50_cycles"] for r in pts], "x--",
                        label=f"p50, {n} LRs{tag}")
        ax.set_xscale("log")
        ax.set_xlabel("device events per second (beside the MSI NIC)")
        ax.set_ylabel("guest LPI latency, MSI -> guest ack (cycles)")
        ax.set_title(f"Assigned MSI device ({vpcs[0]} vCPU per CPU)")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
        files.append(out / "guest_lpi_latency.png")
        fig.tight_layout()
        fig.savefig(files[-1], dpi=110)
        plt.close(fig)
    return files


def write_csv(path, rows):
    tmp = path.with_suffix(".csv.tmp")
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gicsim", default=str(ROOT / "build" / "gicsim"))
    ap.add_argument("--lrs", default="1,2,4,8,16", help="comma-separated LR counts")
    ap.add_argument("--rates", default="10000,40000,100000",
                    help="comma-separated device event rates (events/s)")
    ap.add_argument("--vcpus-per-cpu", default="1,2", help="comma-separated vCPUs per CPU")
    ap.add_argument("--profiles", default="nvhe",
                    help="comma-separated cost profiles (presets nvhe, vhe, type1, or files)")
    ap.add_argument("--cpus", type=int, default=4)
    ap.add_argument("--duration-ms", type=float, default=100)
    ap.add_argument("--policy", default="kvm2025", choices=["kvm2025", "seed"])
    ap.add_argument("--msi-hz", type=float, default=0,
                    help="add an MSI NIC assigned to the VM (4 queues, MSIs per second per "
                         "queue; GICv3 with an ITS): guest LPI columns and plot")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="local processes (without --scheduler)")
    ap.add_argument("--scheduler", help="address of a Dask distributed scheduler "
                                        "(tcp://host:8786): run the grid on its workers")
    ap.add_argument("--worker-gicsim", help="the gicsim binary's path on the workers "
                                            "(default: --gicsim)")
    ap.add_argument("--connect-timeout", default="30s")
    ap.add_argument("--resume", action="store_true",
                    help="keep the points already in OUT/sweep.csv and run the rest")
    ap.add_argument("--out", default=str(ROOT / "build" / "sweep"))
    ap.add_argument("--no-plots", action="store_true")
    a = ap.parse_args(argv)

    ints = lambda s: [int(x) for x in s.split(",") if x]
    profiles = [p for p in a.profiles.split(",") if p]
    # Profile files are passed to the workers by absolute path.
    profiles = [str(Path(p).resolve()) if p.endswith(".json") else p for p in profiles]
    if a.msi_hz < 0 or a.msi_hz > 1e7:
        raise SystemExit("sweep: --msi-hz must be 0..1e7")
    grid = [(l, float(r), v, a.cpus, a.duration_ms, a.policy, p, a.msi_hz)
            for l in ints(a.lrs) for r in ints(a.rates) for v in ints(a.vcpus_per_cpu)
            for p in profiles]
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    csv_path = out / "sweep.csv"
    done = read_done(csv_path) if a.resume else []
    have = {key_of(r) for r in done}
    todo = [p for p in grid if (p[0], p[1], p[2], p[6]) not in have]
    if a.resume:
        print(f"sweep: resuming: {len(grid) - len(todo)} of {len(grid)} points done",
              file=sys.stderr)
    write_csv(csv_path, done)  # a clean file (a torn last line is dropped)
    rows = list(done)
    progress = Progress(len(grid), len(grid) - len(todo))
    with open(csv_path, "a", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)

        def on_row(row):
            rows.append(row)
            w.writerow(row)
            f.flush()
            progress.step()

        run_grid(todo, a.worker_gicsim or a.gicsim, a, on_row)
    progress.close()
    rows = [r for r in rows if (r["lrs"], float(r["rate_hz"]), r["vcpus_per_cpu"],
                                r["profile"]) in {(p[0], p[1], p[2], p[6]) for p in grid}]
    rows.sort(key=lambda r: (r["profile"], r["vcpus_per_cpu"], float(r["rate_hz"]), r["lrs"]))
    write_csv(csv_path, rows)
    print(f"sweep: {len(rows)} runs -> {csv_path}")
    if not a.no_plots:
        for p in plot(rows, out):
            print(f"sweep: plot {p}")
    bad = [r for r in rows if r["lost"] or r["duplicated"]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
