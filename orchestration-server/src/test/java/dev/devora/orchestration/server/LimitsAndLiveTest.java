package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.jdbc.JdbcRunStore;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.server.internal.TaskRoutes;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service's limits (rate, concurrent runs, body size), free-text tasks, WebSocket events and metrics, over real
 * HTTP on a free loopback port with a real SQLite run store.
 */
class LimitsAndLiveTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "test-token-0123456789abcdef";
    static final String OTHER = "other-token-0123456789abcdef";
    static final String DOCS_INPUT = DevoraApiTest.DOCS_INPUT;

    @TempDir
    Path dir;
    WorkflowEngine engine;
    DevoraServer server;
    ScriptedLlmProvider llm;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    void start(ScriptedLlmProvider provider, Consumer<DevoraApi.Builder> configure) {
        llm = provider;
        engine = WorkflowEngine.builder().runStore(JdbcRunStore.sqlite(dir.resolve("runs.db"))).build();
        DevoraApi.Builder b = DevoraApi.builder().engine(engine).provider(provider).tokens(AccessTokens.of(TOKEN, OTHER));
        configure.accept(b);
        server = DevoraServer.start(b.build(), "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (engine != null) engine.close();
    }

    HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    String submitDocs(String input) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/runs", "{\"workflow\": \"documentation-generation\", \"input\": "
                + input + "}", TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r).path("run_id").asText();
    }

    void awaitEnded(int runs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            JsonNode m = json(send("GET", "/api/v1/metrics", null, TOKEN));
            if (m.path("ended").asInt() >= runs && m.path("active_runs").asInt() == 0) return;
            assertThat(System.nanoTime()).as("runs ended in time: " + m).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void aBurstOverTheRateLimit_answers429WithRetryAfter_andAnotherTokenIsUnaffected() throws Exception {
        start(ScriptedLlmProvider.builder().build(), b -> b.rateLimit(5, 1));
        for (int i = 0; i < 5; i++) assertThat(send("GET", "/api/v1/workflows", null, TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = send("GET", "/api/v1/workflows", null, TOKEN);
        assertThat(refused.statusCode()).isEqualTo(429);
        long retry = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retry).isBetween(1L, 60L);
        JsonNode err = json(refused).path("error");
        assertThat(err.path("code").asText()).isEqualTo("rate_limited");
        assertThat(err.path("message").asText()).contains("5 requests", "retry in " + retry + " s");
        assertThat(err.path("request_id").asText()).isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(refused.body()).doesNotContain(TOKEN).doesNotContain(AccessTokens.hashOf(TOKEN));

        assertThat(send("GET", "/api/v1/workflows", null, OTHER).statusCode()).isEqualTo(200);
        for (int i = 0; i < 10; i++) assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        // a refused token is refused before it costs a bucket, and a bad one is 401, not 429
        assertThat(send("GET", "/api/v1/workflows", null, TOKEN + "x").statusCode()).isEqualTo(401);
    }

    @Test
    void theConcurrentRunCap_refusesASubmissionWith429_untilARunEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(ScriptedLlmProvider.builder().when(r -> true).answer(r -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ScriptedLlmProvider.answeringDefaults().complete(r).text();
        }).build(), b -> b.maxConcurrentRuns(2));
        submitDocs(DOCS_INPUT);
        submitDocs(DOCS_INPUT);
        HttpResponse<String> third = send("POST", "/api/v1/runs", "{\"workflow\": \"documentation-generation\", "
                + "\"input\": " + DOCS_INPUT + "}", TOKEN);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(json(third).path("error").path("code").asText()).isEqualTo("too_many_runs");
        assertThat(json(third).path("error").path("message").asText()).contains("limit of 2 concurrent runs");
        assertThat(json(send("GET", "/api/v1/metrics", null, TOKEN)).path("active_runs").asInt()).isEqualTo(2);
        assertThat(json(send("GET", "/api/v1/runs", null, TOKEN)).path("runs")).hasSize(2);

        release.countDown();
        awaitEnded(2);
        submitDocs(DOCS_INPUT);
    }

    @Test
    void twoHundredConcurrentSubmissions_areAllStarted_listed_andEnd() throws Exception {
        start(ScriptedLlmProvider.builder().build(), b -> b.rateLimit(1000, 1000).maxConcurrentRuns(1000));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<String>> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) ids.add(pool.submit(() -> submitDocs(DOCS_INPUT)));
            Set<String> submitted = new HashSet<>();
            for (Future<String> f : ids) submitted.add(f.get(120, TimeUnit.SECONDS));
            assertThat(submitted).hasSize(200);
            awaitEnded(200);
            JsonNode runs = json(send("GET", "/api/v1/runs?limit=500", null, TOKEN)).path("runs");
            assertThat(new HashSet<>(runs.findValuesAsText("run_id"))).isEqualTo(submitted);
            assertThat(runs.findValuesAsText("status")).allMatch(s -> s.equals("succeeded") || s.equals("partial"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOversizedBody_answers413InTheErrorShape_withOrWithoutContentLength() throws Exception {
        start(ScriptedLlmProvider.builder().build(), b -> { });
        // a raw connection: the service answers before the body is sent (declared length) or while it is being sent
        // (chunked), and closes; an HTTP client still uploading could lose that answer to the closed connection
        String declared = rawPost("/api/v1/runs", "Content-Length: " + (DevoraApi.MAX_BODY_BYTES + 1), null);
        assertThat(declared).startsWith("HTTP/1.1 413");
        JsonNode err = JSON.readTree(declared.substring(declared.indexOf("\r\n\r\n") + 4)).path("error");
        assertThat(err.path("code").asText()).isEqualTo("payload_too_large");
        assertThat(err.path("message").asText()).contains(Long.toString(DevoraApi.MAX_BODY_BYTES + 1), "limit of "
                + DevoraApi.MAX_BODY_BYTES + " bytes");
        assertThat(err.path("request_id").asText()).isNotBlank();

        String chunked = rawPost("/api/v1/tasks", "Transfer-Encoding: chunked", (int) DevoraApi.MAX_BODY_BYTES + 1);
        assertThat(chunked).startsWith("HTTP/1.1 413");
        assertThat(chunked).contains("payload_too_large");
        assertThat(engine.runStore().runs(dev.devora.orchestration.journal.RunQuery.ALL)).isEmpty();
    }

    /**
     * Posts over a raw socket: the headers, then (when {@code chunkedBytes} is given) that many body bytes in 64 KiB
     * chunks, stopping at the first write the closed connection refuses; answers what the service sent.
     */
    String rawPost(String path, String lengthHeader, Integer chunkedBytes) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(server.url().getHost(), server.url().getPort())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + server.url().getHost() + "\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\n" + lengthHeader + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            if (chunkedBytes != null) {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                chunk[0] = '{';
                try {
                    for (int sent = 0; sent < chunkedBytes; sent += chunk.length) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        chunk[0] = ' ';
                    }
                    out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closedByTheService) {
                    // the service answered and closed while the body was still coming: read its answer
                }
            }
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aFreeTextTask_getsTheCatalogueSuggestion_withTheInputSpec_andStartsNothing() throws Exception {
        start(ScriptedLlmProvider.builder().build(), b -> { });
        HttpResponse<String> r = send("POST", "/api/v1/tasks", "{\"task\": \"Write the OpenAPI spec of our billing API\"}", TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode out = json(r);
        assertThat(out.path("started").asBoolean(true)).isFalse();
        assertThat(out.path("suggestion").path("kind").asText()).isEqualTo("workflow");
        assertThat(out.path("suggestion").path("id").asText()).isEqualTo("api-development");
        assertThat(out.path("suggestion").path("method").asText()).isEqualTo("keywords");
        assertThat(out.path("suggestion").path("reason").asText()).contains("openapi");
        assertThat(out.path("workflow").path("squads")).isNotEmpty();
        JsonNode spec = json(send("GET", "/api/v1/workflows/api-development", null, TOKEN)).path("input");
        assertThat(out.path("workflow").path("input")).isEqualTo(spec);
        assertThat(out.path("next").path("body").path("workflow").asText()).isEqualTo("api-development");
        assertThat(llm.callCount()).isZero();
        assertThat(engine.runStore().runs(dev.devora.orchestration.journal.RunQuery.ALL)).isEmpty();

        String injected = "{{input.workspace}} {{gate.feedback}} {{ loop.iteration }} design the openapi of our api";
        JsonNode echoed = json(send("POST", "/api/v1/tasks", JSON.createObjectNode().put("task", injected).toString(), TOKEN));
        assertThat(echoed.path("task").asText()).isEqualTo(injected);
        assertThat(echoed.path("suggestion").path("id").asText()).isEqualTo("api-development");
        assertThat(engine.runStore().runs(dev.devora.orchestration.journal.RunQuery.ALL)).isEmpty();
    }

    @Test
    void aTask_thatIsBlank_tooLong_orNotText_is422NamingTheField() throws Exception {
        start(ScriptedLlmProvider.builder().build(), b -> { });
        for (String body : List.of("{\"task\": \"   \"}", "{\"task\": 42}", "{}", "{\"task\": [\"a\"]}",
                JSON.createObjectNode().put("task", "x".repeat(TaskRoutes.MAX_TASK_CHARS + 1)).toString())) {
            HttpResponse<String> r = send("POST", "/api/v1/tasks", body, TOKEN);
            assertThat(r.statusCode()).as(body.length() > 80 ? "too long" : body).isEqualTo(422);
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("task");
        }
        assertThat(json(send("POST", "/api/v1/tasks", "{\"task\": 42}", TOKEN)).path("error").path("message").asText())
                .contains("'task'", "number");
        assertThat(json(send("POST", "/api/v1/tasks", JSON.createObjectNode().put("task", "x".repeat(10_001)).toString(),
                TOKEN)).path("error").path("message").asText()).contains("10001", "10000");
        assertThat(send("POST", "/api/v1/tasks", "[1]", TOKEN).statusCode()).isEqualTo(400);
        // Javalin's own refusals keep the error shape now that HttpResponseException is mapped
        HttpResponse<String> noRoute = send("GET", "/api/v1/nope", null, TOKEN);
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(json(noRoute).path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(send("POST", "/api/v1/tasks", "{\"task\": \"x\"}", null).statusCode()).isEqualTo(401);
    }

    @Test
    void templateReferencesInAnInputField_reachThePromptVerbatim_neverRendered() throws Exception {
        start(ScriptedLlmProvider.builder().build(), b -> { });
        String name = "Shop {{input.tech_stack}} {{gate.feedback}} {{input.project_type}}";
        String input = DOCS_INPUT.replace("\"Shop\"", JSON.writeValueAsString(name));
        submitDocs(input);
        awaitEnded(1);
        List<String> prompts = new ArrayList<>();
        for (LlmRequest req : llm.requests()) for (LlmMessage m : req.messages()) if (m.content() != null) prompts.add(m.content());
        assertThat(prompts).anyMatch(p -> p.contains(name));
        assertThat(prompts).noneMatch(p -> p.contains("Shop [\"Java\"]") || p.contains("Shop Java"));
    }

    @Test
    void webSocketClients_eachGetEveryNumberedEvent_likeTheEventStream_fromAnyPoint() throws Exception {
        start(ScriptedLlmProvider.builder().latency(Duration.ofMillis(30)).build(), b -> { });
        String runId = submitDocs(DOCS_INPUT);
        String path = "/api/v1/runs/" + runId + "/ws";
        CompletableFuture<List<JsonNode>> a = ws(path, TOKEN, null);
        CompletableFuture<List<JsonNode>> b = ws(path, TOKEN, null);
        CompletableFuture<List<JsonNode>> c = ws(path + "?access_token=" + TOKEN, null, null);
        List<JsonNode> first = a.get(120, TimeUnit.SECONDS);
        assertThat(first).isNotEmpty();
        assertThat(first.get(0).path("type").asText()).isEqualTo("run-started");
        assertThat(first.get(first.size() - 1).path("type").asText()).isEqualTo("run-completed");
        for (int i = 0; i < first.size(); i++) assertThat(first.get(i).path("id").asLong()).isEqualTo(i + 1L);
        assertThat(b.get(120, TimeUnit.SECONDS)).isEqualTo(first);
        assertThat(c.get(120, TimeUnit.SECONDS)).isEqualTo(first);

        List<JsonNode> rest = ws(path + "?after=3", TOKEN, null).get(60, TimeUnit.SECONDS);
        assertThat(rest).isEqualTo(first.subList(3, first.size()));
        List<String> sse = new ArrayList<>();
        sse("/api/v1/runs/" + runId + "/events").forEach(e -> sse.add(e[0] + e[1]));
        List<String> viaWs = new ArrayList<>();
        first.forEach(e -> viaWs.add(e.path("id").asText() + e.path("type").asText()));
        assertThat(viaWs).isEqualTo(sse);
        for (JsonNode e : first) assertThat(e.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aWebSocketUpgrade_withoutAGoodToken_orForAnUnknownRun_isRefused_andTheQueryTokenIsNeverLogged() throws Exception {
        start(ScriptedLlmProvider.builder().build(), b -> { });
        String runId = submitDocs(DOCS_INPUT);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        ch.qos.logback.classic.Level level = root.getLevel();
        // INFO, the most an operator runs the service with: at DEBUG, Jetty itself logs each request line, query included
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            ws("/api/v1/runs/" + runId + "/ws?access_token=" + TOKEN, null, null).get(30, TimeUnit.SECONDS);
            ws("/api/v1/runs/" + runId + "/ws?access_token=" + OTHER + "x", null, null).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        } finally {
            root.setLevel(level);
            root.detachAppender(logs);
        }
        System.err.println("captured " + logs.list.size() + " log lines");
        for (ch.qos.logback.classic.spi.ILoggingEvent e : logs.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(TOKEN).doesNotContain(OTHER);
        }
        for (String[] attempt : new String[][] {{"/api/v1/runs/" + runId + "/ws", null, "401"},
                {"/api/v1/runs/" + runId + "/ws?access_token=" + TOKEN + "x", null, "401"},
                {"/api/v1/runs/" + runId + "/ws", TOKEN + "x", "401"},
                {"/api/v1/runs/nope/ws", TOKEN, "404"}}) {
            assertThatThrownBy(() -> ws(attempt[0], attempt[1], null).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                            .as(attempt[0]).isEqualTo(Integer.parseInt(attempt[2])))
                    ;
        }
        // java.net.http does not show a refused handshake's body: a raw upgrade request shows the error shape
        for (String[] attempt : new String[][] {{"/api/v1/runs/" + runId + "/ws?access_token=" + TOKEN + "x", "unauthorized",
                "access_token"}, {"/api/v1/runs/nope/ws?access_token=" + TOKEN, "run_not_found", "id"}}) {
            String answer = rawUpgrade(attempt[0]);
            assertThat(answer).startsWith("HTTP/1.1 " + (attempt[1].equals("unauthorized") ? "401" : "404"));
            JsonNode err = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("error");
            assertThat(err.path("code").asText()).as(answer).isEqualTo(attempt[1]);
            assertThat(err.path("field").asText()).isEqualTo(attempt[2]);
            assertThat(answer).contains("X-Request-Id: " + err.path("request_id").asText() + "\r\n");
            assertThat(answer).doesNotContain(TOKEN);
        }
        // the query token is accepted on the WebSocket route only
        assertThat(send("GET", "/api/v1/runs?access_token=" + TOKEN, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theRateLimit_countsWebSocketUpgradesToo_refusingThemWith429() throws Exception {
        start(ScriptedLlmProvider.builder().build(), b -> b.rateLimit(2, 1));
        String runId = submitDocs(DOCS_INPUT);
        String path = "/api/v1/runs/" + runId + "/ws?access_token=" + TOKEN;
        assertThat(rawUpgrade(path)).startsWith("HTTP/1.1 101");
        String refused = rawUpgrade(path);
        assertThat(refused).startsWith("HTTP/1.1 429").containsPattern("(?i)Retry-After: \\d+");
        assertThat(JSON.readTree(refused.substring(refused.indexOf("\r\n\r\n") + 4)).path("error").path("code").asText())
                .isEqualTo("rate_limited");
        assertThat(rawUpgrade("/api/v1/runs/" + runId + "/ws?access_token=" + OTHER)).startsWith("HTTP/1.1 101");
    }

    @Test
    void metrics_countRunsByStatus_successRate_andMeanAndP95PerWorkflow_andHealthIsUnchanged() throws Exception {
        start(ScriptedLlmProvider.builder().build(), b -> { });
        JsonNode empty = json(send("GET", "/api/v1/metrics", null, TOKEN));
        assertThat(empty.path("runs").asInt()).isZero();
        assertThat(empty.path("success_rate").isNull()).isTrue();
        for (int i = 0; i < 3; i++) submitDocs(DOCS_INPUT);
        awaitEnded(3);
        JsonNode m = json(send("GET", "/api/v1/metrics", null, TOKEN));
        assertThat(m.path("runs").asInt()).isEqualTo(3);
        assertThat(m.path("active_runs").asInt()).isZero();
        int ok = m.path("by_status").path("succeeded").asInt();
        assertThat(ok + m.path("by_status").path("partial").asInt()).isEqualTo(3);
        assertThat(m.path("success_rate").asDouble()).isEqualTo(Math.round(1000.0 * ok / 3) / 1000.0);
        JsonNode w = m.path("workflows").path("documentation-generation");
        assertThat(w.path("runs").asInt()).isEqualTo(3);
        assertThat(w.path("ended").asInt()).isEqualTo(3);
        assertThat(w.path("mean_ms").isNumber()).isTrue();
        assertThat(w.path("p95_ms").asLong()).isGreaterThanOrEqualTo(0);
        long max = 0;
        for (JsonNode r : json(send("GET", "/api/v1/runs", null, TOKEN)).path("runs")) {
            max = Math.max(max, Duration.between(java.time.Instant.parse(r.path("started_at").asText()),
                    java.time.Instant.parse(r.path("ended_at").asText())).toMillis());
        }
        assertThat(w.path("p95_ms").asLong()).isEqualTo(max); // nearest rank of 3 is the largest
        assertThat(w.path("mean_ms").asLong()).isLessThanOrEqualTo(max);
        assertThat(send("GET", "/api/v1/metrics", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> health = send("GET", "/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health)).isEqualTo(JSON.readTree("{\"status\":\"ok\"}"));
    }

    /** Sends a WebSocket upgrade request over a plain socket and reads the answer (status line, headers, body). */
    String rawUpgrade(String path) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (true) {
                String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
                int head = text.indexOf("\r\n\r\n");
                if (head >= 0 && text.startsWith("HTTP/1.1 101")) return text.substring(0, head + 4);
                if (head >= 0) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(text);
                    if (m.find() && out.size() >= head + 4 + Integer.parseInt(m.group(1))) return text;
                }
                int n;
                try {
                    n = in.read(buf);
                } catch (java.net.SocketTimeoutException e) {
                    return text;
                }
                if (n < 0) return text;
                out.write(buf, 0, n);
            }
        }
    }

    /** Opens a WebSocket and collects its text messages as JSON until the server closes it. */
    CompletableFuture<List<JsonNode>> ws(String path, String token, String unused) {
        URI uri = URI.create(server.url().toString().replace("http://", "ws://") + path);
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        CompletableFuture<List<JsonNode>> done = new CompletableFuture<>();
        List<JsonNode> got = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        b.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    try {
                        got.add(JSON.readTree(part.toString()));
                    } catch (IOException e) {
                        done.completeExceptionally(e);
                    }
                    part.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                if (status == WebSocket.NORMAL_CLOSURE) done.complete(got);
                else done.completeExceptionally(new IllegalStateException("closed " + status + " " + reason));
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                done.completeExceptionally(error);
            }
        }).whenComplete((s, e) -> {
            if (e != null) done.completeExceptionally(e instanceof java.util.concurrent.CompletionException ? e.getCause() : e);
        });
        return done;
    }

    /** Reads an event stream to its end: each event's id and type. */
    List<String[]> sse(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").build();
        List<String[]> events = new ArrayList<>();
        String id = null;
        String type = null;
        for (String line : http.send(r, HttpResponse.BodyHandlers.ofString()).body().split("\n", -1)) {
            if (line.startsWith("id:")) id = line.substring(3).strip();
            else if (line.startsWith("event:")) type = line.substring(6).strip();
            else if (line.isEmpty() && type != null) {
                events.add(new String[] {id, type});
                id = null;
                type = null;
            }
        }
        return events;
    }
}
