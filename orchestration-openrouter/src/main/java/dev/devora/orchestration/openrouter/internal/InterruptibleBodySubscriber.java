package dev.devora.orchestration.openrouter.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A body subscriber that exposes the body as an {@link InputStream} whose reads honour interrupts: the JDK's own
 * {@code BodyHandlers.ofInputStream()} swallows the interrupt of a blocked reader. Here an interrupted read closes
 * the stream (cancelling the HTTP exchange), keeps the thread's interrupt status and throws
 * {@link InterruptedIOException}. {@link InputStream#close()} from another thread (a deadline watchdog) wakes a
 * blocked reader, which then sees the end of the stream. Demand is one buffer list at a time.
 *
 * <pre>{@code
 * HttpResponse<InputStream> r = client.send(request, info -> new InterruptibleBodySubscriber());
 * }</pre>
 */
public final class InterruptibleBodySubscriber implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Body body = new Body();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(body);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.offer(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.offer(throwable);
    }

    @Override
    public void onComplete() {
        queue.offer(END);
    }

    private final class Body extends InputStream {
        private Iterator<ByteBuffer> buffers;
        private ByteBuffer current;
        private boolean eof;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) return 0;
            ByteBuffer buf = current();
            if (buf == null) return -1;
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            return n;
        }

        @SuppressWarnings("unchecked")
        private ByteBuffer current() throws IOException {
            while (current == null || !current.hasRemaining()) {
                if (buffers != null && buffers.hasNext()) {
                    current = buffers.next();
                    continue;
                }
                if (eof || closed) return null;
                Object item;
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new InterruptedIOException("interrupted while reading the response body");
                }
                if (item == END) {
                    eof = true;
                    return null;
                }
                if (item instanceof Throwable t) {
                    eof = true;
                    throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
                }
                buffers = ((List<ByteBuffer>) item).iterator();
                Flow.Subscription s = subscription;
                if (s != null && !closed) s.request(1);
            }
            return current;
        }

        @Override
        public int available() {
            return current == null ? 0 : current.remaining();
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null) s.cancel();
            queue.offer(END);
        }
    }
}
