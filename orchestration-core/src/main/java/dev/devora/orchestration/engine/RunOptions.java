package dev.devora.orchestration.engine;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Limits of one run: a timeout and a budget in tokens and/or US dollars. A run that crosses one stops with
 * {@code RunTimeoutException} or {@code BudgetExceededException}, keeping every output finished so far.
 *
 * <p>Budgets are admission limits: a model call is sent only if the spend so far, plus the reservations of the calls
 * in flight, plus this call's reservation (estimated prompt tokens plus its {@code maxTokens}, at the model's price)
 * fits. Set {@code maxTokens} on agents for a hard cap: without it a call reserves the longest answer of the run so
 * far, and the first such call goes alone. A USD budget needs to know what calls cost: a run whose model has no
 * known price is refused at start unless {@link #estimatedCallCostUsd()} gives an explicit per-call estimate.
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
 * @param maxCostUsd limit on the spend in USD (reported costs, else estimates from prices); or null
 * @param runId      id to give the run; or null for a random UUID
 * @param estimatedCallCostUsd what a call counts against {@code maxCostUsd}, reserved before sending and spent after,
 *                   when its model has no known price and the provider reports no cost; or null (such a run is then
 *                   refused at start)
 */
public record RunOptions(Duration timeout, Long maxTokens, BigDecimal maxCostUsd, String runId,
                         BigDecimal estimatedCallCostUsd) {
    /** No limits. */
    public static final RunOptions NONE = new RunOptions(null, null, null, null, null);

    /**
     * Limits without a per-call cost estimate.
     *
     * @param timeout    wall-clock limit of the run; or null
     * @param maxTokens  limit on prompt + completion tokens; or null
     * @param maxCostUsd limit on the spend in USD; or null
     * @param runId      id to give the run; or null for a random UUID
     */
    public RunOptions(Duration timeout, Long maxTokens, BigDecimal maxCostUsd, String runId) {
        this(timeout, maxTokens, maxCostUsd, runId, null);
    }

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException if the timeout is not positive, maxTokens is below 1, maxCostUsd is not positive
     *     or estimatedCallCostUsd is negative, or a USD amount has more than 18 digits on either side of the point
     * @param timeout              wall-clock limit of the run; or null
     * @param maxTokens            limit on prompt + completion tokens; or null
     * @param maxCostUsd           limit on the spend in USD (reported costs, else estimates from prices); or null
     * @param runId                id to give the run; or null for a random UUID
     * @param estimatedCallCostUsd what a call counts against {@code maxCostUsd}, reserved before sending and spent
     *     after, when its model has no known price and the provider reports no cost; or null (such a run is then
     *     refused at start)
     */
    public RunOptions {
        if (estimatedCallCostUsd != null && estimatedCallCostUsd.signum() < 0) {
            throw new IllegalArgumentException("estimatedCallCostUsd must be ≥ 0, was " + estimatedCallCostUsd);
        }
        requireUsdAmount("estimatedCallCostUsd", estimatedCallCostUsd);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be ≥ 1, was " + maxTokens);
        }
        if (maxCostUsd != null && maxCostUsd.signum() <= 0) {
            throw new IllegalArgumentException("maxCostUsd must be > 0, was " + maxCostUsd);
        }
        requireUsdAmount("maxCostUsd", maxCostUsd);
    }

    /** How many digits a USD amount may have on each side of the point (a limit of 1e-999999999 is no amount). */
    private static final int MAX_USD_DIGITS = 18;

    /** Refuses a USD amount the engine could not add or print: more than 18 digits on either side of the point. */
    private static void requireUsdAmount(String option, BigDecimal v) {
        if (v != null && (v.scale() > MAX_USD_DIGITS || v.precision() - v.scale() > MAX_USD_DIGITS)) {
            throw new IllegalArgumentException(option + " must be an amount in USD (at most " + MAX_USD_DIGITS
                    + " digits before and after the point), was " + v);
        }
    }

    /**
     * A builder with no limit set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options, to make a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().timeout(timeout).maxTokens(maxTokens).maxCostUsd(maxCostUsd).runId(runId)
                .estimatedCallCostUsd(estimatedCallCostUsd);
    }

    /** Builder for {@link RunOptions}. */
    public static final class Builder {
        private Duration timeout;
        private Long maxTokens;
        private BigDecimal maxCostUsd;
        private String runId;
        private BigDecimal estimatedCallCostUsd;

        private Builder() {
        }

        /**
         * Wall-clock limit of the run; default none.
         *
         * @param timeout a positive duration, or null
         * @return this builder
         */
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        /**
         * Limit on prompt + completion tokens; default none.
         *
         * @param maxTokens at least 1, or null
         * @return this builder
         */
        public Builder maxTokens(Long maxTokens) { this.maxTokens = maxTokens; return this; }
        /**
         * Limit on prompt + completion tokens; default none.
         *
         * @param maxTokens at least 1
         * @return this builder
         */
        public Builder maxTokens(long maxTokens) { this.maxTokens = maxTokens; return this; }
        /**
         * Limit on the spend in USD (reported costs, else estimates from prices); default none.
         *
         * @param usd more than 0, or null
         * @return this builder
         */
        public Builder maxCostUsd(BigDecimal usd) { this.maxCostUsd = usd; return this; }
        /**
         * Limit on the spend in USD, as a decimal string such as {@code "1.50"}; default none.
         *
         * @param usd the limit
         * @return this builder
         */
        public Builder maxCostUsd(String usd) { this.maxCostUsd = new BigDecimal(usd); return this; }
        /**
         * The id to give the run; default a random UUID.
         *
         * @param runId the run id
         * @return this builder
         */
        public Builder runId(String runId) { this.runId = runId; return this; }
        /**
         * See {@link RunOptions#estimatedCallCostUsd()}.
         *
         * @param usd the estimate per call in USD, at least 0; or null
         * @return this builder
         */
        public Builder estimatedCallCostUsd(BigDecimal usd) { this.estimatedCallCostUsd = usd; return this; }
        /**
         * See {@link RunOptions#estimatedCallCostUsd()}.
         *
         * @param usd the estimate per call in USD, as a decimal string such as {@code "0.01"}
         * @return this builder
         */
        public Builder estimatedCallCostUsd(String usd) { this.estimatedCallCostUsd = new BigDecimal(usd); return this; }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if a limit is out of range
         */
        public RunOptions build() {
            return new RunOptions(timeout, maxTokens, maxCostUsd, runId, estimatedCallCostUsd);
        }
    }
}
