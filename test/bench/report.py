#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the guest's raw benchmark records (one JSON object per run, from
test/bench/guest.sh) into the table make bench prints and its JSON twin.

Each cell is the median of the repetitions, with the spread (half the
range, in percent of the median) so that noise is visible.  Ratios are
this module's median over plain forwarding's and over Jool's, and over
BENCH_BASE's build of it when the run measured one (nat64base).
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

IMPLS = ["plain", "nat44", "jool", "nat64"]
# BENCH_BASE's build of this module, in the same boot (test/bench/run).
BASE = "nat64base"
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
            "newflow_steady": "new-session rate, steady state",
            "newflow_events": "new-session rate, event listener attached",
            "newflow_log": "new-session rate, mapping log attached",
            "newflow2": "new-session rate, 2 CPUs",
            "mem": "kernel memory per session"}.get(test, test)


def order(test):
    kinds = ["udp64-", "udp46-", "tcp", "newflow", "newflow_steady",
             "newflow_events", "newflow_log", "newflow2", "mem"]
    for i, k in enumerate(kinds):
        if test == k or (k.endswith("-") and test.startswith(k)):
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


def paired(c):
    """Per repetition, the cell's rate over the plain-forwarding rate
    measured right after it on the same topology."""
    if not c:
        return {}
    return {k: v / c["baselines"][k] for k, v in c["byrep"].items()
            if c["baselines"].get(k)}


def ratio_plain(c, plain):
    """Paired when the run has baselines, else the ratio of medians."""
    p = paired(c)
    return statistics.median(p.values()) if p else ratio(c, plain)


def ratio_other(a, b):
    """a over b, each normalised by its own paired baseline if both have
    them (the same repetition), else the ratio of medians."""
    pa, pb = paired(a), paired(b)
    both = [pa[k] / pb[k] for k in pa if k in pb and pb[k]]
    return statistics.median(both) if both else ratio(a, b)


def loaded_ratio(loaded, unloaded):
    """The 1,000-flow rate among all mem sessions over the rate with
    1,000 sessions.  The two are measured many minutes apart, so each is
    taken relative to its paired plain forwarding when both have pairs."""
    if not loaded or not unloaded:
        return None
    pl, pu = paired(loaded), paired(unloaded)
    if pl and pu:
        return statistics.median(pl.values()) / statistics.median(pu.values())
    return ratio(loaded, unloaded)


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
                r["impl"], {"runs": [], "errors": [], "unit": None, "raw": [],
                            "byrep": {}, "baselines": {}})
            c["raw"].append(r)
            if "baseline" in r:
                c["baselines"][r["rep"]] = r["baseline"]
            elif "error" in r:
                c["errors"].append("#%d: %s" % (r["rep"], r["error"]))
            elif "value" in r:
                c["runs"].append(r["value"])
                c["byrep"][r["rep"]] = r["value"]
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

    impls = IMPLS + ([BASE] if any(BASE in t for t in rows.values()) or
                     BASE in missing else [])
    hdr = ["test", "unit"] + impls + ["nat64/plain", "nat64/jool", "jool/plain"]
    if BASE in impls:
        hdr.append("nat64/base")
    table = [hdr]
    notes = []
    for test in sorted(rows, key=order):
        t = rows[test]
        unit = next((c["unit"] for c in t.values() if c["unit"]), "")
        nat64, plain, jool = t.get("nat64"), t.get("plain"), t.get("jool")
        rp = None if test == "mem" or not nat64 else ratio_plain(nat64, plain)
        rj = ratio_other(nat64, jool) if nat64 and jool else None
        jp = None if test == "mem" or not jool else ratio_plain(jool, plain)
        rs = [rp, rj, jp]
        rb = None
        if BASE in impls:
            base = t.get(BASE)
            rb = ratio_other(nat64, base) if nat64 and base else None
            rs.append(rb)
        table.append([label(test), unit] + [cell(t.get(i)) for i in impls] +
                     ["-" if x is None else "%.2f" % x for x in rs])
        for i in impls:
            for e in (t.get(i) or {}).get("errors", []):
                notes.append("%s, %s %s" % (label(test), i, e))
        out["rows"].append({
            "test": test, "label": label(test), "unit": unit,
            "impls": {i: {k: t[i][k] for k in ("median", "runs", "errors",
                                               "baselines")} |
                      extra(t[i]) for i in t},
            "ratio_plain": rp, "ratio_jool": rj, "jool_ratio_plain": jp,
            "ratio_base": rb})

    widths = [max(len(r[i]) for r in table) for i in range(len(hdr))]
    print(NOTE)
    # The repetitions the records hold (a run cut short has fewer than
    # BENCH_REPEAT asked for).
    reps = max((r["rep"] for t in rows.values() for c in t.values()
                for r in c["raw"]), default=0)
    print("Median of %d run(s) each; ±: half the range between runs." % reps)
    if any(c.get("baselines") for t in rows.values() for c in t.values()):
        print("Ratios: each UDP run is paired with plain forwarding measured "
              "right after it on the same topology; the median of the "
              "per-run ratios.")
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
    for i in impls:
        r = loaded_ratio(loaded.get(i), base.get(i))
        if r is not None:
            print("%s: 1,000-flow rate among all mem sessions is %.2f of "
                  "its rate with 1,000 sessions" % (i, r))
    for i, c in rows.get("mem", {}).items():
        for r in c["raw"]:
            if r.get("caches"):
                print("%s memory: %d sessions; slab caches grown most: %s" % (
                    i, r.get("sessions", 0), ", ".join(
                        "%s %.0f B/session" % (k, v / max(r.get("sessions", 1), 1))
                        for k, v in r["caches"].items()
                        if v >= r.get("sessions", 1))))
    for i in impls:
        r = ratio(rows.get("newflow2", {}).get(i), rows.get("newflow", {}).get(i))
        if r is not None:
            print("%s: two CPUs make new sessions %.2f times as fast as one" % (i, r))
    for i in impls:
        e = rows.get("udp64-1000", {}).get(i)
        for t, how in (("newflow", "from empty tables"),
                       ("newflow_steady", "in steady state")):
            r = ratio_other(rows.get(t, {}).get(i), e) if e else None
            if r is not None:
                print("%s: new sessions %s at %.2f of its rate for 1,000 "
                      "existing flows" % (i, how, r))
    for n in losses(rows):
        print("lossy: " + n)
    out["targets"] = targets(rows)
    if out["targets"]:
        print()
        print("Targets (this module; issues 4 and 14):")
        for t in out["targets"]:
            print("  %-4s %s: %s" % ({True: "met", False: "MISS", None: "n/a"}[t["met"]],
                                    t["target"], t["measured"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
            f.write("\n")
    return 0


def losses(rows):
    """Cells where the far end got noticeably fewer packets than pktgen
    sent: the forwarder dropped some (pool exhausted, no state...)."""
    out = []
    for test in sorted(rows, key=order):
        for i, c in rows[test].items():
            for r in c["raw"]:
                if "error" not in r and r.get("sent") and \
                        r.get("delivered", 0) < 0.95 * r["sent"]:
                    out.append("%s, %s #%d: %d of %d packets sent arrived" %
                               (label(test), i, r["rep"], r["delivered"], r["sent"]))
    return out


def targets(rows):
    """The bounds issue 4 sets, checked against this run's medians."""
    def med(test, impl):
        c = rows.get(test, {}).get(impl)
        return c["median"] if c else None

    def bound(name, value, ok, shown):
        if value is None:
            return {"target": name, "met": None, "measured": "not measured"}
        return {"target": name, "met": ok(value), "measured": shown % value}

    out = []
    flows = sorted({int(t[6:]) for t in rows
                    if t[:6] in ("udp64-", "udp46-") and t[6:].isdigit()})
    for d in ("64", "46"):
        for n in flows[:1] + flows[-1:] if flows else []:
            t = "udp%s-%d" % (d, n)
            a, p, j = (rows.get(t, {}).get(i) for i in ("nat64", "plain", "jool"))
            out.append(bound("%s >= 0.90 x plain" % label(t),
                             ratio_plain(a, p) if a else None,
                             lambda v: v >= 0.90, "%.2f"))
            out.append(bound("%s >= 1.3 x Jool" % label(t),
                             ratio_other(a, j) if a and j else None,
                             lambda v: v >= 1.3, "%.2f"))
            if len(flows) == 1:
                break
    a, j = rows.get("newflow", {}).get("nat64"), rows.get("newflow", {}).get("jool")
    out.append(bound("new-session rate >= 2 x Jool",
                     ratio_other(a, j) if a and j else None,
                     lambda v: v >= 2, "%.2f"))
    out.append(bound("new-session rate, 2 CPUs >= 1.7 x 1 CPU",
                     ratio(rows.get("newflow2", {}).get("nat64"), a),
                     lambda v: v >= 1.7, "%.2f"))
    e = rows.get("udp64-1000", {}).get("nat64")
    out.append(bound("new-session rate >= 0.8 x its rate for 1,000 existing flows",
                     ratio_other(a, e) if a and e else None,
                     lambda v: v >= 0.8, "%.2f"))
    out.append(bound("memory <= 160 B per session", med("mem", "nat64"),
                     lambda v: v <= 160, "%.0f B"))
    out.append(bound("memory <= 128 B per session", med("mem", "nat64"),
                     lambda v: v <= 128, "%.0f B"))
    out.append(bound("1,000-flow rate among the mem sessions within 10%",
                     loaded_ratio(rows.get("udp64-1000-loaded", {}).get("nat64"),
                                  rows.get("udp64-1000", {}).get("nat64")),
                     lambda v: v >= 0.90, "%.2f of the unloaded rate"))
    return out


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
