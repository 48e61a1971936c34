package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.OutputTruncatedException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.internal.Rubric;
import dev.devora.orchestration.workflows.internal.StepPrompts;
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
        assertThat(llm.requestsForStep("development/api/build/data-and-code/endpoints").get(0).lastUserText())
                .as("the nested API is built on the launch's backend stack, not the API workflow's default").contains("FastAPI")
                .doesNotContain("Python 3.12");
    }

    static String verdict(String feedback) {
        return Fixtures.APPROVED.replace("Ready.", feedback);
    }

    /** Each artefact the launch review judges, scripted with a marker of its own. */
    static ScriptedLlmProvider scripted() {
        return Fixtures.approving(b -> b
                .when(r -> r.lastUserText().contains("Design the pipeline")).reply(CiCdWorkflowTest.PIPELINE)
                .whenStep("launch-brief").reply("# Launch brief\nBRIEF-MARKER")
                .whenStep("kpis").reply("{\"use_cases\": [], \"kpis\": [{\"name\": \"KPI-MARKER weekly active teams\", \"formula\": \"teams/week\", "
                        + "\"source\": \"events\", \"baseline\": \"unknown\", \"target\": \"500 by June\", \"decision\": \"scale sales\"}], "
                        + "\"data_needs\": {\"events\": [], \"etl_required\": false, \"reason\": \"one database\"}}")
                .whenStep("system-architecture").reply("## Components\nARCH-MARKER: API, PostgreSQL, S3 uploads")
                .whenStep("infrastructure-code").reply("{\"files\": [{\"path\": \"infra/main.tf\", \"language\": \"hcl\", "
                        + "\"content\": \"resource \\\"aws_db_instance\\\" \\\"main\\\" {} # INFRA-MARKER\"}]}")
                .whenStep("qa-review").answer(Fixtures.verdicts(verdict("API-QA-MARKER")))
                .whenStep("signoff").answer(Fixtures.verdicts(verdict("SIGNOFF-MARKER")))
                .whenStep("verification").answer(Fixtures.verdicts(verdict("A11Y-MARKER")))
                .whenStep("testing/security/consolidated").reply(SecurityAuditWorkflowTest.FINDINGS)
                .whenStep("testing/security/remediation-plan").reply(SecurityAuditWorkflowTest.plan("PLAN-MARKER"))
                .whenStep("performance-plan").reply("{\"plan\": \"## Scenarios\\nLOADPLAN-MARKER\", \"scripts\": [{\"path\": \"load-tests/peak.js\", "
                        + "\"language\": \"javascript\", \"content\": \"import http from 'k6/http'; // K6-MARKER\"}]}")
                .whenStep("data-model").reply("{\"document\": \"## Entities\\n| task | ... |\", \"schema_sql\": \"CREATE TABLE task (id uuid PRIMARY KEY); -- SQL-MARKER\"}")
                .whenStep("deploy-kubernetes").reply("{\"manifests\": [{\"path\": \"k8s/deployment.yaml\", \"language\": \"yaml\", "
                        + "\"content\": \"kind: Deployment\"}], \"helm_chart\": [], \"deployment_script\": \"helm upgrade --install app\", "
                        + "\"strategy\": \"CANARY-MARKER 10% then 100%\"}")
                .whenStep("deployment/monitoring").reply("{\"post_deploy_checks\": [\"ROLLBACK-CHECK-MARKER smoke test\"], "
                        + "\"rollback\": {\"triggers\": [\"p95 > 1 s\"], \"procedure\": \"helm rollback\"}, \"alerts\": []}")
                .whenStep("launch-monitoring").reply("## SLOs\nMONITORING-MARKER")
                .whenStep("performance-baseline").reply("## Baseline\nBASELINE-MARKER"));
    }

    @Test
    void infrastructureAudit_readsTheArchitectureAndTheInfrastructureCode() {
        ScriptedLlmProvider llm = scripted();
        WorkflowResult result = Fixtures.workflow("complete-project-launch", llm).run(InputSpec.toJson(input()));

        assertThat(result.status()).as(String.valueOf(result.warnings())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("testing/security/audits/infra-audit/infra-findings").get(0).lastUserText())
                .contains("AWS", "ARCH-MARKER", "infra/main.tf", "INFRA-MARKER", "kubernetes");
        assertThat(llm.requestsForStep("infrastructure-code").get(0).lastUserText()).contains("ARCH-MARKER", "SQL-MARKER", "kubernetes");
    }

    @Test
    void launchReview_isLast_readsEveryArtefactItsRubricNames_andScoresTheLaunchReadinessRubric() {
        ScriptedLlmProvider llm = scripted();
        Fixtures.workflow("complete-project-launch", llm).run(InputSpec.toJson(input()));

        List<LlmRequest> all = llm.requests();
        assertThat(all.get(all.size() - 1).attribute(LlmRequest.STEP_PATH)).isEqualTo("launch-gate/launch-review");
        LlmRequest review = llm.requestsForStep("launch-review").get(0);
        assertThat(review.lastUserText()).contains("JWT authentication", "BRIEF-MARKER", "KPI-MARKER", "ARCH-MARKER",
                "INFRA-MARKER", "API-QA-MARKER", "A11Y-MARKER", "LOADPLAN-MARKER", "\"at_or_above_threshold\"", "SIGNOFF-MARKER",
                "PLAN-MARKER", "CANARY-MARKER", "ROLLBACK-CHECK-MARKER", "MONITORING-MARKER", "BASELINE-MARKER",
                "Pass mark: 80/100");
        for (Rubric.Criterion c : Rubric.of("launch-readiness").criteria()) {
            assertThat(review.lastUserText()).contains("- " + c.id() + " (weight ");
            assertThat(review.responseFormat().schema().path("properties").path("criteria").path("properties").has(c.id())).isTrue();
        }
    }

    @Test
    void files_formOneTree_withTheNestedWorkflowsUnderTheirOwnNames() {
        ScriptedLlmProvider llm = scripted();
        PredefinedWorkflow w = Fixtures.workflow("complete-project-launch", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input()));
        Map<String, String> files = w.deliverableFiles(result);

        assertThat(files).containsKeys("PRD.md", "launch/BRIEF.md", "launch/kpis.json", "design/system-architecture.md",
                "infra/main.tf", "openapi.json", "security/findings.json", "security/severity-counts.json",
                "security/remediation-plan.json", "security/signoff.json", "accessibility/review.json", "ACCESSIBILITY.md",
                "README.md", ".github/workflows/ci.yml", "k8s/deployment.yaml", "launch/monitoring.md",
                "launch/readiness-review.json", "db/schema.sql", "load-tests/peak.js", "launch/performance-plan.md");
        assertThat(files.get("infra/main.tf")).contains("INFRA-MARKER");
        assertThat(files.get("README.md")).as("the project README is the documentation workflow's")
                .isEqualTo(result.deliverables().path("documentation").path("documents").path("README.md").asText());
        assertThat(files.get("docs/API_README.md")).as("the API README is kept beside it")
                .isEqualTo(result.deliverables().path("development").path("api").path("documentation").path("readme").asText())
                .isNotEqualTo(files.get("README.md"));
        assertThat(files.get("db/schema.sql")).startsWith("CREATE TABLE").contains("SQL-MARKER");
        assertThat(files.get("load-tests/peak.js")).contains("K6-MARKER");
        assertThat(files.get("launch/performance-plan.md")).contains("LOADPLAN-MARKER").doesNotContain("K6-MARKER");
        assertThat(files.keySet()).as("nested workflows write as their own runs do, not under the launch's keys")
                .noneMatch(p -> p.startsWith("testing/security/") || p.startsWith("testing/accessibility/")
                        || p.startsWith("development/") || p.startsWith("deployment/deployment/") || p.startsWith("deployment/pipeline_config/") || p.startsWith("launch_review"));
    }

    @Test
    void everyStepPrompt_endsWithTheFormatOfItsAnswer() {
        StepPrompts prompts = StepPrompts.of("complete-project-launch");
        for (String step : prompts.stepIds()) {
            String prompt = prompts.get(step).strip();
            assertThat(prompt.substring(prompt.lastIndexOf("\n\n") + 2)).as(step).startsWith("Output: ");
        }
    }

    @Test
    void cutOffInfrastructureCode_failsTheRunNamingTheStep_whileACutOffPrdIsContinued() {
        ScriptedLlmProvider cutJson = Fixtures.approving(b -> b
                .when(r -> r.lastUserText().contains("Design the pipeline")).reply(CiCdWorkflowTest.PIPELINE)
                .whenStep("infrastructure-code").cutOffAlways("{\"files\": [{\"path\": \"infra/main.tf\", \"content\": \"resource"));
        WorkflowResult failed = Fixtures.workflow("complete-project-launch", cutJson).run(InputSpec.toJson(input()));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        StepFailedException e = (StepFailedException) failed.failure().orElseThrow();
        assertThat(e.getMessage()).contains("infrastructure-code");
        assertThat(e.getCause()).isInstanceOf(OutputTruncatedException.class);
        assertThat(cutJson.requestsForStep("launch-review")).isEmpty();

        ScriptedLlmProvider cutText = Fixtures.approving(b -> b
                .when(r -> r.lastUserText().contains("Design the pipeline")).reply(CiCdWorkflowTest.PIPELINE)
                .whenStep("discovery/discovery-work/prd").cutOff("# TaskMaster Pro — PRD\n## Sum").reply("mary\nPRD-REST"));
        PredefinedWorkflow w = Fixtures.workflow("complete-project-launch", cutText);
        WorkflowResult continued = w.run(InputSpec.toJson(input()));
        assertThat(continued.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(w.deliverableFiles(continued).get("PRD.md")).isEqualTo("# TaskMaster Pro — PRD\n## Summary\nPRD-REST");
    }

    @Test
    void theReport_saysWhichNumbersAreEstimates() {
        ScriptedLlmProvider llm = scripted();
        PredefinedWorkflow w = Fixtures.workflow("complete-project-launch", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input()));
        assertThat(w.reportMarkdown(result, ReportContext.NONE))
                .contains("are the agents' estimates, not measurements");
    }
}
