#!/usr/bin/env python3
"""Aggregates jdk.ObjectAllocationSample events (jfr print --json) by allocation site.

Site = the innermost frame in dev.devora.orchestration (outside .benchmarks), plus the allocated class.
Weights are JFR's sampled byte estimates; percentages are of all sampled bytes in the JMH worker and engine threads.
"""
import json, sys, collections
data = json.load(open(sys.argv[1]))
events = data["recording"]["events"]
by_site = collections.Counter(); by_class = collections.Counter(); by_method = collections.Counter()
total = 0
for e in events:
    v = e["values"]
    th = (v.get("eventThread") or {}).get("javaName") or ""
    if "worker" not in th and "ForkJoinPool" not in th and "virtual" not in th.lower() and th != "" and "devora" not in th:
        continue
    w = v.get("weight", 0)
    cls = (v.get("objectClass") or {}).get("name", "?")
    frames = (v.get("stackTrace") or {}).get("frames") or []
    site = None; top = None
    for f in frames:
        m = f["method"]; t = m["type"]["name"]
        name = t.split("/")[-1].split(".")[-1] + "." + m["name"]
        if top is None: top = name
        if t.startswith("dev/devora/orchestration/") and "/benchmarks/" not in t:
            site = "%s:%s" % (name, f.get("lineNumber")); break
    if site is None: site = "(no engine frame) " + (top or "?")
    total += w
    by_site[(site, cls.split("/")[-1])] += w
    by_method[site.split(":")[0]] += w
    by_class[cls.split("/")[-1]] += w
print("sampled bytes: %d" % total)
print("\n-- by engine method (innermost dev.devora frame) --")
for k, w in by_method.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 15):
    print("%5.1f%%  %s" % (100.0 * w / total, k))
print("\n-- by site and class --")
for (s, c), w in by_site.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 25):
    print("%5.1f%%  %-60s %s" % (100.0 * w / total, s, c))
print("\n-- by class --")
for c, w in by_class.most_common(12):
    print("%5.1f%%  %s" % (100.0 * w / total, c))

GROUPS = [
    ("request building (LlmAgent + EngineCallContext tagging)", ("LlmRequest", "LlmMessage", "LlmAgent.", "ModelOptions")),
    ("template rendering", ("Template.", "LeafExecutor.render", "FrameState.")),
    ("accounting (Usage.plus, PathStats, LlmCallRecord)", ("Usage.", "Accounting.stats", "Accounting.call", "Accounting$", "EngineCallContext.complete", "Accounting.executed")),
    ("result building (metrics, ordered outputs, sorted, deliverables)", ("Accounting.metrics", "RunState.ordered", "RunExecution.sorted", "assembleDeliverables", "StepOutput.toJson", "RunExecution.buildResult", "WorkflowResult")),
    ("run setup (input to JSON, validation, id, run objects)", ("InputSpec", "WorkflowEngine.", "InputValidator", "RunExecution.<init>", "EventBus", "ProgressTracker.<init>", "RunState.<init>", "Accounting.<init>", "PauseGate", "RunExecution.execute")),
    ("parallel step (branches, scopes, frames, merged JSON)", ("ParallelRunner", "Scope.", "Frame.withScope", "Json.write", "StepOutput.json", "StepOutput.<init>")),
    ("route (prompt, answer matching)", ("StepInterpreter.match", "StepInterpreter.route", "StepInterpreter.abbreviate", "StepInterpreter.chosen")),
    ("loop (frames, condition state)", ("Frame.inLoop", "StepInterpreter.loop")),
    ("step bookkeeping (outputs, agent step, events)", ("RunState.put", "LeafExecutor.agent", "StepInterpreter.", "WorkflowEvent", "LeafExecutor.")),
]
groups = collections.Counter()
for m, w in by_method.items():
    for g, keys in GROUPS:
        if any(m.startswith(k) or k in m for k in keys):
            groups[g] += w; break
    else:
        groups["other: " + m] += w
print("\n-- by engine area --")
for g, w in groups.most_common(14):
    print("%5.1f%%  %s" % (100.0 * w / total, g))
