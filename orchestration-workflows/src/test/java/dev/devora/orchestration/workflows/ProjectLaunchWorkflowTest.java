package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

class ProjectLaunchWorkflowTest {
    static Map<String, Object> input() {
        return map("project_name", "TaskMaster Pro", "description", "Collaborative task management",
                "target_audience", "Development teams",
                "tech_stack", map("frontend", List.of("React"), "backend", List.of("FastAPI"), "infrastructure", List.of("AWS")),
                "requirements", List.of("JWT authentication", "Kanban boards"), "timeline", "4 months");
    }

    @Test
    void sevenPhases_composeTheOtherWorkflows_withParallelSquadsInDesignAndTesting() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .when(r -> r.lastUserText().contains("Design the pipeline")).reply(CiCdWorkflowTest.PIPELINE));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow launch = Fixtures.workflow("complete-project-launch", llm);
        WorkflowResult result = launch.run(InputSpec.toJson(input()), events);

        assertThat(result.status()).as(String.valueOf(result.warnings())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedPaths(events, "workflow")).containsExactlyInAnyOrder("development/api", "testing/security",
                "testing/accessibility", "documentation", "deployment");
        assertThat(Fixtures.startedPaths(events, "agent")).contains("design/ux-design", "design/system-architecture",
                "design/data-model", "development/api/design/openapi", "testing/security/audits/code-audit/code-findings",
                "testing/accessibility/audit", "testing/performance-plan", "deployment/pipeline-design/pipeline/pipeline-github",
                "post-launch/launch-monitoring", "launch-gate/launch-review");
        JsonNode d = launch.report(result).path("deliverables");
        assertThat(d.path("development").path("api").path("api_specification").path("openapi").isObject()).isTrue();
        assertThat(d.path("testing").path("security").path("severity_counts").isObject()).isTrue();
        assertThat(d.path("documentation").path("documents").has("README.md")).isTrue();
        assertThat(d.path("deployment").path("pipeline_config").has("github_actions")).isTrue();
        assertThat(d.path("launch_review").path("approved").asBoolean()).isTrue();
        assertThat(llm.requestsForStep("development/api/requirements/api-requirements").get(0).lastUserText())
                .as("the nested workflow reads the launch brief").contains("[product-manager] Integrate into a launch brief");
    }
}
