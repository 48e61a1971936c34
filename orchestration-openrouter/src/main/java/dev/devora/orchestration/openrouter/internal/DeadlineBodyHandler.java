package dev.devora.orchestration.openrouter.internal;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a whole body into a {@code byte[]}, like {@code BodyHandlers.ofByteArray()}, but can be aborted by a deadline:
 * {@link #expire()} cancels the body's subscription (the client then drops the connection) and fails the body with an
 * {@link HttpTimeoutException}, which makes a blocked {@code HttpClient.send} return at once. The JDK's own request
 * timeout stops only the wait for the response headers; this covers the body. One handler serves one exchange.
 *
 * <pre>{@code
 * DeadlineBodyHandler handler = new DeadlineBodyHandler();
 * ScheduledFuture<?> deadline = timer.schedule(handler::expire, 60, TimeUnit.SECONDS);
 * HttpResponse<byte[]> response = client.send(request, handler);
 * }</pre>
 */
public final class DeadlineBodyHandler implements HttpResponse.BodyHandler<byte[]> {
    private volatile Subscriber subscriber;
    private volatile boolean expired;

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        Subscriber s = new Subscriber();
        subscriber = s;
        if (expired) s.abort();
        return s;
    }

    /**
     * Aborts the body read, if it has begun; called by the deadline timer. Before the headers arrive the request's
     * own timeout applies (set to the same deadline), and a body subscriber created after this aborts at once.
     */
    public void expire() {
        expired = true;
        Subscriber s = subscriber;
        if (s != null) s.abort();
    }

    /** Whether the deadline fired. */
    public boolean expired() {
        return expired;
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final List<ByteBuffer> received = new ArrayList<>();
        private volatile Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (result.isDone()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (!result.isDone()) received.addAll(items);
        }

        @Override
        public void onError(Throwable throwable) {
            received.clear();
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            if (result.isDone()) return;
            int size = 0;
            for (ByteBuffer b : received) size += b.remaining();
            byte[] bytes = new byte[size];
            int at = 0;
            for (ByteBuffer b : received) {
                int n = b.remaining();
                b.get(bytes, at, n);
                at += n;
            }
            received.clear();
            result.complete(bytes);
        }

        /** Fails the body (first, so that {@code send} wakes) and then cancels the subscription. */
        void abort() {
            result.completeExceptionally(new HttpTimeoutException("body not received before the deadline"));
            Flow.Subscription s = subscription;
            if (s != null) s.cancel();
        }
    }
}
