package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.internal.PatchCheck;
import dev.devora.orchestration.workflows.internal.Rubric;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.BugResolutionWorkflowTest.hashes;
import static dev.devora.orchestration.workflows.BugResolutionWorkflowTest.json;
import static dev.devora.orchestration.workflows.BugResolutionWorkflowTest.sha;
import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refactoring on a repository: the area's developer analyses (smells at {@code file:line}) and plans, QA writes the
 * characterization tests before the refactoring, the developer refactors, the QA lead reviews its safety in a loop
 * carrying the refactoring and the tests; {@code target_paths} are checked inside the workspace before any call, and a
 * read-only run leaves every file byte-identical.
 */
class RefactoringWorkflowTest {
    static final String ORDERS = "package shop;\n\nclass OrderService {\n    int place(int amount) {\n        int fee = amount / 50;\n"
            + "        return amount + fee;\n    }\n}\n";
    static final String PATCH = "--- a/src/main/java/shop/OrderService.java\n+++ b/src/main/java/shop/OrderService.java\n"
            + "@@ -4,4 +4,3 @@\n     int place(int amount) {\n-        int fee = amount / 50;\n-        return amount + fee;\n"
            + "+        return amount + Payments.fee(amount);\n     }\n"
            + "--- /dev/null\n+++ b/src/main/java/shop/Payments.java\n@@ -0,0 +1,5 @@\n+package shop;\n+\n"
            + "+final class Payments {\n+    static int fee(int amount) { return amount / 50; }\n+}\n";
    static final String ANALYSIS = "{\"smells\": [{\"file\": \"src/main/java/shop/OrderService.java\", \"line\": 5, "
            + "\"smell\": \"SMELL-FEATURE-ENVY payment fee computed in the order service\", \"why\": \"payment logic in orders\"}], "
            + "\"public_api\": [\"src/main/java/shop/OrderService.java:4: int place(int)\"], \"callers\": [], "
            + "\"existing_tests\": [\"none\"], \"risks\": [\"integer division\"]}";
    static final String PLAN = "## Steps\n1. PLAN-STEP-1 extract Payments.fee (safety net: OrderServiceCharacterizationTest)\n"
            + "## Public API\nunchanged\n## Out of scope\n-\n## Rollback\nrevert the commit";

    static String refactoring(String patch, String tag, boolean written, String... files) {
        String list = files.length == 0 ? "\"src/main/java/shop/OrderService.java\", \"src/main/java/shop/Payments.java\""
                : "\"" + String.join("\", \"", files) + "\"";
        return "{\"patch\": " + json(patch) + ", \"summary\": \"" + tag + " extracted Payments.fee\", \"files_changed\": [" + list + "], "
                + "\"public_api_changes\": [{\"before\": \"int place(int)\", \"after\": \"unchanged\", \"migration\": \"none\"}], "
                + "\"written\": " + written + "}";
    }

    static String safetyTests(String tag) {
        return "{\"test_files\": [{\"path\": \"src/test/java/shop/OrderServiceCharacterizationTest.java\", \"language\": \"java\", "
                + "\"content\": \"class OrderServiceCharacterizationTest { /* " + tag + " place(100) == 102 */ }\\n\"}], "
                + "\"pinned_behaviour\": [{\"behaviour\": \"place(100) returns 102\", \"evidence\": \"OrderService.java:5\", "
                + "\"test\": \"OrderServiceCharacterizationTest: fee\"}], \"written\": false}";
    }

    @TempDir
    Path tmp;
    Path repo;

    @BeforeEach
    void fixtureRepo() throws IOException {
        repo = Files.createDirectories(tmp.resolve("shop"));
        Files.createDirectories(repo.resolve("src/main/java/shop"));
        Files.createDirectories(repo.resolve("src/test/java/shop"));
        Files.writeString(repo.resolve("src/main/java/shop/OrderService.java"), ORDERS);
        Files.writeString(repo.resolve("README.md"), "# Shop\n");
    }

    static Map<String, Object> input(Path workspace, String area, List<String> targets) {
        return map("workspace", workspace.toString(), "goal", "Extract the payment code out of OrderService",
                "target_paths", targets, "constraints", List.of("OrderService.place keeps its signature"), "area", area);
    }

    static Map<String, Object> input(Path workspace, String area) {
        return input(workspace, area, List.of("src/main/java/shop"));
    }

    static ScriptedLlmProvider scripted(java.util.function.UnaryOperator<ScriptedLlmProvider.Builder> first) {
        return Fixtures.approving(b -> first.apply(b)
                .whenStep("backend-analysis").reply(ANALYSIS).whenStep("frontend-analysis").reply(ANALYSIS)
                .whenStep("backend-plan").reply(PLAN).whenStep("frontend-plan").reply(PLAN)
                .whenStep("safety-tests").reply(safetyTests("PIN-V1"))
                .whenStep("backend-refactor").reply(refactoring(PATCH, "REFACTOR-V1", false))
                .whenStep("frontend-refactor").reply(refactoring(PATCH, "REFACTOR-V1", false)));
    }

    private static List<String> toolNames(LlmRequest r) {
        return r.tools().stream().map(ToolDefinition::name).toList();
    }

    @Test
    void backend_analysisPlanThenCharacterizationTestsBeforeTheRefactoring_thenTheSafetyReview() {
        ScriptedLlmProvider llm = scripted(b -> b);
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow w = Fixtures.workflow("refactoring", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "backend")), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedSteps(events, "agent")).containsExactly("backend-analysis", "backend-plan", "safety-tests",
                "backend-refactor", "safety-review");
        assertThat(Fixtures.agents(llm)).containsExactly("backend-developer", "backend-developer", "test-engineer",
                "backend-developer", "qa-lead");
        assertThat(llm.requestsForStep("backend-analysis").get(0).lastUserText()).contains("Extract the payment code",
                "src/main/java/shop", "OrderService.place keeps its signature", "src/");
        assertThat(llm.requestsForStep("backend-plan").get(0).lastUserText()).contains("SMELL-FEATURE-ENVY");
        assertThat(llm.requestsForStep("safety-tests").get(0).lastUserText()).contains("SMELL-FEATURE-ENVY", "PLAN-STEP-1")
                .doesNotContain("REFACTOR-V1");
        assertThat(llm.requestsForStep("backend-refactor").get(0).lastUserText()).contains("PLAN-STEP-1", "PIN-V1");
        String review = llm.requestsForStep("safety-review").get(0).lastUserText();
        assertThat(review).contains("REFACTOR-V1", "PIN-V1", "SMELL-FEATURE-ENVY", "Pass mark: 80/100");
        for (Rubric.Criterion c : Rubric.of("refactoring-safety").criteria()) assertThat(review).contains("- " + c.id() + " (weight ");
        assertThat(Fixtures.skipped(events)).noneMatch(p -> p.contains("backend-"));
        assertThat(result.metrics().squads().keySet()).containsExactlyInAnyOrder("backend", "qa");
        assertThat(result.metrics().usage().totalTokens()).isPositive();
        assertThat(w.report(result).path("totals").path("total_tokens").asLong()).isEqualTo(result.metrics().usage().totalTokens());
    }

    @Test
    void frontendArea_isAnalysedPlannedAndRefactoredByTheFrontendDeveloper_andTheBackendStepsAreNotCalled() {
        ScriptedLlmProvider llm = scripted(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, APPROVED))
                .whenStep("frontend-revised-refactor").reply(refactoring(PATCH, "REFACTOR-V2", false))
                .whenStep("revised-safety-tests").reply(safetyTests("PIN-V2")));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow w = Fixtures.workflow("refactoring", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "frontend")), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Fixtures.startedSteps(events, "agent")).containsSubsequence("frontend-analysis", "frontend-plan", "safety-tests",
                "frontend-refactor", "safety-review").contains("frontend-revised-refactor", "revised-safety-tests");
        assertThat(Fixtures.agents(llm)).doesNotContain("backend-developer");
        assertThat(llm.requestsForStep("frontend-revised-refactor").get(0).lastUserText()).contains("REFACTOR-V1", "Protect POST /tasks");
        assertThat(llm.requestsForStep("safety-review").get(1).lastUserText()).contains("REFACTOR-V2", "PIN-V2").doesNotContain("PIN-V1");
        assertThat(result.metrics().squads().keySet()).containsExactlyInAnyOrder("frontend", "qa");
        assertThat(w.deliverableFiles(result).get("refactoring/summary.md")).contains("REFACTOR-V2");
        assertThat(w.deliverableFiles(result).get("src/test/java/shop/OrderServiceCharacterizationTest.java")).contains("PIN-V2");
        assertThat(result.gateHistory()).hasSize(2);
        assertThat(w.definition().toMermaid()).contains("input.area = frontend");
    }

    @Test
    void readOnlyRun_leavesTheTreeByteIdentical_andWritesTheRefactoringAndTheTestsAsOneWellFormedPatch() throws IOException {
        Map<String, String> before = hashes(repo);
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("backend-refactor").reply(refactoring(PATCH, "REFACTOR-V1", false,
                "src/main/java/shop/OrderService.java", "src/main/java/shop/Payments.java", "README.md")));
        ToolCallingScript tools = new ToolCallingScript(llm, "backend-refactor", List.of(
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"src/main/java/shop/OrderService.java\"}"),
                        new ToolCall("w1", "write_file", "{\"path\": \"src/main/java/shop/OrderService.java\", \"content\": \"HACKED\"}"))));
        PredefinedWorkflow w = Workflows.byId("refactoring", tools).withEngine(Fixtures.ENGINE);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "backend")));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(toolNames(tools.requestsForStep("backend-refactor").get(0))).containsExactly("list_dir", "read_file", "search_text", "file_info");
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("backend-refactor").get(1)).get(0).content()).contains("amount / 50");

        Path out = Files.createDirectories(tmp.resolve("out"));
        w.writeDeliverables(result, out);
        assertThat(hashes(repo)).as("the workspace is unchanged").isEqualTo(before);
        String patch = Files.readString(out.resolve("changes.patch"));
        assertThat(patch).startsWith(PATCH).contains("--- /dev/null\n+++ b/src/test/java/shop/OrderServiceCharacterizationTest.java\n@@ -0,0 +1,1 @@\n");
        assertThat(PatchCheck.problems(patch)).isEmpty();
        Path copy = FeatureDevelopmentWorkflowTest.applied(repo, tmp.resolve("applied"), patch);
        assertThat(Files.readString(copy.resolve("src/main/java/shop/OrderService.java"))).contains("Payments.fee(amount)");
        assertThat(Files.readString(copy.resolve("src/test/java/shop/OrderServiceCharacterizationTest.java"))).contains("PIN-V1");
        assertThat(Files.readString(out.resolve("refactoring/plan.md"))).contains("PLAN-STEP-1", "## Rollback");
        assertThat(Files.readString(out.resolve("refactoring/analysis.json"))).contains("SMELL-FEATURE-ENVY");
        assertThat(Files.readString(out.resolve("src/test/java/shop/OrderServiceCharacterizationTest.java"))).contains("PIN-V1");
        assertThat(Files.exists(out.resolve("refactoring/review.json"))).isTrue();
        JsonNode check = result.deliverables().path("patch_check");
        assertThat(check.path("well_formed").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.path("written").asBoolean()).isFalse();
        assertThat(check.path("changed_outside_targets")).extracting(JsonNode::asText).containsExactly("README.md");
        assertThat(check.path("public_api_changes").asInt()).isZero();
        assertThat(w.reportMarkdown(result, ReportContext.NONE)).contains("changes.patch", "characterization tests");
    }

    @Test
    void writableRun_theDeveloperAppliesTheRefactoring_andOnlyTheWritersGetTheWritingTools() throws IOException {
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("backend-refactor").reply(refactoring(PATCH, "REFACTOR-V1 applied", true)));
        ToolCallingScript tools = new ToolCallingScript(llm, "backend-refactor", List.of(
                List.of(new ToolCall("p1", "apply_patch", "{\"patch\": " + json(PATCH) + "}"))));
        PredefinedWorkflow w = Workflows.byId("refactoring", tools).withEngine(Fixtures.ENGINE).withWritableWorkspace();
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "backend")));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(repo.resolve("src/main/java/shop/OrderService.java"))).contains("Payments.fee(amount)");
        assertThat(Files.readString(repo.resolve("src/main/java/shop/Payments.java"))).contains("static int fee");
        for (String writer : List.of("backend-refactor", "safety-tests")) {
            assertThat(toolNames(tools.requestsForStep(writer).get(0))).as(writer).contains("write_file", "apply_patch");
        }
        for (String reader : List.of("backend-analysis", "backend-plan", "safety-review")) {
            assertThat(toolNames(tools.requestsForStep(reader).get(0))).as(reader).containsExactly("list_dir", "read_file", "search_text", "file_info");
        }
        assertThat(result.deliverables().path("patch_check").path("written").asBoolean()).isTrue();
    }

    @Test
    void inputErrors_nameTheFieldAndTheValue_beforeAnyCall_targetPathsMustExistInsideTheWorkspace() {
        ScriptedLlmProvider llm = scripted(b -> b);
        Map<String, Object> bad = input(repo, "database", List.of("src/main/java/shop", "../outside", "src/nope", " "));
        bad.remove("goal");
        assertThatThrownBy(() -> Fixtures.workflow("refactoring", llm).run(InputSpec.toJson(bad)))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.target_paths[1]: must be a path inside the workspace, was \"../outside\"")
                .hasMessageContaining("input.target_paths[2]: does not exist in the workspace, was \"src/nope\"")
                .hasMessageContaining("input.target_paths[3]")
                .hasMessageContaining("area").hasMessageContaining("database").hasMessageContaining("goal")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("target_paths[0]"));
        Map<String, Object> noRepo = input(tmp.resolve("nope"), "backend");
        assertThatThrownBy(() -> Fixtures.workflow("refactoring", llm).run(InputSpec.toJson(noRepo)))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: is not a readable directory, was \"" + tmp.resolve("nope"));
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void aTargetPathThatLinksOutOfTheWorkspace_isRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(repo.resolve("linked"), outside);
        ScriptedLlmProvider llm = scripted(b -> b);
        assertThatThrownBy(() -> Fixtures.workflow("refactoring", llm).run(InputSpec.toJson(input(repo, "backend", List.of("linked")))))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.target_paths[0]: leads outside the workspace through a link, was \"linked\"");
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void typedInput_isAcceptedAndConvertsToSnakeCase() {
        var typed = new RefactoringInput(repo.toString(), "Extract payments", List.of("src/main/java/shop"), null, "backend");
        assertThat(typed.toJson().path("target_paths").get(0).asText()).isEqualTo("src/main/java/shop");
        assertThat(Fixtures.workflow("refactoring", Fixtures.approving()).validate(typed.toJson())).isEmpty();
    }

    @Test
    void runAgainstThisRepository_readsItsRealFiles_checksTheTargetPaths_andChangesNothing() throws IOException {
        Path self = Path.of("").toAbsolutePath().getParent();
        assertThat(self.resolve("pom.xml")).exists();
        String target = "orchestration-workflows/src/main/java/dev/devora/orchestration/workflows/internal/ChangeSet.java";
        Path file = self.resolve(target);
        String before = sha(file) + sha(self.resolve("orchestration-workflows/pom.xml"));
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("backend-refactor").reply(refactoring(PATCH, "REFACTOR-V1", false, target)));
        ToolCallingScript tools = new ToolCallingScript(llm, "backend-analysis", List.of(
                List.of(new ToolCall("s1", "search_text", "{\"pattern\": \"public static String combine\", \"path\": \"orchestration-workflows/src/main\"}"))));
        PredefinedWorkflow w = Workflows.byId("refactoring", tools).withEngine(Fixtures.ENGINE);
        WorkflowResult result = w.run(InputSpec.toJson(input(self, "backend", List.of(target))));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(tools.requestsForStep("backend-analysis").get(0).lastUserText()).contains("orchestration-workflows/", target);
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("backend-analysis").get(1)).get(0).content())
                .contains("internal/ChangeSet.java:", "public static String combine");
        assertThat(result.deliverables().path("patch_check").path("changed_outside_targets")).isEmpty();
        assertThat(sha(file) + sha(self.resolve("orchestration-workflows/pom.xml"))).isEqualTo(before);
        assertThatThrownBy(() -> w.run(InputSpec.toJson(input(self, "backend", List.of("orchestration-workflows/NoSuchFile.java")))))
                .isInstanceOf(InputValidationException.class).hasMessageContaining("NoSuchFile.java");
    }
}
