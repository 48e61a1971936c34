package dev.devora.orchestration.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.server.internal.DashboardRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's files over real HTTP (same-origin, strict Content-Security-Policy, no inline script or style) and
 * the events route's {@code ?access_token=} for the browser's EventSource: accepted there only, never echoed or logged.
 */
class DashboardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "dash-token-0123456789abcdef";

    WorkflowEngine engine;
    DevoraServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        engine = WorkflowEngine.create();
        DevoraApi api = DevoraApi.builder().engine(engine).provider(ScriptedLlmProvider.builder().build())
                .tokens(AccessTokens.of(TOKEN)).build();
        server = DevoraServer.start(api, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(30)).GET()
                .header("Accept", path.contains("/events") ? "text/event-stream" : "*/*");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndItsAssets_areServedWithoutAToken_underAStrictPolicy_withNoInlineScriptOrStyle() throws Exception {
        HttpResponse<String> root = get("/", null);
        assertThat(root.statusCode()).isIn(301, 302, 303, 307, 308);
        assertThat(root.headers().firstValue("Location")).hasValue("/dashboard/");

        HttpResponse<String> bare = get("/dashboard", null);
        assertThat(bare.headers().firstValue("Location")).hasValue("/dashboard/");
        HttpResponse<String> page = get("/dashboard/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).startsWith("default-src 'self'").contains("script-src 'self';", "object-src 'none'")
                .doesNotContain("unsafe-eval").doesNotContain("script-src 'self' '");
        String html = page.body();
        assertThat(html).contains("<script src=\"app.js\" defer></script>", "<link rel=\"stylesheet\" href=\"app.css\">",
                "<script src=\"" + DashboardRoutes.MERMAID + "\" defer></script>");
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).as("every script is a file").contains("src=");
            assertThat(scripts.group(2)).as("no inline script").isBlank();
        }
        assertThat(count).isEqualTo(2);
        assertThat(html).doesNotContain("<style", " style=", "javascript:");
        assertThat(Pattern.compile("\\son[a-z]+=").matcher(html).find()).as("no inline event handler").isFalse();

        for (String asset : new String[] {"app.js", "app.css"}) {
            HttpResponse<String> r = get("/dashboard/" + asset, null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(r.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith(asset.endsWith(".js") ? "text/javascript" : "text/css");
        }
        assertThat(get("/dashboard/app.js", null).body()).doesNotContain("eval(", "new Function", "innerHTML");
        // The vendored Mermaid bundle: served with its version in its name, cached, and with its licence next to it.
        HttpResponse<String> mermaid = get("/dashboard/" + DashboardRoutes.MERMAID, null);
        assertThat(mermaid.statusCode()).isEqualTo(200);
        assertThat(mermaid.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        assertThat(mermaid.body()).contains("Bundled license information");
        HttpResponse<String> licence = get("/dashboard/mermaid-12.3.0.LICENSE.txt", null);
        assertThat(licence.statusCode()).isEqualTo(200);
        assertThat(licence.body()).startsWith("The MIT License");
        HttpResponse<String> missing = get("/dashboard/secrets.txt", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no dashboard file 'secrets.txt'");
    }

    @Test
    void theEventsRoute_alone_takesTheTokenInTheQuery_refusesAWrongOne_andNeverEchoesOrLogsIt() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.INFO);
        try {
            HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/runs"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"workflow\": \"documentation-generation\", \"input\": "
                            + DevoraApiTest.DOCS_INPUT + "}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            String runId = JSON.readTree(submitted.body()).path("run_id").asText();
            String events = "/api/v1/runs/" + runId + "/events";

            HttpResponse<String> stream = get(events + "?access_token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8), null);
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            assertThat(stream.body()).contains("event: run-started", "event: run-completed").doesNotContain(TOKEN);

            String wrong = TOKEN + "-wrong";
            HttpResponse<String> refused = get(events + "?access_token=" + wrong, null);
            assertThat(refused.statusCode()).isEqualTo(401);
            JsonNode err = JSON.readTree(refused.body()).path("error");
            assertThat(err.path("code").asText()).isEqualTo("unauthorized");
            assertThat(err.path("field").asText()).isEqualTo("access_token");
            assertThat(refused.body()).doesNotContain(wrong).doesNotContain(TOKEN);

            for (String other : new String[] {"/api/v1/runs", "/api/v1/runs/" + runId, "/api/v1/workflows"}) {
                HttpResponse<String> r = get(other + "?access_token=" + TOKEN, null);
                assertThat(r.statusCode()).as(other + " takes no token in the query").isEqualTo(401);
                assertThat(r.body()).doesNotContain(TOKEN);
            }
            assertThat(get(events + "?access_token=" + wrong, TOKEN).statusCode())
                    .as("with a header, the header decides").isEqualTo(200);
            assertThat(get(events, null).statusCode()).isEqualTo(401);
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(TOKEN));
    }
}
