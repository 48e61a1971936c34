package dev.devora.orchestration.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.internal.JsonShapeValidator;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.testing.internal.JsonSampler;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERDICT = "{\"type\":\"object\",\"properties\":{"
            + "\"score\":{\"type\":\"integer\"},\"approved\":{\"type\":\"boolean\"},"
            + "\"blockers\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"feedback\":{\"type\":\"string\"}},"
            + "\"required\":[\"score\",\"approved\",\"blockers\",\"feedback\"]}";

    private static LlmRequest request(String run, String path, String agent, String schema, String prompt) throws Exception {
        LlmRequest.Builder b = LlmRequest.builder().model("openai/gpt-5-mini").message(LlmMessage.user(prompt))
                .attribute(LlmRequest.RUN_ID, run).attribute(LlmRequest.STEP_PATH, path).attribute(LlmRequest.AGENT, agent);
        if (schema != null) b.responseFormat(ResponseFormat.jsonSchema("answer", JSON.readTree(schema), true));
        return b.build();
    }

    @Test
    void textAnswers_areMarkedSimulated_andNameTheStepAndAgent() throws Exception {
        LlmResponse r = SimulatedProvider.builder().noLatency().build()
                .complete(request("r1", "business/prd", "product-manager", null, "Write the PRD of TaskMaster"));

        assertThat(r.text()).startsWith("# prd [simulated]\n")
                .contains("step `business/prd` by agent `product-manager` (model `openai/gpt-5-mini` was not called)")
                .contains("> Write the PRD of TaskMaster");
        assertThat(r.model()).isEqualTo("openai/gpt-5-mini");
        assertThat(r.usage().costUsd()).isPositive();
        assertThat(r.usage().promptTokens()).isEqualTo("Write the PRD of TaskMaster".length() / 4 + 1);
    }

    @Test
    void jsonAnswers_fitTheirSchema_andMarkEveryString() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{"
                + "\"files\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
                + "\"path\":{\"type\":\"string\"},\"language\":{\"type\":\"string\"},\"content\":{\"type\":\"string\"}}}},"
                + "\"severity\":{\"type\":\"string\",\"enum\":[\"high\",\"low\"]},"
                + "\"tags\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}},"
                + "\"doc\":{\"type\":\"object\",\"description\":\"any document\"}},"
                + "\"required\":[\"files\",\"severity\",\"tags\",\"doc\"]}";

        LlmResponse r = SimulatedProvider.builder().noLatency().build()
                .complete(request("r1", "backend/endpoints", "backend-developer", schema, "Implement it"));

        assertThat(JsonShapeValidator.validate(r.json(), JSON.readTree(schema))).isEmpty();
        assertThat(r.json().path("files").get(0).path("path").asText()).isEqualTo("endpoints.simulated.md");
        assertThat(r.json().path("files").get(0).path("content").asText()).startsWith("[simulated] ");
        assertThat(r.json().path("severity").asText()).isEqualTo("high");
        assertThat(r.json().path("doc").path("note").asText()).isEqualTo("[simulated] any document (step backend/endpoints, agent backend-developer)");
        assertThat(r.text()).isEqualTo(r.json().toString());
    }

    @Test
    void aReviewWhereARevisionIsPossible_failsOnce_thenPasses() throws Exception {
        SimulatedProvider llm = SimulatedProvider.builder().noLatency().revisable(p -> p.startsWith("qa/")).build();

        JsonNode first = llm.complete(request("r1", "qa/release/review", "qa-lead", VERDICT, "Review")).json();
        JsonNode second = llm.complete(request("r1", "qa/release/review", "qa-lead", VERDICT, "Review again")).json();
        JsonNode otherRun = llm.complete(request("r2", "qa/release/review", "qa-lead", VERDICT, "Review")).json();

        assertThat(first.path("score").asInt()).isEqualTo(60);
        assertThat(first.path("approved").asBoolean()).isFalse();
        assertThat(first.path("blockers")).hasSize(1);
        assertThat(second.path("score").asInt()).isEqualTo(92);
        assertThat(second.path("approved").asBoolean()).isTrue();
        assertThat(second.path("blockers")).isEmpty();
        assertThat(otherRun).isEqualTo(first);
    }

    @Test
    void aReviewThatCannotBeRevised_passesAtOnce() throws Exception {
        SimulatedProvider llm = SimulatedProvider.builder().noLatency().revisable(p -> false).build();

        JsonNode verdict = llm.complete(request("r1", "launch-gate/launch-review", "qa-lead", VERDICT, "Decide")).json();

        assertThat(verdict.path("score").asInt()).isEqualTo(92);
        assertThat(verdict.path("approved").asBoolean()).isTrue();
    }

    @Test
    void numbersNamedInThePrompt_reportTheFirstValueThenTheLast() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"projected\":{\"type\":\"object\",\"properties\":{"
                + "\"response_time_p95\":{\"type\":\"number\"},\"uptime\":{\"type\":\"number\"}}}}}";
        String prompt = "Current metrics: {\"response_time_p95\":850}\nTarget metrics: {\"response_time_p95\":200,\"uptime\":99.9}";
        SimulatedProvider llm = SimulatedProvider.builder().noLatency().build();

        JsonNode round1 = llm.complete(request("r", "tuning/check", "perf", schema, prompt)).json().path("projected");
        JsonNode round2 = llm.complete(request("r", "tuning/check", "perf", schema, prompt)).json().path("projected");

        assertThat(round1.path("response_time_p95").asDouble()).isEqualTo(850.0);
        assertThat(round2.path("response_time_p95").asDouble()).isEqualTo(200.0);
        assertThat(round1.path("uptime").asDouble()).isEqualTo(99.9);
    }

    @Test
    void aRevisionNamesTheChecksItsGateFailed() {
        assertThat(JsonSampler.revisionNote("Previous feedback:\nScore 67/80 (not passed).\nFailed checks:\n"
                + "- pipeline runs tests (0): no match\n- lint (0)")).isEqualTo("; revised to address: pipeline runs tests; lint");
        assertThat(JsonSampler.revisionNote("no feedback")).isEmpty();
    }

    @Test
    void latency_isDeterministicWithinItsBounds() throws Exception {
        SimulatedProvider llm = SimulatedProvider.builder().latency(Duration.ofMillis(20), Duration.ofMillis(60)).build();
        List<Duration> latencies = new ArrayList<>();
        for (int i = 0; i < 3; i++) latencies.add(llm.complete(request("r" + i, "a/b", "x", null, "p")).latency());

        assertThat(latencies).allSatisfy(d -> assertThat(d.toMillis()).isBetween(20L, 60L));
        assertThat(latencies.get(0)).isEqualTo(llm.complete(request("other", "a/b", "x", null, "p")).latency());
    }

    @Test
    void streaming_deliversTheWholeTextInPieces() throws Exception {
        StringBuilder streamed = new StringBuilder();
        LlmResponse r = SimulatedProvider.builder().noLatency().build()
                .stream(request("r", "draft", "writer", null, "Write"), streamed::append);

        assertThat(streamed.toString()).isEqualTo(r.text());
    }

    @Test
    void revisablePaths_areTheLoopsAndRetryingGatesOfAWorkflow_subWorkflowsIncluded() {
        LlmAgent writer = LlmAgent.builder("writer").provider(SimulatedProvider.create()).build();
        QualityGate length = QualityGates.rules("length").minLength(10).build();
        Workflow child = Workflow.builder("child")
                .step(Steps.loop("qa-validation", Steps.agent("qa-review", writer).prompt("Review")).until(length, 80).maxIterations(2))
                .build();
        Workflow workflow = Workflow.builder("launch")
                .step(Steps.workflow("development", child))
                .step(Steps.gate("pipeline-design", Steps.agent("pipeline", writer).prompt("Design"), length))
                .step(Steps.gate("launch-gate", Steps.agent("launch-review", writer).prompt("Decide"), length)
                        .onFailure(GatePolicy.fail()))
                .step(Steps.loop("once", Steps.agent("single", writer).prompt("Once")).until(length, 80).maxIterations(1))
                .build();

        RevisablePaths revisable = RevisablePaths.of(workflow);

        assertThat(revisable.prefixes()).containsExactly("development/qa-validation", "pipeline-design");
        assertThat(revisable.test("development/qa-validation/qa-review")).isTrue();
        assertThat(revisable.test("launch-gate/launch-review")).isFalse();
        assertThat(revisable.test("once/single")).isFalse();
    }

    record OrderQuery(String orderId, int limit) {
    }

    @Test
    void withCallTools_anAgentsFirstAnswerAsksForEveryOfferedTool_withSchemaValidArguments_thenItAnswers() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.devora.orchestration.tool.Tool find = dev.devora.orchestration.tool.Tools.of("find_order", "Finds an order",
                OrderQuery.class, q -> {
                    seen.add(q.orderId() + "/" + q.limit());
                    return "order " + q.orderId() + ": shipped";
                });
        dev.devora.orchestration.tool.Tool ping = dev.devora.orchestration.tool.Tools.of("ping", "Pings", OrderQuery.class,
                q -> "pong");
        Workflow wf = Workflow.builder("support").step(Steps.agent("answer", LlmAgent.builder("support")
                .provider(SimulatedProvider.builder().noLatency().callTools().build()).tool(find).tool(ping).build())
                .prompt("Where is my order?")).build();
        dev.devora.orchestration.engine.WorkflowResult r;
        try (dev.devora.orchestration.engine.WorkflowEngine engine = dev.devora.orchestration.engine.WorkflowEngine.create()) {
            r = engine.run(wf, java.util.Map.of());
        }
        assertThat(r.status()).isEqualTo(dev.devora.orchestration.engine.RunStatus.SUCCEEDED);
        assertThat(seen).singleElement().satisfies(s -> assertThat(s).contains("[simulated]"));
        assertThat(r.metrics().toolCalls()).isEqualTo(2);
        assertThat(r.metrics().steps().get("answer").toolErrors()).as("sampled arguments fit the schemas").isZero();
        assertThat(r.metrics().calls()).extracting(c -> c.toolCalls())
                .containsExactly(List.of("find_order", "ping"), List.of());
        assertThat(r.outputs().get("answer").text()).contains("[simulated]");

        Workflow plain = Workflow.builder("support").step(Steps.agent("answer", LlmAgent.builder("support")
                .provider(SimulatedProvider.builder().noLatency().build()).tool(find).build()).prompt("Where?")).build();
        try (dev.devora.orchestration.engine.WorkflowEngine engine = dev.devora.orchestration.engine.WorkflowEngine.create()) {
            assertThat(engine.run(plain, java.util.Map.of()).metrics().toolCalls()).as("off by default").isZero();
        }
    }

    private static final String FILES = "{\"type\":\"object\",\"properties\":{"
            + "\"files\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
            + "\"path\":{\"type\":\"string\"},\"language\":{\"type\":\"string\"},\"content\":{\"type\":\"string\"}},"
            + "\"required\":[\"path\",\"language\",\"content\"]}}},\"required\":[\"files\"]}";

    @Test
    void aFileList_holdsTheFilesThePromptNames_withTheLanguageOfTheirExtension() throws Exception {
        String prompt = "Implement the service. Write src/app/Main.java, db/migrations/001_init.sql and ci.yml, "
                + "plus Dockerfile and package.json. Use Node.js conventions; see ../secrets/key.pem, /etc/app.conf, "
                + "qa/review.json and https://example.com/x.js. Keep src/app/Main.java small.";
        SimulatedProvider llm = SimulatedProvider.builder().noLatency().build();

        LlmResponse r = llm.complete(request("r1", "backend/code", "backend-developer", FILES, prompt));

        assertThat(JsonShapeValidator.validate(r.json(), JSON.readTree(FILES))).isEmpty();
        List<String> paths = new ArrayList<>();
        List<String> languages = new ArrayList<>();
        r.json().path("files").forEach(f -> {
            paths.add(f.path("path").asText());
            languages.add(f.path("language").asText());
        });
        assertThat(paths).containsExactly("src/app/Main.java", "db/migrations/001_init.sql", "ci.yml", "Dockerfile",
                "package.json");
        assertThat(languages).containsExactly("java", "sql", "yaml", "dockerfile", "json");
        JsonNode sql = r.json().path("files").get(1);
        assertThat(sql.path("content").asText()).startsWith("-- [simulated] content of db/migrations/001_init.sql")
                .contains("step backend/code");
        assertThat(r.json().path("files").get(0).path("content").asText()).startsWith("// [simulated]");
        assertThat(r.json().path("files").get(2).path("content").asText()).startsWith("# [simulated]");
        assertThat(llm.complete(request("r2", "backend/code", "backend-developer", FILES, prompt)).json())
                .isEqualTo(r.json()); // deterministic
    }

    @Test
    void aFileList_withoutPathsInThePrompt_keepsOneSimulatedFile() throws Exception {
        LlmResponse r = SimulatedProvider.builder().noLatency().build()
                .complete(request("r1", "backend/code", "backend-developer", FILES, "Implement the service in Java 17."));

        assertThat(r.json().path("files")).hasSize(1);
        assertThat(r.json().path("files").get(0).path("path").asText()).isEqualTo("code.simulated.md");
        assertThat(r.json().path("files").get(0).path("language").asText()).isEqualTo("markdown");
    }
}
