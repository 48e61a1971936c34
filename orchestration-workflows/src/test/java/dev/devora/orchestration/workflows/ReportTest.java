package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code report(result)}: one schema for every workflow (docs/workflows.md, "The report"). */
class ReportTest {
    static final List<String> FIELDS = List.of("schema_version", "metadata", "run_id", "workflow_id", "status", "started_at",
            "finished_at", "duration_seconds", "costs", "totals", "steps", "squads", "gate_history", "warnings", "error",
            "errors", "deliverables", "files");

    @Test
    void apiDevelopment_putsItsDeliverablesUnderDeliverables_likeEveryWorkflow() {
        PredefinedWorkflow api = Fixtures.workflow("api-development", Fixtures.approving());
        WorkflowResult result = api.run(InputSpec.toJson(ApiDevelopmentWorkflowTest.input("rest")));

        JsonNode report = api.report(result);

        assertThat(names(report)).containsExactlyElementsOf(FIELDS);
        assertThat(report.path("schema_version").asInt()).isEqualTo(1);
        assertThat(report.path("run_id").asText()).isEqualTo(result.runId());
        assertThat(report.path("workflow_id").asText()).isEqualTo("api-development");
        assertThat(report.path("deliverables").path("api_specification").path("openapi").isObject()).isTrue();
        assertThat(report.has("api_specification")).isFalse();
        assertThat(report.path("files")).extracting(JsonNode::asText).contains("openapi.json", "docs/GETTING_STARTED.md");
        assertThat(report.path("started_at").isNull()).isTrue();
    }

    @Test
    void stepsCarryAgentModelsTokensCostTimeAndRetries() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.costPerToken(new BigDecimal("0.000001")));
        PredefinedWorkflow api = Fixtures.workflow("api-development", llm);
        Instant started = Instant.parse("2026-12-01T20:00:00Z");
        WorkflowResult result = api.run(InputSpec.toJson(ApiDevelopmentWorkflowTest.input("rest")));

        JsonNode report = api.report(result, new ReportContext(started, started.plusSeconds(3), false));

        assertThat(report.path("started_at").asText()).isEqualTo("2026-12-01T20:00:00Z");
        assertThat(report.path("finished_at").asText()).isEqualTo("2026-12-01T20:00:03Z");
        assertThat(report.path("costs").asText()).isEqualTo("reported");
        assertThat(report.path("totals").path("llm_calls").asInt()).isEqualTo(result.metrics().llmCalls());
        assertThat(report.path("totals").path("total_tokens").asLong()).isEqualTo(result.metrics().usage().totalTokens());
        assertThat(report.path("totals").path("cost_usd").decimalValue()).isEqualByComparingTo(result.metrics().usage().costUsd());
        JsonNode step = find(report.path("steps"), "requirements/api-requirements");
        assertThat(names(step)).containsExactly("path", "kind", "agent", "squad", "models", "executions", "llm_calls",
                "retries", "prompt_tokens", "completion_tokens", "reasoning_tokens", "cached_tokens", "total_tokens",
                "cost_usd", "cost_estimated", "calls_without_cost", "time_seconds");
        assertThat(step.path("kind").asText()).isEqualTo("agent");
        assertThat(step.path("agent").asText()).isNotBlank();
        assertThat(step.path("models")).hasSize(1);
        assertThat(step.path("total_tokens").asLong()).isPositive();
        assertThat(step.path("cost_usd").decimalValue()).isPositive();
        assertThat(step.path("retries").asInt()).isZero();
    }

    @Test
    void costsSayWhereTheyComeFrom() {
        PredefinedWorkflow unpriced = Fixtures.workflow("documentation-generation", Fixtures.approving());
        WorkflowResult result = unpriced.run(InputSpec.toJson(DocumentationWorkflowTest.input(List.of("readme"))));

        assertThat(unpriced.report(result).path("costs").asText()).isEqualTo("incomplete");
        assertThat(unpriced.report(result).path("totals").path("calls_without_cost").asInt()).isEqualTo(result.metrics().llmCalls());
        assertThat(unpriced.report(result, new ReportContext(null, null, true)).path("costs").asText()).isEqualTo("simulated");
        assertThatThrownBy(() -> new ReportContext(Instant.EPOCH.plusSeconds(1), Instant.EPOCH, false))
                .hasMessageContaining("finishedAt must not be before startedAt");
    }

    @Test
    void estimatedCosts_areSummedIntoTheTotalsStepsAndSquads_andFlaggedAsEstimated() {
        ScriptedLlmProvider scripted = Fixtures.approving();
        BigDecimal perCall = new BigDecimal("0.01");
        LlmProvider estimating = new LlmProvider() { // no reported cost, a client estimate per call (as from list prices)
            @Override
            public String name() {
                return "estimating";
            }

            @Override
            public LlmResponse complete(LlmRequest request) {
                LlmResponse answer = scripted.complete(request);
                Usage u = answer.usage();
                return answer.toBuilder().usage(new Usage(u.promptTokens(), u.completionTokens(), 0, 0, null, perCall)).build();
            }
        };
        PredefinedWorkflow docs = Workflows.byId("documentation-generation", estimating, WorkflowConfig.defaults());
        WorkflowResult result = docs.run(InputSpec.toJson(DocumentationWorkflowTest.input(List.of("readme"))));

        JsonNode report = docs.report(result);

        assertThat(report.path("costs").asText()).isEqualTo("estimated");
        JsonNode totals = report.path("totals");
        assertThat(totals.path("cost_usd").decimalValue()).isEqualByComparingTo(perCall.multiply(BigDecimal.valueOf(result.metrics().llmCalls())));
        assertThat(totals.path("cost_estimated").asBoolean()).isTrue();
        assertThat(report.path("steps")).filteredOn(s -> s.path("llm_calls").asInt() > 0).isNotEmpty().allSatisfy(s -> {
            assertThat(s.path("cost_usd").decimalValue()).isEqualByComparingTo(perCall.multiply(BigDecimal.valueOf(s.path("llm_calls").asInt())));
            assertThat(s.path("cost_estimated").asBoolean()).isTrue();
        });
        assertThat(report.path("squads")).isNotEmpty().allSatisfy(s -> {
            assertThat(s.path("cost_usd").decimalValue()).isEqualByComparingTo(perCall.multiply(BigDecimal.valueOf(s.path("llm_calls").asInt())));
            assertThat(s.path("cost_estimated").asBoolean()).isTrue();
        });
    }

    @Test
    void withNoCostKnown_theCostFieldsAreNull_notZero() {
        PredefinedWorkflow unpriced = Fixtures.workflow("documentation-generation", Fixtures.approving());
        WorkflowResult result = unpriced.run(InputSpec.toJson(DocumentationWorkflowTest.input(List.of("readme"))));

        JsonNode report = unpriced.report(result);

        assertThat(report.path("totals").path("cost_usd").isNull()).as("totals: %s", report.path("totals")).isTrue();
        assertThat(report.path("steps")).allSatisfy(s -> assertThat(s.path("cost_usd").isNull()).isTrue());
    }

    @Test
    void gateHistory_showsTheFailedChecks() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("target-check").reply(PerformanceWorkflowTest.TOO_SLOW, Fixtures.TARGETS_MET));
        PredefinedWorkflow perf = Fixtures.workflow("performance-optimization", llm);
        WorkflowResult result = perf.run(InputSpec.toJson(PerformanceWorkflowTest.input()));

        JsonNode gates = perf.report(result).path("gate_history");

        assertThat(gates).hasSize(2);
        assertThat(names(gates.get(0))).containsExactly("path", "gate", "attempt", "score", "threshold", "passed",
                "failed_checks", "blockers", "recommendations", "feedback");
        assertThat(gates.get(0).path("passed").asBoolean()).isFalse();
        assertThat(gates.get(0).path("failed_checks")).extracting(c -> c.path("name").asText()).containsExactly("response_time_p95");
        assertThat(gates.get(0).path("failed_checks").get(0).path("detail").asText()).contains("450");
        assertThat(gates.get(1).path("failed_checks")).isEmpty();
    }

    @Test
    void metadata_namesTheLibraryVersion_theExecution_andWhenTheReportWasMade() {
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", Fixtures.approving());
        WorkflowResult result = docs.run(InputSpec.toJson(DocumentationWorkflowTest.input(List.of("readme"))));
        Instant before = Instant.now();

        JsonNode metadata = docs.report(result).path("metadata");

        assertThat(names(metadata)).containsExactly("library_version", "execution_id", "generated_at");
        assertThat(metadata.path("library_version").asText()).isEqualTo(dev.devora.orchestration.workflows.internal.LibraryVersion.get())
                .matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(metadata.path("execution_id").asText()).isEqualTo(result.runId());
        assertThat(Instant.parse(metadata.path("generated_at").asText())).isBetween(before, Instant.now());
        assertThat(metadata.path("generated_at").asText()).endsWith("Z");
    }

    @Test
    void errors_isEmpty_whenTheRunSucceeded_andNamesTheFailedStep_itsKind_typeAndMessage_whenNot() {
        PredefinedWorkflow ok = Fixtures.workflow("documentation-generation", Fixtures.approving());
        assertThat(ok.report(ok.run(InputSpec.toJson(DocumentationWorkflowTest.input(List.of("readme"))))).path("errors")).isEmpty();

        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("consolidated").failAlways(ProviderErrorKind.AUTHENTICATION));
        PredefinedWorkflow audit = Fixtures.workflow("security-audit", llm);
        WorkflowResult failed = audit.run(InputSpec.toJson(SecurityAuditWorkflowTest.input(List.of("code"))));

        JsonNode report = audit.report(failed);

        assertThat(report.path("errors")).hasSize(1);
        JsonNode e = report.path("errors").get(0);
        assertThat(names(e)).containsExactly("path", "kind", "type", "message");
        assertThat(e.path("path").asText()).isEqualTo("consolidated");
        assertThat(e.path("kind").asText()).isEqualTo("authentication");
        assertThat(e.path("type").asText()).isEqualTo("ProviderException");
        assertThat(e.path("message").asText()).isEqualTo(report.path("error").asText()).contains("Step 'consolidated' failed");
    }

    @Test
    void errors_ofAFailureThatIsNoStepsOwn_haveNoPath() {
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", Fixtures.approving(),
                WorkflowConfig.defaults().toBuilder()
                        .budget(dev.devora.orchestration.engine.RunOptions.builder().maxTokens(10).build()).build());
        WorkflowResult result = docs.run(InputSpec.toJson(DocumentationWorkflowTest.input(List.of("readme"))));

        JsonNode errors = docs.report(result).path("errors");

        assertThat(result.status()).isNotEqualTo(dev.devora.orchestration.engine.RunStatus.SUCCEEDED);
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).path("kind").asText()).isEqualTo("budget_exceeded");
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode find(JsonNode steps, String path) {
        for (JsonNode s : steps) if (s.path("path").asText().equals(path)) return s;
        throw new AssertionError("no step " + path + " in " + steps);
    }
}
