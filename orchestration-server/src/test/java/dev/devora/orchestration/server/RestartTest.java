package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.jdbc.JdbcRunStore;
import dev.devora.orchestration.server.internal.ServiceWorkflows;
import dev.devora.orchestration.testing.SimulatedProvider;
import dev.devora.orchestration.workflows.Workflows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs survive a restart of the service: a service on a SQLite file leaves one run waiting for a person's review and
 * one finished (its review approved over the API); a new service on the same file lists both, shows the waiting
 * run's pending request, continues it to its end with a decision posted to it, and streams both runs' events.
 */
class RestartTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "restart-token-0123456789abcdef";
    static final String WORKFLOW = "documentation-generation";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<AutoCloseable> open = new ArrayList<>();
    URI url;

    /** The reviewed step: the workflow's first agent step. */
    static final String STEP = ServiceWorkflows.agentSteps(Workflows.byId(WORKFLOW, SimulatedProvider.create()).definition()).get(0);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    /** A service as DevoraServerMain builds it: a SQLite store, an engine on it, the API with a review of STEP. */
    void startService(Path db) {
        startService(db, true);
    }

    /** How often the services started here sweep their waiting runs; null (the tests' default): never. */
    Duration sweep;

    void startService(Path db, boolean reviewing) {
        JdbcRunStore store = JdbcRunStore.sqlite(db);
        WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build();
        DevoraApi.Builder b = DevoraApi.builder().engine(engine).provider(SimulatedProvider.builder().noLatency().build())
                .tokens(AccessTokens.of(TOKEN)).waitingRunsSweep(sweep);
        DevoraApi api = (reviewing ? b.review(WORKFLOW, STEP) : b).build();
        DevoraServer server = DevoraServer.start(api, "127.0.0.1", 0);
        open.add(store);
        open.add(engine);
        open.add(server);
        url = server.url();
    }

    void stopService() throws Exception {
        closeAll();
        open.clear();
    }

    @Test
    void aRunDecidedWhileTheServiceWasDown_isContinuedAtItsNextStart_butNotByAServiceThatDoesNotReviewTheStep()
            throws Exception {
        sweep = Duration.ofSeconds(10);
        Path db = dir.resolve("runs.db");
        startService(db);
        String run = submit();
        String requestId = awaitStatus(run, "waiting").path("pending").get(0).path("request_id").asText();
        stopService();
        try (JdbcRunStore store = JdbcRunStore.sqlite(db); WorkflowEngine bare = WorkflowEngine.builder().runStore(store).build()) {
            assertThat(bare.recordDecision(run, requestId, dev.devora.orchestration.approval.Decision.approve())).isTrue();
        }

        ch.qos.logback.classic.Logger sweepLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                dev.devora.orchestration.server.internal.WaitingRunsSweep.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        sweepLog.addAppender(logs);
        try {
            startService(db, false); // its sweep at start leaves the run waiting: the step would run again unreviewed
            Instant until = Instant.now().plusSeconds(30);
            while (logs.list.stream().noneMatch(e -> e.getFormattedMessage().contains(run + " waited for a review"))) {
                assertThat(Instant.now()).as("the sweep looked at the run").isBefore(until);
                Thread.sleep(20);
            }
            assertThat(json(send("GET", "/api/v1/runs/" + run, null)).path("status").asText()).isEqualTo("waiting");
            stopService();
        } finally {
            sweepLog.detachAppender(logs);
        }

        startService(db); // the same reviews: the sweep at start continues it, no request needed
        JsonNode done = awaitStatus(run, "succeeded", "partial");
        assertThat(done.path("pending")).isEmpty();
        assertThat(done.path("steps").findValuesAsText("path")).anyMatch(p -> p.endsWith(STEP));
        List<String[]> events = sse("/api/v1/runs/" + run + "/events", null);
        assertThat(events.stream().map(e -> e[1])).contains("run-resumed", "run-completed");
    }

    @Test
    void aRunAnsweredElsewhereWhileTheServiceRuns_isContinued_andTheServiceReportsItsRealStatus() throws Exception {
        sweep = Duration.ofMillis(200);
        Path db = dir.resolve("runs.db");
        startService(db);
        String run = submit();
        String requestId = awaitStatus(run, "waiting").path("pending").get(0).path("request_id").asText();
        // another process journals the decision (as the runner's --decide does); the service's sweep finds it
        try (JdbcRunStore store = JdbcRunStore.sqlite(db); WorkflowEngine bare = WorkflowEngine.builder().runStore(store).build()) {
            assertThat(bare.recordDecision(run, requestId, dev.devora.orchestration.approval.Decision.approve())).isTrue();
        }
        JsonNode done = awaitStatus(run, "succeeded", "partial");
        assertThat(done.path("pending")).isEmpty();
        assertThat(json(send("GET", "/api/v1/runs?limit=10", null)).path("runs").get(0).path("status").asText())
                .isEqualTo(done.path("status").asText());
    }

    @Test
    void runsWaitingAndFinished_surviveARestart_andADecisionContinuesTheWaitingOneToItsEnd() throws Exception {
        Path db = dir.resolve("runs.db");
        startService(db);
        String finished = submit();
        String waiting = submit();
        String decidedOffline = submit();
        JsonNode f = awaitStatus(finished, "waiting");
        awaitStatus(waiting, "waiting");
        String offlineRequest = awaitStatus(decidedOffline, "waiting").path("pending").get(0).path("request_id").asText();
        String firstRequest = f.path("pending").get(0).path("request_id").asText();
        assertThat(f.path("pending").get(0).path("step").asText()).endsWith(STEP);
        HttpResponse<String> approved = decide(finished, "{\"request_id\": \"" + firstRequest + "\", \"verdict\": \"approve\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
        assertThat(json(approved).path("continued").asText()).isEqualTo("resumed");
        assertThat(awaitStatus(finished, "succeeded", "partial").path("pending")).isEmpty();
        stopService();
        // while no service runs, a decision is journaled by another process (as the runner's --decide does)
        try (JdbcRunStore store = JdbcRunStore.sqlite(db); WorkflowEngine bare = WorkflowEngine.builder().runStore(store).build()) {
            assertThat(bare.recordDecision(decidedOffline, offlineRequest, dev.devora.orchestration.approval.Decision.approve())).isTrue();
        }

        // a service that does not review the step refuses the decision: the step would run again unreviewed
        startService(db, false);
        String pendingId = json(send("GET", "/api/v1/runs/" + waiting, null)).path("pending").get(0).path("request_id").asText();
        HttpResponse<String> unreviewed = decide(waiting, "{\"request_id\": \"" + pendingId + "\", \"verdict\": \"approve\"}");
        assertThat(unreviewed.statusCode()).isEqualTo(409);
        assertThat(json(unreviewed).path("error").path("code").asText()).isEqualTo("review_not_configured");
        assertThat(json(unreviewed).path("error").path("message").asText()).contains(STEP);
        stopService();

        startService(db); // a new service, engine and store on the same file, with the same reviews
        JsonNode runs = json(send("GET", "/api/v1/runs", null)).path("runs");
        assertThat(runs.findValuesAsText("run_id")).containsExactlyInAnyOrder(finished, waiting, decidedOffline);

        // the run decided while the service was down waits for nothing more: posting that decision continues it
        JsonNode offline = json(send("GET", "/api/v1/runs/" + decidedOffline, null));
        assertThat(offline.path("status").asText()).isEqualTo("waiting");
        assertThat(offline.path("pending")).isEmpty();
        HttpResponse<String> otherwise = decide(decidedOffline, "{\"request_id\": \"" + offlineRequest + "\", \"verdict\": \"reject\"}");
        assertThat(otherwise.statusCode()).isEqualTo(409);
        HttpResponse<String> same = decide(decidedOffline, "{\"request_id\": \"" + offlineRequest + "\", \"verdict\": \"approve\"}");
        assertThat(same.statusCode()).as(same.body()).isEqualTo(202);
        assertThat(json(same).path("recorded").asBoolean()).isFalse();
        assertThat(json(same).path("continued").asText()).isEqualTo("resumed");
        awaitStatus(decidedOffline, "succeeded", "partial");
        JsonNode before = json(send("GET", "/api/v1/runs/" + waiting, null));
        assertThat(before.path("status").asText()).isEqualTo("waiting");
        assertThat(before.path("pending")).hasSize(1);
        JsonNode request = before.path("pending").get(0);
        assertThat(request.path("kind").asText()).isEqualTo("approval");
        assertThat(request.path("step").asText()).endsWith(STEP);
        String requestId = request.path("request_id").asText();
        assertThat(json(send("GET", "/api/v1/runs/" + finished, null)).path("status").asText()).isIn("succeeded", "partial");

        // the finished run's events come from the store (journal replay): from the start, and after a given id
        List<String[]> replay = sse("/api/v1/runs/" + finished + "/events", null);
        assertThat(replay.get(0)[1]).isEqualTo("run-started");
        assertThat(replay.get(replay.size() - 1)[1]).isEqualTo("run-completed");
        assertThat(replay.stream().map(e -> e[1])).contains("wait-started", "run-resumed");
        assertThat(sse("/api/v1/runs/" + finished + "/events", "2")).hasSize(replay.size() - 2);
        List<String[]> waitingEvents = sse("/api/v1/runs/" + waiting + "/events", null);
        assertThat(waitingEvents.stream().map(e -> e[1])).contains("wait-started");

        // decisions are checked before anything is recorded
        HttpResponse<String> unknownRun = decide("no-such-run", "{\"request_id\": \"" + requestId + "\", \"verdict\": \"approve\"}");
        assertThat(unknownRun.statusCode()).isEqualTo(404);
        assertThat(json(unknownRun).path("error").path("code").asText()).isEqualTo("run_not_found");
        HttpResponse<String> unknownRequest = decide(waiting, "{\"request_id\": \"r-none\", \"verdict\": \"approve\"}");
        assertThat(unknownRequest.statusCode()).isEqualTo(409);
        JsonNode err = json(unknownRequest).path("error");
        assertThat(err.path("code").asText()).isEqualTo("no_such_request");
        assertThat(err.path("field").asText()).isEqualTo("request_id");
        assertThat(err.path("message").asText()).contains("'r-none'", requestId);
        assertThat(err.path("request_id").asText()).isNotBlank();
        HttpResponse<String> badVerdict = decide(waiting, "{\"request_id\": \"" + requestId + "\", \"verdict\": \"maybe\"}");
        assertThat(badVerdict.statusCode()).isEqualTo(422);
        assertThat(json(badVerdict).path("error").path("field").asText()).isEqualTo("verdict");
        assertThat(json(badVerdict).path("error").path("message").asText()).contains("'maybe'");
        HttpResponse<String> editWithoutText = decide(waiting, "{\"request_id\": \"" + requestId + "\", \"verdict\": \"edit\"}");
        assertThat(editWithoutText.statusCode()).isEqualTo(422);
        assertThat(json(editWithoutText).path("error").path("field").asText()).isEqualTo("text");
        HttpResponse<String> noRequest = decide(waiting, "{\"verdict\": \"approve\"}");
        assertThat(json(noRequest).path("error").path("field").asText()).isEqualTo("request_id");
        assertThat(decide(waiting, "{\"verdict\": ").statusCode()).isEqualTo(400);
        assertThat(json(send("GET", "/api/v1/runs/" + waiting, null)).path("status").asText()).isEqualTo("waiting");

        HttpResponse<String> ok = decide(waiting, "{\"request_id\": \"" + requestId + "\", \"verdict\": \"approve\", "
                + "\"feedback\": \"fine\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(json(ok).path("recorded").asBoolean()).isTrue();
        JsonNode done = awaitStatus(waiting, "succeeded", "partial");
        assertThat(done.path("pending")).isEmpty();
        List<String[]> events = sse("/api/v1/runs/" + waiting + "/events", null);
        assertThat(events.get(events.size() - 1)[1]).isEqualTo("run-completed");
        assertThat(events.stream().map(e -> e[1])).contains("run-started", "wait-started", "run-resumed");
        for (int i = 0; i < events.size(); i++) assertThat(events.get(i)[0]).isEqualTo(Integer.toString(i + 1));

        HttpResponse<String> again = decide(waiting, "{\"request_id\": \"" + requestId + "\", \"verdict\": \"reject\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("error").path("message").asText()).contains("waits for nothing");
    }

    @Test
    void aReviewOfAnUnknownStep_isRefusedAtBuild_namingTheAgentSteps() {
        WorkflowEngine engine = WorkflowEngine.create();
        open.add(engine);
        assertThatThrownBy(() -> DevoraApi.builder().engine(engine).provider(SimulatedProvider.create())
                .tokens(AccessTokens.of(TOKEN)).review(WORKFLOW, "nope").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no agent step 'nope'").hasMessageContaining(STEP);
        assertThatThrownBy(() -> DevoraApi.builder().engine(engine).provider(SimulatedProvider.create())
                .tokens(AccessTokens.of(TOKEN)).review("no-workflow", STEP).build())
                .hasMessageContaining("no workflow 'no-workflow'");
    }

    String submit() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/runs", "{\"workflow\": \"" + WORKFLOW + "\", \"input\": "
                + DevoraApiTest.DOCS_INPUT + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r).path("run_id").asText();
    }

    HttpResponse<String> decide(String runId, String body) throws Exception {
        return send("POST", "/api/v1/runs/" + runId + "/decisions", body);
    }

    /** Polls the run until its status is one of those given (generous: 60 s). */
    JsonNode awaitStatus(String runId, String... statuses) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode run;
        do {
            run = json(send("GET", "/api/v1/runs/" + runId, null));
            if (List.of(statuses).contains(run.path("status").asText())) return run;
            Thread.sleep(50);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("run " + runId + " is " + run.path("status").asText() + ", not one of " + List.of(statuses));
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** Reads an event stream to its end: each event's id and type. */
    List<String[]> sse(String path, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream");
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<java.io.InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String[]> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String id = null, type = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("id:")) id = line.substring(3).strip();
                else if (line.startsWith("event:")) type = line.substring(6).strip();
                else if (line.isEmpty() && type != null) {
                    events.add(new String[] {id, type});
                    id = null;
                    type = null;
                }
            }
        }
        return events;
    }
}
