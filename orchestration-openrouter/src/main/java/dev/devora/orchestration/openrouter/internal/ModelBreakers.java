package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.openrouter.CircuitBreakerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One resilience4j circuit breaker per model. {@link #select} picks the first model of a candidate list whose
 * breaker lets a call through (the client-side fallback), and names the rest, minus open ones, as the server-side
 * fallbacks. Outcomes are recorded against the model that was asked first.
 *
 * <pre>{@code
 * ModelBreakers.Selection s = breakers.select(List.of("a/x", "b/y"));
 * try { ...call s.model()... ; breakers.onSuccess(s, answeredModel); }
 * catch (ProviderException e) { breakers.onError(s, e); throw e; }
 * }</pre>
 */
public final class ModelBreakers {
    private static final Logger log = LoggerFactory.getLogger(ModelBreakers.class);

    private final CircuitBreakerRegistry registry;
    private final boolean enabled;

    /** A chosen model, the server-side fallbacks to send with it, and the permission taken on its breaker. */
    public record Selection(String model, List<String> serverFallbacks, CircuitBreaker breaker, long startNanos) {
    }

    public ModelBreakers(CircuitBreakerSettings settings) {
        this.enabled = settings.enabled();
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
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
        registry.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(t -> log.info("circuit for model={}: {} -> {}", t.getCircuitBreakerName(),
                        t.getStateTransition().getFromState(), t.getStateTransition().getToState())));
    }

    /**
     * Selects the first candidate whose breaker permits a call. Throws a non-retriable {@code CIRCUIT_OPEN}
     * exception when every candidate's breaker is open. A null candidate (the server's default model) has no breaker.
     */
    public Selection select(List<String> candidates) {
        for (int i = 0; i < candidates.size(); i++) {
            String model = candidates.get(i);
            CircuitBreaker cb = model == null || !enabled ? null : registry.circuitBreaker(model);
            if (cb != null && !cb.tryAcquirePermission()) {
                log.debug("circuit for model={} is {}; trying the next model", model, cb.getState());
                continue;
            }
            List<String> rest = new ArrayList<>();
            for (String next : candidates.subList(i + 1, candidates.size())) {
                if (next != null && !isOpen(next)) rest.add(next);
            }
            return new Selection(model, rest, cb, System.nanoTime());
        }
        throw ProviderException.builder(ProviderErrorKind.CIRCUIT_OPEN,
                        "circuit open for every model tried: " + candidates)
                .model(candidates.isEmpty() ? null : candidates.get(0))
                .retriable(false)
                .build();
    }

    /** Whether the model's breaker currently rejects calls. */
    public boolean isOpen(String model) {
        if (!enabled || model == null) return false;
        CircuitBreaker.State state = registry.circuitBreaker(model).getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /** Records a success, unless another model answered (then the first one is not credited). */
    public void onSuccess(Selection s, String answeredModel) {
        if (s.breaker() == null) return;
        if (answeredModel == null || answeredModel.equals(s.model())) {
            s.breaker().onSuccess(System.nanoTime() - s.startNanos(), TimeUnit.NANOSECONDS);
        } else {
            s.breaker().releasePermission();
        }
    }

    /** Records a failure if it says the model is unhealthy; otherwise releases the permission. */
    public void onError(Selection s, Throwable e) {
        if (s.breaker() == null) return;
        if (counts(e)) {
            s.breaker().onError(System.nanoTime() - s.startNanos(), TimeUnit.NANOSECONDS, e);
        } else {
            s.breaker().releasePermission();
        }
    }

    /** Failures that say a model or its route is unhealthy. */
    static boolean counts(Throwable e) {
        if (!(e instanceof ProviderException pe)) return false;
        switch (pe.kind()) {
            case SERVER_ERROR: case TIMEOUT: case NETWORK: case RATE_LIMITED: case MALFORMED_RESPONSE:
                return true;
            default:
                return false;
        }
    }
}
