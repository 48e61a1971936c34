package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FullStackWorkflowTest {
    /** Captures the warnings these runs log (loops at their bound, scripted answers without a referenced field). */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    static Map<String, Object> input(String... requirements) {
        return map("project_name", "TaskMaster Pro", "description", "Collaborative task management with real time",
                "target_audience", "Development teams of 5-50 people",
                "tech_stack", map("frontend", List.of("React 18", "Tailwind CSS"), "backend", List.of("FastAPI", "PostgreSQL"),
                        "infrastructure", List.of("AWS", "Kubernetes")),
                "requirements", List.of(requirements), "timeline", "3 months", "team_size", 5);
    }

    static final String NO_ETL_KPIS = "{\"use_cases\": [], \"kpis\": [], \"data_needs\": {\"events\": [], \"etl_required\": false, \"reason\": \"none\"}}";

    @Test
    void sixSquadPhases_runInOrder_specialistsInParallel_eachPhaseIntegrated() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("kpis").reply(NO_ETL_KPIS));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("full-stack-development", llm)
                .run(InputSpec.toJson(input("JWT authentication", "Kanban boards")), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedPaths(events, "agent")).contains(
                "business/business-work/prd", "business/business-work/kpis", "business/business-work/landing-copy",
                "business/business-brief",
                "frontend/frontend-work/design-system", "frontend/frontend-work/components", "frontend/frontend-work/styles",
                "frontend/frontend-integration",
                "backend/api-design", "backend/backend-work/endpoints", "backend/backend-work/query-tuning",
                "backend/backend-integration",
                "data/data-work/data-schema", "data/data-work/dashboards", "data/data-architecture",
                "qa/qa-work/test-plan", "qa/qa-work/test-suites", "qa/release/release-round/release-review",
                "devops/infrastructure", "devops/ci-cd", "devops/deployment",
                "documentation/readme", "documentation/api-docs");
        List<String> phases = Fixtures.startedSteps(events, "sequence", "parallel").stream()
                .filter(List.of("business", "frontend", "backend", "data", "qa", "devops", "documentation")::contains).toList();
        assertThat(phases).containsExactly("business", "frontend", "backend", "data", "qa", "devops", "documentation");
        List<String> order = Fixtures.startedSteps(events, "agent");
        assertThat(order.indexOf("business-brief")).isGreaterThan(order.indexOf("prd")).isLessThan(order.indexOf("design-system"));
        assertThat(order.indexOf("frontend-integration")).isLessThan(order.indexOf("api-design"));
        assertThat(llm.requestsForStep("design-system").get(0).lastUserText())
                .as("downstream squads read the integrated brief, not the raw PRD")
                .contains("[product-manager] Integrate your squad").doesNotContain("Write the PRD");
    }

    @Test
    void specialistsOfAPhase_reallyRunAtTheSameTime() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("qa-lead").answer(Fixtures.verdicts(APPROVED))
                .latency(r -> Duration.ofMillis(150)).build();
        Fixtures.workflow("full-stack-development", llm).run(InputSpec.toJson(input("Kanban boards")));
        assertThat(llm.maxConcurrentCalls()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void etl_runsOnlyWhenTheRequirementsCallForIt() {
        ScriptedLlmProvider without = Fixtures.approving(b -> b.whenStep("kpis").reply(NO_ETL_KPIS));
        RecordingWorkflowListener e1 = new RecordingWorkflowListener();
        WorkflowResult r1 = Fixtures.workflow("full-stack-development", without).run(InputSpec.toJson(input("Kanban boards")), e1);
        assertThat(Fixtures.startedSteps(e1)).contains("no-etl").doesNotContain("etl-pipelines");
        assertThat(r1.deliverables().path("data").path("etl_pipelines").isArray()).isTrue();
        assertThat(r1.deliverables().path("data").path("etl_pipelines")).isEmpty();

        ScriptedLlmProvider with = Fixtures.approving(b -> b.whenStep("kpis").reply(NO_ETL_KPIS));
        RecordingWorkflowListener e2 = new RecordingWorkflowListener();
        Fixtures.workflow("full-stack-development", with)
                .run(InputSpec.toJson(input("Kanban boards", "Nightly import of Jira projects")), e2);
        assertThat(Fixtures.startedSteps(e2)).contains("etl-pipelines").doesNotContain("no-etl");

        ScriptedLlmProvider analystSaysSo = Fixtures.approving();   // default analysis: etl_required = true
        RecordingWorkflowListener e3 = new RecordingWorkflowListener();
        Fixtures.workflow("full-stack-development", analystSaysSo).run(InputSpec.toJson(input("Kanban boards")), e3);
        assertThat(Fixtures.startedSteps(e3)).contains("etl-pipelines");
    }

    @Test
    void qaLead_sendsTheReleaseBack_toFrontendAndBackend_inParallel_withFeedback() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, APPROVED)));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("full-stack-development", llm).run(InputSpec.toJson(input("Kanban")), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Fixtures.startedPaths(events, "agent")).contains(
                "qa/release/release-round/release-rework/release-fixes/frontend-fixes",
                "qa/release/release-round/release-rework/release-fixes/backend-fixes");
        assertThat(llm.requestsForStep("frontend-fixes").get(0).lastUserText()).contains("Protect POST /tasks");
        assertThat(result.deliverables().path("qa").path("backend_fixes").isTextual()).isTrue();
        assertThat(result.gateHistory()).hasSize(2);
    }

    @Test
    void releaseThatNeverPasses_isBounded_andPartial() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED)));
        WorkflowResult result = Fixtures.workflow("full-stack-development", llm, WorkflowConfig.builder().maxIterations(3).build())
                .run(InputSpec.toJson(input("Kanban")));
        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(llm.requestsForAgent("qa-lead")).hasSize(3);
        assertThat(llm.requestsForStep("backend-fixes")).hasSize(2);
    }

    @Test
    void deliverables_haveTheSeedsShape_underDeliverables_inTheReport() {
        ScriptedLlmProvider llm = Fixtures.approving();
        PredefinedWorkflow wf = Fixtures.workflow("full-stack-development", llm);
        WorkflowResult result = wf.run(InputSpec.toJson(input("Kanban")));
        JsonNode report = wf.report(result);
        JsonNode d = report.path("deliverables");

        assertThat(d.path("business").path("prd").isTextual()).isTrue();
        assertThat(d.path("business").path("kpis").isArray()).isTrue();
        assertThat(d.path("business").path("copy").isObject()).isTrue();
        assertThat(d.path("frontend").path("design_system").isObject()).isTrue();
        assertThat(d.path("frontend").path("wireframes").isArray()).isTrue();
        assertThat(d.path("frontend").path("components").isArray()).isTrue();
        assertThat(d.path("frontend").path("styles").isTextual()).isTrue();
        assertThat(d.path("backend").path("api_spec").isObject()).isTrue();
        assertThat(d.path("backend").path("database").path("schema").isTextual()).isTrue();
        assertThat(d.path("backend").path("database").path("migrations").isArray()).isTrue();
        assertThat(d.path("data").path("architecture").isTextual()).isTrue();
        assertThat(d.path("data").path("dashboards").isArray()).isTrue();
        assertThat(d.path("qa").path("test_plan").isTextual()).isTrue();
        assertThat(d.path("qa").path("coverage_report").isObject()).isTrue();
        assertThat(d.path("devops").path("ci_cd").isArray()).isTrue();
        assertThat(d.path("documentation").path("readme").isTextual()).isTrue();
        assertThat(d.path("documentation").path("deployment_guide").isTextual()).isTrue();
        assertThat(d.path("timeline").path("phases").isArray()).isTrue();
        assertThat(report.path("totals").path("total_tokens").asLong()).isEqualTo(result.metrics().usage().totalTokens());
        assertThat(report.path("totals").path("success_rate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void nestedTechStackProblems_areReported_withTheirPaths() {
        Map<String, Object> bad = input("Kanban");
        bad.put("tech_stack", map("frontend", List.of("React", 3), "mobile", List.of("Swift")));
        bad.put("team_size", 0);
        assertThatThrownBy(() -> Fixtures.workflow("full-stack-development", Fixtures.approving()).run(bad))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.tech_stack.frontend[1]: must be a non-blank string, was 3")
                .hasMessageContaining("input.tech_stack.mobile: is not a known key (known: [frontend, backend, infrastructure])")
                .hasMessageContaining("input.tech_stack.backend: is required")
                .hasMessageContaining("input.team_size: must be ≥ 1, was 0");
    }
}
