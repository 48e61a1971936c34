package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live event streams of a run that takes a while (each model call 150 ms): a client that drops mid-run and
 * reconnects with Last-Event-ID misses nothing and sees nothing twice; several clients watching at once each get
 * every event.
 */
class LiveEventsTest {
    static final String TOKEN = "live-events-token-0123456789";
    WorkflowEngine engine;
    DevoraServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        engine = WorkflowEngine.create();
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().latency(Duration.ofMillis(150)).build();
        server = DevoraServer.start(DevoraApi.builder().engine(engine).provider(llm).tokens(AccessTokens.of(TOKEN)).build(),
                "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    String submit() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/runs"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"workflow\": \"documentation-generation\", \"input\": "
                        + DevoraApiTest.DOCS_INPUT + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return new ObjectMapper().readTree(r.body()).path("run_id").asText();
    }

    /** Reads the stream's events (id, type), at most {@code max} of them, then closes the connection. */
    List<String> read(String runId, String lastEventId, int max) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve("/api/v1/runs/" + runId + "/events"))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60));
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        List<String> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String id = null, type = null;
            for (String line; events.size() < max && (line = in.readLine()) != null; ) {
                if (line.startsWith("id:")) id = line.substring(3).strip();
                else if (line.startsWith("event:")) type = line.substring(6).strip();
                else if (line.isEmpty() && type != null) {
                    events.add(id + " " + type);
                    id = null;
                    type = null;
                }
            }
        }
        return events;
    }

    @Test
    void aClientThatDropsMidRun_andReconnectsWithLastEventId_missesNothing_andSeesNothingTwice() throws Exception {
        String runId = submit();
        List<String> first = read(runId, null, 3);
        assertThat(first).hasSize(3);
        String last = first.get(2).split(" ")[0];
        List<String> rest = read(runId, last, Integer.MAX_VALUE);
        List<String> all = read(runId, null, Integer.MAX_VALUE);

        List<String> joined = new ArrayList<>(first);
        joined.addAll(rest);
        assertThat(joined).isEqualTo(all);
        assertThat(rest.get(rest.size() - 1)).endsWith("run-completed");
        assertThat(all.get(0)).isEqualTo("1 run-started");
    }

    @Test
    void severalClientsWatchingAtOnce_eachGetEveryEvent() throws Exception {
        String runId = submit();
        List<CompletableFuture<List<String>>> watchers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            watchers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return read(runId, null, Integer.MAX_VALUE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<String> reference = watchers.get(0).get();
        assertThat(reference.get(reference.size() - 1)).endsWith("run-completed");
        for (CompletableFuture<List<String>> w : watchers) assertThat(w.get()).isEqualTo(reference);
    }
}
