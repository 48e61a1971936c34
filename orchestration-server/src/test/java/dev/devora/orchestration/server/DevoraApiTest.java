package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The task service's API over real HTTP on a free loopback port: access, errors, submitting, runs and live events. */
class DevoraApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "test-token-0123456789abcdef";
    static final String DOCS_INPUT = "{\"project_name\": \"Shop\", \"project_type\": \"application\", "
            + "\"tech_stack\": [\"Java\"], \"documentation_types\": [\"readme\"], \"target_audiences\": [\"developers\"]}";

    WorkflowEngine engine;
    DevoraServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        engine = WorkflowEngine.create();
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().build();
        DevoraApi api = DevoraApi.builder().engine(engine).provider(llm).tokens(AccessTokens.of(TOKEN)).build();
        server = DevoraServer.start(api, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void health_needsNoToken_everyApiRouteDoes_andABadTokenIsRefusedInTheErrorShape() throws Exception {
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);

        HttpResponse<String> none = send("GET", "/api/v1/workflows", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"devora\"");
        JsonNode err = json(none).path("error");
        assertThat(err.path("code").asText()).isEqualTo("unauthorized");
        assertThat(err.path("field").asText()).isEqualTo("Authorization");
        assertThat(err.path("request_id").asText()).isEqualTo(none.headers().firstValue("X-Request-Id").orElseThrow());

        HttpResponse<String> bad = send("GET", "/api/v1/runs", null, TOKEN + "x");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).doesNotContain(TOKEN);
        assertThat(json(bad).path("error").path("message").asText()).isEqualTo("the bearer token is not accepted");
    }

    @Test
    void workflows_listTheCatalogue_withInputSpecs_andOneWorkflowHasItsDiagram() throws Exception {
        JsonNode list = json(send("GET", "/api/v1/workflows", null, TOKEN)).path("workflows");
        assertThat(list).hasSize(23);
        assertThat(list.get(0).path("id").asText()).isEqualTo("full-stack-development");
        assertThat(list.get(0).path("input").get(0).path("name").asText()).isEqualTo("project_name");
        JsonNode bug = json(send("GET", "/api/v1/workflows/bug-resolution", null, TOKEN));
        assertThat(bug.path("mermaid").asText()).startsWith("flowchart");
        assertThat(bug.path("input").findValuesAsText("name")).contains("workspace", "bug_report");

        HttpResponse<String> unknown = send("GET", "/api/v1/workflows/nope", null, TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").path("message").asText()).contains("no workflow 'nope'", "api-development");
    }

    @Test
    void submittingAnInvalidInput_listsEveryProblem_andStartsNothing() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/runs", "{\"workflow\": \"documentation-generation\", "
                + "\"input\": {\"project_type\": 7}}", TOKEN);
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode err = json(r).path("error");
        assertThat(err.path("code").asText()).isEqualTo("invalid_input");
        assertThat(err.path("problems").findValuesAsText("field")).contains("input.project_name", "input.project_type");
        assertThat(engine.runStore().runs(dev.devora.orchestration.journal.RunQuery.ALL)).isEmpty();

        assertThat(json(send("POST", "/api/v1/runs", "{\"workflow\": \"nope\", \"input\": {}}", TOKEN))
                .path("error").path("field").asText()).isEqualTo("workflow");
        HttpResponse<String> broken = send("POST", "/api/v1/runs", "{\"workflow\": ", TOKEN);
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).path("error").path("code").asText()).isEqualTo("invalid_json");
    }

    @Test
    void aSubmittedRun_runsToTheEnd_isListed_andItsEventsStreamFromAnyPoint() throws Exception {
        HttpResponse<String> submitted = send("POST", "/api/v1/runs", "{\"workflow\": \"documentation-generation\", "
                + "\"input\": " + DOCS_INPUT + "}", TOKEN);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String runId = json(submitted).path("run_id").asText();
        assertThat(submitted.headers().firstValue("Location")).hasValue("/api/v1/runs/" + runId);

        List<String[]> all = sse("/api/v1/runs/" + runId + "/events", null);
        assertThat(all).isNotEmpty();
        assertThat(all.get(0)[1]).isEqualTo("run-started");
        assertThat(all.get(all.size() - 1)[1]).isEqualTo("run-completed");
        for (int i = 0; i < all.size(); i++) assertThat(all.get(i)[0]).isEqualTo(Integer.toString(i + 1));

        List<String[]> rest = sse("/api/v1/runs/" + runId + "/events", "3");
        assertThat(rest).hasSize(all.size() - 3);
        assertThat(rest.get(0)[0]).isEqualTo("4");

        JsonNode run = json(send("GET", "/api/v1/runs/" + runId, null, TOKEN));
        assertThat(run.path("status").asText()).isIn("succeeded", "partial");
        assertThat(run.path("usage").path("prompt_tokens").asLong()).isPositive();
        JsonNode list = json(send("GET", "/api/v1/runs?workflow=documentation-generation", null, TOKEN)).path("runs");
        assertThat(list.findValuesAsText("run_id")).containsExactly(runId);
        assertThat(json(send("GET", "/api/v1/runs?status=failed", null, TOKEN)).path("runs")).isEmpty();
        assertThat(json(send("GET", "/api/v1/runs?limit=0", null, TOKEN)).path("error").path("field").asText()).isEqualTo("limit");
        assertThat(send("GET", "/api/v1/runs/none", null, TOKEN).statusCode()).isEqualTo(404);
    }

    /** Reads an event stream to its end: each event's id and type. */
    List<String[]> sse(String path, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(30))
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
