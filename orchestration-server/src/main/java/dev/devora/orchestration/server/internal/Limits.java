package dev.devora.orchestration.server.internal;

import dev.devora.orchestration.server.AccessTokens;
import dev.devora.orchestration.server.ApiException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The service's limits: a token bucket per accepted bearer token (kept by the token's SHA-256, never the token), a
 * cap on the runs executing at once, and the request-size limit answered in the API's error shape. Each refusal is
 * an {@link ApiException} with status 429 (and a {@code Retry-After} header in whole seconds) or 413.
 *
 * <pre>{@code
 * Limits limits = new Limits(60, 600, 64, maxBodyBytes, System::nanoTime);
 * limits.throttle(ctx, presentedToken);              // 429 rate_limited when the bucket is empty
 * Runnable release = limits.acquireRun(ctx);          // 429 too_many_runs when the cap is reached
 * run.result().whenComplete((r, e) -> release.run());
 * }</pre>
 */
public final class Limits {
    /** Seconds a client is told to wait when the concurrent-run cap is reached. */
    public static final int RUNS_RETRY_AFTER_SECONDS = 5;

    private final int burst;
    private final int perMinute;
    private final int maxRuns;
    private final long maxBodyBytes;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger activeRuns = new AtomicInteger();

    /**
     * Limits with the given sizes.
     *
     * @param burst        requests a token may make at once (the bucket's size), at least 1
     * @param perMinute    requests a token regains per minute, at least 1
     * @param maxRuns      runs executing at once, at least 1
     * @param maxBodyBytes the largest request body
     * @param nanos        the clock ({@code System::nanoTime})
     * @throws IllegalArgumentException when a size is below 1
     */
    public Limits(int burst, int perMinute, int maxRuns, long maxBodyBytes, LongSupplier nanos) {
        if (burst < 1) throw new IllegalArgumentException("rate limit burst must be at least 1, was " + burst);
        if (perMinute < 1) throw new IllegalArgumentException("rate limit per minute must be at least 1, was " + perMinute);
        if (maxRuns < 1) throw new IllegalArgumentException("max concurrent runs must be at least 1, was " + maxRuns);
        this.burst = burst;
        this.perMinute = perMinute;
        this.maxRuns = maxRuns;
        this.maxBodyBytes = maxBodyBytes;
        this.nanos = nanos;
    }

    /**
     * Takes one request from the token's bucket.
     *
     * @param ctx   the request (gets {@code Retry-After} when refused)
     * @param token the accepted bearer token
     * @throws ApiException 429 {@code rate_limited} when the bucket is empty
     */
    public void throttle(Context ctx, String token) {
        Bucket b = buckets.computeIfAbsent(AccessTokens.hashOf(token), k -> new Bucket(burst, nanos.getAsLong()));
        long waitNanos = b.take(nanos.getAsLong(), burst, perMinute);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ApiException(429, "rate_limited", "this token made more than " + burst + " requests at once ("
                    + perMinute + " a minute are regained): retry in " + seconds + " s", "Authorization");
        }
    }

    /**
     * Takes a run slot.
     *
     * @param ctx the request (gets {@code Retry-After} when refused)
     * @return what gives the slot back (idempotent)
     * @throws ApiException 429 {@code too_many_runs} when {@code maxRuns} runs are executing
     */
    public Runnable acquireRun(Context ctx) {
        Runnable slot = tryAcquireRun();
        if (slot == null) {
            ctx.header("Retry-After", Integer.toString(RUNS_RETRY_AFTER_SECONDS));
            throw new ApiException(429, "too_many_runs", "the service is executing " + activeRuns.get() + " runs, its limit of "
                    + maxRuns + " concurrent runs: retry in " + RUNS_RETRY_AFTER_SECONDS + " s", null);
        }
        return slot;
    }

    /** {@return what gives a run slot just taken back (idempotent); or null when {@code maxRuns} runs are executing} */
    public Runnable tryAcquireRun() {
        while (true) {
            int n = activeRuns.get();
            if (n >= maxRuns) return null;
            if (activeRuns.compareAndSet(n, n + 1)) break;
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) activeRuns.decrementAndGet();
        };
    }

    /** {@return the runs executing now (holding a slot)} */
    public int activeRuns() {
        return activeRuns.get();
    }

    /** {@return the concurrent-run cap} */
    public int maxRuns() {
        return maxRuns;
    }

    /**
     * Refuses a body declared larger than the limit before it is read (a body without a length is counted while it
     * is read, see {@link #tooLarge}).
     *
     * @param ctx the request
     * @throws ApiException 413 {@code payload_too_large}
     */
    public void checkDeclaredSize(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > maxBodyBytes) throw tooLarge(declared);
    }

    /**
     * The API's answer to Javalin's own refusals ({@link HttpResponseException}, e.g. the 413 it throws when a body
     * without a declared length grows past {@code maxRequestSize} while it is read).
     *
     * @param e   the refusal
     * @param ctx the request
     * @return the same status in the API's error shape: {@code payload_too_large}, {@code not_found} (as for a
     *         path without a route), {@code method_not_allowed}, else {@code http_<status>}
     */
    public ApiException translate(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 413 -> tooLarge(-1);
            case 404 -> new ApiException(404, "not_found", "no route " + ctx.method() + " " + ctx.path(), null);
            case 405 -> new ApiException(405, "method_not_allowed", "no route " + ctx.method() + " " + ctx.path()
                    + " (the path has routes for other methods)", null);
            default -> new ApiException(e.getStatus(), "http_" + e.getStatus(), String.valueOf(e.getMessage()), null);
        };
    }

    private ApiException tooLarge(long declared) {
        return new ApiException(413, "payload_too_large", "the request body " + (declared >= 0 ? "of " + declared
                + " bytes " : "") + "is larger than the limit of " + maxBodyBytes + " bytes", "body");
    }

    @Override
    public String toString() {
        return "Limits[burst " + burst + ", " + perMinute + "/min per token, " + activeRuns.get() + "/" + maxRuns
                + " runs, body ≤ " + maxBodyBytes + " B]";
    }

    /** A token bucket, refilled continuously. */
    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.at = now;
        }

        /** Takes one; returns 0, or the nanoseconds until one is available. */
        synchronized long take(long now, int burst, int perMinute) {
            double perNano = perMinute / 60e9;
            tokens = Math.min(burst, tokens + (now - at) * perNano);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }
    }
}
