package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiDevelopmentWorkflowTest {
    /** Captures the warnings these runs log (loops at their bound, scripted answers without a referenced field). */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    static Map<String, Object> input(String apiType) {
        return map("api_name", "TaskMaster API", "description", "REST API for collaborative task management",
                "api_type", apiType, "auth_type", "jwt", "versioning", true,
                "requirements", List.of("CRUD users", "CRUD projects and tasks", "Webhooks for integrations"),
                "data_models", List.of(map("name", "Task", "fields", map("id", "uuid", "title", "string"))),
                "rate_limits", map("anonymous", 100, "authenticated", 1000), "target_qps", 1000);
    }

    @Test
    void restApi_runsRequirementsInParallel_thenOpenApiDesign_implementation_docsAndTestsInParallel_thenQaGate() {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("api-development", llm).run(InputJson(input("rest")), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedPaths(events, "agent")).containsExactlyInAnyOrder(
                "requirements/api-requirements", "requirements/use-cases",
                "design/openapi",
                "implementation/endpoints", "implementation/query-optimization",
                "docs-and-tests/documentation", "docs-and-tests/api-tests", "docs-and-tests/load-tests",
                "qa-validation/qa-validation-round/qa-review");
        List<String> order = Fixtures.startedSteps(events, "agent");
        assertThat(order.indexOf("openapi")).isGreaterThan(Math.max(order.indexOf("api-requirements"), order.indexOf("use-cases")));
        assertThat(order.indexOf("endpoints")).isGreaterThan(order.indexOf("openapi"));
        assertThat(order.indexOf("qa-review")).isGreaterThan(order.indexOf("load-tests"));
        assertThat(events.ofType(WorkflowEvent.StepStarted.class)).extracting(WorkflowEvent.StepStarted::path)
                .contains("requirements", "implementation", "docs-and-tests");
        assertThat(llm.requestsForAgent("api-architect")).hasSize(1);
        assertThat(llm.requestsForAgent("api-architect").get(0).lastUserText()).contains("OpenAPI 3.1");
    }

    @Test
    void graphqlApi_takesTheSchemaBranch_andHasNoOpenApiDeliverable() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("graphql-schema").reply("```graphql\ntype Task { id: ID! }\n```"));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("api-development", llm).run(InputJson(input("graphql")), events);

        assertThat(Fixtures.startedSteps(events, "agent")).contains("graphql-schema").doesNotContain("openapi");
        JsonNode spec = result.deliverables().path("api_specification");
        assertThat(spec.has("openapi")).isFalse();
        assertThat(spec.path("graphql_schema").asText()).contains("type Task");
    }

    @Test
    void deliverables_haveTheSeedsShape() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("openapi").reply("{\"openapi\": {\"openapi\": \"3.1.0\", \"info\": {\"title\": \"TaskMaster\"}, \"paths\": {}}}"));
        PredefinedWorkflow api = Fixtures.workflow("api-development", llm);
        WorkflowResult result = api.run(InputJson(input("rest")));
        JsonNode d = result.deliverables();

        assertThat(d.path("api_specification").path("openapi").path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(d.path("api_specification").path("postman_collection").isObject()).isTrue();
        for (String f : List.of("endpoints", "schemas", "middleware", "tests")) {
            assertThat(d.path("implementation").path(f).isArray()).as(f).isTrue();
        }
        for (String f : List.of("readme", "getting_started", "authentication", "changelog")) {
            assertThat(d.path("documentation").path(f).isTextual()).as(f).isTrue();
        }
        assertThat(d.path("documentation").path("examples").isArray()).isTrue();
        assertThat(d.path("testing").path("test_suite").isTextual()).isTrue();
        assertThat(d.path("testing").path("load_tests").isTextual()).isTrue();
        assertThat(d.path("testing").path("coverage").isNumber()).isTrue();
        assertThat(d.path("implementation").has("fixes")).as("no fixes when the first review passes").isFalse();

        JsonNode report = api.report(result);
        assertThat(report.path("status").asText()).isEqualTo("success");
        assertThat(report.path("deliverables").path("api_specification").path("openapi").isObject()).isTrue();
        assertThat(report.path("totals").path("agents_executed").asInt()).isEqualTo(9);
        assertThat(report.path("gate_history")).hasSize(1);
        assertThat(report.path("gate_history").get(0).path("passed").asBoolean()).isTrue();
    }

    @Test
    void failedQaReview_sendsTheApiBackToTheBackendDeveloper_withTheFeedback_thenPassesOnTheSecondRound() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, APPROVED)));
        WorkflowResult result = Fixtures.workflow("api-development", llm).run(InputJson(input("rest")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("api-fixes")).hasSize(1);
        assertThat(llm.requestsForStep("api-fixes").get(0).lastUserText()).contains("Protect POST /tasks", "POST /tasks is not protected");
        assertThat(llm.requestsForStep("qa-review").get(1).lastUserText()).contains("[backend-developer]");
        assertThat(result.gateHistory()).extracting(g -> g.verdict().passed()).containsExactly(false, true);
        assertThat(result.deliverables().path("implementation").path("fixes").isTextual()).isTrue();
    }

    @Test
    void qaReviewThatNeverPasses_stopsAtMaxIterations_andTheRunIsPartial() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED)));
        WorkflowResult result = Fixtures.workflow("api-development", llm, WorkflowConfig.builder().maxIterations(2).build())
                .run(InputJson(input("rest")));

        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(llm.requestsForAgent("qa-lead")).hasSize(2);
        assertThat(llm.requestsForStep("api-fixes")).hasSize(1);
        assertThat(result.gateHistory()).hasSize(2).allSatisfy(g -> assertThat(g.verdict().passed()).isFalse());
    }

    @Test
    void invalidInput_reportsEveryProblem_withPathsAndAllowedValues_beforeAnyModelCall() {
        ScriptedLlmProvider llm = Fixtures.approving();
        Map<String, Object> bad = map("api_name", "X", "api_type", "soap", "auth_type", "jwt", "versioning", "maybe",
                "requirements", List.of("ok", ""), "data_models", List.of(map("fields", map())), "target_qps", 0,
                "rate_limits", map("anonymous", "lots"), "colour", "blue");

        assertThatThrownBy(() -> Fixtures.workflow("api-development", llm).run(bad))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.description: is required")
                .hasMessageContaining("input.api_type: must be one of [rest, graphql], was \"soap\"")
                .hasMessageContaining("input.versioning: must be a boolean")
                .hasMessageContaining("input.requirements[1]: must be a non-blank string")
                .hasMessageContaining("input.data_models[0].name: is required")
                .hasMessageContaining("input.rate_limits.anonymous: must be a number")
                .hasMessageContaining("input.target_qps: must be ≥ 1, was 0")
                .hasMessageContaining("input.colour: is not a field of this workflow");
        assertThat(llm.callCount()).isZero();
    }

    @Test
    void accounting_addsUpAcrossSteps_andSquads() {
        ScriptedLlmProvider llm = Fixtures.approving();
        WorkflowResult result = Fixtures.workflow("api-development", llm).run(InputJson(input("rest")));

        long prompt = llm.requests().stream().mapToLong(r -> r.messages().stream().mapToLong(m -> m.content().length()).sum() / 4 + 1).sum();
        assertThat(result.metrics().usage().promptTokens()).isEqualTo(prompt);
        assertThat(result.metrics().llmCalls()).isEqualTo(llm.callCount()).isEqualTo(9);
        long bySquads = result.metrics().squads().values().stream().mapToLong(s -> s.usage().totalTokens()).sum();
        assertThat(bySquads).isEqualTo(result.metrics().usage().totalTokens());
        assertThat(result.metrics().squads().keySet()).containsExactly("business", "backend", "documentation", "qa");
    }

    @Test
    void start_runsAsynchronously_reportingProgress_toTheListener() throws Exception {
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        var run = Fixtures.workflow("api-development", Fixtures.approving()).start(InputJson(input("rest")), events);
        WorkflowResult result = run.result().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.progress()).isEqualTo(100);
        events.assertWellFormed();
    }

    static JsonNode InputJson(Map<String, Object> m) {
        return dev.devora.orchestration.workflow.InputSpec.toJson(m);
    }
}
