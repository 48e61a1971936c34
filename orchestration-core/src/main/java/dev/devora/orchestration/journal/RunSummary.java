package dev.devora.orchestration.journal;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.llm.Usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link RunStore} lists about a stored run: its workflow, status, times, usage and cost. The engine hands a
 * store the new summary with every entry that changes the run's status (the start, a pause, a resumption, the end);
 * a store adds the usage of the model calls in between ({@link #withCall}).
 *
 * <p>A run whose process died keeps the status it had ({@code RUNNING}): only resuming
 * it moves it on.
 *
 * <pre>{@code
 * for (RunSummary run : store.runs(RunQuery.builder().status(RunStatus.FAILED).build())) {
 *     System.out.println(run.runId() + " " + run.status() + " $" + run.costUsd());
 * }
 * }</pre>
 *
 * @param runId      the run's id
 * @param workflowId the workflow's id
 * @param status     the status as last written
 * @param startedAt  when the run started
 * @param updatedAt  when the summary was last written
 * @param endedAt    when the run last ended; or null while it runs (or if its process died)
 * @param usage      tokens and cost of every model call so far
 * @param calls      the number of model calls so far
 */
public record RunSummary(String runId, String workflowId, RunStatus status, Instant startedAt, Instant updatedAt,
                         Instant endedAt, Usage usage, int calls) {
    /**
     * Checks the required parts.
     *
     * @param runId      the run's id
     * @param workflowId the workflow's id
     * @param status     the status
     * @param startedAt  when the run started
     * @param updatedAt  when the summary was last written
     * @param endedAt    when the run ended; or null
     * @param usage      tokens and cost so far
     * @param calls      model calls so far
     * @throws NullPointerException if anything but endedAt is null
     */
    public RunSummary {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(usage, "usage");
    }

    /**
     * The spend so far in US dollars: reported costs, else estimates.
     *
     * @return the cost; zero when unknown
     */
    public BigDecimal costUsd() {
        BigDecimal c = usage.costOrEstimateUsd();
        return c == null ? BigDecimal.ZERO : c;
    }

    /**
     * This summary after one more model call.
     *
     * @param callUsage the call's usage
     * @param at        when it was recorded
     * @return the new summary
     */
    public RunSummary withCall(Usage callUsage, Instant at) {
        return new RunSummary(runId, workflowId, status, startedAt, at, endedAt, usage.plus(callUsage), calls + 1);
    }

    /**
     * This summary with a new status.
     *
     * @param newStatus the status
     * @param at        when it changed
     * @param ended     whether the run ended then
     * @return the new summary
     */
    public RunSummary withStatus(RunStatus newStatus, Instant at, boolean ended) {
        return new RunSummary(runId, workflowId, newStatus, startedAt, at, ended ? at : null, usage, calls);
    }
}
