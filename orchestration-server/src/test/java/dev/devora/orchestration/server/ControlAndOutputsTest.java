package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.jdbc.JdbcRunStore;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ModelPrice;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.TokenListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflows.business.BusinessTemplate;
import dev.devora.orchestration.workflows.roles.SquadId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run control (pause, resume, restart), an ended run's outputs (REPORT.md, report JSON, deliverables zip), the run
 * detail's steps, gate history and progress, and the rest of the catalogue (squads, agents, templates, plans), over
 * real HTTP on a free loopback port; a SQLite store where the service is restarted.
 */
class ControlAndOutputsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "test-token-0123456789abcdef";
    /** What a careless provider would leak: it must never reach an answer. */
    static final String API_KEY = "sk-or-v1-0123456789abcdef0123456789abcdef";
    static final String DOCS = "{\"workflow\": \"documentation-generation\", \"input\": " + DevoraApiTest.DOCS_INPUT + "}";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<AutoCloseable> open = new ArrayList<>();
    /** Every answer's body, checked for secrets at the end of each test. */
    final List<String> bodies = new ArrayList<>();
    DevoraServer server;
    WorkflowEngine engine;

    /** A provider holding a key, as a real one does, and showing it in its toString (the worst case). */
    static final class KeyedProvider implements LlmProvider {
        final LlmProvider delegate;

        KeyedProvider(LlmProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            return delegate.complete(request);
        }

        @Override
        public LlmResponse stream(LlmRequest request, TokenListener tokens) {
            return delegate.stream(request, tokens);
        }

        @Override
        public Optional<ModelPrice> price(String model) {
            return delegate.price(model);
        }

        @Override
        public OptionalInt contextLength(String model) {
            return delegate.contextLength(model);
        }

        @Override
        public String toString() {
            return "KeyedProvider[key=" + API_KEY + "]";
        }
    }

    void start(WorkflowEngine e, LlmProvider llm) {
        engine = e;
        DevoraApi api = DevoraApi.builder().engine(e).provider(new KeyedProvider(llm)).tokens(AccessTokens.of(TOKEN)).build();
        server = DevoraServer.start(api, "127.0.0.1", 0);
    }

    void stopService() {
        server.close();
        engine.close();
        server = null;
        engine = null;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) stopService();
        for (AutoCloseable c : open) c.close();
        for (String b : bodies) assertThat(b).doesNotContain(TOKEN).doesNotContain(API_KEY);
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, TOKEN);
    }

    HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        bodies.add(r.body());
        return r;
    }

    HttpResponse<byte[]> bytes(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).GET().build();
        return http.send(r, HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static JsonNode error(HttpResponse<String> r, int status, String code) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode err = JSON.readTree(r.body()).path("error");
        assertThat(err.path("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(err.path("request_id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        return err;
    }

    String submit(String body) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/runs", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r).path("run_id").asText();
    }

    /** Polls the run until its status is final (generous: 30 s). */
    JsonNode awaitEnd(String runId) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonNode run = json(send("GET", "/api/v1/runs/" + runId, null));
            if (List.of("succeeded", "partial", "failed", "cancelled").contains(run.path("status").asText())) return run;
            assertThat(System.nanoTime()).as("run %s did not end: %s", runId, run).isLessThan(until);
            Thread.sleep(20);
        }
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(until);
            Thread.sleep(10);
        }
    }

    static ScriptedLlmProvider.Builder priced() {
        return ScriptedLlmProvider.builder().costPerToken(new BigDecimal("0.000001"));
    }

    @Test
    void pause_holdsNewSteps_resume_letsTheRunFinish_andBothRefuseARunThatIsNotRunning() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ScriptedLlmProvider llm = priced().latency(r -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Duration.ZERO;
        }).build();
        start(WorkflowEngine.create(), llm);
        String id = submit(DOCS);
        await(() -> llm.inFlight() >= 1, "a first model call");

        HttpResponse<String> paused = send("POST", "/api/v1/runs/" + id + "/pause", null);
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(202);
        assertThat(json(paused).path("status").asText()).isEqualTo("paused");
        assertThat(json(send("POST", "/api/v1/runs/" + id + "/pause", null)).path("status").asText()).isEqualTo("paused");
        error(send("GET", "/api/v1/runs/" + id + "/report.md", null), 409, "run_not_ended");
        error(send("GET", "/api/v1/runs/" + id + "/deliverables.zip", null), 409, "run_not_ended");
        error(send("POST", "/api/v1/runs/" + id + "/restart", null), 409, "still_running");

        gate.countDown();
        await(() -> llm.inFlight() == 0, "the calls in flight to finish");
        int calls = llm.callCount();
        Thread.sleep(300);
        assertThat(llm.callCount()).as("no new step starts while paused").isEqualTo(calls);
        assertThat(json(send("GET", "/api/v1/runs/" + id, null)).path("status").asText()).isEqualTo("paused");

        HttpResponse<String> resumed = send("POST", "/api/v1/runs/" + id + "/resume", null);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
        JsonNode end = awaitEnd(id);
        assertThat(end.path("status").asText()).isIn("succeeded", "partial");
        assertThat(llm.callCount()).isGreaterThan(calls);

        JsonNode err = error(send("POST", "/api/v1/runs/" + id + "/pause", null), 409, "not_running");
        assertThat(err.path("message").asText()).contains(id, end.path("status").asText());
        assertThat(err.path("field").asText()).isEqualTo("id");
        error(send("POST", "/api/v1/runs/" + id + "/resume", null), 409, "not_running");
        error(send("POST", "/api/v1/runs/nope/pause", null), 404, "run_not_found");
        error(send("POST", "/api/v1/runs/nope/resume", null), 404, "run_not_found");
        error(send("POST", "/api/v1/runs/nope/restart", null), 404, "run_not_found");
    }

    @Test
    void anEndedRun_hasItsReportItsJsonAndItsDeliverablesAsAZip_andItsDetailHasStepsGatesAndProgress() throws Exception {
        start(WorkflowEngine.create(), priced().build());
        String id = submit(DOCS);
        JsonNode run = awaitEnd(id);

        assertThat(run.path("progress").asInt()).isEqualTo(100);
        JsonNode steps = run.path("steps");
        assertThat(steps).isNotEmpty();
        long prompt = 0, completion = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (JsonNode s : steps) {
            assertThat(s.path("path").asText()).isNotEmpty();
            assertThat(s.path("status").asText()).as(s.toString()).isIn("succeeded", "skipped");
            if (s.path("status").asText().equals("succeeded")) {
                assertThat(s.path("started_at").asText()).isNotEmpty();
                assertThat(s.path("ended_at").asText()).isGreaterThanOrEqualTo(s.path("started_at").asText());
            }
            prompt += s.path("prompt_tokens").asLong();
            completion += s.path("completion_tokens").asLong();
            if (s.path("cost_usd").isTextual()) cost = cost.add(new BigDecimal(s.path("cost_usd").asText()));
        }
        assertThat(prompt).as("the steps' tokens add up to the run's").isEqualTo(run.path("usage").path("prompt_tokens").asLong());
        assertThat(completion).isEqualTo(run.path("usage").path("completion_tokens").asLong());
        assertThat(cost).isEqualByComparingTo(new BigDecimal(run.path("cost_usd").asText()));
        assertThat(cost).isPositive();
        assertThat(run.path("gate_history")).as("the review loop's gate").isNotEmpty();
        for (JsonNode g : run.path("gate_history")) {
            assertThat(g.path("attempt").asInt()).isPositive();
            assertThat(g.has("score") && g.has("passed") && g.has("feedback")).isTrue();
        }

        HttpResponse<String> md = send("GET", "/api/v1/runs/" + id + "/report.md", null);
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(md.body()).startsWith("# ").contains("run report");

        HttpResponse<String> report = send("GET", "/api/v1/runs/" + id + "/report.json", null);
        assertThat(report.statusCode()).isEqualTo(200);
        JsonNode r = json(report);
        assertThat(r.path("run_id").asText()).isEqualTo(id);
        assertThat(r.path("workflow_id").asText()).isEqualTo("documentation-generation");
        assertThat(r.path("started_at").asText()).isNotEmpty();
        assertThat(r.path("gate_history").size()).isEqualTo(run.path("gate_history").size());
        List<String> files = new ArrayList<>();
        r.path("files").forEach(f -> files.add(f.asText()));
        assertThat(files).isNotEmpty();

        HttpResponse<byte[]> zip = bytes("/api/v1/runs/" + id + "/deliverables.zip");
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(zip.headers().firstValue("Content-Disposition").orElse("")).contains(id + "-deliverables.zip");
        Map<String, String> entries = unzip(zip.body());
        assertThat(entries.keySet()).as("the paths writeDeliverables writes").containsExactlyElementsOf(files);
        assertThat(entries.values()).allSatisfy(text -> assertThat(text).isNotEmpty());
        entries.values().forEach(bodies::add);

        error(send("GET", "/api/v1/runs/nope/report.md", null), 404, "run_not_found");
        error(send("GET", "/api/v1/runs/nope/report.json", null), 404, "run_not_found");
        error(send("GET", "/api/v1/runs/nope/deliverables.zip", null), 404, "run_not_found");
        for (String path : List.of("/report.md", "/report.json", "/deliverables.zip", "/pause", "/resume", "/restart")) {
            String method = path.startsWith("/report") || path.endsWith(".zip") ? "GET" : "POST";
            error(send(method, "/api/v1/runs/" + id + path, null, null), 401, "unauthorized");
        }
    }

    static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void afterARestartOfTheService_storedRunsHaveTheirSteps_reports_andRestart_startsANewRunOfTheSameInput(
            @TempDir Path dir) throws Exception {
        Path db = dir.resolve("runs.db");
        start(WorkflowEngine.builder().runStore(JdbcRunStore.sqlite(db)).build(), priced().build());
        String ok = submit(DOCS);
        JsonNode before = awaitEnd(ok);
        String reportBefore = json(send("GET", "/api/v1/runs/" + ok + "/report.json", null)).path("files").toString();
        stopService();
        ScriptedLlmProvider failing = priced().when(q -> true).failTimes(1_000, ProviderErrorKind.INVALID_REQUEST).reply("x").build();
        start(WorkflowEngine.builder().runStore(JdbcRunStore.sqlite(db)).build(), failing);
        String bad = submit(DOCS);
        JsonNode failed = awaitEnd(bad);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("steps").findValuesAsText("status")).contains("failed");
        assertThat(send("GET", "/api/v1/runs/" + bad + "/report.md", null).statusCode())
                .as("a failed run started here has its report").isEqualTo(200);
        stopService();

        ScriptedLlmProvider llm = priced().build();
        start(WorkflowEngine.builder().runStore(JdbcRunStore.sqlite(db)).build(), llm);
        JsonNode after = json(send("GET", "/api/v1/runs/" + ok, null));
        assertThat(stepFacts(after)).as("the journal's steps are the live ones").isEqualTo(stepFacts(before)).isNotEmpty();
        assertThat(after.path("gate_history")).isEqualTo(before.path("gate_history")).isNotEmpty();
        assertThat(after.path("progress").asInt()).isEqualTo(100);

        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> reads = new ArrayList<>();
        for (int i = 0; i < 8; i++) { // the first reads after the restart, at once
            reads.add(http.sendAsync(HttpRequest.newBuilder(server.url().resolve("/api/v1/runs/" + ok + "/report.json"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var read : reads) assertThat(read.get(30, TimeUnit.SECONDS).statusCode()).as("concurrent reads of a stored run").isEqualTo(200);
        HttpResponse<String> md = send("GET", "/api/v1/runs/" + ok + "/report.md", null);
        assertThat(md.statusCode()).as(md.body()).isEqualTo(200);
        assertThat(json(send("GET", "/api/v1/runs/" + ok + "/report.json", null)).path("files").toString()).isEqualTo(reportBefore);
        assertThat(bytes("/api/v1/runs/" + ok + "/deliverables.zip").statusCode()).isEqualTo(200);
        assertThat(llm.callCount()).as("reading a stored run back calls no model").isZero();
        JsonNode gone = error(send("GET", "/api/v1/runs/" + bad + "/report.md", null), 409, "result_unavailable");
        assertThat(gone.path("message").asText()).contains(bad, "failed", "/restart");
        error(send("POST", "/api/v1/runs/" + ok + "/pause", null), 409, "not_running");

        HttpResponse<String> restarted = send("POST", "/api/v1/runs/" + bad + "/restart", null);
        assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(202);
        String again = json(restarted).path("run_id").asText();
        assertThat(again).isNotEqualTo(bad);
        assertThat(json(restarted).path("restarted_from").asText()).isEqualTo(bad);
        assertThat(restarted.headers().firstValue("Location")).hasValue("/api/v1/runs/" + again);
        assertThat(awaitEnd(again).path("status").asText()).isIn("succeeded", "partial");
        assertThat(startInput(again)).isEqualTo(startInput(bad));
    }

    /** Each step path's status, executions, tokens and cost (a stored run lists its steps in completion order). */
    static Map<String, String> stepFacts(JsonNode run) {
        Map<String, String> facts = new java.util.TreeMap<>();
        for (JsonNode s : run.path("steps")) {
            facts.put(s.path("path").asText(), s.path("status").asText() + " x" + s.path("executions").asInt() + " "
                    + s.path("prompt_tokens").asLong() + "+" + s.path("completion_tokens").asLong() + " $" + s.path("cost_usd").asText());
        }
        return facts;
    }

    JsonNode startInput(String runId) {
        return engine.runStore().entries(runId).stream().filter(e -> e instanceof JournalEntry.RunStarted)
                .map(e -> (JsonNode) ((JournalEntry.RunStarted) e).input()).findFirst().orElseThrow();
    }

    @Test
    void theCatalogue_listsSquadsAgentsAndTemplates() throws Exception {
        start(WorkflowEngine.create(), priced().build());
        JsonNode squads = json(send("GET", "/api/v1/squads", null)).path("squads");
        assertThat(squads).hasSize(SquadId.values().length);
        JsonNode backend = null;
        for (JsonNode s : squads) if (s.path("id").asText().equals("backend")) backend = s;
        assertThat(backend).isNotNull();
        assertThat(backend.path("mission").asText()).isNotEmpty();
        List<String> roles = new ArrayList<>();
        backend.path("roles").forEach(x -> roles.add(x.asText()));
        assertThat(roles).contains("api-architect");
        List<String> in = new ArrayList<>();
        backend.path("workflows").forEach(x -> in.add(x.asText()));
        assertThat(in).contains("api-development");

        JsonNode agents = json(send("GET", "/api/v1/agents", null)).path("agents");
        assertThat(agents.size()).isGreaterThan(squads.size());
        JsonNode architect = null;
        for (JsonNode a : agents) if (a.path("id").asText().equals("api-architect")) architect = a;
        assertThat(architect).isNotNull();
        assertThat(architect.path("squad").asText()).isEqualTo("backend");
        assertThat(architect.path("tier").asText()).isIn("fast", "smart");
        assertThat(architect.path("model").asText()).isNotEmpty();

        JsonNode templates = json(send("GET", "/api/v1/templates", null)).path("templates");
        assertThat(templates).hasSize(BusinessTemplate.values().length);
        JsonNode restaurant = templates.get(0);
        assertThat(restaurant.path("id").asText()).isEqualTo(BusinessTemplate.values()[0].id());
        assertThat(restaurant.path("phases")).hasSize(BusinessTemplate.values()[0].phases().size());
        assertThat(restaurant.path("phases").get(0).path("planned_ms").asLong()).isPositive();
        assertThat(json(send("GET", "/api/v1/workflows/" + restaurant.path("workflow").asText(), null)).path("id").asText())
                .as("a template runs as the workflow of its id").isEqualTo(restaurant.path("id").asText());

        for (String path : List.of("/api/v1/squads", "/api/v1/agents", "/api/v1/templates")) {
            error(send("GET", path, null, null), 401, "unauthorized");
        }
        error(send("POST", "/api/v1/plans", "{}", null), 401, "unauthorized");
    }

    @Test
    void aPlan_isTheDryRunOfAWorkflowAndItsInput_validatedLikeASubmission_andCallsNoModel() throws Exception {
        ScriptedLlmProvider llm = priced().build();
        start(WorkflowEngine.create(), llm);
        HttpResponse<String> r = send("POST", "/api/v1/plans", DOCS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode plan = json(r);
        assertThat(plan.path("workflow").asText()).isEqualTo("documentation-generation");
        assertThat(plan.path("steps")).isNotEmpty();
        assertThat(plan.path("steps").get(0).has("prompt")).isFalse();
        assertThat(plan.path("steps").get(0).path("prompt_chars").asInt()).isPositive();
        long sum = 0;
        for (JsonNode s : plan.path("steps")) sum += s.path("estimated_prompt_tokens").asLong();
        assertThat(plan.path("estimated_prompt_tokens").asLong()).isPositive().isLessThanOrEqualTo(sum);
        assertThat(new BigDecimal(plan.path("estimated_cost_usd").asText())).isPositive();
        assertThat(plan.path("max_calls").asInt()).isGreaterThanOrEqualTo(plan.path("min_calls").asInt()).isPositive();
        assertThat(plan.path("outline").asText()).isNotEmpty();
        for (JsonNode g : plan.path("parallel_groups")) {
            for (JsonNode step : g.path("steps")) {
                assertThat(plan.path("steps").findValuesAsText("path")).contains(step.asText());
            }
        }
        JsonNode withPrompts = json(send("POST", "/api/v1/plans", DOCS.replace("{\"workflow\"", "{\"prompts\": true, \"workflow\"")));
        assertThat(withPrompts.path("steps").get(0).path("prompt").asText()).contains("Shop");
        assertThat(llm.callCount()).isZero();
        assertThat(engine.runStore().runs(dev.devora.orchestration.journal.RunQuery.ALL)).isEmpty();

        JsonNode invalid = error(send("POST", "/api/v1/plans", "{\"workflow\": \"documentation-generation\", "
                + "\"input\": {\"project_type\": 7}}"), 422, "invalid_input");
        assertThat(invalid.path("problems").findValuesAsText("field")).contains("input.project_name", "input.project_type");
        assertThat(error(send("POST", "/api/v1/plans", "{\"workflow\": \"nope\", \"input\": {}}"), 404, "workflow_not_found")
                .path("field").asText()).isEqualTo("workflow");
        assertThat(error(send("POST", "/api/v1/plans", "{\"input\": {}}"), 422, "invalid_request").path("field").asText())
                .isEqualTo("workflow");
        assertThat(error(send("POST", "/api/v1/plans", "{\"workflow\": \"documentation-generation\", \"input\": [1]}"),
                422, "invalid_request").path("message").asText()).contains("'input'", "array");
        assertThat(error(send("POST", "/api/v1/plans", DOCS.replace("{\"workflow\"", "{\"prompts\": \"yes\", \"workflow\"")),
                422, "invalid_request").path("field").asText()).isEqualTo("prompts");
        error(send("POST", "/api/v1/plans", "{\"workflow\": "), 400, "invalid_json");
    }
}
