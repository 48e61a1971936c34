package dev.devora.orchestration.examples.runner;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The live path against a local stub of the chat completions API that answers every call with one error. */
class OpenRouterErrorsTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private String serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    }

    private Console live(String baseUrl) {
        return new Console().env("OPENROUTER_API_KEY", "sk-or-v1-not-a-real-key").env("OPENROUTER_BASE_URL", baseUrl);
    }

    @Test
    void invalidKey_endsTheRunWith401Explained_withoutLeakingTheKey() throws IOException {
        String url = serve(401, "{\"error\": {\"code\": 401, \"message\": \"No auth credentials found\"}}");

        Console c = live(url).run("documentation-generation", "--out", dir.toString());

        assertThat(c.status).isEqualTo(1);
        assertThat(c.out()).startsWith("Provider: OpenRouter (OPENROUTER_API_KEY is set).")
                .contains("Limits: max cost $5.00 (--max-cost)")
                .contains("): FAILED");
        assertThat(c.err()).contains("error: the run failed: Step '")
                .contains("authentication failed")
                .contains("OpenRouter rejected the API key: HTTP 401 (\"No auth credentials found\").")
                .contains("The key in OPENROUTER_API_KEY is missing, mistyped, revoked or disabled.")
                .contains("--offline");
        assertThat(c.out() + c.err()).doesNotContain("sk-or-v1-not-a-real-key");
        assertThat(calls.get()).isPositive();
        assertThat(Console.runFolder(dir).resolve("report.json")).exists();
        assertThat(Console.runFolder(dir).resolve(".json")).doesNotExist();
    }

    @Test
    void noCredit_endsTheRunWith402Explained() throws IOException {
        String url = serve(402, "{\"error\": {\"code\": 402, \"message\": \"Insufficient credits. Add more using https://openrouter.ai/settings/credits\"}}");

        Console c = live(url).run("documentation-generation", "--out", dir.toString());

        assertThat(c.status).isEqualTo(1);
        assertThat(c.err()).contains("insufficient credits")
                .contains("OpenRouter refused the call for lack of credit: HTTP 402 (\"Insufficient credits.")
                .contains("Add credits in your")
                .contains("--max-cost 0.50")
                .doesNotContain("reserves credit");
    }

    @Test
    void aBadBaseUrl_isAUsageError() {
        Console c = live("ftp://example").run("documentation-generation", "--out", dir.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).startsWith("error: OPENROUTER_BASE_URL: baseUrl must start with https://");
    }

    @Test
    void aBadOut_withAKey_isRefusedBeforeAnyCall() throws IOException {
        String url = serve(200, "{}");
        Path file = java.nio.file.Files.writeString(dir.resolve("out.txt"), "a file");

        Console c = live(url).run("documentation-generation", "--out", file.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).isEqualTo("error: --out " + file + " is a file, not a folder\n");
        assertThat(calls.get()).isZero();
    }
}
