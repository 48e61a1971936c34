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
 */
public record RunRequest(String workflowId, String inputJson, String fingerprint, Limits limits) {
    /**
     * A request without limits.
     *
     * @param workflowId  the definition's id
     * @param inputJson   the input
     * @param fingerprint the definition's fingerprint, or null
     */
    public RunRequest(String workflowId, String inputJson, String fingerprint) {
        this(workflowId, inputJson, fingerprint, null);
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
