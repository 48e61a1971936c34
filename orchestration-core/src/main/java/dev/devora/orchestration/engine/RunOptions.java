package dev.devora.orchestration.engine;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Limits of one run: a timeout and a budget in tokens and/or US dollars. A run that crosses one stops with
 * {@code RunTimeoutException} or {@code BudgetExceededException}, keeping every output finished so far.
 *
 * <pre>{@code
 * RunOptions limits = RunOptions.builder()
 *         .timeout(Duration.ofMinutes(10))
 *         .maxTokens(200_000)
 *         .maxCostUsd(new BigDecimal("1.50"))
 *         .build();
 * engine.run(workflow, input, limits);
 * }</pre>
 *
 * @param timeout    wall-clock limit of the run; or null
 * @param maxTokens  limit on prompt + completion tokens; or null
 * @param maxCostUsd limit in USD on the cost of the run's calls: each call's reported cost, else its client estimate; or null
 * @param runId      id to give the run; or null for a random UUID
 */
public record RunOptions(Duration timeout, Long maxTokens, BigDecimal maxCostUsd, String runId) {
    /** No limits. */
    public static final RunOptions NONE = new RunOptions(null, null, null, null);

    public RunOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be ≥ 1, was " + maxTokens);
        }
        if (maxCostUsd != null && maxCostUsd.signum() <= 0) {
            throw new IllegalArgumentException("maxCostUsd must be > 0, was " + maxCostUsd.toPlainString());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().timeout(timeout).maxTokens(maxTokens).maxCostUsd(maxCostUsd).runId(runId);
    }

    /** Builder for {@link RunOptions}. */
    public static final class Builder {
        private Duration timeout;
        private Long maxTokens;
        private BigDecimal maxCostUsd;
        private String runId;

        private Builder() {
        }

        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        public Builder maxTokens(Long maxTokens) { this.maxTokens = maxTokens; return this; }
        public Builder maxTokens(long maxTokens) { this.maxTokens = maxTokens; return this; }
        public Builder maxCostUsd(BigDecimal usd) { this.maxCostUsd = usd; return this; }
        public Builder maxCostUsd(String usd) { this.maxCostUsd = new BigDecimal(usd); return this; }
        public Builder runId(String runId) { this.runId = runId; return this; }

        public RunOptions build() {
            return new RunOptions(timeout, maxTokens, maxCostUsd, runId);
        }
    }
}
