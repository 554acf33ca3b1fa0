#!/usr/bin/env python3
"""Prints the ratios the issues set as targets, from Google Benchmark JSON."""
import json
import sys

TARGETS = [
    ("BM_MmioRead", "BM_EmptyTransport", 4.0),
    ("BM_MmioWrite", "BM_EmptyTransport", 4.0),
    ("BM_PhysRoundTrip/64/988", "BM_PhysRoundTrip/1/32", 1.5),
    ("BM_VirtRoundTrip/4", "BM_PhysRoundTrip/1/32", 2.0),
    ("BM_VirtRoundTrip/16", "BM_VirtRoundTrip/4", 1.3),
    ("BM_WorldSwitch/4/256", "BM_WorldSwitch/4/1", 20.0),
    ("BM_WorldSwitch/16/256", "BM_WorldSwitch/16/1", 20.0),
    # LPIs (issue 17): the MSI round trip with 64 K mapped LPIs.
    ("BM_LpiRoundTrip/65536", "BM_LpiRoundTrip/8192", 1.5),
    ("BM_LpiRoundTrip/65536", "BM_PhysRoundTrip/1/32", 2.0),
    ("BM_ItsCommand", "BM_PhysRoundTrip/1/32", None),
    # Guest LPIs: a translation-cache miss (the guest's tables walked) against a hit.
    ("BM_GuestLpiRoundTrip/0", "BM_GuestLpiRoundTrip/1", None),
    ("BM_GuestLpiRoundTrip/1", "BM_VirtRoundTrip/4", None),
    # Reported, no target: the round trip through sc_signal wires and the
    # SystemC scheduler beside the function-call one.
    ("BM_SignalRoundTrip", "BM_PhysRoundTrip/1/32", None),
]


def load(path):
    """The benchmark JSON at path; exit status 2 with a message naming the file
    when it cannot be read or is not Google Benchmark output."""
    try:
        with open(path) as f:
            doc = json.load(f)
        if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"), list):
            raise ValueError("no \"benchmarks\" list")
        return doc
    except (OSError, ValueError) as e:
        print(f"bench_ratios: {path}: {e}", file=sys.stderr)
        sys.exit(2)


def times(doc):
    """Median (or single-run) real time per benchmark name."""
    out = {}
    for b in doc["benchmarks"]:
        name = b.get("run_name", b["name"])
        agg = b.get("aggregate_name")
        if agg in (None, "median"):
            if agg == "median" or name not in out:
                out[name] = b["real_time"]
    return out


# Counters with a floor: (benchmark, counter, minimum).
COUNTER_TARGETS = [
    ("MainJob/profile_nvhe_vhe_type1:0", "delivered_M_per_host_s", 1.0),
    ("KernelWait", "ns_per_wait", None),
    ("MainJob/profile_nvhe_vhe_type1:0", "kernel_waits_per_delivered", None),
    ("MainJob/profile_nvhe_vhe_type1:1", "delivered_M_per_host_s", None),
    ("MainJob/profile_nvhe_vhe_type1:2", "delivered_M_per_host_s", None),
    ("MainJobQuantum/1000", "delivered_M_per_host_s", None),
    ("MainJobQuantum/100000", "delivered_M_per_host_s", None),
]


def counters(path):
    doc = load(path)
    ok = True
    for b in doc["benchmarks"]:
        name = b.get("run_name", b["name"]).split("/iterations")[0].split("/manual_time")[0]
        for bench, counter, floor in COUNTER_TARGETS:
            if name != bench or counter not in b:
                continue
            v = b[counter]
            if floor is None:
                print(f"{name:40s} {counter} = {v:8.3f}  (reported)")
                continue
            flag = "ok" if v >= floor else "UNDER TARGET"
            ok &= v >= floor
            print(f"{name:40s} {counter} = {v:8.3f}  (target >= {floor}) {flag}")
    return 0 if ok else 1


# Counters with a ceiling in the main benchmark file: (benchmark, counter, maximum).
CEILINGS = [("BM_LpiMemory", "model_MiB", 64.0)]


def main(path):
    doc = load(path)
    t = times(doc)
    ok = True
    for b in doc["benchmarks"]:
        name = b.get("run_name", b["name"]).split("/iterations")[0]
        for bench, counter, ceiling in CEILINGS:
            if name == bench and counter in b and b.get("aggregate_name") in (None, "median"):
                flag = "ok" if b[counter] <= ceiling else "OVER TARGET"
                ok &= b[counter] <= ceiling
                print(f"{bench:28s} {counter} = {b[counter]:8.2f}  (target <= {ceiling}) {flag}")
    for num, den, limit in TARGETS:
        if num not in t or den not in t:
            continue
        r = t[num] / t[den]
        if limit is None:
            print(f"{num:28s} / {den:26s} = {r:6.2f}  (reported, {t[num]:.0f} vs {t[den]:.0f} ns)")
            continue
        flag = "ok" if r <= limit else "OVER TARGET"
        ok &= r <= limit
        print(f"{num:28s} / {den:26s} = {r:6.2f}  (target <= {limit}) {flag}")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--counters":
        sys.exit(counters(sys.argv[2]))
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/bench.json"))
