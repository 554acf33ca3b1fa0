"""Profile-guided optimisation changes only the speed (README, Setup): the
PGO-built gicsim and the instrumented one it was trained with (built without
profiles) print the same figures for the main job on GICv3 and GICv2 hosts,
with LPIs, and for the micro-benchmarks. Skipped when build/ was not built
with profiles (GICSIM_PGO=0, or a compiler other than GCC)."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

PGO_DIR = os.environ.get("GICSIM_PGO_DIR", "")
REFERENCE = Path(PGO_DIR).parent / "gicsim" if PGO_DIR else None

CONFIGS = {
    "v3": {"run": {"duration_ms": 60, "progress": False}},
    "v2": {"gic": {"version": 2}, "hypervisor": {"vms": 2, "vcpus_per_vm": 2},
           "run": {"duration_ms": 40, "progress": False}},
    "lpis": {"gic": {"lpi_bits": 16, "its": True}, "run": {"duration_ms": 40, "progress": False},
             "workload": {"msi_devices": [{"device_id": 1, "queues": 2, "rate_hz": 20000,
                                           "vm": 0}]}},
}


def figures(path):
    """The stats without what the host's speed decides."""
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if not re.search("host_second|per_host", k)}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    return strip(json.loads(Path(path).read_text()))


@pytest.mark.skipif(REFERENCE is None or not REFERENCE.exists(),
                    reason="build/ was not built with profile-guided optimisation")
@pytest.mark.parametrize("name", sorted(CONFIGS))
@pytest.mark.parametrize("mode", [[], ["--micro-bench"]], ids=["main", "micro"])
def test_same_figures_as_the_unoptimised_build(gicsim, tmp_path, name, mode):
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps(CONFIGS[name]))
    ours, ref = tmp_path / "pgo.json", tmp_path / "ref.json"
    r = gicsim("--config", cfg, "--stats", ours, *mode)
    assert r.returncode == 0, r.stderr
    # The instrumented binary writes its counters under GCOV_PREFIX, not into
    # the training profiles.
    env = dict(os.environ, GCOV_PREFIX=str(tmp_path / "gcov"))
    r2 = subprocess.run([str(REFERENCE), "--config", str(cfg), "--stats", str(ref), *mode],
                        capture_output=True, text=True, timeout=300, env=env)
    assert r2.returncode == 0, r2.stderr
    a, b = figures(ours), figures(ref)
    assert a == b
    assert a["micro_bench"] if mode else a["summary"]["delivered"] > 0
