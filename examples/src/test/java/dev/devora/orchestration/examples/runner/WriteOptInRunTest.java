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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --write} end to end, through the real OpenRouter client against a loopback stub of the chat completions
 * API: the stub's model asks for {@code write_file} whenever a request offers it. With {@code --write} only the fixer
 * is offered it and the repository's file changes; without it no request offers a writing tool and the repository is
 * unchanged.
 */
class WriteOptInRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String BROKEN = "class Cart { int total(int p, int d) { return p; } }\n";
    static final String FIXED = "class Cart { int total(int p, int d) { return p - p * d / 100; } }\n";

    @TempDir
    Path dir;
    Path repo;
    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(dir.resolve("repo/src"));
        Files.writeString(repo.resolve("Cart.java"), BROKEN);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** {@code GET /models}: an empty catalogue; a chat completion: a tool call when writing is offered, else a valid answer. */
    private void answer(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        String body;
        if (exchange.getRequestURI().getPath().endsWith("/models")) {
            body = "{\"data\": []}";
        } else {
            JsonNode request = JSON.readTree(in);
            requests.add(request);
            body = completion(request).toString();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ObjectNode completion(JsonNode request) {
        ObjectNode response = JSON.createObjectNode().put("id", "gen-stub").put("model", request.path("model").asText());
        ObjectNode message = response.putArray("choices").addObject().put("finish_reason", "stop")
                .putObject("message").put("role", "assistant");
        boolean answeredTool = false;
        for (JsonNode m : request.path("messages")) answeredTool |= m.path("role").asText().equals("tool");
        if (toolNames(request).contains("write_file") && !answeredTool) {
            ((ObjectNode) response.path("choices").get(0)).put("finish_reason", "tool_calls");
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call-1").put("type", "function");
            call.putObject("function").put("name", "write_file").put("arguments",
                    JSON.createObjectNode().put("path", "src/Cart.java").put("content", FIXED).toString());
        } else {
            JsonNode schema = request.path("response_format").path("json_schema").path("schema");
            message.put("content", schema.isObject() ? valid(schema).toString() : "stub answer");
        }
        response.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
        return response;
    }

    /** A sample of the schema; a review approves with every criterion at 100. */
    private static JsonNode valid(JsonNode schema) {
        JsonNode sample = ScriptedLlmProvider.sample(schema);
        if (sample instanceof ObjectNode o && schema.path("properties").has("criteria")) {
            o.put("score", 100).put("approved", true).putArray("blockers");
            o.putArray("issues");
            ObjectNode criteria = o.putObject("criteria");
            schema.path("properties").path("criteria").path("properties").fieldNames()
                    .forEachRemaining(c -> criteria.putObject(c).put("score", 100).put("evidence", "stub"));
        }
        return sample;
    }

    private static List<String> toolNames(JsonNode request) {
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode t : request.path("tools")) names.add(t.path("function").path("name").asText());
        return names;
    }

    private Console live() {
        return new Console().env("OPENROUTER_API_KEY", "sk-or-v1-not-a-real-key")
                .env("OPENROUTER_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
    }

    private Path input() throws IOException {
        return Files.writeString(dir.resolve("bug.json"), JSON.createObjectNode().put("workspace", dir.resolve("repo").toString())
                .put("bug_report", "the discount is ignored").put("area", "backend").toString());
    }

    @Test
    void withWrite_onlyTheCodeWritersAreOfferedWriteFile_andTheRepositoryIsChanged() throws IOException {
        Console c = live().run("bug-resolution", "--write", "--input", input().toString(), "--out", dir.resolve("out").toString());

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        assertThat(Files.readString(repo.resolve("Cart.java"))).isEqualTo(FIXED);
        List<JsonNode> writers = requests.stream().filter(r -> toolNames(r).contains("write_file")).toList();
        assertThat(writers).isNotEmpty();
        assertThat(requests.stream().filter(r -> !toolNames(r).isEmpty() && !toolNames(r).contains("write_file")))
                .as("the code readers keep the read-only tools").isNotEmpty();
        assertThat(c.out() + c.err()).doesNotContain("sk-or-v1-not-a-real-key");
    }

    @Test
    void withoutWrite_noRequestOffersAWritingTool_andTheRepositoryIsUnchanged() throws IOException {
        Console c = live().run("bug-resolution", "--input", input().toString(), "--out", dir.resolve("out").toString());

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        assertThat(requests).isNotEmpty();
        assertThat(requests).allSatisfy(r -> assertThat(toolNames(r)).doesNotContain("write_file", "apply_patch"));
        assertThat(Files.readString(repo.resolve("Cart.java"))).isEqualTo(BROKEN);
        assertThat(Console.runFolder(dir.resolve("out")).resolve("changes.patch")).exists();
    }
}
