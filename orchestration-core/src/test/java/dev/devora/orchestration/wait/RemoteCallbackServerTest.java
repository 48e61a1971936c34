package dev.devora.orchestration.wait;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.remote.RemoteCallbackServer;
import dev.devora.orchestration.remote.RemoteCallbacks;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The ready receiver on the JDK's HTTP server: POST only, bounded bodies, RemoteCallbacks' replies. */
class RemoteCallbackServerTest {
    private static final String TOKEN = "server-test-token-77";

    @org.junit.jupiter.api.extension.RegisterExtension
    final dev.devora.orchestration.testing.CapturedLogs logs = dev.devora.orchestration.testing.CapturedLogs.create();

    @Test
    void postsReachTheCallbacks_otherMethodsAre405_andOversizedBodies413() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(new InMemoryRunStore()).build();
             RemoteCallbacks callbacks = RemoteCallbacks.of(engine, ApiKey.of(TOKEN));
             RemoteCallbackServer server = RemoteCallbackServer.start(callbacks, new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(server.uri().toString()).startsWith("http://127.0.0.1:").endsWith("/callbacks");

            HttpResponse<String> get = http.send(HttpRequest.newBuilder(server.uri()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).contains("POST");

            HttpResponse<String> big = http.send(HttpRequest.newBuilder(server.uri())
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(RemoteCallbackServer.MAX_BODY_BYTES + 1)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isEqualTo(413);

            HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(server.uri())
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(noToken.headers().firstValue("Content-Type")).contains("application/json");

            HttpResponse<String> unknownRun = http.send(HttpRequest.newBuilder(server.uri())
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"task_completed\",\"projectId\":\"nope\","
                            + "\"taskId\":\"t\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknownRun.statusCode()).isEqualTo(404);
            assertThat(unknownRun.body()).contains("\"ok\":false").doesNotContain(TOKEN);
        }
    }

    @Test
    void aFailureOfTheHandling_is500_andTheServerKeepsAnswering() throws Exception {
        dev.devora.orchestration.journal.RunStore broken = new dev.devora.orchestration.journal.RunStore() {
            @Override
            public void append(String runId, dev.devora.orchestration.journal.JournalEntry entry,
                               dev.devora.orchestration.journal.RunSummary summary) {
                throw new dev.devora.orchestration.journal.RunStoreException("disk full", null);
            }

            @Override
            public java.util.List<dev.devora.orchestration.journal.JournalEntry> entries(String runId) {
                throw new dev.devora.orchestration.journal.RunStoreException("disk full", null);
            }

            @Override
            public java.util.Optional<dev.devora.orchestration.journal.RunSummary> run(String runId) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.List<dev.devora.orchestration.journal.RunSummary> runs(
                    dev.devora.orchestration.journal.RunQuery query) {
                return java.util.List.of();
            }

            @Override
            public int purge(java.time.Instant endedBefore) {
                return 0;
            }
        };
        HttpClient http = HttpClient.newHttpClient();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(broken).build();
             RemoteCallbacks callbacks = RemoteCallbacks.of(engine, ApiKey.of(TOKEN));
             RemoteCallbackServer server = RemoteCallbackServer.start(callbacks, new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri())
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"task_completed\",\"projectId\":\"r\","
                                + "\"taskId\":\"t\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(500);
                assertThat(r.body()).contains("report it again");
            }
        }
        assertThat(logs.messages(ch.qos.logback.classic.Level.WARN)).hasSize(2).allSatisfy(m ->
                assertThat(m).contains("could not be handled").contains("disk full"));
    }
}
