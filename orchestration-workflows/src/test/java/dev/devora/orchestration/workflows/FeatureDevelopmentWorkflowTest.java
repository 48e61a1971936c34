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
 * Feature Development on a repository: the product manager's acceptance criteria, the backend developer's design
 * at checked {@code file:line}s, the backend and frontend changes in parallel (the frontend only for a feature with
 * a UI), tests per criterion, documentation, the QA lead's review loop carrying the changes, and one combined
 * {@code changes.patch}; a read-only run leaves every file of the workspace byte-identical.
 */
class FeatureDevelopmentWorkflowTest {
    static final String CART = "package shop;\n\nclass Cart {\n    int total(int price) {\n        return price;\n    }\n}\n";
    static final String VIEW = "export function CartView({ total }) {\n  return <p>{total}</p>;\n}\n";
    static final String BACKEND_PATCH = "--- a/src/main/java/shop/Cart.java\n+++ b/src/main/java/shop/Cart.java\n"
            + "@@ -4,3 +4,3 @@\n-    int total(int price) {\n-        return price;\n+    int total(int price, int discountPercent) {\n"
            + "+        return price - price * discountPercent / 100;\n     }\n";
    static final String FRONTEND_PATCH = "--- a/web/CartView.jsx\n+++ b/web/CartView.jsx\n@@ -1,3 +1,3 @@\n"
            + " export function CartView({ total }) {\n-  return <p>{total}</p>;\n+  return <p aria-live=\"polite\">{total}</p>;\n }\n";
    static final String DOCS_PATCH = "--- a/CHANGELOG.md\n+++ b/CHANGELOG.md\n@@ -1,1 +1,3 @@\n # Changelog\n+\n+- Added: discount codes\n";
    static final String SPEC = "{\"summary\": \"SPEC-SUMMARY customers apply a discount code\", \"user_stories\": [\"As a customer, I want a code so that I pay less\"], "
            + "\"acceptance_criteria\": [{\"id\": \"AC-1\", \"criterion\": \"Given SAVE10 When the cart is 100 Then the total is 90\"}, "
            + "{\"id\": \"AC-2\", \"criterion\": \"Given an unknown code When applied Then an error is shown\"}], "
            + "\"out_of_scope\": [\"stacking codes\"], \"open_questions\": [\"rounding: down\"]}";
    static final String DESIGN = "{\"overview\": \"DESIGN-OVERVIEW add a discount parameter\", \"touch_points\": ["
            + "{\"file\": \"src/main/java/shop/Cart.java\", \"line\": 5, \"change\": \"apply the discount\"}, "
            + "{\"file\": \"src/main/java/shop/Ghost.java\", \"line\": 3, \"change\": \"invented\"}, "
            + "{\"file\": \"web/CartView.jsx\", \"line\": 99, \"change\": \"past the end\"}], "
            + "\"backend_work\": \"Cart.total takes the percent\", \"frontend_work\": \"FRONTEND-WORK announce the total\", \"risks\": [\"rounding\"]}";

    static String change(String patch, String summary, String file, boolean written) {
        return "{\"patch\": " + json(patch) + ", \"summary\": \"" + summary + "\", \"files_changed\": [\"" + file + "\"], \"written\": " + written + "}";
    }

    static String tests(String tag, boolean coverBoth) {
        return "{\"test_files\": [{\"path\": \"src/test/java/shop/CartTest.java\", \"language\": \"java\", "
                + "\"content\": \"class CartTest { /* " + tag + " AC-1 */ }\\n\"}], \"coverage\": [{\"criterion\": \"AC-1\", "
                + "\"tests\": [\"src/test/java/shop/CartTest.java: discountApplied\"]}"
                + (coverBoth ? ", {\"criterion\": \"AC-2\", \"tests\": [\"src/test/java/shop/CartTest.java: unknownCode\"]}" : "")
                + "], \"written\": false}";
    }

    static final String DOCS = "{\"changelog_entry\": \"### Added\\n- CHANGELOG-ENTRY discount codes at checkout\", \"patch\": "
            + json(DOCS_PATCH) + ", \"files_changed\": [\"CHANGELOG.md\"], \"written\": false}";

    @TempDir
    Path tmp;
    Path repo;

    @BeforeEach
    void fixtureRepo() throws IOException {
        repo = Files.createDirectories(tmp.resolve("shop"));
        Files.createDirectories(repo.resolve("src/main/java/shop"));
        Files.createDirectories(repo.resolve("src/test/java/shop"));
        Files.createDirectories(repo.resolve("web"));
        Files.writeString(repo.resolve("src/main/java/shop/Cart.java"), CART);
        Files.writeString(repo.resolve("web/CartView.jsx"), VIEW);
        Files.writeString(repo.resolve("CHANGELOG.md"), "# Changelog\n");
    }

    static Map<String, Object> input(Path workspace, boolean hasUi) {
        return map("workspace", workspace.toString(), "requirement", "Customers can apply a discount code at checkout",
                "acceptance_criteria", List.of("SAVE10 takes 10 % off"), "has_ui", hasUi, "context", "EU shop");
    }

    static ScriptedLlmProvider scripted(java.util.function.UnaryOperator<ScriptedLlmProvider.Builder> first) {
        return Fixtures.approving(b -> first.apply(b)
                .whenStep("requirements").reply(SPEC)
                .whenStep("technical-design").reply(DESIGN)
                .whenStep("backend-changes").reply(change(BACKEND_PATCH, "BACKEND-V1 discount", "src/main/java/shop/Cart.java", false))
                .whenStep("frontend-changes").reply(change(FRONTEND_PATCH, "FRONTEND-V1 live total", "web/CartView.jsx", false))
                .whenStep("acceptance-tests").reply(tests("TESTS-V1", true))
                .whenStep("documentation").reply(DOCS)
                .whenStep("code-review").answer(Fixtures.verdicts(APPROVED)));
    }

    /** A copy of {@code repo} at {@code copy} with {@code patch} applied by the workspace's own apply_patch tool. */
    static Path applied(Path repo, Path copy, String patch) throws IOException {
        try (var files = Files.walk(repo)) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(repo.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        var tool = dev.devora.orchestration.tool.workspace.Workspace.writable(copy).toolbox().find("apply_patch").orElseThrow();
        try {
            var result = tool.call(new dev.devora.orchestration.tool.ToolInvocation("t1", "apply_patch",
                    new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("patch", patch), "run", "test"));
            assertThat(result.error()).as(result.content()).isFalse();
        } catch (Exception e) {
            throw new AssertionError("apply_patch failed", e);
        }
        return copy;
    }

    private static List<String> toolNames(LlmRequest r) {
        return r.tools().stream().map(ToolDefinition::name).toList();
    }

    @Test
    void withUi_requirementsThenDesignThenBackendAndFrontendInParallel_thenTestsDocsAndReview_byTheirRoles() {
        ScriptedLlmProvider llm = scripted(b -> b);
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow w = Fixtures.workflow("feature-development", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, true)), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        List<String> agents = Fixtures.agents(llm);
        assertThat(agents.subList(0, 2)).containsExactly("product-manager", "backend-developer");
        assertThat(agents.subList(2, 4)).containsExactlyInAnyOrder("backend-developer", "frontend-developer");
        assertThat(agents.subList(4, agents.size())).containsExactly("test-engineer", "technical-writer", "qa-lead");
        assertThat(Fixtures.startedPaths(events, "agent")).contains("implementation/backend-changes",
                "implementation/ui-changes/frontend-changes", "review-loop/review-loop-round/code-review");
        List<String> order = Fixtures.startedSteps(events);
        assertThat(order.indexOf("design")).isLessThan(order.indexOf("implementation"));
        assertThat(order.indexOf("implementation")).isLessThan(order.indexOf("acceptance-tests"));
        assertThat(order.indexOf("documentation")).isLessThan(order.indexOf("review-loop"));
        assertThat(order.indexOf("changes")).isLessThan(order.indexOf("patch-check"));

        assertThat(llm.requestsForStep("requirements").get(0).lastUserText()).contains("SAVE10 takes 10 % off", "src/");
        assertThat(llm.requestsForStep("technical-design").get(0).lastUserText()).contains("SPEC-SUMMARY");
        assertThat(llm.requestsForStep("backend-changes").get(0).lastUserText()).contains("DESIGN-OVERVIEW", "AC-2");
        assertThat(llm.requestsForStep("frontend-changes").get(0).lastUserText()).contains("FRONTEND-WORK");
        assertThat(llm.requestsForStep("acceptance-tests").get(0).lastUserText()).contains("BACKEND-V1", "FRONTEND-V1", "AC-1", "AC-2");
        assertThat(llm.requestsForStep("code-review").get(0).lastUserText()).contains("BACKEND-V1", "FRONTEND-V1", "TESTS-V1",
                "CHANGELOG-ENTRY", "Pass mark: 80/100");
        for (Rubric.Criterion c : Rubric.of("feature-review").criteria()) {
            assertThat(llm.requestsForStep("code-review").get(0).lastUserText()).contains("- " + c.id() + " (weight ");
        }
        assertThat(result.metrics().squads().keySet()).containsExactlyInAnyOrder("business", "backend", "frontend", "qa", "documentation");
        assertThat(result.metrics().usage().totalTokens()).isPositive();
        assertThat(w.report(result).path("totals").path("total_tokens").asLong()).isEqualTo(result.metrics().usage().totalTokens());
        assertThat(w.deliverableFiles(result).get("changes.patch")).contains(FRONTEND_PATCH);
    }

    @Test
    void withoutUi_theFrontendDeveloperIsNeverCalled_evenWhenTheReviewRejects_andThePatchHoldsNoFrontendChange() {
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("code-review").answer(Fixtures.verdicts(REJECTED, APPROVED))
                .whenStep("revised-backend-changes").reply(change(BACKEND_PATCH, "BACKEND-V2", "src/main/java/shop/Cart.java", false))
                .whenStep("revised-acceptance-tests").reply(tests("TESTS-V2", true)));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow w = Fixtures.workflow("feature-development", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, false)), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Fixtures.agents(llm)).doesNotContain("frontend-developer");
        assertThat(llm.requestsForStep("frontend-changes")).isEmpty();
        assertThat(llm.requestsForStep("revised-frontend-changes")).isEmpty();
        assertThat(llm.requestsForStep("revised-backend-changes")).hasSize(1);
        assertThat(Fixtures.skipped(events)).anyMatch(p -> p.endsWith("ui-rework"));
        assertThat(Fixtures.startedSteps(events, "task")).contains("no-ui-changes");
        assertThat(llm.requestsForStep("code-review").get(1).lastUserText()).contains("BACKEND-V2", "TESTS-V2", "has no user interface");
        Map<String, String> files = w.deliverableFiles(result);
        assertThat(files.get("changes.patch")).contains(BACKEND_PATCH).doesNotContain("web/CartView.jsx");
        assertThat(files.get("src/test/java/shop/CartTest.java")).contains("TESTS-V2");
        assertThat(files.get("feature/design.md")).contains("None: the feature has no user interface.").doesNotContain("FRONTEND-WORK");
        assertThat(result.gateHistory()).hasSize(2);
        assertThat(w.definition().toMermaid()).contains("input.has_ui = true");
        assertThat(w.plan(input(repo, false)).calls()).extracting(c -> c.path())
                .noneMatch(p -> p.contains("frontend-changes")).anyMatch(p -> p.endsWith("backend-changes"));
        assertThat(w.plan(input(repo, true)).calls()).extracting(c -> c.path()).anyMatch(p -> p.endsWith("frontend-changes"));
    }

    @Test
    void readOnlyRun_leavesTheTreeByteIdentical_andWritesOneCombinedWellFormedPatch_specDesignAndReview() throws IOException {
        Map<String, String> before = hashes(repo);
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("acceptance-tests").reply(tests("TESTS-V1", false)));
        ToolCallingScript tools = new ToolCallingScript(llm, "backend-changes", List.of(
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"src/main/java/shop/Cart.java\"}"),
                        new ToolCall("w1", "write_file", "{\"path\": \"src/main/java/shop/Cart.java\", \"content\": \"HACKED\"}"))));
        PredefinedWorkflow w = Workflows.byId("feature-development", tools).withEngine(Fixtures.ENGINE);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, true)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(toolNames(tools.requestsForStep("backend-changes").get(0))).containsExactly("list_dir", "read_file", "search_text", "file_info");
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("backend-changes").get(1)).get(0).content()).contains("return price;");
        assertThat(tools.requestsForStep("requirements").get(0).tools()).as("the product manager reads the outline, no tools").isEmpty();

        Path out = Files.createDirectories(tmp.resolve("out"));
        w.writeDeliverables(result, out);
        assertThat(hashes(repo)).as("the workspace is unchanged").isEqualTo(before);
        String patch = Files.readString(out.resolve("changes.patch"));
        assertThat(patch).startsWith(BACKEND_PATCH + FRONTEND_PATCH + DOCS_PATCH)
                .contains("--- /dev/null\n+++ b/src/test/java/shop/CartTest.java\n@@ -0,0 +1,1 @@\n+class CartTest { /* TESTS-V1 AC-1 */ }\n");
        assertThat(PatchCheck.problems(patch)).isEmpty();
        Path copy = applied(repo, tmp.resolve("applied"), patch);
        assertThat(Files.readString(copy.resolve("src/main/java/shop/Cart.java"))).contains("price * discountPercent / 100");
        assertThat(Files.readString(copy.resolve("web/CartView.jsx"))).contains("aria-live");
        assertThat(Files.readString(copy.resolve("CHANGELOG.md"))).contains("- Added: discount codes");
        assertThat(Files.readString(copy.resolve("src/test/java/shop/CartTest.java"))).contains("TESTS-V1");
        assertThat(Files.readString(out.resolve("src/test/java/shop/CartTest.java"))).contains("TESTS-V1");
        assertThat(Files.readString(out.resolve("feature/spec.md"))).contains("# Feature specification", "**AC-1**", "**AC-2**", "stacking codes");
        assertThat(Files.readString(out.resolve("feature/design.md"))).contains("DESIGN-OVERVIEW",
                "| `src/main/java/shop/Cart.java:5` | apply the discount | line exists |",
                "`src/main/java/shop/Ghost.java:3` | invented | no such file", "`web/CartView.jsx:99` | past the end | the file has 3 lines");
        assertThat(Files.readString(out.resolve("feature/changelog.md"))).contains("CHANGELOG-ENTRY");
        assertThat(Files.exists(out.resolve("feature/review.json"))).isTrue();
        assertThat(w.reportMarkdown(result, ReportContext.NONE)).contains("changes.patch", "criteria_without_tests");
        JsonNode check = result.deliverables().path("patch_check");
        assertThat(check.path("well_formed").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.path("written").asBoolean()).isFalse();
        assertThat(check.path("criteria_without_tests")).extracting(JsonNode::asText).containsExactly("AC-2");
    }

    @Test
    void writableRun_theCodeWritersApplyTheirChanges_andTheReadersKeepReadOnlyTools() throws IOException {
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("backend-changes")
                .reply(change(BACKEND_PATCH, "BACKEND-V1 applied", "src/main/java/shop/Cart.java", true)));
        ToolCallingScript tools = new ToolCallingScript(llm, "backend-changes", List.of(
                List.of(new ToolCall("p1", "apply_patch", "{\"patch\": " + json(BACKEND_PATCH) + "}"))));
        PredefinedWorkflow w = Workflows.byId("feature-development", tools).withEngine(Fixtures.ENGINE).withWritableWorkspace();
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, true)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(repo.resolve("src/main/java/shop/Cart.java"))).contains("price * discountPercent / 100");
        for (String writer : List.of("backend-changes", "frontend-changes", "acceptance-tests", "documentation")) {
            assertThat(toolNames(tools.requestsForStep(writer).get(0))).as(writer).contains("write_file", "apply_patch");
        }
        for (String reader : List.of("technical-design", "code-review")) {
            assertThat(toolNames(tools.requestsForStep(reader).get(0))).as(reader).containsExactly("list_dir", "read_file", "search_text", "file_info");
        }
        assertThat(result.deliverables().path("patch_check").path("written").asBoolean()).isTrue();
    }

    @Test
    void aRejectedReview_replacesTheChangesAndTests_andTheLastVersionsAreDelivered() {
        String v3 = BACKEND_PATCH.replace("/ 100;", "/ 100; // V3");
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("code-review").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED))
                .whenStep("revised-backend-changes").reply(change(BACKEND_PATCH, "BACKEND-V2", "src/main/java/shop/Cart.java", false),
                        change(v3, "BACKEND-V3", "src/main/java/shop/Cart.java", false))
                .whenStep("revised-frontend-changes").reply(change(FRONTEND_PATCH, "FRONTEND-V2", "web/CartView.jsx", false))
                .whenStep("revised-acceptance-tests").reply(tests("TESTS-V2", true), tests("TESTS-V3", true)));
        PredefinedWorkflow w = Fixtures.workflow("feature-development", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, true)));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("revised-backend-changes")).extracting(LlmRequest::lastUserText).satisfiesExactly(
                round2 -> assertThat(round2).contains("BACKEND-V1", "Protect POST /tasks"),
                round3 -> assertThat(round3).contains("BACKEND-V2").doesNotContain("BACKEND-V1"));
        assertThat(llm.requestsForStep("code-review").get(2).lastUserText()).contains("BACKEND-V3", "TESTS-V3").doesNotContain("TESTS-V2");
        assertThat(w.deliverableFiles(result).get("changes.patch")).startsWith(v3);
        assertThat(w.deliverableFiles(result).get("src/test/java/shop/CartTest.java")).contains("TESTS-V3");
        assertThat(result.gateHistory()).hasSize(3);
    }

    @Test
    void inputErrors_nameTheFieldAndTheValue_beforeAnyCall() {
        ScriptedLlmProvider llm = scripted(b -> b);
        Map<String, Object> bad = input(repo, true);
        bad.put("workspace", tmp.resolve("nope").toString());
        bad.put("has_ui", "maybe");
        bad.put("acceptance_criteria", List.of("ok", " "));
        bad.remove("requirement");
        assertThatThrownBy(() -> Fixtures.workflow("feature-development", llm).run(InputSpec.toJson(bad)))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: is not a readable directory, was \"" + tmp.resolve("nope"))
                .hasMessageContaining("has_ui").hasMessageContaining("requirement")
                .hasMessageContaining("input.acceptance_criteria[1]");
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void typedInput_isAcceptedAndConvertsToSnakeCase() {
        var typed = new FeatureDevelopmentInput(repo.toString(), "Save the cart", List.of("a saved cart survives a logout"), false, null);
        assertThat(typed.toJson().path("has_ui").asBoolean(true)).isFalse();
        assertThat(typed.toJson().has("acceptance_criteria")).isTrue();
        assertThat(Fixtures.workflow("feature-development", Fixtures.approving()).validate(typed.toJson())).isEmpty();
    }

    @Test
    void runAgainstThisRepository_readsItsRealFiles_checksTheDesignsCitations_andChangesNothing() throws IOException {
        Path self = Path.of("").toAbsolutePath().getParent();
        assertThat(self.resolve("pom.xml")).exists();
        Path pom = self.resolve("orchestration-workflows/pom.xml");
        Path recipe = self.resolve("orchestration-workflows/src/main/java/dev/devora/orchestration/workflows/internal/FeatureDevelopmentRecipe.java");
        String before = sha(pom) + sha(recipe);
        String selfDesign = "{\"overview\": \"add a step\", \"touch_points\": [{\"file\": \"orchestration-workflows/pom.xml\", \"line\": 1, "
                + "\"change\": \"nothing\"}], \"backend_work\": \"-\", \"frontend_work\": \"none\", \"risks\": []}";
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("technical-design").reply(selfDesign));
        ToolCallingScript tools = new ToolCallingScript(llm, "technical-design", List.of(
                List.of(new ToolCall("s1", "search_text", "{\"pattern\": \"class FeatureDevelopmentRecipe\", \"path\": \"orchestration-workflows/src/main\"}"))));
        PredefinedWorkflow w = Workflows.byId("feature-development", tools).withEngine(Fixtures.ENGINE);
        WorkflowResult result = w.run(InputSpec.toJson(input(self, false)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(tools.requestsForStep("requirements").get(0).lastUserText()).contains("orchestration-workflows/");
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("technical-design").get(1)).get(0).content())
                .contains("internal/FeatureDevelopmentRecipe.java:", "public final class FeatureDevelopmentRecipe");
        assertThat(w.deliverableFiles(result).get("feature/design.md")).contains("`orchestration-workflows/pom.xml:1` | nothing | line exists");
        assertThat(sha(pom) + sha(recipe)).isEqualTo(before);
    }
}
