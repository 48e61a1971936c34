package dev.devora.orchestration.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.testing.StubRemoteAgentServer;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import dev.devora.orchestration.workflows.business.BusinessTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote agents' reports (seed 004) reach the task service at {@code POST /api/v1/callbacks}: a business template's
 * design phase goes to a stub remote agent, whose {@code task_completed} continues the run in a pass of the service
 * (its detail follows it); the route takes the inter-agent token only; the metrics show the agent's availability;
 * the token shows nowhere.
 */
class RemoteAgentCallbacksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCESS = "callbacks-access-token-0123456789";
    static final String INTER_AGENT = "inter-agent-token-9876543210-secret";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    HttpResponse<String> send(DevoraServer server, String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) b.header("Authorization", authorization);
        if (path.endsWith("/events")) b.header("Accept", "text/event-stream");
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(DevoraServer server, String path) throws Exception {
        HttpResponse<String> r = send(server, "GET", path, "Bearer " + ACCESS, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    JsonNode awaitStatus(DevoraServer server, String runId, String status) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> r = send(server, "GET", "/api/v1/runs/" + runId, "Bearer " + ACCESS, null);
            // a run just submitted may not be in the store for a moment
            JsonNode run = r.statusCode() == 404 ? JSON.nullNode() : JSON.readTree(r.body());
            if (r.statusCode() != 404) assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (run.path("status").asText().equals(status)) return run;
            if (System.nanoTime() > until) throw new AssertionError("run " + runId + " is not " + status + ": " + run);
            Thread.sleep(25);
        }
    }

    @Test
    void aRemoteAgentsReport_continuesTheRunInTheService_theMetricsShowTheAgent_andTheTokenShowsNowhere() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        Level before = root.getLevel();
        Logger ours = (Logger) LoggerFactory.getLogger("dev.devora");
        Level oursBefore = ours.getLevel();
        root.setLevel(Level.INFO); // Jetty's own DEBUG logs print every request header, as documented in the README
        ours.setLevel(Level.DEBUG);
        try {
            JsonNode schema = BusinessTemplate.COIFFEUR_EXPRESS.phases().get(0).outputSchema();
            StubRemoteAgentServer design = StubRemoteAgentServer.builder("design-ia", INTER_AGENT)
                    .delay(Duration.ofMillis(150)).output(task -> ScriptedLlmProvider.sample(schema)).start();
            open.add(design);
            int port = freePort();
            AgentEndpoints endpoints = AgentEndpoints.fromEnvironment(Map.of("DESIGN_IA_ENDPOINT", design.uri().toString(),
                    AgentEndpoints.TOKEN_VARIABLE, INTER_AGENT,
                    AgentEndpoints.WEBHOOK_VARIABLE, "http://127.0.0.1:" + port + DevoraApi.CALLBACKS_PATH));
            WorkflowEngine engine = WorkflowEngine.create();
            open.add(engine);
            ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
            DevoraServer server = DevoraServer.start(DevoraApi.builder().engine(engine).provider(llm)
                    .tokens(AccessTokens.of(ACCESS)).agentEndpoints(endpoints).build(), "127.0.0.1", port);
            open.add(server);

            JsonNode agent = get(server, "/api/v1/metrics").path("remote_agents").path("design-ia");
            assertThat(agent.path("endpoint").asText()).isEqualTo("http://127.0.0.1:" + design.uri().getPort());
            assertThat(agent.path("available").isNull()).as("never seen yet").isTrue();

            HttpResponse<String> submitted = send(server, "POST", "/api/v1/runs", "Bearer " + ACCESS,
                    "{\"workflow\": \"coiffeur-express\", \"input\": {\"secteur\": \"coiffeur\", \"budget\": 399}}");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            String runId = JSON.readTree(submitted.body()).path("run_id").asText();
            JsonNode done = awaitStatus(server, runId, "succeeded");

            assertThat(design.tasks()).singleElement().satisfies(t -> {
                assertThat(t.path("projectId").asText()).isEqualTo(runId);
                assertThat(t.path("callbackUrl").asText()).isEqualTo("http://127.0.0.1:" + port + "/api/v1/callbacks");
            });
            assertThat(design.callbacks()).extracting(StubRemoteAgentServer.Callback::status).containsExactly(202, 200);
            // the continued pass is the service's: the run's detail has every phase, the design one without a model call
            Map<String, JsonNode> steps = new java.util.HashMap<>();
            done.path("steps").forEach(s -> steps.put(s.path("path").asText(), s));
            assertThat(steps.get("design").path("status").asText()).isEqualTo("succeeded");
            assertThat(steps.get("design").path("llm_calls").asInt()).isZero();
            assertThat(steps.get("ads").path("status").asText()).isEqualTo("succeeded");
            assertThat(steps.get("ads").path("llm_calls").asInt()).isEqualTo(1);
            assertThat(done.path("pending")).isEmpty();
            assertThat(get(server, "/api/v1/runs/" + runId + "/report.json").toString()).contains("design");

            agent = get(server, "/api/v1/metrics").path("remote_agents").path("design-ia");
            assertThat(agent.path("available").asBoolean()).isTrue();
            assertThat(agent.path("last_outcome").asText()).isEqualTo("completed");
            assertThat(agent.path("dispatched").asInt()).isEqualTo(1);
            assertThat(agent.path("completed").asInt()).isEqualTo(1);
            assertThat(agent.path("failed").asInt()).isZero();

            // the route takes the inter-agent token only; bad reports change nothing and are told why
            String report = "{\"type\": \"task_completed\", \"projectId\": \"" + runId + "\", \"taskId\": \"t-1\", \"data\": {}}";
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (String auth : new String[] {null, "Bearer wrong-token", "Bearer " + ACCESS}) {
                HttpResponse<String> r = send(server, "POST", DevoraApi.CALLBACKS_PATH, auth, report);
                assertThat(r.statusCode()).as(auth + ": " + r.body()).isEqualTo(401);
                assertThat(JSON.readTree(r.body()).path("ok").asBoolean(true)).isFalse();
                answers.add(r);
            }
            HttpResponse<String> malformed = send(server, "POST", DevoraApi.CALLBACKS_PATH, "Bearer " + INTER_AGENT, "{oops");
            assertThat(malformed.statusCode()).isEqualTo(400);
            HttpResponse<String> unknownRun = send(server, "POST", DevoraApi.CALLBACKS_PATH, "Bearer " + INTER_AGENT,
                    report.replace(runId, "no-such-run"));
            assertThat(unknownRun.statusCode()).as(unknownRun.body()).isEqualTo(404);
            HttpResponse<String> unknownTask = send(server, "POST", DevoraApi.CALLBACKS_PATH, "Bearer " + INTER_AGENT, report);
            assertThat(unknownTask.statusCode()).as(unknownTask.body()).isEqualTo(404);
            answers.addAll(List.of(malformed, unknownRun, unknownTask));
            assertThat(get(server, "/api/v1/runs/" + runId).path("status").asText()).isEqualTo("succeeded");

            // the inter-agent token is nowhere: answers, run detail, events, metrics, logs
            HttpResponse<String> events = send(server, "GET", "/api/v1/runs/" + runId + "/events", "Bearer " + ACCESS, null);
            List<String> seen = new ArrayList<>();
            answers.forEach(r -> seen.add(r.body()));
            seen.add(events.body());
            seen.add(get(server, "/api/v1/runs/" + runId).toString());
            seen.add(get(server, "/api/v1/metrics").toString());
            seen.add(server.toString());
            assertThat(events.body()).contains("remote-agent-decision");
            assertThat(seen).allSatisfy(s -> assertThat(s).doesNotContain(INTER_AGENT));
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
            ours.setLevel(oursBefore);
        }
        assertThat(logs.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(INTER_AGENT));
    }

    @Test
    void withoutAnInterAgentToken_thereIsNoCallbacksRoute() throws Exception {
        try (WorkflowEngine engine = WorkflowEngine.create();
             DevoraServer server = DevoraServer.start(DevoraApi.builder().engine(engine)
                     .provider(ScriptedLlmProvider.answeringDefaults()).tokens(AccessTokens.of(ACCESS)).build(), "127.0.0.1", 0)) {
            HttpResponse<String> anonymous = send(server, "POST", DevoraApi.CALLBACKS_PATH, "Bearer " + INTER_AGENT, "{}");
            assertThat(anonymous.statusCode()).as("the access check applies").isEqualTo(401);
            HttpResponse<String> r = send(server, "POST", DevoraApi.CALLBACKS_PATH, "Bearer " + ACCESS, "{}");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(get(server, "/api/v1/metrics").path("remote_agents").isEmpty()).isTrue();
        }
    }
}
