package dev.devora.orchestration.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ready receiver for remote agents' notifications, on the JDK's built-in HTTP server, for users without a
 * server of their own: every {@code POST} to {@link #uri()} is given to a {@link RemoteCallbacks}, whose status and
 * JSON body are the answer. Other methods are 405, bodies above {@value #MAX_BODY_BYTES} bytes 413, and a failure
 * of the handling (the store's, say) 500, logged, so the remote agent reports again.
 *
 * <pre>{@code
 * try (RemoteCallbacks callbacks = RemoteCallbacks.of(engine, token);
 *      RemoteCallbackServer server = RemoteCallbackServer.start(callbacks, new InetSocketAddress("127.0.0.1", 0))) {
 *     RemoteAgent design = RemoteAgent.builder("design-ia", endpoint).token(token).callbackUrl(server.uri()).build();
 *     ...
 * }
 * }</pre>
 */
public final class RemoteCallbackServer implements AutoCloseable {
    /** The largest notification body accepted, in bytes (1 MiB). */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private static final String PATH = "/callbacks";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RemoteCallbackServer.class);

    private final HttpServer server;
    private final ExecutorService threads;
    private final URI uri;

    private RemoteCallbackServer(HttpServer server, ExecutorService threads, URI uri) {
        this.server = server;
        this.threads = threads;
        this.uri = uri;
    }

    /**
     * Starts a receiver.
     *
     * @param callbacks what handles the notifications
     * @param address   where to listen, e.g. {@code new InetSocketAddress("127.0.0.1", 0)} for any free port
     * @return the running receiver
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static RemoteCallbackServer start(RemoteCallbacks callbacks, InetSocketAddress address) {
        Objects.requireNonNull(callbacks, "callbacks");
        Objects.requireNonNull(address, "address");
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " for remote agents' callbacks", e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "devora-callback-server-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext(PATH, exchange -> handle(callbacks, exchange));
        server.start();
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return new RemoteCallbackServer(server, threads, URI.create("http://" + host + ":" + bound.getPort() + PATH));
    }

    private static void handle(RemoteCallbacks callbacks, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                answer(exchange, RemoteCallbacks.Reply.of(405, "only POST is accepted"));
                return;
            }
            byte[] body = read(exchange.getRequestBody());
            if (body == null) {
                answer(exchange, RemoteCallbacks.Reply.of(413, "the body is larger than " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            RemoteCallbacks.Reply reply;
            try {
                reply = callbacks.handle(exchange.getRequestHeaders().getFirst("Authorization"),
                        new String(body, StandardCharsets.UTF_8));
            } catch (RuntimeException e) { // the store failed, say: the remote agent should report again
                log.warn("a remote agent's notification could not be handled: {}", e.toString());
                reply = RemoteCallbacks.Reply.of(500, "the notification could not be handled; report it again");
            }
            answer(exchange, reply);
        }
    }

    /** The body, or null when it is larger than the limit (reading stops there). */
    private static byte[] read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }

    private static void answer(HttpExchange exchange, RemoteCallbacks.Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * The callback URL to give remote agents ({@link RemoteAgent.Builder#callbackUrl}).
     *
     * @return e.g. {@code http://127.0.0.1:41234/callbacks}
     */
    public URI uri() {
        return uri;
    }

    /** Stops listening (at once) and ends its threads; the {@link RemoteCallbacks} is closed by its owner. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "RemoteCallbackServer[" + uri + "]";
    }
}
