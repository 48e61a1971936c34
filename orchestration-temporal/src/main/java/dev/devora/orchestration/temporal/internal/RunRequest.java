package dev.devora.orchestration.temporal.internal;

/**
 * What starts an interpreter workflow: the definition by id (the worker holds the definitions: code is never
 * serialised) and its fingerprint, and the run's input as JSON text.
 *
 * <pre>{@code
 * String stateJson = stub.run(new RunRequest("review", "{\"topic\": \"caching\"}", DefinitionFingerprint.of(review)));
 * }</pre>
 *
 * @param workflowId  the definition's id, registered with the worker
 * @param inputJson   the run's input, a JSON object
 * @param fingerprint the definition's fingerprint where the run was started; null to run whatever the worker has
 * @param limits      the run's budgets and timeout; null for none
 * @param carried     the journal of the run this workflow continues (continue-as-new); null for a new run
 * @param nested      the sub-workflow step this workflow runs, as a child workflow of its run's; null for a run
 */
public record RunRequest(String workflowId, String inputJson, String fingerprint, Limits limits, Carried carried,
                         Nested nested) {
    /**
     * A request for a run (not a sub-workflow step's child workflow).
     *
     * @param workflowId  the definition's id
     * @param inputJson   the input
     * @param fingerprint the definition's fingerprint, or null
     * @param limits      the run's limits, or null
     * @param carried     the journal of the run this workflow continues, or null
     */
    public RunRequest(String workflowId, String inputJson, String fingerprint, Limits limits, Carried carried) {
        this(workflowId, inputJson, fingerprint, limits, carried, null);
    }

    /**
     * A request without limits.
     *
     * @param workflowId  the definition's id
     * @param inputJson   the input
     * @param fingerprint the definition's fingerprint, or null
     */
    public RunRequest(String workflowId, String inputJson, String fingerprint) {
        this(workflowId, inputJson, fingerprint, null, null);
    }

    /**
     * A request that starts a run.
     *
     * @param workflowId  the definition's id
     * @param inputJson   the input
     * @param fingerprint the definition's fingerprint, or null
     * @param limits      the run's limits, or null
     */
    public RunRequest(String workflowId, String inputJson, String fingerprint, Limits limits) {
        this(workflowId, inputJson, fingerprint, limits, null);
    }

    /**
     * A waiting run's journal and summary, carried into the workflow it continues as: the new workflow loads them
     * and resumes the run, which replays what it did from the journal (no activity runs again) and waits again.
     *
     * <pre>{@code
     * Workflow.continueAsNew(new RunRequest(id, input, fingerprint, limits, RunRequest.Carried.of(store, runId)));
     * }</pre>
     *
     * @param journal the entries, one JSON line each, as the stores write them ({@code JournalJson.write})
     * @param summary the run's summary as JSON
     */
    public record Carried(java.util.List<String> journal, String summary) {
        /** {@return what the store holds of the run} */
        public static Carried of(dev.devora.orchestration.journal.RunStore store, String runId) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (dev.devora.orchestration.journal.JournalEntry e : store.entries(runId)) {
                lines.add(dev.devora.orchestration.journal.JournalJson.write(e));
            }
            return new Carried(lines, LlmJson.write(store.run(runId).orElseThrow()));
        }

        /** Appends the carried journal to an empty store, the summary with its first and last entries. */
        public void loadInto(dev.devora.orchestration.journal.RunStore store, String runId) {
            dev.devora.orchestration.journal.RunSummary last =
                    LlmJson.read(summary, dev.devora.orchestration.journal.RunSummary.class);
            for (int i = 0; i < journal.size(); i++) {
                store.append(runId, dev.devora.orchestration.journal.JournalJson.read(journal.get(i)),
                        i == 0 || i == journal.size() - 1 ? last : null);
            }
        }
    }

    /**
     * A sub-workflow step run as a child workflow: where it sits in its run (the child's steps are journaled as they
     * would be there) and what the run recorded of it; {@code workflowId} and {@code fingerprint} are then the run's
     * definition's, {@code inputJson} the step's nested input and {@code limits} the run's budgets.
     *
     * <pre>{@code
     * new RunRequest.Nested(runId, "rounds/build", "1", "#2", recordedLines, 41)
     * }</pre>
     *
     * @param runId    the run's id (its workflow's id): the child journals under it
     * @param path     the sub-workflow step's path in the run
     * @param orderKey its order key in the run
     * @param instance its loop iterations and gate attempts ({@code #2…}); empty for none
     * @param recorded what the run recorded that the child needs ({@code SubWorkflowCall.recorded()}), one
     *                 {@code JournalJson} line each; empty in a child workflow that continued as new
     * @param after    the highest seq of what the run recorded: the child's own entries come after it
     */
    public record Nested(String runId, String path, String orderKey, String instance, java.util.List<String> recorded,
                         long after) {
    }

    /**
     * The run's limits ({@code RunOptions} but the run id, which is the workflow id), as text so that a decimal
     * budget keeps every digit.
     *
     * <pre>{@code
     * RunOptions options = RunRequest.Limits.of(RunOptions.builder().maxTokens(10_000).build()).toOptions(runId);
     * }</pre>
     *
     * @param timeout              the run's timeout (ISO-8601), or null
     * @param maxTokens            the token budget, or null
     * @param maxCostUsd           the USD budget, or null
     * @param estimatedCallCostUsd the estimated cost of a call, or null
     */
    public record Limits(String timeout, Long maxTokens, String maxCostUsd, String estimatedCallCostUsd) {
        /** {@return the limits of these options; null when there are none} */
        public static Limits of(dev.devora.orchestration.engine.RunOptions o) {
            if (o == null || (o.timeout() == null && o.maxTokens() == null && o.maxCostUsd() == null
                    && o.estimatedCallCostUsd() == null)) return null;
            return new Limits(o.timeout() == null ? null : o.timeout().toString(), o.maxTokens(),
                    o.maxCostUsd() == null ? null : o.maxCostUsd().toPlainString(),
                    o.estimatedCallCostUsd() == null ? null : o.estimatedCallCostUsd().toPlainString());
        }

        /** {@return options with these limits for the run} */
        public dev.devora.orchestration.engine.RunOptions toOptions(String runId) {
            return new dev.devora.orchestration.engine.RunOptions(timeout == null ? null : java.time.Duration.parse(timeout),
                    maxTokens, maxCostUsd == null ? null : new java.math.BigDecimal(maxCostUsd), runId,
                    estimatedCallCostUsd == null ? null : new java.math.BigDecimal(estimatedCallCostUsd));
        }
    }
}
