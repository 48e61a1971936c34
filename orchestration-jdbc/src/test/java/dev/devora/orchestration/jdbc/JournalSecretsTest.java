package dev.devora.orchestration.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.JournalJson;
import dev.devora.orchestration.openrouter.CircuitBreakerSettings;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.openrouter.RetrySettings;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No API key in a durable run: a workflow runs through {@link OpenRouterProvider} (a fake key) against a loopback
 * OpenRouter-shaped server that echoes the key in an error body and in its answers; the run fails, is resumed from
 * its SQLite file by a new store and engine, and succeeds. Neither any journal entry (as {@link JournalJson} writes
 * it), nor the bytes of the SQLite files, nor the stored summary, nor the events read back, nor the results hold the
 * key.
 */
class JournalSecretsTest {
    private static final String KEY = "sk-or-v1-journal-secret-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    @TempDir
    Path dir;

    /** Answers with the key inside the text; the step "second" fails with a 400 whose body quotes the key while failing is on. */
    private static final class EchoingServer implements AutoCloseable {
        final HttpServer server;
        final AtomicBoolean failing = new AtomicBoolean(true);
        final List<String> auth = new ArrayList<>();

        EchoingServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                synchronized (auth) {
                    auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
                }
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                JsonNode messages = request.path("messages");
                String prompt = messages.get(messages.size() - 1).path("content").asText();
                if (prompt.startsWith("Second") && failing.get()) {
                    ObjectNode error = JSON.createObjectNode();
                    error.putObject("error").put("code", 400)
                            .put("message", "Bad request from key " + KEY + " (Bearer " + KEY + ")")
                            .putObject("metadata").put("raw", "{\"key\":\"" + KEY + "\"}");
                    send(exchange, 400, error);
                    return;
                }
                ObjectNode root = JSON.createObjectNode().put("id", "gen-" + Math.abs(prompt.hashCode()))
                        .put("provider", "Stub").put("model", "openai/gpt-4o-mini").put("object", "chat.completion")
                        .put("created", 1764926476L);
                ObjectNode choice = root.putArray("choices").addObject();
                choice.put("finish_reason", "stop").put("native_finish_reason", "stop").put("index", 0);
                choice.putObject("message").put("role", "assistant")
                        .put("content", "Answer to " + prompt.length() + " chars; your key is " + KEY);
                root.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 20).put("total_tokens", 30)
                        .put("cost", 0.00003);
                send(exchange, 200, root);
            }
        }

        private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Workflow workflow(String baseUrl) {
        OpenRouterProvider llm = OpenRouterProvider.builder().apiKey(KEY).baseUrl(baseUrl)
                .defaultModel("openai/gpt-4o-mini").requestTimeout(Duration.ofSeconds(30))
                .retry(RetrySettings.NONE).circuitBreaker(CircuitBreakerSettings.DISABLED).build();
        LlmAgent writer = LlmAgent.builder("writer").provider(llm).build();
        return Workflow.builder("secretive")
                .step(Steps.agent("first", writer).prompt("First, write."))
                .step(Steps.agent("second", writer).prompt("Second, after {{first}}"))
                .step(Steps.agent("third", writer).prompt("Third, after {{second}}"))
                .build();
    }

    private static void assertNoKey(String what, String text) {
        assertThat(text).as(what).doesNotContain(KEY).doesNotContain(KEY.substring(9));
    }

    @Test
    void neitherTheJournalNorTheSqliteFileNorTheSummaryNorTheEventsHoldTheKey() throws IOException {
        Path file = dir.resolve("runs.db");
        WorkflowResult failed;
        WorkflowResult resumed;
        try (EchoingServer server = new EchoingServer()) {
            try (JdbcRunStore store = JdbcRunStore.sqlite(file);
                 WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
                failed = engine.run(workflow(server.baseUrl()), Map.of());
            }
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(String.valueOf(failed.failure().orElseThrow())).contains("400");
            server.failing.set(false);
            RecordingWorkflowListener listener = new RecordingWorkflowListener();
            try (JdbcRunStore store = JdbcRunStore.sqlite(file);
                 WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
                resumed = engine.resume(workflow(server.baseUrl()), failed.runId(),
                        dev.devora.orchestration.engine.ResumeOptions.DEFAULT, listener);
            }
            assertThat(resumed.status()).as("%s", resumed.failure()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(server.auth).as("the key did reach the server").allMatch(("Bearer " + KEY)::equals);
            for (WorkflowEvent e : listener.events()) assertNoKey("event " + e.getClass().getSimpleName(), e.toString());
        }
        assertNoKey("failed result", failed.stateJson() + failed.failure().orElseThrow() + failed);
        assertNoKey("resumed result", resumed.stateJson() + resumed);
        assertThat(resumed.text("first")).as("the answer quoting the key was kept, redacted").contains("your key is");
        try (JdbcRunStore store = JdbcRunStore.sqlite(file);
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            List<JournalEntry> entries = store.entries(failed.runId());
            assertThat(entries).anyMatch(e -> e instanceof JournalEntry.RunEnded end && end.status() == RunStatus.FAILED
                    && end.failureMessage() != null && end.failureMessage().contains("400"));
            for (JournalEntry e : entries) assertNoKey("entry " + e.seq() + " " + e.type(), JournalJson.write(e));
            assertNoKey("summary", String.valueOf(store.run(failed.runId()).orElseThrow()));
            for (WorkflowEvent e : engine.events(failed.runId())) {
                assertNoKey("event read back " + e.getClass().getSimpleName(), e.toString()
                        + (e instanceof WorkflowEvent.StepRetried r ? r.cause().getMessage() : ""));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) { // the database, its WAL and shared-memory files
                assertNoKey("bytes of " + f.getFileName(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        StringBuilder log = new StringBuilder();
        for (var e : logs.events()) {
            log.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) log.append(e.getThrowableProxy().getMessage()).append('\n');
        }
        assertNoKey("log", log.toString());
    }
}
