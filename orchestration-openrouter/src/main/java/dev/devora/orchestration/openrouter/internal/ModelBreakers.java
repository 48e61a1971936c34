package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.openrouter.CircuitBreakerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One resilience4j circuit breaker per model, judging <em>calls</em>, not attempts. A {@link Call} spans one
 * logical call with all the provider's retries: each attempt asks {@link Call#next()} for the first candidate
 * whose breaker lets calls through (the client-side fallback; the remaining candidates whose breakers do not
 * reject are the server-side fallbacks), and {@link Call#close()} records one outcome per model the call used: a
 * success for the model that answered, one failure for a model whose last failure says it is unhealthy
 * ({@link #counts}), nothing otherwise. A model's permission is taken once per call and kept across its retries,
 * so a half-open breaker's probe is the whole call.
 *
 * <p>When every candidate is rejected and one of them is half-open, {@link Call#next()} waits for its probe calls
 * to end (at most the open duration), so that concurrent calls after an outage go out once a probe has closed the
 * breaker instead of failing. When every candidate is rejected otherwise, {@link Call#next()} throws a retriable {@code CIRCUIT_OPEN}
 * {@link ProviderException} whose {@code retryAfter} is the time until the first of them half-opens and whose
 * cause is the failure that was last counted against it, so the engine's step retry can wait for the probe.
 *
 * <pre>{@code
 * try (ModelBreakers.Call call = breakers.newCall(List.of("a/x", "b/y"))) {
 *     ModelBreakers.Selection s = call.next();
 *     try { LlmResponse r = ...ask s.model()...; call.answered(s, r.model()); return r; }
 *     catch (ProviderException e) { call.failed(s, e); throw e; }
 * }
 * }</pre>
 */
public final class ModelBreakers {
    private static final Logger log = LoggerFactory.getLogger(ModelBreakers.class);

    private final CircuitBreakerRegistry registry;
    private final boolean enabled;
    private final Clock clock;
    private final Duration openDuration;
    /** When each open breaker half-opens; absent for breakers that are not open. */
    private final Map<String, Instant> halfOpenAt = new ConcurrentHashMap<>();
    /** The failure last counted against each model, the cause of a {@code CIRCUIT_OPEN}; cleared when it closes. */
    private final Map<String, ProviderException> lastCounted = new ConcurrentHashMap<>();
    /** Notified whenever a call ends or a breaker changes state: calls waiting for a half-open probe re-check. */
    private final Object callEnded = new Object();

    /** A chosen model and the server-side fallbacks to send with it. A null model is the server's default. */
    public record Selection(String model, List<String> serverFallbacks) {
    }

    /**
     * @param settings the breaker tuning
     * @param clock    the time the breakers judge their open duration by (injected in tests)
     */
    public ModelBreakers(CircuitBreakerSettings settings, Clock clock) {
        this.enabled = settings.enabled();
        this.clock = clock;
        this.openDuration = settings.openDuration();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.windowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofDays(1)) // LLM calls are slow by nature; only failures count
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
        registry.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(t -> onTransition(t.getCircuitBreakerName(), t.getStateTransition())));
    }

    private void onTransition(String model, CircuitBreaker.StateTransition transition) {
        CircuitBreaker.State to = transition.getToState();
        if (to == CircuitBreaker.State.OPEN) {
            halfOpenAt.put(model, clock.instant().plus(openDuration)); // as resilience4j computes it, same clock
        } else {
            halfOpenAt.remove(model);
        }
        if (to == CircuitBreaker.State.CLOSED) lastCounted.remove(model);
        log.info("circuit for model={}: {} -> {}", model, transition.getFromState(), to);
        wakeWaiters();
    }

    private void wakeWaiters() {
        synchronized (callEnded) {
            callEnded.notifyAll();
        }
    }

    /** Whether a candidate's breaker is half-open: its probe calls are under way and will decide it. */
    private boolean probing(List<String> candidates) {
        for (String model : candidates) {
            if (model != null && registry.circuitBreaker(model).getState() == CircuitBreaker.State.HALF_OPEN) return true;
        }
        return false;
    }

    /** Starts one logical call over {@code candidates} (in preference order); close it when the call ends. */
    public Call newCall(List<String> candidates) {
        return new Call(candidates);
    }

    /** Whether the model's breaker currently rejects calls (open, and its open duration not over yet). */
    public boolean isOpen(String model) {
        return enabled && model != null && rejects(model, registry.circuitBreaker(model));
    }

    private boolean rejects(String model, CircuitBreaker cb) {
        switch (cb.getState()) {
            case FORCED_OPEN:
                return true;
            case OPEN:
                Instant at = halfOpenAt.get(model);
                return at == null || !clock.instant().isAfter(at); // resilience4j half-opens strictly after
            default:
                return false;
        }
    }

    /**
     * The shortest whole-millisecond wait after which the model's open breaker lets a probe through (resilience4j
     * half-opens strictly after its open duration, hence the +1 ms); null if not known.
     */
    private Duration untilHalfOpen(String model) {
        Instant at = halfOpenAt.get(model);
        if (at == null) return null;
        long left = Duration.between(clock.instant(), at).toNanos();
        return Duration.ofMillis(Math.max(0, Math.floorDiv(left, 1_000_000L)) + 1);
    }

    private ProviderException circuitOpen(List<String> candidates) {
        Duration wait = null;
        ProviderException cause = null;
        for (String model : candidates) {
            if (model == null) continue;
            Duration w = untilHalfOpen(model);
            if (w != null && (wait == null || w.compareTo(wait) < 0)) wait = w;
            if (cause == null) cause = lastCounted.get(model);
        }
        return ProviderException.builder(ProviderErrorKind.CIRCUIT_OPEN, "circuit open for every model tried: "
                        + candidates + (wait == null ? " (probe calls under way)" : ""))
                .model(candidates.isEmpty() ? null : candidates.get(0))
                .retryAfter(wait)
                .cause(cause)
                .build();
    }

    /**
     * Failures that say a model or its route is unhealthy: 5xx, timeouts, I/O errors and malformed answers. Never
     * rate limiting (429), and never a failure that carries a server delay ({@code Retry-After}): the server is
     * answering and has said when to come back, which the retry layers honour.
     */
    static boolean counts(Throwable e) {
        if (!(e instanceof ProviderException pe) || pe.retryAfter().isPresent()) return false;
        switch (pe.kind()) {
            case SERVER_ERROR: case TIMEOUT: case NETWORK: case MALFORMED_RESPONSE:
                return true;
            default:
                return false;
        }
    }

    /** The breaker permissions and outcomes of one logical call. Not thread-safe: one call, one thread. */
    public final class Call implements AutoCloseable {
        private final List<String> candidates;
        private final Map<String, Permission> held = new LinkedHashMap<>(4);
        private String answeredBy;
        private boolean credited;

        private Call(List<String> candidates) {
            this.candidates = candidates;
        }

        /**
         * The model for the next attempt: the first candidate whose breaker admits the call (a permission taken
         * by an earlier attempt of this call is kept, unless other calls opened the breaker meanwhile). When every
         * candidate is rejected while one is half-open, waits for its probe calls to end (at most the open
         * duration) and looks again.
         *
         * @throws ProviderException        of kind {@code CIRCUIT_OPEN} when every candidate is rejected
         * @throws InterruptedCallException when interrupted while waiting for a probe
         */
        public Selection next() {
            long deadline = System.nanoTime() + openDuration.toNanos();
            synchronized (callEnded) { // a probe that ends between the look and the wait notifies after the wait began
                while (true) {
                    Selection s = firstAdmitted();
                    if (s != null) return s;
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !probing(candidates)) throw circuitOpen(candidates);
                    try {
                        TimeUnit.NANOSECONDS.timedWait(callEnded, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedCallException("interrupted while waiting for the probe call of " + candidates, e);
                    }
                }
            }
        }

        private Selection firstAdmitted() {
            for (int i = 0; i < candidates.size(); i++) {
                String model = candidates.get(i);
                if (!admits(model)) continue;
                List<String> rest = new ArrayList<>();
                for (String next : candidates.subList(i + 1, candidates.size())) {
                    if (next != null && !isOpen(next)) rest.add(next);
                }
                return new Selection(model, rest);
            }
            return null;
        }

        private boolean admits(String model) {
            if (model == null || !enabled) return true;
            CircuitBreaker cb = registry.circuitBreaker(model);
            Permission permission = held.get(model);
            if (permission != null) {
                if (!rejects(model, cb)) return true;
                held.remove(model); // opened by other calls while this one was retrying
                cb.releasePermission();
                return false;
            }
            if (!cb.tryAcquirePermission()) {
                log.debug("circuit for model={} is {}; trying the next model", model, cb.getState());
                return false;
            }
            held.put(model, new Permission(cb, System.nanoTime()));
            return true;
        }

        /** Notes an attempt's failure; the last one of each model decides what {@link #close()} records. */
        public void failed(Selection s, Throwable failure) {
            Permission permission = s.model() == null ? null : held.get(s.model());
            if (permission != null) permission.lastFailure = failure;
        }

        /**
         * Notes that the call succeeded; the asked model is credited only if it answered itself (not one of its
         * server-side fallbacks).
         */
        public void answered(Selection s, String answeredModel) {
            answeredBy = s.model();
            credited = answeredModel == null || answeredModel.equals(s.model());
        }

        /** Records the call's outcome on every breaker it holds a permission of. */
        @Override
        public void close() {
            for (Map.Entry<String, Permission> e : held.entrySet()) {
                String model = e.getKey();
                Permission p = e.getValue();
                long nanos = System.nanoTime() - p.startNanos;
                if (model.equals(answeredBy)) {
                    if (credited) p.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                    else p.breaker.releasePermission();
                } else if (counts(p.lastFailure)) {
                    ProviderException failure = (ProviderException) p.lastFailure;
                    lastCounted.put(model, failure);
                    p.breaker.onError(nanos, TimeUnit.NANOSECONDS, new RecordedFailure(failure));
                } else {
                    p.breaker.releasePermission();
                }
            }
            if (!held.isEmpty()) wakeWaiters();
            held.clear();
        }
    }

    /**
     * What resilience4j is told about a counted failure: its kind and HTTP status, never its message or raw detail.
     * resilience4j logs the throwable it records (at debug level), and a provider's message or raw detail may quote
     * an upstream body, which must never reach a log.
     */
    private static final class RecordedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RecordedFailure(ProviderException e) {
            super(e.kind().description() + (e.httpStatus().isPresent() ? " (HTTP " + e.httpStatus().getAsInt() + ")" : ""),
                    null, false, false);
        }
    }

    private static final class Permission {
        final CircuitBreaker breaker;
        final long startNanos;
        Throwable lastFailure;

        Permission(CircuitBreaker breaker, long startNanos) {
            this.breaker = breaker;
            this.startNanos = startNanos;
        }
    }
}
