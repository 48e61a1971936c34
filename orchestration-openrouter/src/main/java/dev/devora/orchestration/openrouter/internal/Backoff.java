package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.openrouter.RetrySettings;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter, as openai-java computes it: {@code min(initial · 2^(n-1), max) · (1 − jitter·r)}
 * for retry {@code n} with {@code r} uniform in [0, 1).
 *
 * <pre>{@code
 * Duration wait = new Backoff(RetrySettings.DEFAULTS, Math::random).delay(1); // 0.375 s to 0.5 s
 * }</pre>
 */
public final class Backoff {
    private final RetrySettings settings;
    private final DoubleSupplier random;

    public Backoff(RetrySettings settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    /** The delay before retry {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        double base = settings.initialDelay().toNanos() * Math.pow(2, Math.max(0, retry - 1));
        double capped = Math.min(base, settings.maxDelay().toNanos());
        double jittered = capped * (1 - settings.jitter() * random.getAsDouble());
        return Duration.ofNanos((long) jittered);
    }
}
