package dev.devora.orchestration.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.internal.Json;
import dev.devora.orchestration.internal.ResultJson;
import dev.devora.orchestration.workflow.StepOutput;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a run: status, every step's output (in declaration order), the assembled deliverables, the gate
 * history, warnings, the failure if any, and the metrics. A failed, timed-out, over-budget or cancelled run keeps
 * every output finished before it stopped.
 *
 * <pre>{@code
 * WorkflowResult result = engine.run(workflow, Map.of("feature", "rate limiter"));
 * switch (result.status()) {
 *     case SUCCEEDED, PARTIAL -> Files.writeString(Path.of("design.md"), result.text("revise"));
 *     default -> System.err.println(result.failure().map(Throwable::getMessage).orElse("cancelled"));
 * }
 * System.out.println(result.metrics().usage().costUsd() + " USD");
 * }</pre>
 */
public final class WorkflowResult {
    private final String runId;
    private final String workflowId;
    private final RunStatus status;
    private final JsonNode input;
    private final Map<String, StepOutput> outputs;
    private final JsonNode deliverables;
    private final List<GateRecord> gateHistory;
    private final List<RunWarning> warnings;
    private final OrchestrationException failure;
    private final RunMetrics metrics;

    /** Created by the engine. */
    public WorkflowResult(String runId, String workflowId, RunStatus status, JsonNode input,
                          Map<String, StepOutput> outputs, JsonNode deliverables, List<GateRecord> gateHistory,
                          List<RunWarning> warnings, OrchestrationException failure, RunMetrics metrics) {
        this.runId = runId;
        this.workflowId = workflowId;
        this.status = status;
        this.input = input;
        this.outputs = outputs;
        this.deliverables = deliverables;
        this.gateHistory = List.copyOf(gateHistory);
        this.warnings = List.copyOf(warnings);
        this.failure = failure;
        this.metrics = metrics;
    }

    public String runId() {
        return runId;
    }

    public String workflowId() {
        return workflowId;
    }

    public RunStatus status() {
        return status;
    }

    /** {@code SUCCEEDED} or {@code PARTIAL}. */
    public boolean isCompleted() {
        return status == RunStatus.SUCCEEDED || status == RunStatus.PARTIAL;
    }

    /** The validated input, defaults applied. */
    public JsonNode input() {
        return input;
    }

    /** Every finished step's output by step id (sub-workflow steps as {@code sub/child}), in declaration order. */
    public Map<String, StepOutput> outputs() {
        return outputs;
    }

    public Optional<StepOutput> output(String stepId) {
        return Optional.ofNullable(outputs.get(stepId));
    }

    /** A step's text output, or {@code ""} when it has none. */
    public String text(String stepId) {
        StepOutput o = outputs.get(stepId);
        return o == null ? "" : o.text();
    }

    /** The deliverables tree assembled as the workflow declares (also for failed runs, from what finished). */
    public JsonNode deliverables() {
        return deliverables;
    }

    /** Every gate verdict, grouped by gate in declaration order, attempts in order. */
    public List<GateRecord> gateHistory() {
        return gateHistory;
    }

    public List<RunWarning> warnings() {
        return warnings;
    }

    /** Why the run failed or was cancelled. */
    public Optional<OrchestrationException> failure() {
        return Optional.ofNullable(failure);
    }

    public RunMetrics metrics() {
        return metrics;
    }

    /** Throws the failure if the run failed or was cancelled; returns this otherwise. */
    public WorkflowResult throwIfFailed() {
        if (failure != null) throw failure;
        return this;
    }

    /** The whole result as JSON, including the run id and timings. */
    public JsonNode toJson() {
        return ResultJson.full(this);
    }

    /**
     * The run state as JSON text without run id or timings: input, outputs, deliverables, gate history, warnings,
     * status, tokens and costs. The same scripted answers give the same bytes whatever the thread timing.
     */
    public String stateJson() {
        return Json.write(ResultJson.state(this));
    }

    @Override
    public String toString() {
        return "WorkflowResult[" + workflowId + " " + runId + " " + status + ", " + outputs.size() + " outputs, "
                + metrics.usage().totalTokens() + " tokens" + (failure == null ? "" : ", failure=" + failure.getMessage())
                + "]";
    }
}
