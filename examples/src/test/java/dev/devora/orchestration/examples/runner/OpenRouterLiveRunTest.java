package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live path end to end, against a local stub of the chat completions API that answers like OpenRouter: a
 * schema-valid JSON (or short text) answer, the model that answered, and usage with a reported cost.
 */
class OpenRouterLiveRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> titles = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/chat/completions", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        requests.add(request);
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        titles.add(exchange.getRequestHeaders().getFirst("X-Title"));
        JsonNode schema = request.path("response_format").path("json_schema").path("schema");
        String content = schema.isObject() ? ScriptedLlmProvider.sample(schema).toString() : "A real-looking answer.";
        ObjectNode body = JSON.createObjectNode().put("id", "gen-" + requests.size()).put("model", request.path("model").asText());
        body.putArray("choices").addObject().put("finish_reason", "stop").putObject("message")
                .put("role", "assistant").put("content", content);
        body.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120)
                .put("cost", 0.00025);
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void withAKey_theRunnerRunsOnTheProvider_reportingItsModelsAndCosts() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";

        Console c = new Console().env("OPENROUTER_API_KEY", "sk-or-v1-test-key").env("OPENROUTER_BASE_URL", url)
                .run("data-pipeline-setup", "--out", dir.toString(), "--smart-model", "openai/gpt-5");

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        assertThat(c.out()).startsWith("Provider: OpenRouter (OPENROUTER_API_KEY is set). Models: fast = openai/gpt-5-mini, smart = openai/gpt-5.")
                .contains("): SUCCEEDED\n")
                .doesNotContain("SIMULATED")
                .containsPattern("\ntotal \\(" + requests.size() + " model calls\\) +[\\d,]+ +" + String.format(java.util.Locale.ROOT, "%.6f", 0.00025 * requests.size()));
        assertThat(requests).isNotEmpty().allSatisfy(r -> assertThat(r.path("model").asText()).isIn("openai/gpt-5", "openai/gpt-5-mini"));
        assertThat(authorizations).containsOnly("Bearer sk-or-v1-test-key");
        assertThat(titles).containsOnly("Devora Orchestration runner");
        assertThat(Console.runFolder(dir).resolve("report.json")).exists();
        assertThat(Console.runFolder(dir).resolve("SIMULATED.md")).doesNotExist();
    }
}
