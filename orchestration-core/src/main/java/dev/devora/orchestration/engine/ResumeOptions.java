package dev.devora.orchestration.engine;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How to resume a stored run: the limits it goes on with (by default those it started with) and what to do when
 * steps it finished are defined differently now.
 *
 * <p>Budgets count what the journal says was already spent: resuming a run stopped by a $1 budget with
 * {@code maxCostUsd("2.00")} lets it spend about one more dollar. A timeout counts from the resumption.
 *
 * <pre>{@code
 * WorkflowResult done = engine.resume(workflow, runId, ResumeOptions.builder()
 *         .maxCostUsd(new BigDecimal("2.00"))   // raised after a budget stop
 *         .rerunChangedSteps()                   // the prompt of a finished step was edited
 *         .build());
 * }</pre>
 *
 * @param timeout              a timeout counted from the resumption; or null to keep the run's own
 * @param maxTokens            a token budget for the whole run (what it used before included); or null to keep the
 *                             run's own
 * @param maxCostUsd           a USD budget for the whole run (what it spent before included); or null to keep the
 *                             run's own
 * @param estimatedCallCostUsd what a call of a model without a known price counts; or null to keep the run's own
 * @param rerunChangedSteps    whether finished steps that changed (and everything the run did after the first of
 *                             them) run again, instead of failing with {@code DefinitionChangedException}
 */
public record ResumeOptions(Duration timeout, Long maxTokens, BigDecimal maxCostUsd, BigDecimal estimatedCallCostUsd,
                            boolean rerunChangedSteps) {
    /** The run's own limits; a changed definition fails. */
    public static final ResumeOptions DEFAULT = new ResumeOptions(null, null, null, null, false);

    /**
     * The limits a resumed run goes on with: each limit set here replaces the run's own; the others are kept.
     *
     * @param recorded the limits the run had
     * @return the limits to resume with
     * @throws IllegalArgumentException if a limit is out of range (as for {@link RunOptions})
     */
    public RunOptions applyTo(RunOptions recorded) {
        RunOptions r = recorded == null ? RunOptions.NONE : recorded;
        return new RunOptions(timeout != null ? timeout : r.timeout(), maxTokens != null ? maxTokens : r.maxTokens(),
                maxCostUsd != null ? maxCostUsd : r.maxCostUsd(), r.runId(),
                estimatedCallCostUsd != null ? estimatedCallCostUsd : r.estimatedCallCostUsd());
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link ResumeOptions}; a limit set here replaces the run's own, the others are kept. */
    public static final class Builder {
        private Duration timeout;
        private Long maxTokens;
        private BigDecimal maxCostUsd;
        private BigDecimal estimatedCallCostUsd;
        private boolean rerunChangedSteps;

        private Builder() {
        }

        /**
         * A timeout counted from the resumption.
         *
         * @param t the timeout; or null to keep the run's own
         * @return this builder
         */
        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        /**
         * A token budget for the whole run, what it used before included.
         *
         * @param tokens the limit; or null to keep the run's own
         * @return this builder
         */
        public Builder maxTokens(Long tokens) {
            this.maxTokens = tokens;
            return this;
        }

        /**
         * A USD budget for the whole run, what it spent before included.
         *
         * @param usd the limit; or null to keep the run's own
         * @return this builder
         */
        public Builder maxCostUsd(BigDecimal usd) {
            this.maxCostUsd = usd;
            return this;
        }

        /**
         * A USD budget for the whole run, what it spent before included.
         *
         * @param usd the limit as a decimal string, e.g. {@code "2.50"}
         * @return this builder
         */
        public Builder maxCostUsd(String usd) {
            return maxCostUsd(new BigDecimal(usd));
        }

        /**
         * What a call of a model without a known price counts against the USD budget.
         *
         * @param usd the estimate; or null to keep the run's own
         * @return this builder
         */
        public Builder estimatedCallCostUsd(BigDecimal usd) {
            this.estimatedCallCostUsd = usd;
            return this;
        }

        /**
         * Re-run finished steps that changed, and everything the run did after the first of them.
         *
         * @return this builder
         */
        public Builder rerunChangedSteps() {
            this.rerunChangedSteps = true;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public ResumeOptions build() {
            return new ResumeOptions(timeout, maxTokens, maxCostUsd, estimatedCallCostUsd, rerunChangedSteps);
        }
    }
}
