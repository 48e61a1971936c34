package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.openrouter.RetrySettings;
import dev.devora.orchestration.openrouter.Sleeper;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs one logical call with retries and per-model circuit breakers. resilience4j-retry decides whether and how
 * many times to retry (retriable {@link ProviderException}s only, never {@code CIRCUIT_OPEN}, never once a
 * stream has delivered a token) and keeps the metrics; the wait itself is done by the injected {@link Sleeper}, so
 * it is interruptible and tests need not sleep. The whole call, retries included, is one {@link ModelBreakers.Call}:
 * the breakers judge its outcome once, after the retries, never each attempt. Each attempt asks the first model
 * whose breaker admits the call, so a breaker that other calls open during the retries moves the next attempt to
 * the next fallback model.
 *
 * <p>When the retries are exhausted, the last failure is re-thrown with
 * {@link RetrySettings#retriableAfterExhaustion()} as its retriability and "(gave up after N attempts)" at the end
 * of its {@code getMessage()} (its {@code providerMessage()} stays the provider's own). A server-requested delay
 * above {@link RetrySettings#maxServerDelay()} fails at once, non-retriable. A {@code CIRCUIT_OPEN} failure is
 * thrown as the breakers built it: retriable, with the time until the breaker half-opens as its {@code retryAfter},
 * so the engine's step retry (the owner of that wait) can come back for the probe.
 *
 * <pre>{@code
 * LlmResponse r = caller.call(List.of("a/x", "b/y"), sel -> chat.complete(...sel.model()...), LlmResponse::model,
 *         () -> false);
 * }</pre>
 */
public final class ResilientCaller {
    private static final Logger log = LoggerFactory.getLogger(ResilientCaller.class);

    private final RetrySettings settings;
    private final Retry retry;
    private final ModelBreakers breakers;
    private final Backoff backoff;
    private final Sleeper sleeper;

    public ResilientCaller(String name, RetrySettings settings, ModelBreakers breakers, Backoff backoff, Sleeper sleeper) {
        this.settings = settings;
        this.breakers = breakers;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalBiFunction((attempt, result) -> 0L) // the Sleeper waits, after the decision is made
                .retryOnException(ResilientCaller::retriable)
                .failAfterMaxAttempts(false)
                .build());
    }

    private static boolean retriable(Throwable t) {
        return t instanceof ProviderException pe && pe.isRetriable() && pe.kind() != ProviderErrorKind.CIRCUIT_OPEN;
    }

    /** The resilience4j retry, for its metrics and events. */
    public Retry retry() {
        return retry;
    }

    /**
     * @param candidates     models in preference order (the first one whose breaker admits the call is asked)
     * @param attempt        one attempt against a selection
     * @param answeredModel  extracts the model that answered, to credit the right breaker
     * @param tokensSent     true once a stream has delivered a token: then failures are never retried
     */
    public <T> T call(List<String> candidates, Function<ModelBreakers.Selection, T> attempt,
                      Function<T, String> answeredModel, BooleanSupplier tokensSent) {
        Retry.Context<T> context = retry.context();
        try (ModelBreakers.Call breakerCall = breakers.newCall(candidates)) {
            for (int n = 1; ; n++) {
                ModelBreakers.Selection selection = breakerCall.next();
                try {
                    T result = attempt.apply(selection);
                    breakerCall.answered(selection, answeredModel.apply(result));
                    context.onComplete();
                    if (n > 1) log.debug("model={} answered on attempt {}", selection.model(), n);
                    return result;
                } catch (ProviderException e) {
                    breakerCall.failed(selection, e);
                    if (tokensSent.getAsBoolean()) throw e; // never retry a stream that has started
                    Duration delay = e.retryAfter().orElse(null);
                    if (delay != null && e.isRetriable() && delay.compareTo(settings.maxServerDelay()) > 0) {
                        throw ErrorMapper.rebuild(e, false, "(the server asked to wait " + ErrorMapper.human(delay)
                                + ", more than the " + ErrorMapper.human(settings.maxServerDelay()) + " limit)");
                    }
                    try {
                        context.onRuntimeError(e);
                    } catch (RuntimeException giveUp) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw interrupted(breakerCall, selection, "call to " + selection.model() + " interrupted", e);
                        }
                        if (retriable(e) && n >= settings.maxAttempts()) {
                            if (n == 1 && settings.retriableAfterExhaustion()) throw e; // no retries configured
                            throw ErrorMapper.rebuild(e, settings.retriableAfterExhaustion(),
                                    n == 1 ? null : "(gave up after " + n + " attempts)");
                        }
                        throw e;
                    }
                    Duration wait = delay != null ? delay : backoff.delay(n);
                    log.debug("attempt {} on model={} failed ({}); retrying in {} ms", n, selection.model(),
                            e.kind().description(), wait.toMillis());
                    try {
                        sleeper.sleep(wait);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw interrupted(breakerCall, selection, "call to " + selection.model()
                                + " interrupted while waiting to retry", ie);
                    }
                } catch (RuntimeException other) {
                    breakerCall.failed(selection, other);
                    if (other instanceof OrchestrationException || other instanceof CancellationException) throw other;
                    // the SPI promises typed failures only: a defect in mapping must not escape as a raw exception
                    throw ProviderException.builder(ProviderErrorKind.UNKNOWN, "unexpected " + other.getClass().getName()
                            + " while calling " + selection.model()).model(selection.model()).cause(other).build();
                }
            }
        }
    }

    /** An interrupted call says nothing about the model's health: its breaker records nothing. */
    private static InterruptedCallException interrupted(ModelBreakers.Call breakerCall, ModelBreakers.Selection s,
                                                        String message, Throwable cause) {
        InterruptedCallException e = new InterruptedCallException(message, cause);
        breakerCall.failed(s, e);
        return e;
    }
}
