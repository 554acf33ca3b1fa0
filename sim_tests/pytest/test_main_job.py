"""The main job: statistics against the configuration, output files, bad configs."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cfg(gicsim, tmp_path, cfg, *extra):
    f = tmp_path / "cfg.json"
    f.write_text(json.dumps(cfg))
    stats = tmp_path / "stats.json"
    r = gicsim("--config", f, "--stats", stats, *extra)
    return r, (json.loads(stats.read_text()) if stats.exists() else None)


def test_stats_json_schema(gicsim, tmp_path):
    r, s = run_cfg(gicsim, tmp_path, {"run": {"duration_ms": 50, "progress": False}})
    assert r.returncode == 0, r.stderr
    summary = s["summary"]
    for key in ("delivered", "lost", "duplicated", "host_seconds", "simulated_seconds",
                "world_switches", "underflows", "maintenance", "latency_ns",
                "delivered_per_host_second", "host_seconds_per_simulated_second"):
        assert key in summary, key
    assert set(summary["latency_ns"]) == {"p50", "p99", "max"}
    assert set(summary["maintenance"]) == {"eoi", "underflow", "lrenp", "no_pending",
                                           "vgrp0_enabled", "vgrp0_disabled",
                                           "vgrp1_enabled", "vgrp1_disabled"}
    assert summary["lost"] == 0 and summary["duplicated"] == 0
    assert summary["delivered"] > 1000
    assert abs(summary["simulated_seconds"] - 0.05) < 1e-9
    assert summary["latency_ns"]["p50"] <= summary["latency_ns"]["p99"] <= summary["latency_ns"]["max"]
    names = [src["name"] for src in s["sources"]]
    assert names == ["ipi", "timer", "storm", "nic", "disk"]
    for src in s["sources"]:
        assert src["acked"] == src["completed"]
    # The default devices sit on SPIs 64 and up (GICD words 2 and beyond,
    # which word-0/1-only tests missed): each of them delivered.
    devices = json.loads(gicsim("--print-config").stdout)["workload"]["devices"]
    assert devices and all(d["spi"] >= 64 for d in devices)
    by_name = {src["name"]: src for src in s["sources"]}
    for d in devices:
        assert by_name[d["name"]]["acked"] > 0, d["name"]
    assert len(s["lr_occupancy"]) == 17
    assert len(s["cpus"]) == 4


def test_timer_1khz_over_1s_gives_1000_per_vcpu(gicsim, tmp_path):
    cfg = {"run": {"duration_ms": 1000, "progress": False},
           "workload": {"timer_hz": 1000, "ipi_every": 0, "devices": []}}
    r, s = run_cfg(gicsim, tmp_path, cfg)
    assert r.returncode == 0, r.stderr
    timer = next(x for x in s["sources"] if x["name"] == "timer")
    assert abs(timer["acked"] - 4000) <= 4
    for cpu in s["cpus"]:  # one vCPU per CPU by default
        assert abs(cpu["handled"] - 1000) <= 1


def storm(lrs):
    return {"gic": {"cpus": 1, "lrs": lrs}, "hypervisor": {"vcpus_per_vm": 1},
            "run": {"duration_ms": 100, "progress": False},
            "workload": {"timer_hz": 0, "ipi_every": 0, "devices": [
                {"name": "storm", "spi": 64, "lines": 8, "trigger": "edge",
                 "process": "poisson", "rate_hz": 20000, "burst": 8}]}}


def test_fewer_lrs_cause_more_underflow_maintenance(gicsim, tmp_path):
    r2, s2 = run_cfg(gicsim, tmp_path, storm(2))
    r16, s16 = run_cfg(gicsim, tmp_path, storm(16))
    assert r2.returncode == 0 and r16.returncode == 0
    u2 = s2["summary"]["maintenance"]["underflow"]
    u16 = s16["summary"]["maintenance"]["underflow"]
    assert u2 > 100
    assert u16 < u2 / 10
    assert s2["summary"]["lost"] == 0 and s16["summary"]["lost"] == 0


@pytest.mark.parametrize("version", [2, 3])
def test_two_security_states_run_the_same_non_secure_workload(gicsim, tmp_path, version):
    # The host and its guests are Non-secure software; the firmware made every
    # interrupt they use Non-secure Group 1, so the run is the same.
    base = {"run": {"duration_ms": 100, "progress": False}}
    r1, s1 = run_cfg(gicsim, tmp_path, {**base, "gic": {"version": version}})
    r2, s2 = run_cfg(gicsim, tmp_path, {**base, "gic": {"version": version, "security_states": 2}})
    assert r1.returncode == 0 and r2.returncode == 0, r2.stderr
    assert "(two Security states)" in r2.stdout and "(two" not in r1.stdout
    assert s2["summary"]["delivered"] == s1["summary"]["delivered"] > 1000
    assert s2["summary"]["lost"] == 0 and s2["summary"]["duplicated"] == 0


def test_vcd_written_and_parses(gicsim, tmp_path):
    vcd = tmp_path / "lines.vcd"
    r, _ = run_cfg(gicsim, tmp_path, {"run": {"duration_ms": 2, "progress": False}},
                   "--vcd", vcd)
    assert r.returncode == 0, r.stderr
    text = vcd.read_text()
    assert "$enddefinitions" in text
    # Parse the declarations: (scope, name) -> identifier code.
    scope, ids = [], {}
    for line in text.split("$enddefinitions")[0].splitlines():
        w = line.split()
        if w[:2] == ["$scope", "module"]:
            scope.append(w[2])
        elif w[:1] == ["$upscope"]:
            scope.pop()
        elif w[:1] == ["$var"]:
            ids[(scope[-1], w[4])] = w[3]
    for cpu in range(4):
        for sig in ("irq", "fiq", "virq", "vfiq", "maint"):
            assert (f"cpu{cpu}", sig) in ids
    body = text.split("$enddefinitions")[1]
    assert re.search(r"^#\d+", body, re.M)  # time steps
    assert re.search(r"^1" + re.escape(ids[("cpu0", "virq")]) + "$", body, re.M)  # vIRQ rose


def test_event_log_has_time_stamps(gicsim, tmp_path):
    r, _ = run_cfg(gicsim, tmp_path, {"run": {"duration_ms": 1, "progress": False}}, "--log")
    assert r.returncode == 0
    assert re.search(r"gicsim @\d+(\.\d+)? ?[munp]?s event: cpu\d: enter vm0 vcpu\d", r.stderr)


@pytest.mark.parametrize("cfg,key", [
    ({"gic": {"cpus": 0}}, "gic.cpus"),
    ({"gic": {"lrs": 17}}, "gic.lrs"),
    ({"gic": {"security_states": 3}}, "gic.security_states"),
    ({"cpu": {"clock_mhz": "fast"}}, "cpu.clock_mhz"),
    ({"cpu": {"costs": {"handler_body": -1}}}, "cpu.costs.handler_body"),
    ({"workload": {"devices": [{"spi": 64, "rate_hz": 0}]}}, "workload.devices[0].rate_hz"),
    ({"workload": {"devices": [{"spi": 64, "colour": 1}]}}, "workload.devices[0].colour"),
    ({"gic": {"virtualization": False}}, "gic.virtualization"),
    ({"gic": {"affinity": [0, 1]}}, "gic.affinity"),
    ({"workload": {"devices": [{"spi": 120, "lines": 20}]}}, "workload.devices[0].lines"),
    ({"workload": {"devices": [{"trigger": "pulse"}]}}, "workload.devices[0].trigger"),
    ({"run": {"seed": "x"}}, "run.seed"),
    ({"cpu": {"costs": {"world_switch": 1200}}}, "cpu.costs.world_switch"),
    ({"cpu": {"costs": {"exit_entry": 10 ** 9}}}, "cpu.costs.exit_entry"),
    ({"cpu": {"costs": {"tea_break": 5}}}, "cpu.costs.tea_break"),
    ({"cpu": {"profile": "hyperv"}}, "cpu.profile"),
    ({"cpu": {"profile": "missing/profile.json"}}, "cpu.profile"),
])
def test_bad_config_rejected_before_simulating(gicsim, tmp_path, cfg, key):
    r, s = run_cfg(gicsim, tmp_path, cfg)
    assert r.returncode == 2
    assert f"key '{key}'" in r.stderr, r.stderr
    assert s is None  # nothing simulated


# Issue 12.9: an IPI on every interrupt is counted once (whether the SGI was
# already pending is read where it is sent, not before a yield), on both GIC
# versions and both EOImodes.
@pytest.mark.parametrize("version,eoi_mode", [(3, 0), (3, 1), (2, 0), (2, 1)])
def test_ipi_every_interrupt_no_duplicates(gicsim, tmp_path, version, eoi_mode):
    cfg = {"gic": {"version": version}, "cpu": {"eoi_mode": eoi_mode},
           "run": {"duration_ms": 100, "progress": False}, "workload": {"ipi_every": 1}}
    r, s = run_cfg(gicsim, tmp_path, cfg)
    assert r.returncode == 0, r.stderr[-2000:]
    assert s["summary"]["duplicated"] == 0 and s["summary"]["lost"] == 0
    ipi = next(x for x in s["sources"] if x["name"] == "ipi")
    assert ipi["acked"] > 1000


# Issue 12.9: with cpu.eoi_mode 1 the booted guest runs with VEOIM set, so
# its DIRs deactivate (no "DIR with EOImode 0 ignored" flood on stderr) and
# they trap while SPIs are in flight (TDIR, KVM 2025).
def test_eoi_mode_1_guest_sets_veoim(gicsim, tmp_path):
    cfg = {"cpu": {"eoi_mode": 1}, "run": {"duration_ms": 100, "progress": False}}
    r, s = run_cfg(gicsim, tmp_path, cfg)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "ignored" not in r.stderr
    assert len(r.stderr) < 1000
    assert s["summary"]["delivered"] > 10000
    assert s["summary"]["traps"] > s["summary"]["delivered"] // 2


def test_two_clusters_of_four_run_like_the_default_affinity(gicsim, tmp_path):
    # Physical CPUs in two clusters (MPIDR Aff1 = 0 and 1): routing, IPIs
    # and HW-forwarded devices follow the configured affinity, so the run is
    # the same as with the default affinity (CPU n = Aff0 n): same deliveries.
    def run(extra):
        cfg = {"gic": {"cpus": 8, **extra}, "hypervisor": {"vcpus_per_vm": 8},
               "run": {"duration_ms": 20, "progress": False},
               "workload": {"devices": [{"name": "nic", "spi": 64, "lines": 8,
                                         "trigger": "edge", "process": "periodic",
                                         "rate_hz": 20000, "hw_mapped": True}]}}
        sub = tmp_path / ("aff" if extra else "default")
        sub.mkdir()
        r, s = run_cfg(gicsim, sub, cfg)
        assert r.returncode == 0, r.stderr
        assert s["summary"]["lost"] == 0 and s["summary"]["duplicated"] == 0
        return {src["name"]: src["acked"] for src in s["sources"]}, [c["handled"] for c in s["cpus"]]
    clusters = run({"affinity": [0, 1, 2, 3, 256, 257, 258, 259]})
    assert clusters == run({})
    assert clusters[0]["nic"] > 100 and all(h > 0 for h in clusters[1])
