package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.internal.Rubric;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bug Resolution on a repository: QA reproduces and writes the regression test first, the area's developer locates
 * the root cause with the read-only tools, the fixer answers a patch (or, with the caller's writing opt-in, writes
 * it), the QA lead verifies the fix against its rubric in a loop carrying the fix; a read-only run leaves every file
 * of the workspace byte-identical.
 */
class BugResolutionWorkflowTest {
    static final String CART = "package shop;\n\nclass Cart {\n    int total(int price, int discountPercent) {\n"
            + "        return price;\n    }\n}\n";
    static final String PATCH = "--- a/src/main/java/shop/Cart.java\n+++ b/src/main/java/shop/Cart.java\n"
            + "@@ -4,3 +4,3 @@\n     int total(int price, int discountPercent) {\n-        return price;\n"
            + "+        return price - price * discountPercent / 100;\n     }\n";
    static final String REPRODUCTION = "{\"reproduction\": \"Cart.total ignores discountPercent (src/main/java/shop/Cart.java:5)\", "
            + "\"failing_behaviour\": \"total(100, 10) returns 100\", \"test_files\": [{\"path\": \"src/test/java/shop/CartTest.java\", \"language\": \"java\", "
            + "\"content\": \"class CartTest { /* REGRESSION-TEST assertEquals(90, new Cart().total(100, 10)) */ }\\n\"}], "
            + "\"why_it_fails_now\": \"line 5 returns the price unchanged\"}";
    static final String ROOT_CAUSE = "{\"file\": \"src/main/java/shop/Cart.java\", \"line\": 5, "
            + "\"explanation\": \"ROOT-CAUSE the discount is never applied\", \"evidence\": [\"src/main/java/shop/Cart.java:5\"], \"related\": []}";

    static String regression(String tag) {
        return "{\"test_files\": [{\"path\": \"src/test/java/shop/CartTest.java\", \"language\": \"java\", "
                + "\"content\": \"class CartTest { /* " + tag + " assertEquals(90, new Cart().total(100, 10)) */ }\\n\"}], "
                + "\"fails_before\": \"Cart.java:5 returns 100\", \"passes_after\": \"the patch subtracts 10\", \"edge_cases\": [\"0 %\"]}";
    }

    static String fix(String patch, String summary, boolean written) {
        return "{\"patch\": " + json(patch) + ", \"summary\": \"" + summary + "\", "
                + "\"files_changed\": [\"src/main/java/shop/Cart.java\"], \"written\": " + written + "}";
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @TempDir
    Path tmp;
    Path repo;

    @BeforeEach
    void fixtureRepo() throws IOException {
        repo = Files.createDirectories(tmp.resolve("shop"));
        Files.createDirectories(repo.resolve("src/main/java/shop"));
        Files.createDirectories(repo.resolve("src/test/java/shop"));
        Files.writeString(repo.resolve("src/main/java/shop/Cart.java"), CART);
        Files.writeString(repo.resolve("README.md"), "# Shop\n");
    }

    static Map<String, Object> input(Path workspace, String area) {
        return map("workspace", workspace.toString(), "bug_report", "Checkout total ignores the discount code",
                "steps_to_reproduce", "add an item for 100, apply SAVE10", "expected", "total is 90",
                "actual", "total is 100", "area", area);
    }

    static ScriptedLlmProvider scripted(java.util.function.UnaryOperator<ScriptedLlmProvider.Builder> first) {
        return Fixtures.approving(b -> first.apply(b)
                .whenStep("reproduce").reply(REPRODUCTION)
                .whenStep("backend-root-cause").reply(ROOT_CAUSE)
                .whenStep("frontend-root-cause").reply(ROOT_CAUSE)
                .whenStep("draft-fix").reply(fix(PATCH, "FIX-V1 apply the discount", false))
                .whenStep("regression-test").reply(regression("FINAL-TEST-V1")));
    }

    @Test
    void backendBug_reproduceThenLocateThenFixThenVerify_byQaBackendAndTheQaLead() {
        ScriptedLlmProvider llm = scripted(b -> b);
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("bug-resolution", llm).run(InputSpec.toJson(input(repo, "backend")), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedSteps(events, "agent")).containsExactly("reproduce", "backend-root-cause", "draft-fix", "regression-test", "verification");
        assertThat(Fixtures.agents(llm)).containsExactly("test-engineer", "backend-developer", "backend-developer", "test-engineer", "qa-lead");
        assertThat(llm.requestsForStep("regression-test").get(0).lastUserText()).contains("REGRESSION-TEST", "FIX-V1", "ROOT-CAUSE");
        assertThat(Fixtures.skipped(events)).noneMatch(p -> p.contains("backend-root-cause"));
        assertThat(llm.requestsForStep("backend-root-cause").get(0).lastUserText()).contains("Cart.total ignores discountPercent");
        assertThat(llm.requestsForStep("draft-fix").get(0).lastUserText()).contains("ROOT-CAUSE", "REGRESSION-TEST");
        assertThat(result.deliverables().path("root_cause").path("line").asInt()).isEqualTo(5);
        assertThat(result.metrics().usage().totalTokens()).isPositive();
        PredefinedWorkflow w = Fixtures.workflow("bug-resolution", llm);
        assertThat(w.report(result).path("totals").path("total_tokens").asLong()).isEqualTo(result.metrics().usage().totalTokens());
    }

    @Test
    void uiBug_isLocatedByTheFrontendDeveloper_andTheBackendLocatorIsSkipped() {
        ScriptedLlmProvider llm = scripted(b -> b);
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("bug-resolution", llm).run(InputSpec.toJson(input(repo, "frontend")), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Fixtures.startedSteps(events, "agent")).containsExactly("reproduce", "frontend-root-cause", "draft-fix", "regression-test", "verification");
        assertThat(llm.requestsForStep("frontend-root-cause").get(0).attribute(LlmRequest.AGENT)).isEqualTo("frontend-developer");
        assertThat(llm.requestsForStep("backend-root-cause")).isEmpty();
        assertThat(Fixtures.workflow("bug-resolution", llm).definition().toMermaid()).contains("input.area = frontend");
    }

    @Test
    void readOnlyRun_leavesEveryFileByteIdentical_andWritesTheFixAsAWellFormedChangesPatch() throws IOException {
        Map<String, String> before = hashes(repo);
        ScriptedLlmProvider llm = scripted(b -> b);
        ToolCallingScript tools = new ToolCallingScript(llm, "draft-fix", List.of(
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"src/main/java/shop/Cart.java\"}"),
                        new ToolCall("w1", "write_file", "{\"path\": \"src/main/java/shop/Cart.java\", \"content\": \"HACKED\"}"))));
        PredefinedWorkflow w = Workflows.byId("bug-resolution", tools).withEngine(Fixtures.ENGINE);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "backend")));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        List<LlmRequest> fixer = tools.requestsForStep("draft-fix");
        assertThat(toolNames(fixer.get(0))).containsExactly("list_dir", "read_file", "search_text", "file_info");
        List<LlmMessage> results = ToolCallingScript.toolResults(fixer.get(1));
        assertThat(results.get(0).content()).contains("return price;");
        assertThat(results.get(1).content()).as("no write tool in a read-only run").doesNotContain("written");

        Path out = Files.createDirectories(tmp.resolve("out"));
        w.writeDeliverables(result, out);
        assertThat(hashes(repo)).as("the workspace is unchanged").isEqualTo(before);
        assertThat(Files.readString(out.resolve("changes.patch"))).isEqualTo(PATCH);
        assertThat(Files.readString(out.resolve("src/test/java/shop/CartTest.java"))).contains("FINAL-TEST-V1");
        assertThat(Files.readString(out.resolve("bug/analysis.md"))).contains("# Bug analysis", "src/main/java/shop/Cart.java:5",
                "ROOT-CAUSE", "FIX-V1", "git apply changes.patch");
        assertThat(Files.exists(out.resolve("bug/review.json"))).isTrue();
        JsonNode check = result.deliverables().path("patch_check");
        assertThat(check.path("well_formed").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.path("written").asBoolean()).isFalse();
    }

    @Test
    void writableRun_theFixerAppliesThePatch_andOnlyTheFixerGetsTheWritingTools() throws IOException {
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("draft-fix").reply(fix(PATCH, "FIX-V1 applied", true)));
        ToolCallingScript tools = new ToolCallingScript(llm, "draft-fix", List.of(
                List.of(new ToolCall("p1", "apply_patch", "{\"patch\": " + json(PATCH) + "}"))));
        PredefinedWorkflow w = Workflows.byId("bug-resolution", tools).withEngine(Fixtures.ENGINE).withWritableWorkspace();
        assertThat(w.writesWorkspace()).isTrue();
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "backend")));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(repo.resolve("src/main/java/shop/Cart.java")))
                .contains("return price - price * discountPercent / 100;").doesNotContain("return price;");
        assertThat(toolNames(tools.requestsForStep("draft-fix").get(0))).contains("write_file", "apply_patch");
        assertThat(toolNames(tools.requestsForStep("regression-test").get(0))).contains("write_file", "apply_patch");
        for (String reader : List.of("reproduce", "backend-root-cause", "verification")) {
            assertThat(toolNames(tools.requestsForStep(reader).get(0))).as(reader)
                    .containsExactly("list_dir", "read_file", "search_text", "file_info");
        }
        assertThat(result.deliverables().path("patch_check").path("written").asBoolean()).isTrue();
        assertThat(w.deliverableFiles(result).get("bug/analysis.md")).contains("The fix was written to the workspace");
    }

    @Test
    void theWritingOptIn_givesNoWritingToolToAWorkflowThatOnlyReads_andSourceCodePathStillGivesItsReader() throws IOException {
        Map<String, String> before = hashes(repo);
        ToolCallingScript llm = new ToolCallingScript(Fixtures.approving(), "code-findings", List.of());
        Map<String, Object> in = new java.util.LinkedHashMap<>(SecurityAuditWorkflowTest.input(List.of("code")));
        in.put("source_code_path", repo.toString());
        WorkflowResult result = Workflows.byId("security-audit", llm).withEngine(Fixtures.ENGINE).withWritableWorkspace()
                .run(InputSpec.toJson(in));

        assertThat(result.status()).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        assertThat(toolNames(llm.requestsForStep("code-findings").get(0))).containsExactly("list_dir", "read_file", "search_text", "file_info");
        assertThat(llm.requests()).allSatisfy(r -> assertThat(toolNames(r)).doesNotContain("write_file", "apply_patch"));
        assertThat(hashes(repo)).isEqualTo(before);
    }

    @Test
    void rejectedFix_isRevisedFromTheCurrentVersion_andTheLastRevisionIsChangesPatch() {
        String v2 = PATCH.replace("discountPercent / 100;", "discountPercent / 100; // V2");
        String v3 = PATCH.replace("discountPercent / 100;", "discountPercent / 100; // V3");
        ScriptedLlmProvider llm = scripted(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED))
                .whenStep("revised-fix").reply(fix(v2, "FIX-V2", false), fix(v3, "FIX-V3", false))
                .whenStep("revised-regression-test").reply(regression("TEST-V2"), regression("TEST-V3")));
        PredefinedWorkflow w = Fixtures.workflow("bug-resolution", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "backend")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("revised-fix")).extracting(LlmRequest::lastUserText).satisfiesExactly(
                round2 -> assertThat(round2).contains("FIX-V1", "Protect POST /tasks"),
                round3 -> assertThat(round3).contains("FIX-V2").doesNotContain("FIX-V1"));
        assertThat(llm.requestsForStep("revised-regression-test").get(1).lastUserText()).contains("TEST-V2", "FIX-V2")
                .doesNotContain("FINAL-TEST-V1");
        assertThat(llm.requestsForStep("verification").get(2).lastUserText()).contains("FIX-V3", "TEST-V3").doesNotContain("FIX-V2", "TEST-V2");
        assertThat(w.deliverableFiles(result).get("changes.patch")).isEqualTo(v3);
        assertThat(w.deliverableFiles(result).get("src/test/java/shop/CartTest.java")).contains("TEST-V3");
        assertThat(result.gateHistory()).hasSize(3);
    }

    @Test
    void verification_scoresTheBugFixVerificationRubric_readingReproductionRootCauseAndFix() {
        ScriptedLlmProvider llm = scripted(b -> b);
        Fixtures.workflow("bug-resolution", llm).run(InputSpec.toJson(input(repo, "backend")));
        LlmRequest verification = llm.requestsForStep("verification").get(0);
        assertThat(verification.lastUserText()).contains("Cart.total ignores discountPercent", "FINAL-TEST-V1", "ROOT-CAUSE", "FIX-V1",
                "Pass mark: 80/100");
        for (Rubric.Criterion c : Rubric.of("bug-fix-verification").criteria()) {
            assertThat(verification.lastUserText()).contains("- " + c.id() + " (weight ");
        }
    }

    @Test
    void aMalformedPatch_isReportedByThePatchCheck_withTheLine() {
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("draft-fix").reply(fix("--- a/x.java\n+++ b/x.java\n@@ -1,3 +1,3 @@\n-a\n+b\n", "bad", false)));
        WorkflowResult result = Fixtures.workflow("bug-resolution", llm).run(InputSpec.toJson(input(repo, "backend")));
        JsonNode check = result.deliverables().path("patch_check");
        assertThat(check.path("well_formed").asBoolean()).isFalse();
        assertThat(check.path("problems").get(0).asText()).contains("line 3", "3 old and 3 new lines but has 1 and 1");
    }

    @Test
    void inputErrors_nameTheFieldAndTheValue_beforeAnyCall() {
        ScriptedLlmProvider llm = scripted(b -> b);
        Map<String, Object> missing = input(repo, "backend");
        missing.put("workspace", tmp.resolve("nope").toString());
        missing.put("area", "database");
        missing.remove("bug_report");
        assertThatThrownBy(() -> Fixtures.workflow("bug-resolution", llm).run(InputSpec.toJson(missing)))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: is not a readable directory, was \"" + tmp.resolve("nope"))
                .hasMessageContaining("area").hasMessageContaining("database")
                .hasMessageContaining("bug_report");
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void runAgainstThisRepository_readsItsRealFiles_andChangesNothing() throws IOException {
        Path self = Path.of("").toAbsolutePath().getParent();
        assertThat(self.resolve("pom.xml")).exists();
        Path pom = self.resolve("orchestration-workflows/pom.xml");
        String before = sha(pom);
        ScriptedLlmProvider llm = scripted(b -> b);
        ToolCallingScript tools = new ToolCallingScript(llm, "backend-root-cause", List.of(
                List.of(new ToolCall("s1", "search_text", "{\"pattern\": \"class BugResolutionRecipe\", \"path\": \"orchestration-workflows/src/main\"}"))));
        PredefinedWorkflow w = Workflows.byId("bug-resolution", tools).withEngine(Fixtures.ENGINE);
        WorkflowResult result = w.run(InputSpec.toJson(input(self, "backend")));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(tools.requestsForStep("reproduce").get(0).lastUserText()).contains("orchestration-workflows/");
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("backend-root-cause").get(1)).get(0).content())
                .contains("internal/BugResolutionRecipe.java:", "public final class BugResolutionRecipe");
        assertThat(sha(pom)).isEqualTo(before);
        assertThat(w.reportMarkdown(result, ReportContext.NONE)).contains("changes.patch");
    }

    private static List<String> toolNames(LlmRequest r) {
        return r.tools().stream().map(ToolDefinition::name).toList();
    }

    static Map<String, String> hashes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            Map<String, String> h = new TreeMap<>();
            files.forEach(p -> h.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir" : sha(p)));
            return h;
        }
    }

    static String sha(Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
