package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.ProviderException;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends requests with the JDK {@link HttpClient} under a whole-exchange deadline (the JDK's own request timeout only
 * covers the wait for headers), and turns transport failures into {@link ProviderException}s: timeouts into
 * {@code TIMEOUT}, I/O errors into {@code NETWORK}. If the calling thread is interrupted, the exchange is cancelled,
 * the interrupt status is kept and {@link InterruptedCallException} is thrown.
 *
 * <pre>{@code
 * try (Exchange ex = transport.send(request, Duration.ofSeconds(60), "openai/gpt-4o")) { ... }
 * }</pre>
 */
public final class HttpTransport {
    private final HttpClient client;
    private final ScheduledExecutorService watchdogs;

    public HttpTransport(HttpClient client) {
        this.client = client;
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "openrouter-deadline");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        s.setKeepAliveTime(10, TimeUnit.SECONDS);
        s.allowCoreThreadTimeOut(true);
        this.watchdogs = s;
    }

    /** Sends the request and waits for the response headers; the body is then read under the same deadline. */
    public Exchange send(HttpRequest request, Duration timeout, String model) {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedCallException("call to " + model + " interrupted before it was sent", null);
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> response =
                await(client.sendAsync(request, info -> new InterruptibleBodySubscriber()), timeout, model);
        AtomicBoolean expired = new AtomicBoolean();
        Exchange exchange = new Exchange(response, timeout, start, expired);
        long remaining = timeout.toNanos() - (System.nanoTime() - start);
        exchange.watchdog(watchdogs.schedule(() -> {
            expired.set(true);
            exchange.close();
        }, Math.max(0, remaining), TimeUnit.NANOSECONDS));
        return exchange;
    }

    /** A complete, non-streamed answer. */
    public record Answer(int status, java.net.http.HttpHeaders headers, byte[] body, Duration elapsed) {
    }

    /**
     * Sends the request and reads the whole body under one deadline, for answers that are not streamed. The blocking
     * {@code HttpClient.send} runs on the calling thread: unlike {@code sendAsync}, whose future the JDK completes
     * through one more hand-off to a shared pool, it returns on the thread that read the answer. The request's own
     * timeout bounds the wait for the headers; a timer task aborts the body read at the deadline. An interrupt makes
     * the JDK cancel the exchange (closing the connection) and is rethrown as {@link InterruptedCallException} with the
     * thread's interrupt status kept. A response the JDK cannot read is a {@code NETWORK} failure, as in {@link #send}.
     */
    public Answer sendForBytes(HttpRequest request, Duration timeout, String model) {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedCallException("call to " + model + " interrupted before it was sent", null);
        }
        long start = System.nanoTime();
        DeadlineBodyHandler body = new DeadlineBodyHandler();
        ScheduledFuture<?> deadline = watchdogs.schedule(body::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            HttpResponse<byte[]> response = client.send(request, body);
            return new Answer(response.statusCode(), response.headers(), response.body(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedCallException("call to " + model + " interrupted", e);
        } catch (HttpTimeoutException e) {
            throw ErrorMapper.timeout(timeout, model, null, e);
        } catch (IOException e) {
            if (body.expired()) throw ErrorMapper.timeout(timeout, model, null, e);
            throw ErrorMapper.network(e, model, null);
        } catch (IllegalArgumentException e) {
            // the JDK's word for a response it cannot read (a Content-Length that is no number): a protocol error,
            // as sendAsync reports it, so it is typed and its text (the server's header) is redacted with the rest
            throw ErrorMapper.network(new IOException(e.getMessage(), e), model, null);
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Waits for an exchange within the timeout; an interrupt or the timeout cancels it (aborting the connection),
     * failures are mapped to typed exceptions.
     */
    private static <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> future, Duration timeout, String model) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedCallException("call to " + model + " interrupted", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw ErrorMapper.timeout(timeout, model, null, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) throw ErrorMapper.timeout(timeout, model, null, cause);
            if (cause instanceof IOException io) throw ErrorMapper.network(io, model, null);
            throw ErrorMapper.network(new IOException(String.valueOf(cause), cause), model, null);
        }
    }

    /**
     * Maps a failure while reading a body: the deadline, an interrupt (re-thrown as
     * {@link InterruptedCallException}) or an I/O error.
     */
    public static RuntimeException readFailure(Exchange ex, IOException e, String model, String partial) {
        if (Thread.currentThread().isInterrupted() || hasInterruptedCause(e)) {
            Thread.currentThread().interrupt();
            return new InterruptedCallException("call to " + model + " interrupted while reading the answer", e);
        }
        if (ex.expired()) return ErrorMapper.timeout(ex.timeout(), model, partial, e);
        return ErrorMapper.network(e, model, partial);
    }

    /** Throws {@link InterruptedCallException} if the calling thread was interrupted (a body read may have been cut). */
    public static void checkInterrupted(String model) {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedCallException("call to " + model + " interrupted while reading the answer", null);
        }
    }

    private static boolean hasInterruptedCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    && !(t instanceof java.net.SocketTimeoutException)) {
                return true;
            }
        }
        return false;
    }
}
