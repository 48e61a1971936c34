package dev.devora.orchestration.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback OpenRouter stand-in on the JDK's {@code com.sun.net.httpserver.HttpServer}: 127.0.0.1, an ephemeral
 * port, {@code POST /api/v1/chat/completions} answered with one fixed, realistic JSON body
 * ({@link #COMPLETION}) after the request body has been read to its end. Keep-alive, TCP_NODELAY on (else Nagle and
 * delayed ACKs add ~40 ms to some exchanges), one handler thread.
 *
 * <p>The stub runs in the benchmark's JVM, so JMH's {@code gc.alloc.rate.norm} (which sums every thread) includes
 * the bytes the stub allocates per request. {@link #allocatedBytes()} measures them (dispatcher and handler threads),
 * so they can be reported and subtracted: see {@link OpenRouterBenchmark}.
 */
public final class StubServer implements AutoCloseable {
    /** A non-streaming chat completion, shaped like a real OpenRouter capture (with a ~600-character answer). */
    public static final String COMPLETION = "{\"id\":\"gen-1764926476-0N0195qHFzGljvYKVijc\",\"provider\":\"OpenAI\","
            + "\"model\":\"openai/gpt-4o-mini\",\"object\":\"chat.completion\",\"created\":1764926476,"
            + "\"choices\":[{\"logprobs\":null,\"finish_reason\":\"stop\",\"native_finish_reason\":\"stop\",\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"" + answer() + "\",\"refusal\":null,\"reasoning\":null}}],"
            + "\"system_fingerprint\":\"fp_aa07c96156\","
            + "\"usage\":{\"prompt_tokens\":29,\"completion_tokens\":133,\"total_tokens\":162,\"cost\":0.00008415,\"is_byok\":false,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0,\"video_tokens\":0},"
            + "\"cost_details\":{\"upstream_inference_cost\":null,\"upstream_inference_prompt_cost\":0.00000435,"
            + "\"upstream_inference_completions_cost\":0.0000798},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"image_tokens\":0}}}";

    static String answer() {
        return "The three most common HTTP verbs are GET, POST and PUT. GET retrieves a representation of a resource "
                + "and must not change server state; it is safe and idempotent, so caches and proxies may repeat it. "
                + "POST submits data to be processed, typically creating a subordinate resource or triggering an action; "
                + "it is neither safe nor idempotent. PUT replaces the target resource with the request payload and is "
                + "idempotent: sending it twice leaves the same state as sending it once. DELETE and PATCH complete the "
                + "usual set \u2014 caf\u00e9-style na\u00efve clients often forget that PATCH is not idempotent.";
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final byte[] body;
    private final Set<Long> threadIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile java.net.InetSocketAddress lastPeer;

    public StubServer() throws IOException {
        this(COMPLETION.getBytes(StandardCharsets.UTF_8));
    }

    public StubServer(byte[] body) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // read once, when the server class initialises
        this.body = body;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        handlers = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stub-handler");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/api/v1/chat/completions", this::handle);
        server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        threadIds.add(Thread.currentThread().getId());
        java.net.InetSocketAddress peer = ex.getRemoteAddress();
        if (!peer.equals(lastPeer)) { // a client on one connection keeps its port: a new port is a new connection
            lastPeer = peer;
            connections.incrementAndGet();
        }
        try (ex) {
            try (InputStream in = ex.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
            requests.incrementAndGet();
        }
    }

    /** {@code http://127.0.0.1:PORT/api/v1} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    }

    public long requests() {
        return requests.get();
    }

    /** Changes of client connection seen so far (≈ connections opened, for one client calling sequentially). */
    public long connections() {
        return connections.get();
    }

    /**
     * Bytes allocated so far by the stub's threads (the HttpServer dispatcher and the handler thread), or -1 when the
     * JVM cannot tell.
     */
    public long allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)) return -1;
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("HTTP-Dispatcher") || threadIds.contains(t.getId())) {
                long b = mx.getThreadAllocatedBytes(t.getId());
                if (b > 0) sum += b;
            }
        }
        return sum;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
