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

    /**
     * Created by the engine.
     *
     * @param runId        the run's id
     * @param workflowId   the workflow's id
     * @param status       the final status
     * @param input        the validated input, defaults applied
     * @param outputs      every finished step's output by step id
     * @param deliverables the assembled deliverables tree
     * @param gateHistory  every gate verdict, grouped by gate
     * @param warnings     what the run warned about
     * @param failure      why the run failed or was cancelled; or null
     * @param metrics      tokens, costs, timings and calls
     */
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

    /**
     * The run's id.
     *
     * @return the id given in {@link RunOptions#runId()}, else a random UUID
     */
    public String runId() {
        return runId;
    }

    /**
     * The id of the workflow that ran.
     *
     * @return the workflow id
     */
    public String workflowId() {
        return workflowId;
    }

    /**
     * How the run ended.
     *
     * @return the final status
     */
    public RunStatus status() {
        return status;
    }

    /**
     * {@code SUCCEEDED} or {@code PARTIAL}.
     *
     * @return true if the run completed
     */
    public boolean isCompleted() {
        return status == RunStatus.SUCCEEDED || status == RunStatus.PARTIAL;
    }

    /**
     * The validated input, defaults applied.
     *
     * @return the input as a JSON object
     */
    public JsonNode input() {
        return input;
    }

    /**
     * Every finished step's output by step id (sub-workflow steps as {@code sub/child}), in declaration order.
     *
     * @return the outputs, unmodifiable
     */
    public Map<String, StepOutput> outputs() {
        return outputs;
    }

    /**
     * A step's output.
     *
     * @param stepId the step id (a sub-workflow's steps as {@code sub/child})
     * @return the output, or empty when the step did not finish
     */
    public Optional<StepOutput> output(String stepId) {
        return Optional.ofNullable(outputs.get(stepId));
    }

    /**
     * A step's text output, or {@code ""} when it has none.
     *
     * @param stepId the step id
     * @return the text
     */
    public String text(String stepId) {
        StepOutput o = outputs.get(stepId);
        return o == null ? "" : o.text();
    }

    /**
     * The deliverables tree assembled as the workflow declares (also for failed runs, from what finished).
     *
     * @return the deliverables, an empty object when the workflow declares none
     */
    public JsonNode deliverables() {
        return deliverables;
    }

    /**
     * Every gate verdict, grouped by gate in declaration order, attempts in order.
     *
     * @return the gate records
     */
    public List<GateRecord> gateHistory() {
        return gateHistory;
    }

    /**
     * What the run warned about (e.g. an optional input left out, a loop that ended without its condition), in
     * declaration order.
     *
     * @return the warnings
     */
    public List<RunWarning> warnings() {
        return warnings;
    }

    /**
     * Why the run failed or was cancelled.
     *
     * @return the failure, or empty when the run succeeded or ended partial
     */
    public Optional<OrchestrationException> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Tokens, costs and timings per call, step, squad and run.
     *
     * @return the metrics
     */
    public RunMetrics metrics() {
        return metrics;
    }

    /**
     * Throws the failure if the run failed or was cancelled; returns this otherwise.
     *
     * @return this result
     * @throws OrchestrationException the failure, when there is one
     */
    public WorkflowResult throwIfFailed() {
        if (failure != null) throw failure;
        return this;
    }

    /**
     * The whole result as JSON, including the run id and timings.
     *
     * @return the result as a JSON object
     */
    public JsonNode toJson() {
        return ResultJson.full(this);
    }

    /**
     * The run state as JSON text without run id or timings: input, outputs, deliverables, gate history, warnings,
     * status, tokens and costs. The same scripted answers give the same bytes whatever the thread timing.
     *
     * @return the state as JSON text
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
