"""The gicsim command line: help, main job, config and script errors."""
import json
import re

import pytest


def test_help_documents_every_option(gicsim):
    r = gicsim("--help")
    assert r.returncode == 0
    for opt in ("--config", "--script", "--print-config", "--log", "--help"):
        assert opt in r.stdout


def test_unknown_option_exits_2(gicsim):
    r = gicsim("--frobnicate")
    assert r.returncode == 2


def test_main_job_runs_default_platform(gicsim):
    r = gicsim()
    assert r.returncode == 0, r.stderr
    assert "GICv3, 4 CPUs, 1 VM(s) x 4 vCPUs, 4 LRs, profile nvhe, 1.000 s simulated" in r.stdout
    assert "lost 0, duplicated 0" in r.stdout
    for word in ("delivered", "latency", "p50", "p99", "max", "maintenance", "LRs"):
        assert word in r.stdout
    assert "100%" not in r.stderr and "90% (" in r.stderr  # progress lines
    assert "SystemC" not in r.stdout + r.stderr  # no banner noise


def test_print_config_is_the_embedded_default(gicsim):
    r = gicsim("--print-config")
    cfg = json.loads(r.stdout)
    assert cfg["gic"]["version"] == 3
    assert cfg["gic"]["memory_map"]["gicd"] == "0x08000000"


def test_gicv2_config(gicsim, tmp_path):
    f = tmp_path / "v2.json"
    f.write_text('{"gic": {"version": 2, "cpus": 8}}')
    r = gicsim("--config", f)
    assert r.returncode == 0, r.stderr
    assert "GICv2, 8 CPUs" in r.stdout and "lost 0, duplicated 0" in r.stdout
    assert "guest-error" not in r.stderr


@pytest.mark.parametrize("text,key", [
    ('{"gic": {"cpus": 0}}', "gic.cpus"),
    ('{"gic": {"lrs": 17}}', "gic.lrs"),
    ('{"gic": {"version": "3"}}', "gic.version"),
    ('{"gic": {"wibble": 1}}', "gic.wibble"),
    ('{"hypervisor": {"vms": 0}}', "hypervisor.vms"),
])
def test_bad_config_names_the_key(gicsim, tmp_path, text, key):
    f = tmp_path / "bad.json"
    f.write_text(text)
    r = gicsim("--config", f)
    assert r.returncode == 2
    assert f"key '{key}'" in r.stderr
    assert str(f) in r.stderr


def test_config_syntax_error_names_file_and_line(gicsim, tmp_path):
    f = tmp_path / "bad.json"
    f.write_text('{\n "gic": {\n  "cpus": 4,,\n }\n}\n')
    r = gicsim("--config", f)
    assert r.returncode == 2
    assert re.search(re.escape(str(f)) + r":3: invalid JSON", r.stderr), r.stderr


MALFORMED = [
    ("mmio cpu0 rd32 GICD+0x0\nfrobnicate\n", 2, "unknown command"),
    ("mmio cpu0 rd32 GICD+0xQ\n", 1, "bad number"),
    ("sysreg cpu0 rd ICC_NOPE_EL1\n", 1, "unknown register name"),
    ("mmio cpu0 rd32 GICZ+0x0\n", 1, "unknown frame"),
    ("config cpus=2 bogus=1\n", 1, "unknown config key"),
    ("# comment\n\nline spi 20 high\n", 3, "out of range"),
]


@pytest.mark.parametrize("text,line,what", MALFORMED)
def test_malformed_script_exits_2_with_file_and_line(gicsim, tmp_path, text, line, what):
    f = tmp_path / "bad.gs"
    f.write_text(text)
    r = gicsim("--script", f)
    assert r.returncode == 2
    assert r.stderr.startswith(f"{f}:{line}: "), r.stderr
    assert what in r.stderr


def test_missing_script_file(gicsim, tmp_path):
    r = gicsim("--script", tmp_path / "none.gs")
    assert r.returncode == 2
    assert "cannot open" in r.stderr


def test_failed_expectation_exits_1_with_expected_and_got(gicsim, tmp_path):
    f = tmp_path / "fail.gs"
    f.write_text("config cpus=1\nmmio cpu0 rd32 GICD+0x8 == 0x43b\nmmio cpu0 rd32 GICD+0x0 == 0x1\n"
                 "mmio cpu0 rd32 GICD+0x4 == 0\n")
    r = gicsim("--script", f)
    assert r.returncode == 1
    assert f"{f}:3: expected 0x1, got 0x50" in r.stderr


def test_unexpected_tlm_error_fails(gicsim, tmp_path):
    f = tmp_path / "err.gs"
    f.write_text("mmio cpu0 rd32 GICD+0x2\n")
    r = gicsim("--script", f)
    assert r.returncode == 1
    assert "expected OK, got ERR (address error)" in r.stderr


def test_expected_error_that_does_not_happen_fails(gicsim, tmp_path):
    f = tmp_path / "err.gs"
    f.write_text("mmio cpu0 rd32 GICD+0x0 == ERR\n")
    r = gicsim("--script", f)
    assert r.returncode == 1
    assert "expected ERR, got OK" in r.stderr
