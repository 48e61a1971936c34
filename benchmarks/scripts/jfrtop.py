#!/usr/bin/env python3
"""Where CPU samples and allocated bytes go, from `jfr print --json` of jdk.ExecutionSample and
jdk.ObjectAllocationSample events: by thread (grouped: JMH worker, HttpClient selector/workers, OkHttp, stub,
other), then by "site" = the innermost frame whose class name starts with one of the given prefixes (else the top
frame), for the threads matching THREADS (a substring; "" for all).

usage: jfrtop.py FILE.json [THREADS] [N] [PREFIX ...]
  e.g. jfrtop.py /tmp/p.json jmh-worker 25 dev/devora/orchestration/openrouter com/fasterxml/jackson
"""
import json, sys, collections

def group(th):
    if "jmh-worker" in th: return "jmh worker (caller)"
    if "SelectorManager" in th: return "HttpClient selector"
    if th.startswith("HttpClient-"): return "HttpClient executor"
    if "OkHttp" in th: return "OkHttp"
    if th.startswith("HTTP-Dispatcher") or th.startswith("stub-"): return "stub server"
    if th.startswith("openrouter-deadline"): return "openrouter-deadline (watchdog)"
    return "other: " + th

f = sys.argv[1]
want = sys.argv[2] if len(sys.argv) > 2 else ""
n = int(sys.argv[3]) if len(sys.argv) > 3 else 20
prefixes = sys.argv[4:] or ["dev/devora/orchestration/"]
events = json.load(open(f))["recording"]["events"]
for kind in ("jdk.ExecutionSample", "jdk.ObjectAllocationSample"):
    threads = collections.Counter(); sites = collections.Counter(); total = 0; sel = 0
    for e in events:
        if e["type"] != kind: continue
        v = e["values"]
        th = (v.get("sampledThread") or v.get("eventThread") or {}).get("javaName") or "?"
        w = v.get("weight", 1) if kind == "jdk.ObjectAllocationSample" else 1
        total += w
        threads[group(th)] += w
        if want not in th: continue
        sel += w
        frames = (v.get("stackTrace") or {}).get("frames") or []
        site = None; top = None
        for fr in frames:
            m = fr["method"]; t = m["type"]["name"]
            name = t.split("/")[-1] + "." + m["name"]
            if top is None: top = name
            if any(t.startswith(p) for p in prefixes):
                site = name; break
        key = site or ("(top) " + (top or "?"))
        if kind == "jdk.ObjectAllocationSample":
            key += "  [" + (v.get("objectClass") or {}).get("name", "?").split("/")[-1] + "]"
        sites[key] += w
    if total == 0: continue
    print("== %s (%s)" % (kind, "bytes" if kind.endswith("AllocationSample") else "samples"))
    for k, w in threads.most_common():
        print("  %5.1f%%  %s" % (100.0 * w / total, k))
    print("  -- sites in threads matching %r (%% of those threads) --" % want)
    for k, w in sites.most_common(n):
        print("  %5.1f%%  %s" % (100.0 * w / max(sel, 1), k))
