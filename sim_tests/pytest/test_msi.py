"""The main job with MSI devices of the host (issue 17): the host programs its
LPI and ITS tables, device queues write GITS_TRANSLATER, the LPIs exit the
guests and the host takes them; devices assigned to a VM are forwarded to
the VM's emulated ITS and taken by the guest as virtual LPIs; nothing is lost
or taken twice, and bad configurations are refused naming the key."""
import json

import pytest

LPI = {"lpi_bits": 16, "its": True}


def run(gicsim, tmp_path, devices, gic=None, run_ms=100, extra=None):
    cfg = {"gic": dict(LPI, **(gic or {})),
           "run": {"duration_ms": run_ms, "progress": False},
           "workload": {"msi_devices": devices}}
    for k, v in (extra or {}).items():
        cfg.setdefault(k, {}).update(v)
    f = tmp_path / "cfg.json"
    f.write_text(json.dumps(cfg))
    stats = tmp_path / "stats.json"
    r = gicsim("--config", f, "--stats", stats)
    return r, (json.loads(stats.read_text()) if stats.exists() else None)


def test_every_msi_is_taken_once(gicsim, tmp_path):
    devices = [{"name": "nvme", "device_id": 8, "queues": 4, "process": "poisson",
                "rate_hz": 20000},
               {"name": "nic", "device_id": 300, "queues": 8, "process": "periodic",
                "rate_hz": 5000}]
    r, s = run(gicsim, tmp_path, devices)
    assert r.returncode == 0, r.stderr
    lpis = {d["name"]: d for d in s["host_lpis"]}
    assert set(lpis) == {"nvme", "nic"}
    # Periodic: rate x queues x time (the first MSI one interval in).
    assert abs(lpis["nic"]["sent"] - 5000 * 8 * 0.1) <= 1
    assert abs(lpis["nvme"]["sent"] - 20000 * 4 * 0.1) < 400  # Poisson, 4.5 sigma
    taken = 0
    for d in lpis.values():
        assert d["lost"] == 0 and d["duplicated"] == 0
        assert d["sent"] == d["taken"] + d["coalesced"] + d["pending"]
        assert 0 < d["latency_cycles"]["p50"] <= d["latency_cycles"]["p99"] <= d["latency_cycles"]["max"]
        taken += d["taken"]
    # Each one is a host_lpi path on some CPU, and the guests still run.
    assert s["summary"]["paths"]["host_lpi"]["count"] == taken
    assert sum(c["paths"]["host_lpi"]["count"] for c in s["cpus"]) == taken
    assert s["summary"]["lost"] == 0 and s["summary"]["delivered"] > 1000
    assert "host LPIs   nvme" in r.stdout


def assert_spread(s):
    counts = [c["paths"]["host_lpi"]["count"] for c in s["cpus"]]
    d = s["host_lpis"][0]
    assert all(99 <= n <= 100 for n in counts), counts
    # The 400th MSI is due at exactly the end of the run, which it may miss.
    assert d["sent"] in (399, 400) and sum(counts) + d["pending"] == d["sent"], (counts, d)


def test_queues_are_spread_over_the_cpus(gicsim, tmp_path):
    r, s = run(gicsim, tmp_path, [{"name": "nic", "device_id": 1, "queues": 4,
                                   "rate_hz": 1000}])
    assert r.returncode == 0, r.stderr
    # Queue q on CPU q % 4: every CPU takes its queue's 100 MSIs.
    assert_spread(s)


def test_a_storm_coalesces_and_loses_nothing(gicsim, tmp_path):
    r, s = run(gicsim, tmp_path, [{"name": "storm", "device_id": 2, "queues": 2,
                                   "process": "poisson", "rate_hz": 2e6}], run_ms=5)
    assert r.returncode == 0, r.stderr
    d = s["host_lpis"][0]
    assert d["coalesced"] > 0, d  # MSIs faster than the host takes them merge
    assert d["lost"] == 0 and d["duplicated"] == 0
    assert d["sent"] == d["taken"] + d["coalesced"] + d["pending"]


def test_a_large_device_id_takes_64k_device_table_pages(gicsim, tmp_path):
    r, s = run(gicsim, tmp_path, [{"name": "far", "device_id": 2097151, "queues": 4,
                                   "rate_hz": 1000}], gic={"its_device_bits": 24})
    assert r.returncode == 0, r.stderr
    assert_spread(s)


def test_targets_as_addresses(gicsim, tmp_path):
    r, s = run(gicsim, tmp_path, [{"name": "nic", "device_id": 3, "queues": 4,
                                   "rate_hz": 1000}], gic={"its_pta": True})
    assert r.returncode == 0, r.stderr
    assert_spread(s)


def assert_guest_accounting(d):
    g = d["guest"]
    assert g["lost"] == 0 and g["duplicated"] == 0 and g["dropped"] == 0, g
    # Every MSI the host took went on to the guest, which took it, merged
    # it into one still pending, or holds it pending at the end.
    assert g["forwarded"] == d["taken"]
    assert g["forwarded"] == g["taken"] + g["coalesced"] + g["pending"], g
    assert 0 < g["latency_cycles"]["p50"] <= g["latency_cycles"]["p99"] <= g["latency_cycles"]["max"]
    # The guest's latency includes the host's.
    assert g["latency_cycles"]["p50"] > d["latency_cycles"]["p50"]


def test_assigned_devices_become_guest_lpis(gicsim, tmp_path):
    devices = [{"name": "nic", "device_id": 3, "queues": 4, "rate_hz": 20000, "vm": 0},
               {"name": "nvme", "device_id": 9, "queues": 3, "process": "poisson",
                "rate_hz": 10000, "vm": 1},
               {"name": "hostnic", "device_id": 5, "queues": 2, "rate_hz": 5000}]
    r, s = run(gicsim, tmp_path, devices, extra={"hypervisor": {"vms": 2, "vcpus_per_vm": 3}})
    assert r.returncode == 0, r.stderr
    lpis = {d["name"]: d for d in s["host_lpis"]}
    for name, vm in (("nic", 0), ("nvme", 1)):
        d = lpis[name]
        assert d["guest"]["vm"] == vm
        assert d["lost"] == 0 and d["duplicated"] == 0
        assert d["sent"] == d["taken"] + d["coalesced"] + d["pending"]
        assert d["guest"]["taken"] > 0.9 * d["sent"], d
        assert_guest_accounting(d)
    assert "guest" not in lpis["hostnic"]
    assert abs(lpis["nic"]["sent"] - 20000 * 4 * 0.1) <= 1
    # Guest LPIs are delivered virtual interrupts like any other.
    guest = sum(lpis[n]["guest"]["taken"] for n in ("nic", "nvme"))
    assert s["summary"]["delivered"] >= guest > 0
    assert "guest LPIs  nic        vm0:" in r.stdout
    sm = s["summary"]
    forwarded = sum(lpis[n]["guest"]["forwarded"] for n in ("nic", "nvme"))
    assert sm["guest_msis"] == forwarded and sm["guest_msis_dropped"] == 0
    # One miss per (device, event) mapping: 4 + 3 queues, the rest hits.
    assert sm["its_cache_misses"] == 7
    assert sm["its_cache_hits"] == forwarded - 7


def test_assigned_device_under_eoimode1_and_one_lr(gicsim, tmp_path):
    # EOImode 1: the guest's DIR of an LPI; one LR: underflow and EOI
    # maintenance carry the rest; more vCPUs than CPUs: vCPUs block and wake.
    r, s = run(gicsim, tmp_path, [{"name": "nic", "device_id": 3, "queues": 8,
                                   "process": "poisson", "rate_hz": 20000, "vm": 0}],
               gic={"lrs": 1}, extra={"cpu": {"eoi_mode": 1},
                                      "hypervisor": {"vms": 2, "vcpus_per_vm": 4}})
    assert r.returncode == 0, r.stderr
    d = s["host_lpis"][0]
    assert_guest_accounting(d)
    assert d["guest"]["taken"] > 1000


def test_an_msi_storm_into_a_guest_coalesces_and_loses_nothing(gicsim, tmp_path):
    r, s = run(gicsim, tmp_path, [{"name": "storm", "device_id": 2, "queues": 2,
                                   "process": "poisson", "rate_hz": 2e6, "vm": 0}], run_ms=5)
    assert r.returncode == 0, r.stderr
    d = s["host_lpis"][0]
    assert d["coalesced"] + d["guest"]["coalesced"] > 0, d
    assert_guest_accounting(d)


@pytest.mark.parametrize("devices,gic,extra,msg", [
    ([{"device_id": 1}], {"lpi_bits": 0, "its": False}, None,
     "MSI devices need GICv3 with gic.lpi_bits and gic.its"),
    ([{"device_id": 1}], {"version": 2, "lpi_bits": 0, "its": False}, None,
     "MSI devices need GICv3"),
    ([{"device_id": 70000}], None, None, "msi_devices[0].device_id': beyond gic.its_device_bits"),
    ([{"device_id": 1}, {"device_id": 1}], None, None, "also the DeviceID of msi_devices[0]"),
    ([{"device_id": 2097152}], {"its_device_bits": 32}, None,
     "beyond the host's flat device table (at most 2097151)"),
    ([{"device_id": 1, "queues": 1025}], None, None, "msi_devices[0].queues"),
    ([{"device_id": 1, "queues": 40}], {"its_event_bits": 5}, None,
     "more than gic.its_event_bits EventIDs"),
    ([{"device_id": 1, "rate_hz": 0}], None, None, "rate_hz"),
    ([{"device_id": 1, "rate_hz": 2e7}], None, None, "rate_hz"),
    ([{"device_id": 1, "process": "bursty"}], None, None, "process"),
    ([{"device_id": 1, "colour": 3}], None, None, "colour"),
    ([{"device_id": 1}], {"lpi_bits": 24}, {"iss": {"ram_mb": 16}},
     "the host's LPI and ITS tables do not fit the RAM"),
    ([{"device_id": 1}], {"its_pta": True, "memory_map": {"gicr": "0xFFFFFFFFF00000"}}, None,
     "collection targets as addresses need redistributors below 2^51"),
    ([{"device_id": 1, "vm": 1}], None, None,
     "msi_devices[0].vm': no such VM (hypervisor.vms is 1)"),
    ([{"device_id": 1, "vm": 64}], None, None, "msi_devices[0].vm"),
    ([{"device_id": 1, "vm": -1}], None, None, "msi_devices[0].vm"),
    ([{"device_id": d, "queues": 1024, "vm": 0} for d in range(57)], {"lpi_bits": 17}, None,
     "more queues assigned to vm0 than its LPIs (16 INTID bits)"),
])
def test_bad_msi_configurations(gicsim, tmp_path, devices, gic, extra, msg):
    r, _ = run(gicsim, tmp_path, devices, gic=gic, extra=extra)
    assert r.returncode == 2, r.stdout + r.stderr
    assert msg in r.stderr, r.stderr
