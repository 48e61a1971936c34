#!/usr/bin/env python3
"""Prints mean, min and median per benchmark from JMH JSON results (-rf json), with B/op and the heap counters."""
import json, sys
for f in sys.argv[1:]:
    print("==", f)
    for b in json.load(open(f)):
        name = b["benchmark"].split(".")[-1]
        params = ",".join("%s=%s" % kv for kv in (b.get("params") or {}).items())
        pm = b["primaryMetric"]
        raw = [x for it in pm["rawData"] for x in it]
        line = "%-14s %-22s mean %9.3f  min %9.3f  median %9.3f %s" % (name, params, pm["score"], min(raw), sorted(raw)[len(raw)//2], pm["scoreUnit"])
        sm = b.get("secondaryMetrics", {})
        if "gc.alloc.rate.norm" in sm: line += "  alloc %8.0f B/op" % sm["gc.alloc.rate.norm"]["score"]
        if "gc.time" in sm: line += "  gc.time %s ms gc.count %s" % (sm["gc.time"]["score"], sm["gc.count"]["score"])
        for k in ("peakHeapMiB", "peakAfterGcMiB", "gcCount"):
            if k in sm:
                vals = [x for it in sm[k]["rawData"] for x in it]
                line += "  %s mean %.0f max %.0f" % (k, sum(vals)/len(vals), max(vals))
        print(line)
