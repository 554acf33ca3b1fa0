#!/usr/bin/env python3
"""Fits gicsim's cost terms to measured micro-benchmark cycles.

TABLE is a CSV with the header "benchmark,cycles" and one row per
micro-benchmark measured on the machine to model (names as `gicsim
--micro-bench` prints them: hvc, mmio_read_vgic, eoi, ipi, ipi_blocked,
io_out, io_in; any subset). The model's cycles for a set of terms come from
running `gicsim --micro-bench` itself, so the fit follows the paths the model
charges (README: Cost terms). Their sensitivity to each term is measured by
finite differences, and the terms are fitted by bounded linear least squares
(scipy.optimize.lsq_linear, terms >= 0), repeated at the new point until it
settles (a path may change when a cost does).

By default every term the table depends on is fitted; where the rows cannot
tell terms apart (an exit always charges trap_to_el2 and exit_entry
together), a small pull towards the base profile, relative to each term's
size, picks the solution that changes the profile least. --fit names the
terms to fit instead, with no such pull: they must be identifiable from the
rows (a set the rows cannot separate is refused, naming the terms). The
others keep the base profile's values. The fitted profile is written to
--out (a profile file for cpu.profile) and the residuals per row are printed.
"""
import argparse
import concurrent.futures as cf
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy.optimize import lsq_linear

ROOT = Path(__file__).resolve().parents[1]
BENCHES = ["hvc", "mmio_read_vgic", "eoi", "ipi", "ipi_blocked", "io_out", "io_in"]
MAX_TERM = 100_000_000


class CalibrationError(Exception):
    pass


def read_table(path):
    rows = {}
    try:
        text = Path(path).read_text()
    except OSError as e:
        raise CalibrationError(f"{path}: {e.strerror}")
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if [h.strip() for h in header or []] != ["benchmark", "cycles"]:
        raise CalibrationError(f"{path}:1: the header must be 'benchmark,cycles'")
    for line, rec in enumerate(reader, start=2):
        if not rec or not "".join(rec).strip():
            continue
        if len(rec) != 2:
            raise CalibrationError(f"{path}:{line}: expected 2 fields, found {len(rec)}")
        name, value = rec[0].strip(), rec[1].strip()
        if name not in BENCHES:
            raise CalibrationError(f"{path}:{line}: unknown benchmark '{name}' "
                                   f"(one of {', '.join(BENCHES)})")
        if name in rows:
            raise CalibrationError(f"{path}:{line}: '{name}' appears twice")
        try:
            cycles = float(value)
        except ValueError:
            raise CalibrationError(f"{path}:{line}: '{value}' is not a number of cycles")
        if not cycles > 0:
            raise CalibrationError(f"{path}:{line}: cycles must be positive")
        rows[name] = cycles
    if not rows:
        raise CalibrationError(f"{path}: no rows")
    return rows


class Model:
    """The micro-benchmarks as a function of the cost terms (gicsim runs)."""

    def __init__(self, gicsim, config, iterations, jobs):
        self.gicsim, self.config, self.iterations, self.jobs = gicsim, config, iterations, jobs
        self.work = tempfile.TemporaryDirectory()
        self.runs = 0

    def base_terms(self, base):
        """The terms of a preset or profile file, as gicsim reads them."""
        cfg = dict(self.config)
        cfg["cpu"] = {**cfg.get("cpu", {}), "profile": str(base)}
        return self._run(cfg, "base")["costs"]

    def _run(self, cfg, tag):
        d = Path(self.work.name)
        c, s = d / f"{tag}.json", d / f"{tag}.stats.json"
        c.write_text(json.dumps(cfg))
        r = subprocess.run([self.gicsim, "--micro-bench", "--config", str(c), "--stats", str(s)],
                           capture_output=True, text=True)
        self.runs += 1
        if r.returncode != 0:
            raise CalibrationError(f"gicsim --micro-bench failed (exit {r.returncode}): "
                                   f"{r.stderr.strip()[-400:]}")
        return json.loads(s.read_text())

    def evaluate(self, terms, benches, tag="eval"):
        cfg = json.loads(json.dumps(self.config))
        cfg.setdefault("cpu", {})
        cfg["cpu"].pop("profile", None)
        cfg["cpu"]["costs"] = {k: int(round(v)) for k, v in terms.items()}
        cfg["micro_bench"] = {"iterations": self.iterations}
        rows = {r["name"]: r["mean"] for r in self._run(cfg, tag)["micro_bench"]["rows"]}
        return np.array([rows[b] for b in benches])

    def jacobian(self, terms, names, benches):
        """d(cycles of each benchmark)/d(term), by finite differences."""
        f0 = self.evaluate(terms, benches, "j0")

        def column(i):
            step = max(200.0, 0.2 * terms[names[i]])
            t = dict(terms)
            t[names[i]] = terms[names[i]] + step
            return (self.evaluate(t, benches, f"j{i}") - f0) / step

        with cf.ThreadPoolExecutor(self.jobs) as pool:
            cols = list(pool.map(column, range(len(names))))
        return f0, np.column_stack(cols) if cols else np.zeros((len(benches), 0))


def independent(J, names, order):
    """The largest set of terms (taken in order) whose columns are independent."""
    chosen = []
    for n in order:
        j = names.index(n)
        if not np.any(J[:, j]):
            continue
        trial = chosen + [j]
        if np.linalg.matrix_rank(J[:, trial], tol=1e-6) == len(trial):
            chosen = trial
    return [names[j] for j in chosen]


def fit(model, base, table, free=None, rounds=4, log=print):
    benches = [b for b in BENCHES if b in table]
    measured = np.array([table[b] for b in benches])
    names = list(base)
    terms = {k: float(v) for k, v in base.items()}
    f0, J = model.jacobian(terms, names, benches)
    pull = 0.0
    if free is None:
        free = [n for n in names if np.any(J[:, names.index(n)])]
        # A pull towards the base, weak beside the rows' own residuals.
        pull = 1e-3 * float(np.sqrt(np.mean(measured ** 2)))
    else:
        unknown = [n for n in free if n not in names]
        if unknown:
            raise CalibrationError(f"--fit: unknown term(s) {', '.join(unknown)} "
                                   f"(terms: {', '.join(names)})")
        cols = J[:, [names.index(n) for n in free]]
        if np.linalg.matrix_rank(cols, tol=1e-6) < len(free):
            keep = independent(J, names, free)
            raise CalibrationError(
                "--fit: the rows cannot tell these terms apart: "
                f"{', '.join(n for n in free if n not in keep)} "
                f"(with {', '.join(keep)}); fit fewer terms or measure more benchmarks")
        if len(free) > len(benches):
            raise CalibrationError(f"{len(free)} terms cannot be fitted to {len(benches)} rows")
    idx = [names.index(n) for n in free]
    prior = np.array([float(base[n]) for n in free])
    scale = np.maximum(prior, 100.0)
    for r in range(rounds):
        # Linear model around the current point: f(x) ~ f0 + J (x - x0),
        # plus (by default) the pull towards the base: pull * (x - base) / scale.
        x0 = np.array([terms[n] for n in free])
        A = J[:, idx]
        b = measured - f0 + A @ x0
        if pull:
            A = np.vstack([A, np.diag(pull / scale)])
            b = np.concatenate([b, pull * prior / scale])
        sol = lsq_linear(A, b, bounds=(0, MAX_TERM))
        moved = np.max(np.abs(sol.x - x0)) if len(x0) else 0.0
        for n, v in zip(free, sol.x):
            terms[n] = float(round(v))
        log(f"calibrate: round {r + 1}: largest change {moved:.1f} cycles")
        if moved < 0.5:
            break
        f0, J = model.jacobian(terms, names, benches)
    final = model.evaluate(terms, benches, "final")
    identified = independent(J, names, free)
    return terms, free, identified, benches, measured, final


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("table", help="CSV: benchmark,cycles")
    ap.add_argument("--gicsim", default=str(ROOT / "build" / "gicsim"))
    ap.add_argument("--config", help="gicsim configuration (GIC version, clock, profile)")
    ap.add_argument("--base", help="profile to start from and keep for the terms not fitted "
                                   "(a preset name or a file; default: the config's, nvhe)")
    ap.add_argument("--fit", help="comma-separated terms to fit (default: all the rows can "
                                  "tell apart)")
    ap.add_argument("--out", default="fitted.json", help="the profile written")
    ap.add_argument("--name", help="the profile's name (default: --out's stem)")
    ap.add_argument("--iterations", type=int, default=20, help="micro-benchmark iterations")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args(argv)
    try:
        table = read_table(a.table)
        config = {}
        if a.config:
            try:
                config = json.loads(Path(a.config).read_text())
            except (OSError, json.JSONDecodeError) as e:
                raise CalibrationError(f"{a.config}: {e}")
            # Relative profile paths in the config stay relative to it.
            prof = config.get("cpu", {}).get("profile")
            if prof and "/" in prof and not prof.startswith("/"):
                config["cpu"]["profile"] = str((Path(a.config).parent / prof).resolve())
        base_name = a.base or config.get("cpu", {}).get("profile") or "nvhe"
        if ("/" in base_name or base_name.endswith(".json")) and not Path(base_name).exists():
            raise CalibrationError(f"--base: {base_name}: no such file")
        model = Model(a.gicsim, config, a.iterations, a.jobs)
        base = model.base_terms(str(Path(base_name).resolve()) if Path(base_name).exists()
                                else base_name)
        free = [t.strip() for t in a.fit.split(",") if t.strip()] if a.fit else None
        terms, free, identified, benches, measured, final = fit(model, base, table, free)
    except CalibrationError as e:
        print(f"calibrate: {e}", file=sys.stderr)
        return 2
    held = [n for n in base if n not in free]
    print(f"calibrate: fitted {', '.join(free)}")
    if len(identified) < len(free):
        print(f"calibrate: the rows determine {len(identified)} independent combinations; "
              f"{', '.join(n for n in free if n not in identified)} moved least from the base")
    print(f"calibrate: held at the base profile ({base_name}): {', '.join(held)}")
    print(f"  {'term':18s} {'base':>10s} {'fitted':>10s}")
    for n in free:
        print(f"  {n:18s} {base[n]:10d} {int(terms[n]):10d}")
    print(f"  {'benchmark':18s} {'measured':>10s} {'model':>10s} {'residual':>10s} {'%':>7s}")
    for b, m, f in zip(benches, measured, final):
        print(f"  {b:18s} {m:10.1f} {f:10.1f} {f - m:10.1f} {100 * (f - m) / m:7.2f}")
    rms = float(np.sqrt(np.mean((final - measured) ** 2)))
    print(f"calibrate: rms residual {rms:.1f} cycles over {len(benches)} rows "
          f"({model.runs} gicsim runs)")
    out = Path(a.out)
    profile = {"name": a.name or out.stem,
               "description": f"fitted by scripts/calibrate.py to {Path(a.table).name} "
                              f"(base {base_name}; fitted: {', '.join(free)})",
               "terms": {n: int(terms[n]) for n in base}}
    try:
        out.write_text(json.dumps(profile, indent=2) + "\n")
    except OSError as e:
        print(f"calibrate: {out}: {e.strerror}", file=sys.stderr)
        return 3
    print(f"calibrate: wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
