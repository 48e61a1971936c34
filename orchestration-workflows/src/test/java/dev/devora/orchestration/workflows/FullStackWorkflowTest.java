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
                "frontend/design-system", "frontend/frontend-work/components", "frontend/frontend-work/styles",
                "frontend/frontend-integration",
                "backend/api-design", "backend/backend-work/endpoints", "backend/backend-work/query-tuning",
                "backend/backend-integration",
                "data/data-work/data-schema", "data/data-work/dashboards", "data/data-architecture",
                "qa/test-plan", "qa/test-suites",
                "devops/platform/infrastructure", "devops/ci-cd", "devops/platform/deployment",
                "documentation/readme", "documentation/api-docs", "release/release-round/release-review");
        List<String> phases = Fixtures.startedSteps(events, "sequence", "parallel", "loop").stream()
                .filter(List.of("business", "frontend", "backend", "data", "qa", "devops", "documentation", "release")::contains).toList();
        assertThat(phases).containsExactly("business", "frontend", "backend", "data", "qa", "devops", "documentation", "release");
        List<String> order = Fixtures.startedSteps(events, "agent");
        assertThat(order.indexOf("business-brief")).isGreaterThan(order.indexOf("prd")).isLessThan(order.indexOf("design-system"));
        assertThat(order.indexOf("design-system")).as("components and styles are built from the design system")
                .isLessThan(order.indexOf("components")).isLessThan(order.indexOf("styles"));
        assertThat(order.indexOf("infrastructure")).isLessThan(order.indexOf("deployment"));
        assertThat(order.indexOf("frontend-integration")).isLessThan(order.indexOf("api-design"));
        assertThat(order.indexOf("release-review")).as("the review judges the devops and documentation work")
                .isGreaterThan(order.indexOf("deployment-guide")).isGreaterThan(order.indexOf("readme")).isGreaterThan(order.indexOf("ci-cd"));
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
                "release/release-round/release-rework/release-reworks/frontend-fixes",
                "release/release-round/release-rework/release-reworks/backend-fixes",
                "release/release-round/release-rework/release-reworks/database-fixes",
                "release/release-round/release-rework/release-reworks/test-fixes");
        assertThat(llm.requestsForStep("frontend-fixes").get(0).lastUserText()).contains("Protect POST /tasks");
        assertThat(result.deliverables().path("qa").has("backend_fixes")).as("fixes replace the code, they are no notes").isFalse();
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
        assertThat(d.path("frontend").path("styles").isArray()).as("style files, not Markdown").isTrue();
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

    /** A file list answer: path, content pairs. */
    static String files(String key, String... pathsAndContents) {
        StringBuilder sb = new StringBuilder("{\"").append(key).append("\": [");
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            if (i > 0) sb.append(", ");
            sb.append("{\"path\": \"").append(pathsAndContents[i]).append("\", \"language\": \"text\", \"content\": \"")
                    .append(pathsAndContents[i + 1]).append("\"}");
        }
        return sb.append("]}").toString();
    }

    static String backend(String content) {
        return "{\"endpoints\": [{\"path\": \"backend/app/routes/tasks.py\", \"language\": \"python\", \"content\": \"" + content + "\"}], "
                + "\"schemas\": [{\"path\": \"backend/app/schemas.py\", \"language\": \"python\", \"content\": \"class Task: pass\"}]}";
    }

    static String database(String migration) {
        return "{\"schema\": \"CREATE TABLE tasks (id uuid primary key);\", \"migrations\": [\"CREATE TABLE tasks (id uuid);\", \"" + migration + "\"]}";
    }

    static String tests(String content) {
        return "{\"test_suites\": [{\"path\": \"tests/e2e/board.spec.ts\", \"language\": \"typescript\", \"content\": \"" + content + "\"}], "
                + "\"coverage_report\": {\"estimated_line_coverage\": 70, \"critical_journeys_covered\": [\"board\"], \"gaps\": [\"sync\"]}}";
    }

    /** Every code and delivery step answers with marked files at real repository paths. */
    static ScriptedLlmProvider.Builder realisticTree(ScriptedLlmProvider.Builder b) {
        return b.whenStep("kpis").reply(NO_ETL_KPIS)
                .whenStep("business-brief").reply("BRIEF-MUST: FR-1 boards with acceptance criteria")
                .whenStep("design-system").reply("{\"design_system\": {\"color\": {\"primary\": {\"500\": \"#2563eb\"}}, \"marker\": \"DS-TOKENS\"}, "
                        + "\"wireframes\": [{\"screen\": \"Board\", \"route\": \"/board\", \"purpose\": \"move tasks\", \"regions\": [\"header\"], \"states\": [\"empty\"]}]}")
                .whenStep("components").reply(files("files", "frontend/src/App.tsx", "FRONTEND-V1", "frontend/package.json", "{}"))
                .whenStep("styles").reply(files("files", "frontend/tailwind.config.js", "module.exports = {}"))
                .whenStep("api-design").reply("{\"openapi\": {\"openapi\": \"3.1.0\", \"info\": {\"title\": \"CONTRACT-TASKS\"}, "
                        + "\"paths\": {\"/tasks\": {\"post\": {\"summary\": \"create\"}}}, \"components\": {}}}")
                .whenStep("endpoints").reply(backend("BACKEND-V1"))
                .whenStep("data-schema").reply(database("ALTER TABLE tasks ADD title text; -- DB-V1"))
                .whenStep("test-suites").reply(tests("TESTS-V1"))
                .whenStep("infrastructure").reply(files("files", "infra/terraform/main.tf", "resource \\\"aws_eks_cluster\\\" \\\"INFRA-EKS\\\" {}"))
                .whenStep("ci-cd").reply(files("files", ".github/workflows/ci.yml", "run: npm run test:e2e CI-COMMANDS",
                        "backend/Dockerfile", "FROM python:3.12"))
                .whenStep("deployment").reply(files("files", "deploy/k8s/backend-deployment.yaml", "kind: Deployment K8S-MANIFEST"))
                .whenStep("readme").reply("# TaskMaster README-DOC")
                .whenStep("api-docs").reply("# API API-DOC")
                .whenStep("deployment-guide").reply("# Deploy DEPLOY-GUIDE rollback");
    }

    @Test
    void releaseReview_seesEveryArtefactItsRubricNames_afterDevopsAndDocumentation() {
        ScriptedLlmProvider llm = Fixtures.approving(FullStackWorkflowTest::realisticTree);
        WorkflowResult result = Fixtures.workflow("full-stack-development", llm).run(InputSpec.toJson(input("Kanban boards")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        String review = llm.requestsForStep("release-review").get(0).lastUserText();
        assertThat(review).as("brief, contract, code, tests, docs, CI, deployment and rollback")
                .contains("BRIEF-MUST", "CONTRACT-TASKS", "BACKEND-V1", "DB-V1", "FRONTEND-V1", "TESTS-V1", "README-DOC", "API-DOC",
                        "CI-COMMANDS", "K8S-MANIFEST", "DEPLOY-GUIDE")
                .contains("the coverage figure is the tester's estimate")
                .contains("Pass mark: 80/100").contains("delivery (weight 15)");
        assertThat(review).as("left out to keep the prompt small").doesNotContain("Write the PRD").doesNotContain("INFRA-EKS");
    }

    @Test
    void joins_componentsSeeTheDesignSystem_deploymentTheInfrastructure_readmeTheRealCommands() {
        ScriptedLlmProvider llm = Fixtures.approving(FullStackWorkflowTest::realisticTree);
        Fixtures.workflow("full-stack-development", llm).run(InputSpec.toJson(input("Kanban boards")));

        assertThat(llm.requestsForStep("components").get(0).lastUserText()).contains("DS-TOKENS");
        assertThat(llm.requestsForStep("styles").get(0).lastUserText()).contains("DS-TOKENS");
        assertThat(llm.requestsForStep("deployment").get(0).lastUserText()).contains("INFRA-EKS");
        assertThat(llm.requestsForStep("ci-cd").get(0).lastUserText())
                .contains("- frontend/src/App.tsx", "- backend/app/routes/tasks.py", "- tests/e2e/board.spec.ts", "- db/migrations/0002.sql");
        assertThat(llm.requestsForStep("readme").get(0).lastUserText())
                .contains("CI-COMMANDS").contains("- backend/app/routes/tasks.py");
    }

    @Test
    void aFailedRelease_reworksTheCurrentCode_roundThreeFromRoundTwo_andTheDeliverablesHoldTheLastFix() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> realisticTree(b)
                .whenStep("frontend-fixes").reply(files("files", "frontend/src/App.tsx", "FRONTEND-V2"),
                        files("files", "frontend/src/App.tsx", "FRONTEND-V3"))
                .whenStep("backend-fixes").reply(backend("BACKEND-V2"), backend("BACKEND-V3"))
                .whenStep("database-fixes").reply(database("DB-V2"), database("DB-V3"))
                .whenStep("test-fixes").reply(tests("TESTS-V2"), tests("TESTS-V3"))
                .whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED)));
        PredefinedWorkflow wf = Fixtures.workflow("full-stack-development", llm);
        WorkflowResult result = wf.run(InputSpec.toJson(input("Kanban boards")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        for (String[] c : new String[][]{{"frontend-fixes", "FRONTEND"}, {"backend-fixes", "BACKEND"}, {"database-fixes", "DB"}, {"test-fixes", "TESTS"}}) {
            assertThat(llm.requestsForStep(c[0])).extracting(r -> r.lastUserText()).as(c[0])
                    .satisfiesExactly(round2 -> assertThat(round2).contains(c[1] + "-V1").contains("Protect POST /tasks"),
                            round3 -> assertThat(round3).contains(c[1] + "-V2").doesNotContain(c[1] + "-V1"));
        }
        assertThat(llm.requestsForStep("release-review")).extracting(r -> r.lastUserText())
                .satisfiesExactly(r1 -> assertThat(r1).contains("BACKEND-V1"), r2 -> assertThat(r2).contains("BACKEND-V2", "FRONTEND-V2"),
                        r3 -> assertThat(r3).contains("BACKEND-V3", "TESTS-V3", "DB-V3").doesNotContain("BACKEND-V2"));
        Map<String, String> files = wf.deliverableFiles(result);
        assertThat(files).containsEntry("frontend/src/App.tsx", "FRONTEND-V3")
                .containsEntry("backend/app/routes/tasks.py", "BACKEND-V3")
                .containsEntry("tests/e2e/board.spec.ts", "TESTS-V3")
                .containsEntry("db/migrations/0002.sql", "DB-V3");
        assertThat(files.keySet()).noneMatch(p -> p.contains("fixes"));
    }

    @Test
    void files_formOneSourceTree_withRealFileTypes_andStructuredResultsAsOneJsonEach() throws Exception {
        ScriptedLlmProvider llm = Fixtures.approving(FullStackWorkflowTest::realisticTree);
        PredefinedWorkflow wf = Fixtures.workflow("full-stack-development", llm);
        Map<String, String> files = wf.deliverableFiles(wf.run(InputSpec.toJson(input("Kanban boards"))));

        assertThat(files).containsKeys("frontend/src/App.tsx", "frontend/package.json", "frontend/tailwind.config.js",
                "backend/app/routes/tasks.py", "backend/app/schemas.py", "tests/e2e/board.spec.ts", "infra/terraform/main.tf",
                ".github/workflows/ci.yml", "backend/Dockerfile", "deploy/k8s/backend-deployment.yaml",
                "db/schema.sql", "db/migrations/0001.sql", "db/migrations/0002.sql", "openapi.json", "design-system.json",
                "qa/review.json", "qa/coverage-estimate.json", "PRD.md", "README.md", "API.md", "DEPLOYMENT.md", "ARCHITECTURE.md",
                "docs/brief.md", "docs/test-plan.md", "docs/wireframes.json");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(files.get("qa/review.json")).path("criteria").path("delivery").path("score").asInt()).isEqualTo(95);
        assertThat(json.readTree(files.get("design-system.json")).path("color").path("primary").path("500").asText()).isEqualTo("#2563eb");
        assertThat(files.keySet()).as("no scattered leaves, no notes instead of code")
                .noneMatch(p -> p.startsWith("frontend/design_system/") || p.startsWith("qa/release_review/") || p.endsWith("_fixes.md")
                        || p.equals("backend/database/migrations.json"));
        assertThat(files.values().stream().filter(c -> c.contains("K8S-MANIFEST"))).as("the manifests are written once").hasSize(1);
    }

    @Test
    void devopsFiles_neverReplaceTheCodeTheirOwnersWrote() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> realisticTree(b   // first rule wins: these before the tree's
                .whenStep("ci-cd").reply(files("files", ".github/workflows/ci.yml", "run: pytest", "backend/app/routes/tasks.py", "CI-CLOBBER"))
                .whenStep("deployment").reply(files("files", "deploy/k8s/api.yaml", "kind: Deployment", "infra/terraform/main.tf", "K8S-CLOBBER"))));
        PredefinedWorkflow wf = Fixtures.workflow("full-stack-development", llm);
        WorkflowResult result = wf.run(InputSpec.toJson(input("Kanban boards")));
        Map<String, String> files = wf.deliverableFiles(result);

        assertThat(files).containsEntry("backend/app/routes/tasks.py", "BACKEND-V1").containsEntry(".github/workflows/ci.yml", "run: pytest")
                .containsEntry("deploy/k8s/api.yaml", "kind: Deployment");
        assertThat(files.get("infra/terraform/main.tf")).contains("INFRA-EKS");
        assertThat(llm.requestsForStep("release-review").get(0).lastUserText()).doesNotContain("CI-CLOBBER").doesNotContain("K8S-CLOBBER");
    }

    @Test
    void everyStepPrompt_setsItsOutputFormat() {
        dev.devora.orchestration.workflows.internal.StepPrompts prompts =
                dev.devora.orchestration.workflows.internal.StepPrompts.of("full-stack-development");
        for (String step : prompts.stepIds()) {
            assertThat(prompts.get(step)).as(step).containsPattern("(?m)^Output: ");
        }
    }

    @Test
    void aCutOffCodeAnswer_failsTheRun_namingTheStep_whileACutOffDocumentIsContinued() {
        ScriptedLlmProvider cut = Fixtures.approving(b -> b
                .whenStep("endpoints").cutOffAlways("{\"endpoints\": [{\"path\": \"backend/app/main.py\", \"content\": \"from fastapi import"));
        WorkflowResult failed = Fixtures.workflow("full-stack-development", cut).run(InputSpec.toJson(input("Kanban boards")));

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        Throwable failure = failed.failure().orElseThrow();
        assertThat(failure).isInstanceOf(dev.devora.orchestration.StepFailedException.class);
        assertThat(((dev.devora.orchestration.StepFailedException) failure).stepPath()).endsWith("endpoints");
        assertThat(failure.getCause()).isInstanceOf(dev.devora.orchestration.OutputTruncatedException.class)
                .hasMessageContaining("step 'backend/backend-work/endpoints'").hasMessageContaining("maxTokens");
        assertThat(failed.deliverables().path("backend").path("endpoints").isArray()).as("no partial code delivered").isFalse();

        ScriptedLlmProvider continued = Fixtures.approving(b -> b.whenStep("readme").cutOff("# TaskMaster\n\nInstall with").reply(" `npm ci`."));
        WorkflowResult ok = Fixtures.workflow("full-stack-development", continued).run(InputSpec.toJson(input("Kanban boards")));
        assertThat(ok.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ok.deliverables().path("documentation").path("readme").asText()).isEqualTo("# TaskMaster\n\nInstall with `npm ci`.");
        assertThat(continued.requestsForStep("readme")).hasSize(2);
    }

    @Test
    void absentOptionalInputs_leaveNoDanglingText_andTheReportSaysTheCoverageIsAnEstimate() {
        ScriptedLlmProvider llm = Fixtures.approving();
        Map<String, Object> in = input("Kanban boards");
        in.remove("team_size");
        PredefinedWorkflow wf = Fixtures.workflow("full-stack-development", llm);
        WorkflowResult result = wf.run(InputSpec.toJson(in));

        assertThat(llm.requestsForStep("prd").get(0).lastUserText()).contains("Timeline: 3 months")
                .doesNotContain("Team size").doesNotContain("Budget").doesNotContain("not specified");
        assertThat(llm.requestsForStep("infrastructure").get(0).lastUserText()).doesNotContain("Budget");
        ScriptedLlmProvider withBudget = Fixtures.approving();
        Map<String, Object> full = input("Kanban boards");
        full.put("budget", "50k EUR");
        Fixtures.workflow("full-stack-development", withBudget).run(InputSpec.toJson(full));
        assertThat(withBudget.requestsForStep("prd").get(0).lastUserText()).contains("Team size: 5").contains("Budget: 50k EUR");

        String report = wf.reportMarkdown(result, new ReportContext(java.time.Instant.now(), java.time.Instant.now(), false));
        assertThat(report).contains("the automation tester's estimate, not a measurement");
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
