"""scripts/sweep.py: the grid on a local process pool and on a Dask
distributed cluster (the same CSV), resumption, plots (issue 16)."""
import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GICSIM = os.environ.get("GICSIM", str(ROOT / "build" / "gicsim"))
GRID = ["--lrs", "1,4", "--rates", "5000,20000", "--vcpus-per-cpu", "1,2", "--cpus", "2",
        "--duration-ms", "10", "--profiles", "nvhe,vhe"]
HOST_TIME = {"host_seconds"}  # the only column that depends on the host


def sweep(out, *extra):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "sweep.py"), "--gicsim",
                           GICSIM, *GRID, "--out", str(out), *extra],
                          capture_output=True, text=True, timeout=600)


def table(path):
    with open(path, newline="") as f:
        return [{k: v for k, v in row.items() if k not in HOST_TIME} for row in csv.DictReader(f)]


@pytest.fixture(scope="module")
def pool_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("pool")
    r = sweep(out, "--jobs", "2")
    assert r.returncode == 0, r.stderr
    return out


def test_process_pool_sweep(pool_run):
    rows = table(pool_run / "sweep.csv")
    assert len(rows) == 16
    assert {r["profile"] for r in rows} == {"nvhe", "vhe"}
    for r in rows:
        assert int(r["delivered"]) > 0
        assert r["lost"] == "0" and r["duplicated"] == "0"
    # VHE: the kick path without the EL1 state switch (2200 cycles in nvhe).
    for r in rows:
        if r["profile"] == "vhe":
            twin = next(o for o in rows if o["profile"] == "nvhe" and
                        all(o[k] == r[k] for k in ("lrs", "rate_hz", "vcpus_per_cpu")))
            assert float(twin["kick_mean_cycles"]) - float(r["kick_mean_cycles"]) > 2000
    for png in ("latency_vs_lrs.png", "maintenance_vs_load.png", "world_switch_share.png"):
        data = (pool_run / png).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_dask_cluster_sweep_matches_the_pool(pool_run, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        r = sweep(tmp_path, "--scheduler", cluster.scheduler_address)
    assert r.returncode == 0, r.stderr
    assert table(tmp_path / "sweep.csv") == table(pool_run / "sweep.csv")
    assert (tmp_path / "latency_vs_lrs.png").exists()


def test_unreachable_scheduler_is_an_error(tmp_path):
    r = sweep(tmp_path, "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "2s",
              "--no-plots")
    assert r.returncode != 0
    assert "Timed out" in r.stderr or "connect" in r.stderr.lower()


def test_resume_runs_only_what_is_missing(pool_run, tmp_path):
    full = (pool_run / "sweep.csv").read_text().splitlines()
    # A sweep stopped part way: 5 points written, the 6th torn.
    (tmp_path / "sweep.csv").write_text("\n".join(full[:6]) + "\n" + full[6][:20])
    r = sweep(tmp_path, "--resume", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert "resuming: 5 of 16 points done" in r.stderr
    assert "sweep: 16/16 runs" in r.stderr
    assert table(tmp_path / "sweep.csv") == table(pool_run / "sweep.csv")


def test_resume_refuses_a_foreign_csv(tmp_path):
    (tmp_path / "sweep.csv").write_text("a,b\n1,2\n")
    r = sweep(tmp_path, "--resume")
    assert r.returncode != 0 and "not a sweep CSV" in r.stderr


def test_an_assigned_msi_device_adds_guest_lpi_columns_and_a_plot(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "sweep.py"), "--gicsim", GICSIM,
                        "--lrs", "1,4", "--rates", "5000", "--vcpus-per-cpu", "1", "--cpus", "2",
                        "--duration-ms", "10", "--msi-hz", "20000", "--out", str(tmp_path),
                        "--jobs", "2"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    rows = table(tmp_path / "sweep.csv")
    assert len(rows) == 2
    for row in rows:
        # 4 queues x 20 k/s x 10 ms = 800 MSIs, nearly all taken by the guest.
        assert 600 < int(row["guest_lpis"]) <= 900, row
        assert 0 < int(row["guest_lpi_p50_cycles"]) <= int(row["guest_lpi_p99_cycles"])
        assert row["lost"] == "0" and row["duplicated"] == "0"
    assert (tmp_path / "guest_lpi_latency.png").stat().st_size > 10000


def test_without_msis_the_guest_lpi_columns_are_zero(pool_run):
    rows = table(pool_run / "sweep.csv")
    assert all(r["guest_lpis"] == "0" for r in rows)
    assert not (pool_run / "guest_lpi_latency.png").exists()
