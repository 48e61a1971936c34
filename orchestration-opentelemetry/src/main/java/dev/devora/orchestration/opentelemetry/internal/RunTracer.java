package dev.devora.orchestration.opentelemetry.internal;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.llm.Usage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine listener behind {@code DevoraTelemetry.listener()}: turns a run's events into spans and metrics. A run
 * pass ({@code RunStarted} or {@code RunResumed} to {@code RunCompleted}) is one span; each step execution is a span
 * under the innermost open step whose path contains it, else under the run; a tool call is a span under its step. The
 * spans take the events' times. Open spans are kept by run and path until they end; a pass that ends waiting ends its
 * open steps' spans with it, and the next pass links to it.
 *
 * <pre>{@code
 * WorkflowEngine engine = WorkflowEngine.builder().listener(new RunTracer(tracer, instruments)).build();
 * }</pre>
 */
public final class RunTracer implements WorkflowListener {
    private final Tracer tracer;
    private final Instruments metrics;
    private final Map<String, RunTrace> runs = new ConcurrentHashMap<>();
    /** The last pass's span of each run seen lately, for the next pass's link. */
    private final Map<String, SpanContext> lastPass = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
                    return size() > 10_000;
                }
            });

    /** A run pass being traced. */
    static final class RunTrace {
        final Span span;
        final String workflowId;
        final Map<String, Span> steps = new ConcurrentHashMap<>();
        final Map<String, Span> tools = new ConcurrentHashMap<>();

        /** The squads of the open agent steps that have one, by path: the calls' and steps' metrics name them. */
        final Map<String, String> squads = new ConcurrentHashMap<>();
        /** The step metrics' attributes of this run by step kind and squad: a run has a handful of each. */
        private final Map<String, Attributes> kinds = new ConcurrentHashMap<>();

        RunTrace(Span span, String workflowId) {
            this.span = span;
            this.workflowId = workflowId;
        }

        Attributes ofKind(String kind, String squad) {
            String key = squad == null ? kind : kind + '\u0000' + squad;
            Attributes a = kinds.get(key);
            if (a == null) {
                a = Instruments.of(GenAi.WORKFLOW, workflowId, GenAi.STEP_KIND, kind);
                if (squad != null) a = a.toBuilder().put(GenAi.SQUAD, squad).build();
                kinds.put(key, a);
            }
            return a;
        }
    }

    /**
     * A tracer of runs.
     *
     * @param tracer  the OpenTelemetry tracer
     * @param metrics the instruments
     */
    public RunTracer(Tracer tracer, Instruments metrics) {
        this.tracer = tracer;
        this.metrics = metrics;
    }

    @Override
    public void onEvent(WorkflowEvent event) {
        if (event instanceof WorkflowEvent.StepStarted e) stepStarted(e);
        else if (event instanceof WorkflowEvent.StepCompleted e) stepCompleted(e);
        else if (event instanceof WorkflowEvent.StepFailed e) stepFailed(e);
        else if (event instanceof WorkflowEvent.ToolCallStarted e) toolStarted(e);
        else if (event instanceof WorkflowEvent.ToolCallCompleted e) toolCompleted(e);
        else if (event instanceof WorkflowEvent.GateEvaluated e) gateEvaluated(e);
        else if (event instanceof WorkflowEvent.StepRetried e) stepRetried(e);
        else if (event instanceof WorkflowEvent.RunStarted e) passStarted(e.runId(), e.workflowId(), e.at(), false);
        else if (event instanceof WorkflowEvent.RunResumed e) passStarted(e.runId(), e.workflowId(), e.at(), true);
        else if (event instanceof WorkflowEvent.RunCompleted e) passEnded(e);
        else stepEvent(event);
    }

    /** An event of a step that becomes an event on its span (the run's when the step has none open). */
    private void stepEvent(WorkflowEvent event) {
        Span span;
        if (event instanceof WorkflowEvent.LoopIteration e) {
            if ((span = recording(e.runId(), e.path())) != null) {
                span.addEvent(GenAi.LOOP_EVENT, Attributes.of(GenAi.LOOP_ITERATION, (long) e.iteration()), e.at());
            }
        } else if (event instanceof WorkflowEvent.BranchChosen e) {
            if ((span = recording(e.runId(), e.path())) != null) {
                span.addEvent(GenAi.BRANCH_EVENT, Attributes.of(GenAi.BRANCH, String.valueOf(e.branch()),
                        GenAi.REASON, String.valueOf(e.reason())), e.at());
            }
        } else if (event instanceof WorkflowEvent.StepSkipped e) {
            if ((span = recording(e.runId(), e.path())) != null) {
                span.addEvent(GenAi.SKIPPED_EVENT, Attributes.of(GenAi.REASON, String.valueOf(e.reason())), e.at());
            }
        } else if (event instanceof WorkflowEvent.WaitStarted e) {
            if ((span = recording(e.runId(), e.path())) != null) {
                span.addEvent(GenAi.WAIT_EVENT, Attributes.of(GenAi.REQUEST_ID, e.requestId(), GenAi.WAIT_KIND,
                        e.kind()), e.at());
            }
        } else if (event instanceof WorkflowEvent.WaitTimedOut e) {
            if ((span = recording(e.runId(), e.path())) != null) {
                span.addEvent(GenAi.WAIT_TIMEOUT_EVENT, Attributes.of(GenAi.REQUEST_ID, e.requestId()), e.at());
            }
        } else if (event instanceof WorkflowEvent.SlaBreached e) {
            if ((span = recording(e.runId(), e.path())) != null) span.addEvent(GenAi.SLA_EVENT, e.at());
        } else if (event instanceof WorkflowEvent.RemoteAgentDecision e) {
            if ((span = recording(e.runId(), e.path())) != null) {
                span.addEvent(GenAi.REMOTE_DECISION_EVENT, Attributes.of(GenAi.AGENT_NAME, e.agentId(),
                        GenAi.REASON, String.valueOf(e.decision())), e.at());
            }
        }
    }

    /** The recording span of a step (the run's when the step has none open); null when nothing records it. */
    private Span recording(String runId, String path) {
        RunTrace trace = runs.get(runId);
        if (trace == null) return null;
        Span span = trace.steps.get(path);
        if (span == null) span = trace.span;
        return span.isRecording() ? span : null;
    }

    private void passStarted(String runId, String workflowId, Instant at, boolean resumed) {
        SpanBuilder b = tracer.spanBuilder(GenAi.INVOKE_WORKFLOW + " " + workflowId).setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.current()).setStartTimestamp(at)
                .setAttribute(GenAi.OPERATION, GenAi.INVOKE_WORKFLOW).setAttribute(GenAi.WORKFLOW_NAME, workflowId)
                .setAttribute(GenAi.RUN_ID, runId);
        SpanContext earlier = resumed ? lastPass.get(runId) : null;
        if (earlier != null) b.addLink(earlier);
        RunTrace trace = new RunTrace(b.startSpan(), workflowId);
        RunTrace before = runs.put(runId, trace);
        if (before != null) endPass(before, at); // a pass whose end was not seen
    }

    private void passEnded(WorkflowEvent.RunCompleted e) {
        RunTrace trace = runs.remove(e.runId());
        metrics.runs.add(1, Instruments.of(GenAi.WORKFLOW, e.workflowId(), GenAi.RUN_STATUS, e.status().name()));
        if (trace == null) return;
        Span span = trace.span;
        span.setAttribute(GenAi.RUN_STATUS, e.status().name());
        Usage u = e.usage();
        if (u != null) {
            span.setAttribute(GenAi.INPUT_TOKENS, u.promptTokens()).setAttribute(GenAi.OUTPUT_TOKENS, u.completionTokens());
            if (u.costOrEstimateUsd() != null) span.setAttribute(GenAi.COST_USD, u.costOrEstimateUsd().doubleValue());
        }
        if (e.status() == RunStatus.FAILED) span.setStatus(StatusCode.ERROR, "the run failed");
        lastPass.put(e.runId(), span.getSpanContext());
        endPass(trace, e.at());
    }

    private static void endPass(RunTrace trace, Instant at) {
        for (Span open : trace.tools.values()) open.end(at);
        for (Span open : trace.steps.values()) open.end(at); // waiting, or stopped by the pass's end
        trace.span.end(at);
    }

    private void stepStarted(WorkflowEvent.StepStarted e) {
        RunTrace trace = runs.get(e.runId());
        if (trace == null) return;
        if (e.squad() != null) trace.squads.put(e.path(), e.squad());
        boolean agent = "agent".equals(e.kind());
        Span parent = parentOf(trace, e.path());
        Span span = parent.isRecording() ? tracer.spanBuilder((agent ? GenAi.INVOKE_AGENT : "step") + " " + e.path())
                .setParent(Context.root().with(parent)).setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(e.at())
                .setAttribute(GenAi.STEP_PATH, e.path()).setAttribute(GenAi.STEP_KIND, e.kind())
                .setAttribute(GenAi.STEP_ATTEMPT, 1L).setAttribute(GenAi.WORKFLOW_NAME, trace.workflowId)
                .startSpan() : parent; // nothing records the run: its steps are not made
        if (span == parent) return;
        if (agent) span.setAttribute(GenAi.OPERATION, GenAi.INVOKE_AGENT);
        if (e.agent() != null) span.setAttribute(GenAi.AGENT_NAME, e.agent());
        if (e.squad() != null) span.setAttribute(GenAi.SQUAD, e.squad());
        Span before = trace.steps.put(e.path(), span);
        if (before != null) before.end(e.at()); // a step execution whose end was not seen
    }

    /** The innermost open step whose path contains {@code path}; else the run's span. */
    private static Span parentOf(RunTrace trace, String path) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            Span open = trace.steps.get(path.substring(0, slash));
            if (open != null) return open;
        }
        return trace.span;
    }

    private void stepCompleted(WorkflowEvent.StepCompleted e) {
        RunTrace trace = runs.get(e.runId());
        metrics.stepDuration.record(e.duration().toNanos() / 1e9, trace == null
                ? Instruments.of(GenAi.WORKFLOW, null, GenAi.STEP_KIND, e.kind())
                : trace.ofKind(e.kind(), trace.squads.isEmpty() ? null : trace.squads.remove(e.path())));
        Span span = trace == null ? null : trace.steps.remove(e.path());
        if (span != null) span.end(e.at());
    }

    private void stepFailed(WorkflowEvent.StepFailed e) {
        RunTrace trace = runs.get(e.runId());
        if (trace != null && !trace.squads.isEmpty()) trace.squads.remove(e.path());
        Span span = trace == null ? null : trace.steps.remove(e.path());
        if (span == null) return;
        String type = e.error() == null ? "failure" : e.error().getClass().getSimpleName();
        span.setAttribute(GenAi.ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, e.error() == null ? "failed" : String.valueOf(e.error().getMessage()));
        span.end(e.at());
    }

    private void stepRetried(WorkflowEvent.StepRetried e) {
        RunTrace trace = runs.get(e.runId());
        Span span = trace == null ? null : trace.steps.get(e.path());
        if (span == null) return;
        span.setAttribute(GenAi.STEP_ATTEMPT, (long) e.nextAttempt());
        span.addEvent(GenAi.RETRY_EVENT, Attributes.of(GenAi.RETRY_ATTEMPT, (long) e.nextAttempt(),
                GenAi.RETRY_DELAY_MS, e.delay().toMillis(), GenAi.ERROR_TYPE,
                e.cause() == null ? "unknown" : e.cause().getClass().getSimpleName()), e.at());
    }

    private void gateEvaluated(WorkflowEvent.GateEvaluated e) {
        RunTrace trace = runs.get(e.runId());
        metrics.gates.add(1, Attributes.of(GenAi.WORKFLOW, trace == null ? "" : trace.workflowId,
                GenAi.GATE_PASSED, e.verdict().passed()));
        Span span = trace == null ? null : trace.steps.get(e.path());
        if (span == null) return;
        span.addEvent(GenAi.EVALUATION_EVENT, Attributes.builder()
                .put(GenAi.EVALUATION_NAME, e.verdict().gate())
                .put(GenAi.EVALUATION_SCORE, (double) e.verdict().score())
                .put(GenAi.EVALUATION_LABEL, e.verdict().passed() ? "pass" : "fail")
                .put(GenAi.GATE_THRESHOLD, (long) e.verdict().threshold())
                .put(GenAi.GATE_PASSED, e.verdict().passed())
                .put(GenAi.GATE_ATTEMPT, (long) e.attempt()).build(), e.at());
    }

    private void toolStarted(WorkflowEvent.ToolCallStarted e) {
        RunTrace trace = runs.get(e.runId());
        if (trace == null) return;
        Span step = trace.steps.get(e.path());
        Span span = tracer.spanBuilder(GenAi.EXECUTE_TOOL + " " + e.tool())
                .setParent(Context.root().with(step != null ? step : trace.span)).setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(e.at()).setAttribute(GenAi.OPERATION, GenAi.EXECUTE_TOOL)
                .setAttribute(GenAi.TOOL_NAME, e.tool()).setAttribute(GenAi.TOOL_CALL_ID, String.valueOf(e.callId()))
                .setAttribute(GenAi.STEP_PATH, e.path()).startSpan();
        trace.tools.put(e.path() + '\u0000' + e.callId(), span);
    }

    private void toolCompleted(WorkflowEvent.ToolCallCompleted e) {
        RunTrace trace = runs.get(e.runId());
        Span span = trace == null ? null : trace.tools.remove(e.path() + '\u0000' + e.callId());
        if (span == null) return;
        if (e.error() != null) {
            span.setAttribute(GenAi.ERROR_TYPE, "tool_error");
            span.setStatus(StatusCode.ERROR, e.error());
        }
        span.end(e.at());
    }

    /**
     * The context a model call of a step is made in: its step's span (or the run's) while the run is traced here;
     * else the calling thread's.
     *
     * @param runId the run, or null
     * @param path  the step path, or null
     * @return the context
     */
    Context callContext(String runId, String path) {
        RunTrace trace = runId == null ? null : runs.get(runId);
        if (trace == null) return Context.current();
        Span step = path == null ? null : trace.steps.get(path);
        return Context.root().with(step != null ? step : trace.span);
    }

    /** {@return the OpenTelemetry tracer} */
    Tracer tracer() {
        return tracer;
    }

    /** {@return the squad of a run's open agent step; or null} */
    String squadOf(String runId, String path) {
        RunTrace trace = runId == null || path == null ? null : runs.get(runId);
        return trace == null || trace.squads.isEmpty() ? null : trace.squads.get(path);
    }

    /** {@return the workflow of a run traced here; or null} */
    String workflowOf(String runId) {
        RunTrace trace = runId == null ? null : runs.get(runId);
        return trace == null ? null : trace.workflowId;
    }
}
