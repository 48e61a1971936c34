package dev.devora.orchestration.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * An OpenRouter-shaped chat completions server on loopback for {@link CrashResumeTest}. Each client uses its own
 * base URL ({@code http://127.0.0.1:<port>/<client>/api/v1}), so every request is attributed to the process that
 * sent it without any timing assumption. Answers depend on the request's content only: a judge request (response
 * format {@code gate_verdict}) is scored 40 with {@link #FEEDBACK} unless the work it grades says
 * {@code (round 2)}, then 90; any other prompt is answered {@code Answer to «prompt»}. Usage and cost follow from
 * the lengths, and each answer's {@code id} is unique, so a journaled call's request id names the prompt it
 * answered. Requests the hold predicate selects wait until {@link #abandonHeld()} and are then closed unanswered,
 * as the calls of a killed process are.
 */
final class OpenRouterStub implements AutoCloseable {
    /** What the judge tells the author after the first round. */
    static final String FEEDBACK = "Add a section on cache invalidation.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigDecimal USD_PER_TOKEN = new BigDecimal("0.000001");

    /** One request as it arrived. */
    record Request(String client, String prompt, boolean judge) {
    }

    /** One answer the stub sent, by its generation id. */
    record Answer(String client, String prompt, String id) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final BiPredicate<String, String> hold;
    private final CountDownLatch abandon = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> held = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * Starts the stub.
     *
     * @param hold which requests (client, prompt) to hold until {@link #abandonHeld()}
     */
    OpenRouterStub(BiPredicate<String, String> hold) throws IOException {
        this.hold = hold;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "openrouter-stub");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@return the base URL a provider for {@code client} is given} */
    String baseUrl(String client) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + client + "/api/v1";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            if (!"POST".equals(exchange.getRequestMethod()) || parts.length != 6
                    || !path.endsWith("/api/v1/chat/completions")) {
                unexpected.add(exchange.getRequestMethod() + " " + path);
                send(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"not served by the stub: " + path + "\"}}");
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (IOException e) {
                unexpected.add("unreadable body at " + path + ": " + e.getMessage());
                send(exchange, 400, "{\"error\":{\"code\":400,\"message\":\"unreadable body\"}}");
                return;
            }
            if (request.path("stream").asBoolean(false)) {
                unexpected.add("stream request " + path);
                send(exchange, 400, "{\"error\":{\"code\":400,\"message\":\"the stub does not stream\"}}");
                return;
            }
            Request arrived = new Request(parts[1], lastUserText(request),
                    "gate_verdict".equals(request.at("/response_format/json_schema/name").asText()));
            requests.add(arrived);
            if (hold.test(arrived.client(), arrived.prompt())) {
                held.add(arrived);
                if (!abandon.await(2, TimeUnit.MINUTES)) unexpected.add("held request never abandoned: " + arrived);
                return; // closed unanswered: its caller is gone
            }
            String content = arrived.judge() ? verdict(arrived.prompt()) : "Answer to «" + arrived.prompt() + "»";
            String id = "gen-stub-" + ids.incrementAndGet();
            send(exchange, 200, completion(id, request.path("model").asText("openai/gpt-4o-mini"), arrived.prompt(), content));
            answers.put(id, new Answer(arrived.client(), arrived.prompt(), id));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            unexpected.add("stub failure " + e);
            throw e;
        }
    }

    private static String lastUserText(JsonNode request) {
        String text = null;
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) text = m.path("content").asText();
        }
        if (text == null) throw new IllegalArgumentException("request without a user message: " + request);
        return text;
    }

    private static String verdict(String prompt) {
        boolean second = prompt.contains("(round 2)");
        ObjectNode v = JSON.createObjectNode().put("score", second ? 90 : 40)
                .put("feedback", second ? "Ready to publish." : FEEDBACK);
        v.putArray("checks").addObject().put("name", "coverage").put("score", second ? 90 : 40)
                .put("comment", second ? "complete" : "invalidation missing");
        v.putArray("blockers");
        v.putArray("recommendations");
        return v.toString();
    }

    private static String completion(String id, String model, String prompt, String content) {
        int promptTokens = (prompt.length() + 3) / 4;
        int completionTokens = (content.length() + 3) / 4;
        ObjectNode root = JSON.createObjectNode().put("id", id).put("provider", "Stub").put("model", model)
                .put("object", "chat.completion").put("created", 1764926476L);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop").put("native_finish_reason", "stop").put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal").putNull("reasoning");
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens)
                .put("cost", USD_PER_TOKEN.multiply(BigDecimal.valueOf(promptTokens + 2L * completionTokens)))
                .put("is_byok", false);
        return root.toString();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Waits until {@code count} requests are held.
     *
     * @return whether they arrived in time
     */
    boolean awaitHeld(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (held.size() < count) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(10);
        }
        return true;
    }

    /** Lets the held requests go: they are closed without an answer. */
    void abandonHeld() {
        abandon.countDown();
    }

    /** {@return the requests of {@code client}, in arrival order} */
    List<Request> requests(String client) {
        return requests.stream().filter(r -> r.client().equals(client)).toList();
    }

    /** {@return the prompts of {@code client}'s requests, in arrival order} */
    List<String> prompts(String client) {
        return requests(client).stream().map(Request::prompt).toList();
    }

    /** {@return the requests held so far} */
    List<Request> held() {
        return new ArrayList<>(held);
    }

    /** {@return the answer sent with generation id {@code id}, or null} */
    Answer answer(String id) {
        return id == null ? null : answers.get(id);
    }

    /** {@return the answers sent to {@code client}} */
    List<Answer> answers(String client) {
        return answers.values().stream().filter(a -> a.client().equals(client)).toList();
    }

    /** {@return requests the stub does not serve (another path, streaming) and its own failures} */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    @Override
    public void close() {
        abandon.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
