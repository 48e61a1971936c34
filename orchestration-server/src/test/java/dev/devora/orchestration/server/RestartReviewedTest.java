package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.testing.SimulatedProvider;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restarted run is started as any run is: built with the service's reviews (a reviewed step waits for a person
 * again) and holding one of the concurrent-run slots; so is the pass that continues a run after a decision.
 */
class RestartReviewedTest {
    static final String TOKEN = "restart-reviewed-token-0123456789";
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    JsonNode send(DevoraServer server, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return json.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    JsonNode waitForStatus(DevoraServer server, String runId, String status) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode run;
        do {
            run = send(server, "GET", "/api/v1/runs/" + runId, null);
            if (status.equals(run.path("status").asText())) return run;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("run " + runId + " never became " + status + ": " + run);
    }

    @Test
    void aRestart_takesAConcurrentRunSlot_likeASubmission() throws Exception {
        dev.devora.orchestration.testing.ScriptedLlmProvider slow = dev.devora.orchestration.testing.ScriptedLlmProvider
                .builder().latency(java.time.Duration.ofMillis(400)).build();
        try (WorkflowEngine engine = WorkflowEngine.create();
             DevoraServer server = DevoraServer.start(DevoraApi.builder().engine(engine).provider(slow)
                     .tokens(AccessTokens.of(TOKEN)).maxConcurrentRuns(1).build(), "127.0.0.1", 0)) {
            String body = "{\"workflow\": \"documentation-generation\", \"input\": " + DevoraApiTest.DOCS_INPUT + "}";
            String ended = send(server, "POST", "/api/v1/runs", body).path("run_id").asText();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!List.of("succeeded", "partial").contains(send(server, "GET", "/api/v1/runs/" + ended, null).path("status").asText())) {
                if (System.nanoTime() > deadline) throw new AssertionError("run " + ended + " did not end");
                Thread.sleep(50);
            }
            String running = send(server, "POST", "/api/v1/runs", body).path("run_id").asText();
            assertThat(running).isNotBlank();

            JsonNode refused = send(server, "POST", "/api/v1/runs/" + ended + "/restart", null);
            assertThat(refused.path("error").path("code").asText()).as(refused.toString()).isEqualTo("too_many_runs");
        }
    }

    @Test
    void aRestartOfAReviewedWorkflow_waitsForTheSameReview() throws Exception {
        try (WorkflowEngine engine = WorkflowEngine.create();
             DevoraServer server = DevoraServer.start(DevoraApi.builder().engine(engine).provider(SimulatedProvider.create())
                     .tokens(AccessTokens.of(TOKEN)).review("documentation-generation", RestartTest.STEP).build(), "127.0.0.1", 0)) {
            String first = send(server, "POST", "/api/v1/runs", "{\"workflow\": \"documentation-generation\", \"input\": "
                    + DevoraApiTest.DOCS_INPUT + "}").path("run_id").asText();
            assertThat(waitForStatus(server, first, "waiting").path("pending")).isNotEmpty();

            JsonNode restarted = send(server, "POST", "/api/v1/runs/" + first + "/restart", null);
            String second = restarted.path("run_id").asText();
            assertThat(second).as(restarted.toString()).isNotBlank().isNotEqualTo(first);
            JsonNode run = waitForStatus(server, second, "waiting");
            assertThat(run.path("pending").get(0).path("step").asText()).endsWith(RestartTest.STEP);
        }
    }

    @Test
    void aDecisionThatContinuesARun_takesAConcurrentRunSlot_andRecordsNothingWhenRefused() throws Exception {
        dev.devora.orchestration.testing.ScriptedLlmProvider slow = dev.devora.orchestration.testing.ScriptedLlmProvider
                .builder().latency(java.time.Duration.ofMillis(1500)).build();
        try (WorkflowEngine engine = WorkflowEngine.create();
             DevoraServer server = DevoraServer.start(DevoraApi.builder().engine(engine).provider(slow)
                     .tokens(AccessTokens.of(TOKEN)).maxConcurrentRuns(1)
                     .review("documentation-generation", RestartTest.STEP).build(), "127.0.0.1", 0)) {
            String body = "{\"workflow\": \"documentation-generation\", \"input\": " + DevoraApiTest.DOCS_INPUT + "}";
            String waiting = send(server, "POST", "/api/v1/runs", body).path("run_id").asText();
            String requestId = waitForStatus(server, waiting, "waiting").path("pending").get(0).path("request_id").asText();
            String running = send(server, "POST", "/api/v1/runs", body).path("run_id").asText(); // the one slot
            assertThat(running).as("a waiting run holds no slot").isNotBlank();

            String decision = "{\"request_id\": \"" + requestId + "\", \"verdict\": \"approve\"}";
            JsonNode refused = send(server, "POST", "/api/v1/runs/" + waiting + "/decisions", decision);
            assertThat(refused.path("error").path("code").asText()).as(refused.toString()).isEqualTo("too_many_runs");
            assertThat(send(server, "GET", "/api/v1/runs/" + waiting, null).path("pending").get(0).path("request_id").asText())
                    .as("nothing recorded").isEqualTo(requestId);

            waitForStatus(server, running, "waiting");                                 // the slot is free again
            JsonNode accepted = send(server, "POST", "/api/v1/runs/" + waiting + "/decisions", decision);
            assertThat(accepted.path("continued").asText()).as(accepted.toString()).isEqualTo("resumed");
            assertThat(send(server, "GET", "/api/v1/metrics", null).path("active_runs").asInt()).isEqualTo(1);
        }
    }
}
