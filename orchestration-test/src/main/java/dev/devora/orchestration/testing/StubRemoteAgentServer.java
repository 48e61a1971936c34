package dev.devora.orchestration.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A remote agent service for tests and demos (seed 004's agents), on loopback with the JDK's HTTP server: it
 * accepts a task posted with the right bearer token (202; 401 otherwise), then after a delay reports
 * {@code task_started} and {@code task_completed} (its {@code data} a function of the task) to the task's
 * {@code callbackUrl}, with the same token, in the seed's form ({@code type}, {@code agentId}, {@code projectId},
 * {@code taskId}, {@code data}, {@code executionTime}; a failure has {@code error}). A callback answered 5xx or not
 * reached is sent again (up to 10 tries over about 7 s). It can fail the first N tasks ({@code task_failed}), answer the first N
 * requests with an HTTP status (500…), be slow to answer, or answer synchronously in the response body. It records
 * every task it was given and every callback it made.
 *
 * <pre>{@code
 * try (StubRemoteAgentServer design = StubRemoteAgentServer.builder("design-ia", TOKEN)
 *         .delay(Duration.ofMillis(50)).output(task -> TextNode.valueOf("mockups for " + task.path("task").asText()))
 *         .failFirstTasks(1).start()) {
 *     RemoteAgent agent = RemoteAgent.builder("design-ia", design.uri()).token(ApiKey.of(TOKEN))
 *             .callbackUrl(receiver.uri()).build();
 *     ...
 *     assertThat(design.tasks()).hasSize(2);       // the failed one, then the one that completed
 * }
 * }</pre>
 */
public final class StubRemoteAgentServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Builder config;
    private final HttpServer server;
    private final ScheduledExecutorService timer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<JsonNode> tasks = new CopyOnWriteArrayList<>();
    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch released;
    private final URI uri;

    /**
     * A callback the stub made and what the receiver answered (its last try).
     *
     * @param body   the notification
     * @param status the receiver's HTTP status; -1 when it could not be reached
     */
    public record Callback(JsonNode body, int status) { }

    private StubRemoteAgentServer(Builder config) {
        this.config = config;
        this.released = new java.util.concurrent.CountDownLatch(config.held ? 1 : 0);
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", config.port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger n = new AtomicInteger();
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "stub-remote-agent-" + config.agentId + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-remote-agent-http-" + config.agentId);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/tasks", this::handle);
        server.start();
        this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tasks");
    }

    /**
     * Starts configuring a stub.
     *
     * @param agentId the agent id it reports as
     * @param token   the inter-agent bearer token it requires and sends
     * @return a builder
     */
    public static Builder builder(String agentId, String token) {
        return new Builder(agentId, token);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int n = requests.incrementAndGet();
            byte[] in = exchange.getRequestBody().readAllBytes();
            if (!("Bearer " + config.token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, "{\"error\":\"bad token\"}");
                return;
            }
            if (!config.slow.isZero()) sleep(config.slow);
            if (n <= config.failedRequests) {
                reply(exchange, config.failureStatus, "{\"error\":\"stub failure " + n + "\"}");
                return;
            }
            JsonNode task;
            try {
                task = JSON.readTree(in);
            } catch (IOException e) {
                reply(exchange, 400, "{\"error\":\"not JSON\"}");
                return;
            }
            tasks.add(task);
            int index = accepted.incrementAndGet();
            boolean fails = index <= config.failedTasks;
            if (config.synchronous) {
                reply(exchange, 200, outcome(task, fails).toString());
                return;
            }
            reply(exchange, 202, "{\"accepted\":true}");
            String callbackUrl = task.path("callbackUrl").asText("");
            if (callbackUrl.isEmpty()) return;
            timer.schedule(() -> {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    return;
                }
                notify(callbackUrl, notification("task_started", task));
                notify(callbackUrl, outcome(task, fails));
            }, config.delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private ObjectNode outcome(JsonNode task, boolean fails) {
        ObjectNode n = notification(fails ? "task_failed" : "task_completed", task);
        if (fails) {
            n.put("error", "stub task failure");
        } else {
            n.set("data", config.output.apply(task));
            n.put("executionTime", config.delay.toMillis());
        }
        return n;
    }

    private ObjectNode notification(String type, JsonNode task) {
        return JsonNodeFactory.instance.objectNode().put("type", type).put("agentId", config.agentId)
                .put("projectId", task.path("projectId").asText()).put("taskId", task.path("taskId").asText());
    }

    private void notify(String callbackUrl, ObjectNode body) {
        int status = -1;
        for (int attempt = 1; attempt <= 10; attempt++) {
            try {
                status = http.send(HttpRequest.newBuilder(URI.create(callbackUrl)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + config.token)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 500) break;
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(Duration.ofMillis(Math.min(1000, 100L * attempt)));
        }
        callbacks.add(new Callback(body, status));
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the callbacks held by {@link Builder#holdCallbacks()} go (and every later one). */
    public void releaseCallbacks() {
        released.countDown();
    }

    /** {@return where tasks are posted, e.g. {@code http://127.0.0.1:40123/tasks}} */
    public URI uri() {
        return uri;
    }

    /** {@return the tasks accepted so far (the posted JSON), in arrival order} */
    public List<JsonNode> tasks() {
        return List.copyOf(tasks);
    }

    /** {@return how many requests reached the endpoint, refused ones included} */
    public int requests() {
        return requests.get();
    }

    /** {@return the callbacks made so far, in order, with the receiver's answers} */
    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }

    /** Stops at once: later tasks are refused (connection refused), scheduled callbacks are not sent. */
    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    @Override
    public String toString() {
        return "StubRemoteAgentServer[" + config.agentId + " at " + uri + "]";
    }

    /**
     * Configures a {@link StubRemoteAgentServer}.
     *
     * <pre>{@code
     * StubRemoteAgentServer.builder("automation", TOKEN).failFirstRequests(2, 500).start();   // 500, 500, then 202
     * StubRemoteAgentServer.builder("core-platform", TOKEN).synchronous().start();
     * }</pre>
     */
    public static final class Builder {
        private final String agentId;
        private final String token;
        private Duration delay = Duration.ofMillis(20);
        private Duration slow = Duration.ZERO;
        private Function<JsonNode, JsonNode> output;
        private int failedTasks;
        private int failedRequests;
        private int failureStatus = 500;
        private boolean synchronous;
        private boolean held;

        private int port;

        private Builder(String agentId, String token) {
            this.agentId = Objects.requireNonNull(agentId, "agentId");
            this.token = Objects.requireNonNull(token, "token");
            this.output = task -> TextNode.valueOf(agentId + " did: " + task.path("task").asText());
        }

        /**
         * The loopback port it listens on (default 0: any free one).
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            this.port = port;
            return this;
        }

        /**
         * How long after accepting a task it reports (default 20 ms).
         *
         * @param delay zero or positive
         * @return this builder
         */
        public Builder delay(Duration delay) {
            if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative, was " + delay);
            this.delay = delay;
            return this;
        }

        /**
         * How long it takes to answer each request (default none), for timeouts and SLAs.
         *
         * @param slow zero or positive
         * @return this builder
         */
        public Builder slow(Duration slow) {
            if (slow.isNegative()) throw new IllegalArgumentException("slow must not be negative, was " + slow);
            this.slow = slow;
            return this;
        }

        /**
         * The {@code data} of a completed task, from the posted task (default: text {@code "<agentId> did: <task>"}).
         *
         * @param output the function
         * @return this builder
         */
        public Builder output(Function<JsonNode, JsonNode> output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * The first {@code n} accepted tasks are reported {@code task_failed} ({@code Integer.MAX_VALUE}: all).
         *
         * @param n how many
         * @return this builder
         */
        public Builder failFirstTasks(int n) {
            this.failedTasks = n;
            return this;
        }

        /**
         * The first {@code n} requests are answered with {@code status} and not accepted.
         *
         * @param n      how many ({@code Integer.MAX_VALUE}: all)
         * @param status the HTTP status, e.g. 500 or 400
         * @return this builder
         */
        public Builder failFirstRequests(int n, int status) {
            this.failedRequests = n;
            this.failureStatus = status;
            return this;
        }

        /**
         * Answers each task in the response body (200, {@code task_completed} or {@code task_failed}), no callback.
         *
         * @return this builder
         */
        public Builder synchronous() {
            this.synchronous = true;
            return this;
        }

        /**
         * Holds every callback (after its delay) until {@link StubRemoteAgentServer#releaseCallbacks()}: e.g. until
         * the process that dispatched the task has been stopped.
         *
         * @return this builder
         */
        public Builder holdCallbacks() {
            this.held = true;
            return this;
        }

        /** {@return the running stub on a free loopback port} */
        public StubRemoteAgentServer start() {
            return new StubRemoteAgentServer(this);
        }
    }
}
