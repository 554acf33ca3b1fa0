"""scripts/calibrate.py (issue 16): a table made from known terms and
perturbed is fitted back to those terms, with the residuals reported."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "calibrate.py"
NVHE = json.loads((ROOT / "profiles" / "nvhe.json").read_text())["terms"]
TRUE = {"el1_state_switch": 3100, "emulate_hvc": 950, "emulate_gic_mmio": 1400,
        "register_access": 14, "schedule": 1800, "irqfd_inject": 1300, "vcpu_load": 2600}


def calibrate(gicsim_exe, *args):
    return subprocess.run([sys.executable, str(SCRIPT), "--gicsim", gicsim_exe, *map(str, args)],
                          capture_output=True, text=True, timeout=600)


def measure(gicsim, tmp_path, terms):
    """The micro-benchmark table of a machine whose costs are `terms`."""
    cfg = tmp_path / "truth.json"
    cfg.write_text(json.dumps({"cpu": {"costs": terms}, "micro_bench": {"iterations": 20}}))
    stats = tmp_path / "truth.stats.json"
    r = gicsim("--micro-bench", "--config", cfg, "--stats", stats)
    assert r.returncode == 0, r.stderr
    return {row["name"]: row["mean"] for row in json.loads(stats.read_text())["micro_bench"]["rows"]}


def write_table(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["benchmark", "cycles"])
        for k, v in rows.items():
            w.writerow([k, f"{v:.1f}"])


@pytest.fixture
def exe():
    import os
    return os.environ.get("GICSIM", str(ROOT / "build" / "gicsim"))


def test_fit_recovers_known_terms(gicsim, exe, tmp_path):
    table = measure(gicsim, tmp_path, TRUE)
    # Measurement noise: +-0.3 %, alternating.
    noisy = {k: v * (1 + (0.003 if i % 2 else -0.003)) for i, (k, v) in enumerate(table.items())}
    write_table(tmp_path / "table.csv", noisy)
    out = tmp_path / "fitted.json"
    r = calibrate(exe, tmp_path / "table.csv", "--base", "nvhe", "--fit", ",".join(TRUE),
                  "--out", out)
    assert r.returncode == 0, r.stderr
    fitted = json.loads(out.read_text())
    assert fitted["name"] == "fitted"
    for term, v in TRUE.items():
        assert abs(fitted["terms"][term] - v) <= max(0.08 * v, 4), (term, fitted["terms"][term])
    for term, v in NVHE.items():  # the rest keep the base profile's values
        if term not in TRUE:
            assert fitted["terms"][term] == v, term
    # A residual per row, and they are of the size of the noise.
    for b, m in noisy.items():
        line = next(l for l in r.stdout.splitlines() if l.split()[:1] == [b])
        measured, model, residual, pct = (float(x) for x in line.split()[1:5])
        assert measured == pytest.approx(m, abs=0.05)
        assert residual == pytest.approx(model - measured, abs=0.2)
        assert abs(pct) < 2.0
    assert "rms residual" in r.stdout
    # The fitted profile runs, and reproduces the table.
    cfg = tmp_path / "use.json"
    cfg.write_text(json.dumps({"cpu": {"profile": "fitted.json"}, "micro_bench": {"iterations": 5}}))
    stats = tmp_path / "use.stats.json"
    r = gicsim("--micro-bench", "--config", cfg, "--stats", stats)
    assert r.returncode == 0, r.stderr
    for row in json.loads(stats.read_text())["micro_bench"]["rows"]:
        assert row["mean"] == pytest.approx(table[row["name"]], rel=0.02), row["name"]


def test_default_fit_matches_a_published_style_table(exe, tmp_path):
    """Every term the rows touch is fitted; the rows cannot tell them all
    apart, and the script says which moved least from the base."""
    write_table(tmp_path / "t.csv", {"hvc": 6500, "mmio_read_vgic": 7370, "eoi": 71,
                                     "ipi": 11557, "io_out": 6024, "io_in": 13872})
    r = calibrate(exe, tmp_path / "t.csv", "--out", tmp_path / "kvm.json")
    assert r.returncode == 0, r.stderr
    assert "moved least from the base" in r.stdout
    rms = float(r.stdout.split("rms residual ")[1].split()[0])
    assert rms < 20
    held = r.stdout.split("held at the base profile (nvhe): ")[1].splitlines()[0].split(", ")
    assert {"vcpu_load", "vm_switch", "emulate_wfi", "emulate_dir", "handler_body"} <= set(held)


def test_unidentifiable_terms_are_refused(exe, tmp_path):
    write_table(tmp_path / "t.csv", {"hvc": 5000, "mmio_read_vgic": 6000})
    r = calibrate(exe, tmp_path / "t.csv", "--fit", "trap_to_el2,exit_entry",
                  "--out", tmp_path / "x.json")
    assert r.returncode == 2
    assert "cannot tell these terms apart" in r.stderr
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("text,msg", [
    ("bench,cycles\nhvc,1\n", "t.csv:1: the header"),
    ("benchmark,cycles\nhvc,abc\n", "t.csv:2: 'abc' is not a number"),
    ("benchmark,cycles\nhvc,100\nvmexit,5\n", "t.csv:3: unknown benchmark 'vmexit'"),
    ("benchmark,cycles\nhvc,100\nhvc,5\n", "t.csv:3: 'hvc' appears twice"),
    ("benchmark,cycles\nhvc,-4\n", "t.csv:2: cycles must be positive"),
    ("benchmark,cycles\n", "t.csv: no rows"),
])
def test_bad_tables_name_file_and_line(exe, tmp_path, text, msg):
    (tmp_path / "t.csv").write_text(text)
    r = calibrate(exe, tmp_path / "t.csv", "--out", tmp_path / "x.json")
    assert r.returncode == 2
    assert msg in r.stderr, r.stderr
