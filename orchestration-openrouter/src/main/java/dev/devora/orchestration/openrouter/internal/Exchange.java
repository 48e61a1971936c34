package dev.devora.orchestration.openrouter.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP exchange whose headers have arrived and whose body is still to be read, under a deadline: when the
 * deadline passes, a watchdog closes the body so a blocked read returns and {@link #expired()} tells why. Reads
 * honour interrupts (see {@link InterruptibleBodySubscriber}).
 * Closing the exchange closes the connection's body stream (which aborts a stream that has not finished).
 *
 * <pre>{@code
 * try (Exchange ex = transport.send(request, timeout)) {
 *     byte[] body = ex.readAll();
 * }
 * }</pre>
 */
public final class Exchange implements AutoCloseable {
    private final HttpResponse<InputStream> response;
    private final Duration timeout;
    private final long startNanos;
    private final AtomicBoolean expired;
    private volatile ScheduledFuture<?> watchdog;

    Exchange(HttpResponse<InputStream> response, Duration timeout, long startNanos, AtomicBoolean expired) {
        this.response = response;
        this.timeout = timeout;
        this.startNanos = startNanos;
        this.expired = expired;
    }

    void watchdog(ScheduledFuture<?> watchdog) {
        this.watchdog = watchdog;
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    public InputStream body() {
        return response.body();
    }

    /** The timeout this exchange runs under. */
    public Duration timeout() {
        return timeout;
    }

    /** Time since the request was sent. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Whether the deadline passed (then the body was closed by the watchdog). */
    public boolean expired() {
        return expired.get();
    }

    /** Reads the whole body. */
    public byte[] readAll() throws IOException {
        return response.body().readAllBytes();
    }

    @Override
    public void close() {
        ScheduledFuture<?> w = watchdog;
        if (w != null) w.cancel(false);
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing is best effort: the connection is discarded either way
        }
    }
}
