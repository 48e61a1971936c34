package dev.devora.orchestration.openrouter;

import java.time.Duration;

/**
 * The client-side circuit breaker kept per model, tuned for LLM traffic. resilience4j's defaults need 100 calls
 * before the breaker can open, which an agent workflow never reaches; these open after a handful of failed calls.
 *
 * <p>The breaker judges <em>calls</em>, not attempts: one call with all the provider's own retries is one outcome,
 * recorded when the call ends. A call that succeeds after a failed attempt is a success. A call that fails counts
 * only when its last failure says the model or its route is unhealthy: 5xx, timeouts, I/O errors and malformed
 * answers. Rate limiting (429) never counts, nor does any failure that carries a server delay
 * ({@code Retry-After}, e.g. a 503 overload): the server is answering and has said when to come back, which the
 * retry layers honour, so such answers never open the breaker. Invalid requests, authentication, credits,
 * moderation and interrupted calls do not count either.
 *
 * <p>While a model's breaker is open the provider sends the request to the next model of the request's fallback
 * list. With no model left it throws a retriable {@code CIRCUIT_OPEN}
 * {@link dev.devora.orchestration.llm.ProviderException} whose {@code retryAfter} is the time until the breaker
 * half-opens and whose cause is the last failure counted, so the engine's step retry waits for it. After
 * {@code openDuration} it lets {@code halfOpenCalls} probe calls through and closes again if they succeed; other
 * calls to it meanwhile wait for the probes (at most {@code openDuration}) instead of failing.
 *
 * <p>Defaults: enabled, window of the last 10 calls, opens when at least 5 calls were made and 50 % failed,
 * stays open 30 s, 1 probe call.
 *
 * <pre>{@code
 * CircuitBreakerSettings cb = CircuitBreakerSettings.builder().minimumCalls(3).openDuration(Duration.ofSeconds(10)).build();
 * }</pre>
 *
 * @param enabled              false to never open
 * @param windowSize           number of recent calls considered, ≥ 1
 * @param minimumCalls         calls needed before the failure rate is judged, 1 to {@code windowSize}
 * @param failureRateThreshold failure percentage that opens the breaker, in (0, 100]
 * @param openDuration         how long the breaker stays open before probing
 * @param halfOpenCalls        probe calls allowed while half-open, ≥ 1
 */
public record CircuitBreakerSettings(boolean enabled, int windowSize, int minimumCalls, float failureRateThreshold,
                                     Duration openDuration, int halfOpenCalls) {

    /** The defaults described above. */
    public static final CircuitBreakerSettings DEFAULTS = builder().build();

    /** A breaker that never opens. */
    public static final CircuitBreakerSettings DISABLED = builder().enabled(false).build();

    /**
     * Validates the settings; each out-of-range value is an {@link IllegalArgumentException} naming it.
     *
     * @param enabled              false to never open
     * @param windowSize           number of recent calls considered, ≥ 1
     * @param minimumCalls         calls needed before the failure rate is judged, 1 to {@code windowSize}
     * @param failureRateThreshold failure percentage that opens the breaker, in (0, 100]
     * @param openDuration         how long the breaker stays open before probing
     * @param halfOpenCalls        probe calls allowed while half-open, ≥ 1
     */
    public CircuitBreakerSettings {
        if (windowSize < 1) throw new IllegalArgumentException("windowSize must be ≥ 1, was " + windowSize);
        if (minimumCalls < 1 || minimumCalls > windowSize) {
            throw new IllegalArgumentException("minimumCalls must be between 1 and windowSize (" + windowSize
                    + "), was " + minimumCalls);
        }
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException("failureRateThreshold must be in (0, 100], was " + failureRateThreshold);
        }
        if (openDuration == null || openDuration.isNegative() || openDuration.isZero()) {
            throw new IllegalArgumentException("openDuration must be positive, was " + openDuration);
        }
        if (halfOpenCalls < 1) throw new IllegalArgumentException("halfOpenCalls must be ≥ 1, was " + halfOpenCalls);
    }

    /** {@return a builder with the defaults described above} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these settings, to make a variant} */
    public Builder toBuilder() {
        return new Builder().enabled(enabled).windowSize(windowSize).minimumCalls(minimumCalls)
                .failureRateThreshold(failureRateThreshold).openDuration(openDuration).halfOpenCalls(halfOpenCalls);
    }

    /** Builder for {@link CircuitBreakerSettings}; {@link #build()} validates. */
    public static final class Builder {
        private boolean enabled = true;
        private int windowSize = 10;
        private int minimumCalls = 5;
        private float failureRateThreshold = 50;
        private Duration openDuration = Duration.ofSeconds(30);
        private int halfOpenCalls = 1;

        private Builder() {
        }

        /**
         * Whether the breaker may open (default true).
         *
         * @param enabled false to never open
         * @return this builder
         */
        public Builder enabled(boolean enabled) { this.enabled = enabled; return this; }
        /**
         * Number of recent calls considered (default 10).
         *
         * @param size ≥ 1
         * @return this builder
         */
        public Builder windowSize(int size) { this.windowSize = size; return this; }
        /**
         * Calls needed before the failure rate is judged (default 5).
         *
         * @param calls 1 to {@code windowSize}
         * @return this builder
         */
        public Builder minimumCalls(int calls) { this.minimumCalls = calls; return this; }
        /**
         * Failure percentage that opens the breaker (default 50).
         *
         * @param percent in (0, 100]
         * @return this builder
         */
        public Builder failureRateThreshold(float percent) { this.failureRateThreshold = percent; return this; }
        /**
         * How long the breaker stays open before probing (default 30 s).
         *
         * @param duration positive
         * @return this builder
         */
        public Builder openDuration(Duration duration) { this.openDuration = duration; return this; }
        /**
         * Probe calls allowed while half-open (default 1).
         *
         * @param calls ≥ 1
         * @return this builder
         */
        public Builder halfOpenCalls(int calls) { this.halfOpenCalls = calls; return this; }

        /** {@return the validated settings} */
        public CircuitBreakerSettings build() {
            return new CircuitBreakerSettings(enabled, windowSize, minimumCalls, failureRateThreshold, openDuration,
                    halfOpenCalls);
        }
    }
}
