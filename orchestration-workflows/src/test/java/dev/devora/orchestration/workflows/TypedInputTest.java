package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.RunStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TypedInputTest {
    @Test
    void typedInputs_convertToTheSeedsSnakeCaseJson_andEachIsAcceptedByItsWorkflow() {
        Map<String, WorkflowInput> inputs = new java.util.LinkedHashMap<>();
        TechStack stack = new TechStack(List.of("React"), List.of("FastAPI"), List.of("AWS"));
        inputs.put("full-stack-development", new FullStackInput("TaskMaster", "Tasks", "Teams", stack, List.of("Kanban"), "3 months", null, 5));
        inputs.put("api-development", new ApiDevelopmentInput("TaskMaster API", "Tasks", ApiDevelopmentInput.ApiType.GRAPHQL,
                ApiDevelopmentInput.AuthType.API_KEY, true, List.of("CRUD tasks"),
                List.of(new ApiDevelopmentInput.DataModel("Task", Map.of("id", "uuid"))), Map.of("anonymous", 100), 1000,
                List.of("TypeScript", "Apollo Server", "PostgreSQL 16", "Vitest")));
        inputs.put("documentation-generation", new DocumentationInput("TaskMaster", "application", List.of("React"), null, null,
                List.of("readme"), List.of("developers"), false, "markdown"));
        inputs.put("performance-optimization", new PerformanceInput("https://app.example.test", "api",
                new PerformanceInput.Current(900.0, 800, 1.2, 75.0, 3.5), new PerformanceInput.Target(200.0, 2000, 0.1, 99.9),
                List.of("No breaking changes"), null, null));
        inputs.put("cicd-setup", new CiCdInput("https://git.example.test/app", CiCdInput.GitProvider.GITLAB, List.of("Python"),
                List.of(new CiCdInput.Environment("dev", true, null)), new CiCdInput.Testing(true, false, false, 80.0),
                CiCdInput.Target.APP_ENGINE, List.of("slack")));
        inputs.put("data-pipeline-setup", new DataPipelineInput("sales", "Sales analytics",
                List.of(new DataPipelineInput.Source("shop", "postgres", null)), "BigQuery", List.of("net revenue"),
                "batch", null, null, null, null, null, null));
        inputs.put("ml-model-integration", new MlIntegrationInput("churn", "churn classifier", "sklearn", Map.of("auc", 0.9),
                Map.of("auc", 0.85), null, "realtime", 100, 50, null, null));
        inputs.put("security-audit", new SecurityAuditInput("TaskMaster", "Task SaaS", List.of("FastAPI"), List.of("api"),
                null, null, "openapi: 3.1.0", null, null, "critical"));
        inputs.put("accessibility-compliance", new AccessibilityInput("TaskMaster", List.of("/login"), List.of("React"),
                "2.2", "AA", null, null, null));
        inputs.put("complete-project-launch", new ProjectLaunchInput("TaskMaster", "Tasks", "Teams", stack, List.of("Kanban"),
                "4 months", null, "rest", "jwt", "github", "kubernetes", 200, null));
        String repo = java.nio.file.Path.of("src/test/resources").toAbsolutePath().toString();
        inputs.put("migration", new MigrationInput(repo, MigrationInput.Kind.FRAMEWORK, "Spring Boot 2.7", "Spring Boot 3.3", null,
                "zero", List.of("keep the public API")));
        inputs.put("release-management", new ReleaseManagementInput(repo, "1.4.0", "1.3.2", null, "2026-12-02", true));

        for (Map.Entry<String, WorkflowInput> e : inputs.entrySet()) {
            PredefinedWorkflow wf = Fixtures.workflow(e.getKey(), Fixtures.approving());
            assertThat(wf.validate(e.getValue().toJson())).as(e.getKey()).isEmpty();
            assertThat(e.getValue().validate()).as(e.getKey()).isEmpty();
            assertThat(e.getValue().workflowId()).isEqualTo(e.getKey());
        }
        assertThat(inputs.get("performance-optimization").toJson().path("current_metrics").has("response_time_p95")).isTrue();
        assertThat(inputs.get("cicd-setup").toJson().path("testing_requirements").has("e2e_tests")).isTrue();
        assertThat(inputs.get("full-stack-development").toJson().has("budget")).as("nulls are omitted").isFalse();
        assertThat(inputs.get("migration").toJson().path("kind").asText()).isEqualTo("FRAMEWORK");
        assertThat(inputs.get("release-management").toJson().path("dry_run").asBoolean()).isTrue();

        var bad = new ApiDevelopmentInput("X", null, ApiDevelopmentInput.ApiType.REST, null, null, List.of(" "), List.of(), null, 0, List.of());
        assertThat(bad.validate()).extracting(p -> p.toString()).anySatisfy(p -> assertThat(p).contains("input.description"))
                .anySatisfy(p -> assertThat(p).contains("input.auth_type")).anySatisfy(p -> assertThat(p).contains("input.requirements[0]"))
                .anySatisfy(p -> assertThat(p).contains("input.target_qps"))
                .anySatisfy(p -> assertThat(p).contains("input.tech_stack: must have at least one item"));

        var plan = Fixtures.workflow("performance-optimization", Fixtures.approving()).plan(inputs.get("performance-optimization"));
        assertThat(plan.calls()).extracting(c -> c.path()).contains("profiling/profile", "monitoring");

        var result = Fixtures.workflow("api-development", Fixtures.approving()).run(inputs.get("api-development"));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.input().path("api_type").asText()).as("normalised to the allowed value").isEqualTo("graphql");
    }
}
