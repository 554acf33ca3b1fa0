"""scripts/bench_ratios.py --counters: the tool benchmark's counters, each
against its floor (the main job's 1 M delivered per host second) or
reported, including the machine reference (KernelWait) and the main job's
time in units of it."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "bench_ratios.py"


def bench_file(tmp_path, delivered_m):
    """A Google Benchmark JSON as gicsim_bench_tool writes it."""
    doc = {"benchmarks": [
        {"name": "KernelWait/iterations:1/manual_time",
         "run_name": "KernelWait/iterations:1/manual_time", "real_time": 170,
         "ns_per_wait": 170.0},
        {"name": "MainJob/profile_nvhe_vhe_type1:0/iterations:3/manual_time",
         "run_name": "MainJob/profile_nvhe_vhe_type1:0/iterations:3/manual_time",
         "real_time": 400e6, "delivered_M_per_host_s": delivered_m,
         "host_ns_per_delivered": 1e3 / delivered_m,
         "kernel_waits_per_delivered": 1e3 / delivered_m / 170.0},
    ]}
    p = tmp_path / "bench_tool.json"
    p.write_text(json.dumps(doc))
    return p


def counters(path):
    return subprocess.run([sys.executable, str(SCRIPT), "--counters", str(path)],
                          capture_output=True, text=True, timeout=60)


def line(out, counter):
    return next(ln for ln in out.splitlines() if f" {counter} = " in ln)


def test_under_the_floor_fails_and_the_reference_is_reported(tmp_path):
    r = counters(bench_file(tmp_path, 0.5))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "UNDER TARGET" in line(r.stdout, "delivered_M_per_host_s")
    ref = line(r.stdout, "ns_per_wait")
    assert ref.startswith("KernelWait") and "170.000" in ref and "(reported)" in ref
    waits = line(r.stdout, "kernel_waits_per_delivered")
    assert "11.765" in waits and "(reported)" in waits  # 2000 ns / 170 ns


def test_at_the_floor_passes(tmp_path):
    r = counters(bench_file(tmp_path, 1.0))
    assert r.returncode == 0, r.stdout + r.stderr
    assert line(r.stdout, "delivered_M_per_host_s").endswith("ok")


def test_unreadable_or_malformed_input_is_named_with_status_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"benchmarks": [')
    wrong = tmp_path / "wrong.json"
    wrong.write_text("[1]")
    for path in (bad, wrong, tmp_path / "missing.json"):
        for args in (["--counters", str(path)], [str(path)]):
            r = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True,
                               text=True, timeout=60)
            assert r.returncode == 2, (args, r.stdout, r.stderr)
            assert f"bench_ratios: {path}: " in r.stderr and "Traceback" not in r.stderr
