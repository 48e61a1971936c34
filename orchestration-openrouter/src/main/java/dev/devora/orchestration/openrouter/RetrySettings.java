package dev.devora.orchestration.openrouter;

import java.time.Duration;
import java.util.Objects;

/**
 * How the provider retries one model call before giving up. Only retriable failures are retried: I/O errors,
 * HTTP 408, 429, 5xx (incl. 524 and 529) and provider errors reported inside a 200 response. Invalid requests,
 * authentication, credits, moderation and unknown models are never retried, and a stream is never retried once it
 * has delivered its first token.
 *
 * <p>The delay before retry {@code n} (1-based) is {@code min(initialDelay · 2^(n-1), maxDelay)} reduced by a
 * random jitter of up to {@code jitter} (0.25 = up to 25 % shorter), as openai-java does. A delay the server asks
 * for ({@code retry-after-ms}, {@code Retry-After} in seconds or as an HTTP date, or
 * {@code error.availability.retry_after}) replaces it; if the server asks for more than {@code maxServerDelay},
 * the call fails at once with that delay in the exception instead of waiting.
 *
 * <p>Defaults: 2 retries (3 attempts), 0.5 s doubling to 8 s, jitter 0.25, server delays honoured up to 60 s,
 * and {@code retriableAfterExhaustion = false}: once the provider has used its own retries it throws a
 * non-retriable {@link dev.devora.orchestration.llm.ProviderException}, so the engine's step retries do not
 * multiply the attempts (one retry owner per layer).
 *
 * <pre>{@code
 * RetrySettings retry = RetrySettings.builder().maxRetries(4).maxDelay(Duration.ofSeconds(20)).build();
 * RetrySettings none = RetrySettings.NONE; // let the engine own all retries
 * }</pre>
 *
 * @param maxRetries               retries after the first attempt, ≥ 0
 * @param initialDelay             backoff before the first retry
 * @param maxDelay                 upper bound of the computed backoff
 * @param jitter                   random reduction of each backoff, 0 to 1
 * @param maxServerDelay           the longest server-requested delay the provider will wait for
 * @param retriableAfterExhaustion whether the exception thrown after the last attempt says it is retriable
 */
public record RetrySettings(int maxRetries, Duration initialDelay, Duration maxDelay, double jitter,
                            Duration maxServerDelay, boolean retriableAfterExhaustion) {

    /** The defaults described above. */
    public static final RetrySettings DEFAULTS = builder().build();

    /** No retries in the provider: every failure is thrown with its natural retriability. */
    public static final RetrySettings NONE = builder().maxRetries(0).retriableAfterExhaustion(true).build();

    /**
     * Validates the settings; each out-of-range value is an {@link IllegalArgumentException} naming it.
     *
     * @param maxRetries               retries after the first attempt, ≥ 0
     * @param initialDelay             backoff before the first retry
     * @param maxDelay                 upper bound of the computed backoff
     * @param jitter                   random reduction of each backoff, 0 to 1
     * @param maxServerDelay           the longest server-requested delay the provider will wait for
     * @param retriableAfterExhaustion whether the exception thrown after the last attempt says it is retriable
     */
    public RetrySettings {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be ≥ 0, was " + maxRetries);
        requirePositive("initialDelay", initialDelay);
        requirePositive("maxDelay", maxDelay);
        requirePositive("maxServerDelay", maxServerDelay);
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be ≥ initialDelay (" + initialDelay + "), was " + maxDelay);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
    }

    /** {@return the total attempts, the first one included} */
    public int maxAttempts() {
        return maxRetries + 1;
    }

    /** {@return a builder with the defaults: 2 retries, 0.5 s doubling to 8 s, 25 % jitter, server delays up to 60 s} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these settings, to make a variant} */
    public Builder toBuilder() {
        return new Builder().maxRetries(maxRetries).initialDelay(initialDelay).maxDelay(maxDelay).jitter(jitter)
                .maxServerDelay(maxServerDelay).retriableAfterExhaustion(retriableAfterExhaustion);
    }

    /** Builder for {@link RetrySettings}; {@link #build()} validates. */
    public static final class Builder {
        private int maxRetries = 2;
        private Duration initialDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(8);
        private double jitter = 0.25;
        private Duration maxServerDelay = Duration.ofSeconds(60);
        private boolean retriableAfterExhaustion;

        private Builder() {
        }

        /**
         * Retries after the first attempt (default 2).
         *
         * @param maxRetries ≥ 0
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) { this.maxRetries = maxRetries; return this; }
        /**
         * Backoff before the first retry (default 0.5 s), doubling after each.
         *
         * @param delay positive
         * @return this builder
         */
        public Builder initialDelay(Duration delay) { this.initialDelay = delay; return this; }
        /**
         * Upper bound of the computed backoff (default 8 s).
         *
         * @param delay ≥ {@code initialDelay}
         * @return this builder
         */
        public Builder maxDelay(Duration delay) { this.maxDelay = delay; return this; }
        /**
         * Random reduction of each backoff (default 0.25).
         *
         * @param jitter 0 to 1
         * @return this builder
         */
        public Builder jitter(double jitter) { this.jitter = jitter; return this; }
        /**
         * The longest server-requested delay ({@code Retry-After}) the provider will wait for (default 60 s).
         *
         * @param delay positive
         * @return this builder
         */
        public Builder maxServerDelay(Duration delay) { this.maxServerDelay = delay; return this; }
        /**
         * Whether the exception thrown after the last attempt says it is retriable (default false, so engine retries do not multiply the provider's).
         *
         * @param retriable true to let the engine retry too
         * @return this builder
         */
        public Builder retriableAfterExhaustion(boolean retriable) { this.retriableAfterExhaustion = retriable; return this; }

        /** {@return the validated settings} */
        public RetrySettings build() {
            return new RetrySettings(maxRetries, initialDelay, maxDelay, jitter, maxServerDelay, retriableAfterExhaustion);
        }
    }
}
