#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the guest's raw benchmark records (one JSON object per run, from
test/bench/guest.sh) into the table make bench prints and its JSON twin.

Each cell is the median of the repetitions, with the spread (half the
range, in percent of the median) so that noise is visible.  Ratios are
this module's median over plain forwarding's and over Jool's.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

IMPLS = ["plain", "nat44", "jool", "nat64"]
NOTE = ("Measured under qemu TCG emulation on a shared host: the absolute "
        "numbers say little, only the ratios between columns of one run "
        "mean anything.")


def label(test):
    if test.startswith(("udp64-", "udp46-")):
        rest = test[6:]
        loaded = rest.endswith("-loaded")
        n = int(rest.split("-")[0])
        d = "6>4" if test.startswith("udp64") else "4>6"
        s = "UDP %s, %s flow%s" % (d, f"{n:,}", "" if n == 1 else "s")
        return s + (" among all mem sessions" if loaded else "")
    return {"tcp": "TCP bulk (iperf3)",
            "newflow": "new-session rate",
            "mem": "kernel memory per session"}.get(test, test)


def order(test):
    kinds = ["udp64-", "udp46-", "tcp", "newflow", "mem"]
    for i, k in enumerate(kinds):
        if test.startswith(k):
            if test.endswith("-loaded"):
                return (len(kinds), 0)
            num = test[len(k):].split("-")[0]
            return (i, int(num) if num.isdigit() else 0)
    return (99, 0)


def human(v, unit):
    if unit == "B/session":
        return "%.0f" % v
    for div, suf in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if v >= div:
            return "%.3g%s" % (v / div, suf)
    return "%.3g" % v


def cell(c):
    if c is None:
        return "-"
    if c["median"] is None:
        return "fail"
    s = human(c["median"], c["unit"])
    if len(c["runs"]) > 1 and c["median"]:
        s += "±%.0f%%" % (50.0 * (max(c["runs"]) - min(c["runs"])) / c["median"])
    return s


def ratio(a, b):
    if not a or not b or a["median"] is None or not b["median"]:
        return None
    return a["median"] / b["median"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("raw")
    ap.add_argument("--json")
    ap.add_argument("--env")
    args = ap.parse_args()

    meta, rows, missing = {}, {}, {}
    with open(args.raw) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            if r["test"] == "meta":
                meta = r
                continue
            if r["test"] == "all":
                missing[r["impl"]] = r.get("error", "")
                continue
            c = rows.setdefault(r["test"], {}).setdefault(
                r["impl"], {"runs": [], "errors": [], "unit": None, "raw": []})
            c["raw"].append(r)
            if "error" in r:
                c["errors"].append("#%d: %s" % (r["rep"], r["error"]))
            elif "value" in r:
                c["runs"].append(r["value"])
                c["unit"] = r["unit"]
    for t in rows.values():
        for c in t.values():
            c["median"] = statistics.median(c["runs"]) if c["runs"] else None
            c["unit"] = c["unit"] or ""

    params = {}
    if args.env and os.path.exists(args.env):
        with open(args.env) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                params[k] = v.strip("'\"")
    out = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "host": {"cpu": cpu_model(), "cpus": os.cpu_count(),
                 "kernel": platform.release(),
                 "load": os.getloadavg()[0]},
        "guest": meta, "emulated": True, "note": NOTE, "params": params,
        "missing": missing, "rows": [],
    }

    hdr = ["test", "unit"] + IMPLS + ["nat64/plain", "nat64/jool", "jool/plain"]
    table = [hdr]
    notes = []
    for test in sorted(rows, key=order):
        t = rows[test]
        unit = next((c["unit"] for c in t.values() if c["unit"]), "")
        nat64, plain, jool = t.get("nat64"), t.get("plain"), t.get("jool")
        rp = None if test == "mem" else ratio(nat64, plain)
        rj = ratio(nat64, jool)
        jp = None if test == "mem" else ratio(jool, plain)
        table.append([label(test), unit] + [cell(t.get(i)) for i in IMPLS] +
                     ["-" if x is None else "%.2f" % x for x in (rp, rj, jp)])
        for i in IMPLS:
            for e in (t.get(i) or {}).get("errors", []):
                notes.append("%s, %s %s" % (label(test), i, e))
        out["rows"].append({
            "test": test, "label": label(test), "unit": unit,
            "impls": {i: {k: t[i][k] for k in ("median", "runs", "errors")} |
                      extra(t[i]) for i in t},
            "ratio_plain": rp, "ratio_jool": rj, "jool_ratio_plain": jp})

    widths = [max(len(r[i]) for r in table) for i in range(len(hdr))]
    print(NOTE)
    print("Median of %s run(s) each; ±: half the range between runs." %
          params.get("BENCH_REPEAT", "3"))
    print()
    for r in table:
        print("  ".join(v.ljust(widths[i]) if i == 0 else v.rjust(widths[i])
                        for i, v in enumerate(r)))
    for i, why in missing.items():
        print("%s: not measured: %s" % (i, why))
    for n in notes:
        print("failed: " + n)
    loaded = rows.get("udp64-1000-loaded", {})
    base = rows.get("udp64-1000", {})
    for i in IMPLS:
        r = ratio(loaded.get(i), base.get(i))
        if r is not None:
            print("%s: 1,000-flow rate among all mem sessions is %.2f of "
                  "its rate with 1,000 sessions" % (i, r))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
            f.write("\n")
    return 0


def extra(c):
    """Per-run details worth keeping: deliveries, memory breakdown."""
    keep = ("delivered", "sent", "seconds", "sessions", "slab_delta",
            "vmalloc_delta", "caches")
    return {"details": [{k: r[k] for k in keep if k in r} for r in c["raw"]]}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    sys.exit(main())
