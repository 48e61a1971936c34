package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.internal.Rubric;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SaaS MVP: six squads in order (business → data → backend ∥ frontend → devops → QA), the launch review carrying the
 * backend, frontend and tests; the coverage between must-have features, stories and tests is computed in Java every
 * round; the workspace is read, never written.
 */
class SaasMvpWorkflowTest {
    static final String SCOPE = "{\"mvp_statement\": \"MVP-STATEMENT time and invoices for agencies\", \"stories\": ["
            + "{\"id\": \"US-1\", \"feature\": \"Time tracking per project\", \"story\": \"As a member I want to log hours\", "
            + "\"acceptance_criteria\": [\"Given a project When I log 2h Then the project shows 2h\"]},"
            + "{\"id\": \"US-2\", \"feature\": \"Client invoices\", \"story\": \"As an owner I want an invoice from hours\", "
            + "\"acceptance_criteria\": [\"Given 2h at 100 When I invoice Then the total is 200\"]}], "
            + "\"out_of_scope\": [\"payroll: later\"], \"plans\": [{\"name\": \"Team\", \"price\": \"29 USD / month\", \"limits\": [\"10 seats\"]}], "
            + "\"success_metrics\": [{\"name\": \"weekly active teams\", \"target\": \"50 in 8 weeks\", \"how_measured\": \"event time_logged\"}]}";
    static final String DATA = "{\"files\": [{\"path\": \"db/migrations/V1__init.sql\", \"language\": \"sql\", "
            + "\"content\": \"create table time_entry (tenant_id uuid not null, hours numeric);\\n\"}], "
            + "\"tenancy\": \"TENANCY tenant_id on every table, row-level security\", \"entities\": [\"time_entry: US-1\"]}";
    static final String BACKEND = files("backend/src/main/java/app/TimeController.java", "java", "class TimeController { /* BACKEND-V1 */ }");
    static final String FRONTEND = files("frontend/src/TimePage.tsx", "typescript", "export const TimePage = () => null; // FRONTEND-V1");
    static final String DELIVERY = files("docker-compose.yml", "yaml", "services: {}");

    static String files(String path, String language, String content) {
        return "{\"files\": [{\"path\": \"" + path + "\", \"language\": \"" + language + "\", \"content\": \"" + content + "\\n\"}]}";
    }

    /** Tests covering US-1 only (US-2 untested), or both with {@code both}. */
    static String tests(String tag, boolean both) {
        return "{\"files\": [{\"path\": \"backend/src/test/java/app/TimeTest.java\", \"language\": \"java\", "
                + "\"content\": \"class TimeTest { /* " + tag + " */ }\\n\"}], \"coverage\": ["
                + "{\"story_id\": \"US-1\", \"test_path\": \"backend/src/test/java/app/TimeTest.java\", \"test_name\": \"logsHours\"}"
                + (both ? ", {\"story_id\": \"US-2\", \"test_path\": \"backend/src/test/java/app/TimeTest.java\", \"test_name\": \"invoices\"}" : "")
                + "]}";
    }

    @TempDir
    Path tmp;
    Path repo;

    @BeforeEach
    void starter() throws IOException {
        repo = Files.createDirectories(tmp.resolve("teamtime"));
        Files.writeString(repo.resolve("README.md"), "# TeamTime starter\n");
    }

    static Map<String, Object> input(Path workspace) {
        return map("workspace", workspace.toString(), "product_name", "TeamTime",
                "problem", "agencies lose billable hours in spreadsheets", "target_customers", "agencies of 5 to 50 people",
                "must_have", List.of("Time tracking per project", "Client invoices"), "pricing", "subscription", "tenancy", "multi");
    }

    static ScriptedLlmProvider scripted(java.util.function.UnaryOperator<ScriptedLlmProvider.Builder> first) {
        return Fixtures.approving(b -> first.apply(b)
                .whenStep("scope").reply(SCOPE)
                .whenStep("data-model").reply(DATA)
                .whenStep("backend").reply(BACKEND)
                .whenStep("frontend").reply(FRONTEND)
                .whenStep("delivery").reply(DELIVERY)
                .whenStep("tests").reply(tests("TESTS-V1", true)));
    }

    @Test
    void sixSquadsInOrder_backendAndFrontendInParallel_thenDeliveryTestsAndTheLaunchReview() {
        ScriptedLlmProvider llm = scripted(b -> b);
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow w = Fixtures.workflow("saas-mvp", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo)), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        List<String> agents = Fixtures.startedSteps(events, "agent");
        assertThat(agents).hasSize(7);
        assertThat(agents.subList(0, 2)).containsExactly("scope", "data-model");
        assertThat(agents.subList(2, 4)).containsExactlyInAnyOrder("backend", "frontend");
        assertThat(agents.subList(4, 7)).containsExactly("delivery", "tests", "launch-review");
        assertThat(Fixtures.startedPaths(events, "agent")).anyMatch(p -> p.endsWith("build/backend")).anyMatch(p -> p.endsWith("build/frontend"));
        assertThat(result.metrics().squads().keySet()).containsExactly("business", "data", "backend", "frontend", "devops", "qa");
        assertThat(llm.requestsForStep("scope").get(0).attribute(LlmRequest.AGENT)).isEqualTo("product-manager");
        assertThat(llm.requestsForStep("data-model").get(0).attribute(LlmRequest.AGENT)).isEqualTo("database-architect");
        assertThat(llm.requestsForStep("delivery").get(0).attribute(LlmRequest.AGENT)).isEqualTo("cicd-specialist");
        assertThat(llm.requestsForStep("tests").get(0).attribute(LlmRequest.AGENT)).isEqualTo("automation-tester");
        assertThat(llm.requestsForStep("launch-review").get(0).attribute(LlmRequest.AGENT)).isEqualTo("qa-lead");
        assertThat(llm.requestsForStep("backend").get(0).lastUserText()).contains("US-1", "TENANCY", "README.md");
        assertThat(llm.requestsForStep("delivery").get(0).lastUserText()).contains("BACKEND-V1", "FRONTEND-V1", "V1__init.sql");
        assertThat(w.definition().toMermaid()).contains("backend", "frontend", "launch-review");
        assertThat(w.report(result).path("totals").path("total_tokens").asLong()).isEqualTo(result.metrics().usage().totalTokens()).isPositive();
    }

    @Test
    void coverage_isComputedEveryRound_aStoryWithoutATestIsShownToTheReviewer_andTheReworkedTestsCloseIt() {
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("tests").reply(tests("TESTS-V1", false))
                .whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, APPROVED))
                .whenStep("backend-fixes").reply(files("backend/src/main/java/app/TimeController.java", "java", "class TimeController { /* BACKEND-V2 */ }"))
                .whenStep("frontend-fixes").reply(files("frontend/src/TimePage.tsx", "typescript", "export const TimePage = () => null; // FRONTEND-V2"))
                .whenStep("test-fixes").reply(tests("TESTS-V2", true)));
        PredefinedWorkflow w = Fixtures.workflow("saas-mvp", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        List<LlmRequest> reviews = llm.requestsForStep("launch-review");
        assertThat(reviews).hasSize(2);
        assertThat(reviews.get(0).lastUserText()).contains("story US-2 (Client invoices) has no test", "\"complete\":false", "TESTS-V1");
        assertThat(reviews.get(1).lastUserText()).contains("\"complete\":true", "TESTS-V2", "BACKEND-V2", "FRONTEND-V2")
                .doesNotContain("TESTS-V1", "BACKEND-V1");
        assertThat(llm.requestsForStep("test-fixes").get(0).lastUserText()).contains("TESTS-V1", "Protect POST /tasks");
        JsonNode coverage = result.deliverables().path("coverage");
        assertThat(coverage.path("complete").asBoolean()).as(coverage.toString()).isTrue();
        assertThat(coverage.path("stories_tested").asInt()).isEqualTo(2);
        Map<String, String> files = w.deliverableFiles(result);
        assertThat(files.get("backend/src/main/java/app/TimeController.java")).contains("BACKEND-V2");
        assertThat(files.get("frontend/src/TimePage.tsx")).contains("FRONTEND-V2");
        assertThat(files.get("backend/src/test/java/app/TimeTest.java")).contains("TESTS-V2");
        assertThat(result.gateHistory()).hasSize(2);
    }

    @Test
    void coverage_namesAFeatureWithoutAStory_aStoryOfAnUnknownFeature_andATestFileThatWasNotWritten() {
        String scope = SCOPE.replace("\"feature\": \"Client invoices\"", "\"feature\": \"Payroll\"");
        String tests = tests("T", true).replace("\"test_path\": \"backend/src/test/java/app/TimeTest.java\", \"test_name\": \"invoices\"",
                "\"test_path\": \"nowhere/InvoiceTest.java\", \"test_name\": \"invoices\"");
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("scope").reply(scope).whenStep("tests").reply(tests));
        WorkflowResult result = Fixtures.workflow("saas-mvp", llm).run(InputSpec.toJson(input(repo)));

        JsonNode coverage = result.deliverables().path("coverage");
        assertThat(coverage.path("complete").asBoolean()).isFalse();
        assertThat(coverage.path("uncovered").toString()).contains("feature \\\"Client invoices\\\" has no user story",
                "story US-2 belongs to \\\"Payroll\\\", which is not a must-have feature of the input",
                "names nowhere/InvoiceTest.java, which is not a test file written");
    }

    @Test
    void deliverables_areOneSourceTreeAtRepositoryPaths_andTheWorkspaceIsNeverWritten_evenWithTheWritingOptIn() throws IOException {
        Map<String, String> before = BugResolutionWorkflowTest.hashes(repo);
        ScriptedLlmProvider llm = scripted(b -> b);
        PredefinedWorkflow w = Workflows.byId("saas-mvp", llm).withEngine(Fixtures.ENGINE).withWritableWorkspace();
        WorkflowResult result = w.run(InputSpec.toJson(input(repo)));
        Path out = Files.createDirectories(tmp.resolve("out"));
        w.writeDeliverables(result, out);

        assertThat(llm.requests()).allSatisfy(r -> assertThat(r.tools()).noneMatch(t -> t.name().equals("write_file") || t.name().equals("apply_patch")));
        assertThat(BugResolutionWorkflowTest.hashes(repo)).isEqualTo(before);
        for (String path : List.of("db/migrations/V1__init.sql", "backend/src/main/java/app/TimeController.java", "frontend/src/TimePage.tsx",
                "docker-compose.yml", "backend/src/test/java/app/TimeTest.java", "mvp/scope.json", "mvp/tenancy.md", "mvp/coverage.json",
                "mvp/review.json")) {
            assertThat(out.resolve(path)).as(path).exists();
        }
        assertThat(Files.readString(out.resolve("mvp/tenancy.md"))).contains("TENANCY");
        assertThat(w.reportMarkdown(result, ReportContext.NONE)).contains("mvp/coverage.json");
    }

    @Test
    void launchReview_scoresTheMvpLaunchRubric() {
        ScriptedLlmProvider llm = scripted(b -> b);
        Fixtures.workflow("saas-mvp", llm).run(InputSpec.toJson(input(repo)));
        String prompt = llm.requestsForStep("launch-review").get(0).lastUserText();
        assertThat(prompt).contains("MVP-STATEMENT", "BACKEND-V1", "FRONTEND-V1", "TESTS-V1", "docker-compose.yml", "Pass mark: 80/100");
        for (Rubric.Criterion c : Rubric.of("mvp-launch").criteria()) assertThat(prompt).contains("- " + c.id() + " (weight ");
    }

    @Test
    void inputErrors_nameTheFieldAndTheValue_beforeAnyCall() {
        ScriptedLlmProvider llm = scripted(b -> b);
        Map<String, Object> bad = input(tmp.resolve("missing"));
        bad.put("must_have", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"));
        bad.put("pricing", "lifetime");
        bad.remove("problem");
        assertThatThrownBy(() -> Fixtures.workflow("saas-mvp", llm).run(InputSpec.toJson(bad)))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: is not a readable directory, was \"" + tmp.resolve("missing"))
                .hasMessageContaining("input.must_have: an MVP takes at most 8 must-have features").hasMessageContaining("was 9")
                .hasMessageContaining("pricing").hasMessageContaining("lifetime")
                .hasMessageContaining("problem");
        Map<String, Object> twice = input(repo);
        twice.put("must_have", List.of("Invoices", "invoices "));
        assertThatThrownBy(() -> Fixtures.workflow("saas-mvp", llm).run(InputSpec.toJson(twice)))
                .isInstanceOf(InputValidationException.class).hasMessageContaining("lists \"invoices \" twice");
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void typedInput_runsLikeItsJson() {
        ScriptedLlmProvider llm = scripted(b -> b);
        WorkflowResult result = Fixtures.workflow("saas-mvp", llm).run(new SaasMvpInput(repo.toString(), "TeamTime", "hours lost",
                "agencies", List.of("Time tracking per project", "Client invoices"), null, null, null));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("scope").get(0).lastUserText()).contains("Pricing model: subscription", "Tenancy: multi");
    }

    @Test
    void runAgainstThisRepository_theBackendDeveloperReadsItsRealFiles_andNothingChanges() throws IOException {
        Path self = Path.of("").toAbsolutePath().getParent();
        assertThat(self.resolve("pom.xml")).exists();
        Path pom = self.resolve("orchestration-workflows/pom.xml");
        String before = BugResolutionWorkflowTest.sha(pom);
        ToolCallingScript tools = new ToolCallingScript(scripted(b -> b), "backend", List.of(
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"orchestration-workflows/pom.xml\"}"))));
        WorkflowResult result = Workflows.byId("saas-mvp", tools).withEngine(Fixtures.ENGINE).run(InputSpec.toJson(input(self)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(tools.requestsForStep("scope").get(0).tools()).isEmpty();
        assertThat(tools.requestsForStep("data-model").get(0).lastUserText()).contains("orchestration-workflows/");
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("backend").get(1)).get(0).content()).contains("<artifactId>");
        assertThat(BugResolutionWorkflowTest.sha(pom)).isEqualTo(before);
    }
}
