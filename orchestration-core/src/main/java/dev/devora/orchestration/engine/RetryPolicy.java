package dev.devora.orchestration.engine;

import java.time.Duration;

/**
 * How the engine retries a step (agent or task) whose failure is retriable: exponential backoff with jitter,
 * honouring a provider's {@code retryAfter} up to {@code maxServerDelay} (a longer requested delay fails at once).
 * Non-retriable failures are never retried.
 *
 * <p>One retry owner per layer: providers that retry HTTP calls themselves (the OpenRouter provider does) throw
 * non-retriable exceptions once their own retries are spent, so attempts do not multiply. A step's
 * {@code maxAttempts} overrides {@link #maxAttempts()}.
 *
 * <pre>{@code
 * RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ofMillis(500)).maxDelay(Duration.ofSeconds(8)).build();
 * RetryPolicy.none();
 * }</pre>
 *
 * @param maxAttempts    attempts in all, ≥ 1 (default 3)
 * @param initialDelay   delay before the first retry (default 500 ms)
 * @param multiplier     growth of the delay per retry, ≥ 1 (default 2)
 * @param maxDelay       cap of the computed delay (default 8 s)
 * @param jitter         randomisation factor, 0..1 (default 0.25)
 * @param maxServerDelay longest server-requested delay to wait for (default 60 s)
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter,
                          Duration maxServerDelay) {
    /** 3 attempts, 500 ms doubling to 8 s, 25 % jitter, server delays up to 60 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(500), 2.0, Duration.ofSeconds(8),
            0.25, Duration.ofSeconds(60));

    /**
     * Checks every component's range.
     *
     * @throws IllegalArgumentException if a value is out of range or a duration is null
     * @param maxAttempts    attempts in all, ≥ 1 (default 3)
     * @param initialDelay   delay before the first retry (default 500 ms)
     * @param multiplier     growth of the delay per retry, ≥ 1 (default 2)
     * @param maxDelay       cap of the computed delay (default 8 s)
     * @param jitter         randomisation factor, 0..1 (default 0.25)
     * @param maxServerDelay longest server-requested delay to wait for (default 60 s) /
     */
    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be ≥ 1, was " + maxAttempts);
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must be ≥ 0, was " + initialDelay);
        }
        if (multiplier < 1) throw new IllegalArgumentException("multiplier must be ≥ 1, was " + multiplier);
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be ≥ initialDelay (" + initialDelay + "), was " + maxDelay);
        }
        if (jitter < 0 || jitter > 1) throw new IllegalArgumentException("jitter must be 0..1, was " + jitter);
        if (maxServerDelay == null || maxServerDelay.isNegative()) {
            throw new IllegalArgumentException("maxServerDelay must be ≥ 0, was " + maxServerDelay);
        }
    }

    /**
     * Never retry.
     *
     * @return a policy of one attempt
     */
    public static RetryPolicy none() {
        return DEFAULT.toBuilder().maxAttempts(1).build();
    }

    /**
     * A builder starting from {@link #DEFAULT}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return DEFAULT.toBuilder();
    }

    /**
     * A builder holding this policy's values, to make a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder for {@link RetryPolicy}, starting from the defaults. */
    public static final class Builder {
        private int maxAttempts;
        private Duration initialDelay;
        private double multiplier;
        private Duration maxDelay;
        private double jitter;
        private Duration maxServerDelay;

        private Builder(RetryPolicy p) {
            maxAttempts = p.maxAttempts;
            initialDelay = p.initialDelay;
            multiplier = p.multiplier;
            maxDelay = p.maxDelay;
            jitter = p.jitter;
            maxServerDelay = p.maxServerDelay;
        }

        /**
         * Attempts in all, the first included; default 3.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxAttempts(int n) { maxAttempts = n; return this; }
        /**
         * Delay before the first retry; default 500 ms.
         *
         * @param d at least zero
         * @return this builder
         */
        public Builder initialDelay(Duration d) { initialDelay = d; return this; }
        /**
         * Growth of the delay per retry; default 2.
         *
         * @param m at least 1
         * @return this builder
         */
        public Builder multiplier(double m) { multiplier = m; return this; }
        /**
         * Cap of the computed delay; default 8 s.
         *
         * @param d at least the initial delay
         * @return this builder
         */
        public Builder maxDelay(Duration d) { maxDelay = d; return this; }
        /**
         * Randomisation factor of each delay; default 0.25.
         *
         * @param j 0 to 1
         * @return this builder
         */
        public Builder jitter(double j) { jitter = j; return this; }
        /**
         * Longest server-requested delay ({@code retryAfter}) to wait for; default 60 s.
         *
         * @param d at least zero
         * @return this builder
         */
        public Builder maxServerDelay(Duration d) { maxServerDelay = d; return this; }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalArgumentException if a value is out of range
         */
        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, jitter, maxServerDelay);
        }
    }
}
