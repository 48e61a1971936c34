package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.BugResolutionWorkflowTest.hashes;
import static dev.devora.orchestration.workflows.BugResolutionWorkflowTest.json;
import static dev.devora.orchestration.workflows.BugResolutionWorkflowTest.sha;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Quality Gate on a repository with a real command: a POSIX shell script that fails while {@code src/app.conf}
 * holds a marker. The auto-fix loop feeds its real output to the scripted fixer and runs it again on the fix (in
 * place with the writing opt-in, else on a temporary copy with the patch applied, the workspace byte-identical);
 * the score is computed from the real exit codes; without commands the QA lead reviews the code.
 */
class QualityGateWorkflowTest {
    static final String APP = "name = shop\nvalue = MARKER\n";
    static final String LINT = "#!/bin/sh\nif grep -n MARKER src/app.conf; then\n"
            + "  echo \"src/app.conf: lint error: the MARKER placeholder must be replaced\"\n  exit 3\nfi\necho \"lint: clean\"\n";
    static final String PATCH = "--- a/src/app.conf\n+++ b/src/app.conf\n@@ -1,2 +1,2 @@\n name = shop\n-value = MARKER\n+value = 42\n";
    static final String USELESS = "--- a/src/app.conf\n+++ b/src/app.conf\n@@ -1,2 +1,2 @@\n-name = shop\n+name = store\n value = MARKER\n";
    static final WorkspaceCommand LINT_COMMAND = WorkspaceCommand.of("lint", "sh", "lint.sh");
    static final String REVIEW_100 = "{\"score\": 100, \"approved\": true, \"blockers\": [], \"issues\": [], \"feedback\": \"Clean.\"}";

    @TempDir
    Path tmp;
    Path repo;

    @BeforeEach
    void fixtureRepo() throws IOException {
        repo = Files.createDirectories(tmp.resolve("shop"));
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("src/app.conf"), APP);
        Files.writeString(repo.resolve("lint.sh"), LINT);
        Files.writeString(repo.resolve("README.md"), "# Shop\n");
    }

    static Map<String, Object> input(Path workspace) {
        return map("workspace", workspace.toString(), "scope", "src/", "standards", "no placeholder left in configuration");
    }

    static String fix(String patch, String summary, boolean written) {
        return "{\"patch\": " + json(patch) + ", \"summary\": \"" + summary + "\", "
                + "\"files_changed\": [\"src/app.conf\"], \"written\": " + written + "}";
    }

    static ScriptedLlmProvider scripted(java.util.function.UnaryOperator<ScriptedLlmProvider.Builder> first) {
        return Fixtures.approving(b -> first.apply(b).whenStep("fix").reply(fix(PATCH, "FIX-V1 value set", false)));
    }

    private PredefinedWorkflow gate(dev.devora.orchestration.llm.LlmProvider llm) {
        return Workflows.byId("quality-gate", llm).withEngine(Fixtures.ENGINE);
    }

    @Test
    void writableRun_theFixerWritesWithTheTools_theRealCommandPassesOnTheRerun_andTheScoreIs100() throws IOException {
        ScriptedLlmProvider llm = scripted(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REVIEW_100))
                .whenStep("fix").reply(fix(PATCH, "FIX-V1 written", true)));
        ToolCallingScript tools = new ToolCallingScript(llm, "fix", List.of(
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"src/app.conf\"}")),
                List.of(new ToolCall("w1", "write_file", "{\"path\": \"src/app.conf\", \"content\": \"name = shop\\nvalue = 42\\n\"}"))));
        PredefinedWorkflow w = gate(tools).withWritableWorkspace().withCommands(LINT_COMMAND);
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = w.run(InputSpec.toJson(input(repo)), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedSteps(events, "agent")).containsExactly("fix", "review");
        assertThat(Fixtures.startedSteps(events, "task")).containsSubsequence("source", "checks", "failing", "recheck",
                "results", "quality-score", "summary");
        assertThat(tools.requestsForStep("fix").get(0).attribute(LlmRequest.AGENT)).isEqualTo("quality-engineer");
        assertThat(tools.requestsForStep("review").get(0).attribute(LlmRequest.AGENT)).isEqualTo("qa-lead");
        // the fixer got the command's real output (grep -n's line and the script's message, exit code 3)
        assertThat(tools.requestsForStep("fix").get(0).lastUserText())
                .contains("2:value = MARKER", "lint error: the MARKER placeholder must be replaced", "exit code 3");
        assertThat(toolNames(tools.requestsForStep("fix").get(0))).contains("write_file", "apply_patch");
        assertThat(toolNames(tools.requestsForStep("review").get(0))).containsExactly("list_dir", "read_file", "search_text", "file_info");
        assertThat(Files.readString(repo.resolve("src/app.conf"))).isEqualTo("name = shop\nvalue = 42\n");

        JsonNode checks = result.deliverables().path("checks");
        JsonNode lint = checks.path("commands").get(0);
        assertThat(lint.path("name").asText()).isEqualTo("lint");
        assertThat(lint.path("argv").toString()).isEqualTo("[\"sh\",\"lint.sh\"]");
        assertThat(lint.path("before").path("exit_code").asInt()).isEqualTo(3);
        assertThat(lint.path("before").path("passed").asBoolean()).isFalse();
        assertThat(lint.path("after").path("exit_code").asInt()).isZero();
        assertThat(lint.path("after").path("output").asText()).contains("lint: clean");
        assertThat(lint.path("after").has("duration_ms")).isTrue();
        assertThat(checks.path("rerun_in").asText()).isEqualTo("workspace");
        JsonNode score = result.deliverables().path("score");
        assertThat(score.path("score").asInt()).as(score.toString()).isEqualTo(100);
        assertThat(score.path("commands_score").asInt()).isEqualTo(100);
        assertThat(score.path("passed_before").asInt()).isZero();
        assertThat(score.path("passed_after").asInt()).isEqualTo(1);
        assertThat(result.gateHistory()).extracting(g -> g.verdict().gate()).containsExactly("auto-fix", "quality-gate");
        assertThat(w.deliverableFiles(result)).containsKeys("quality/checks.json", "quality/score.json", "changes.patch",
                "quality/review.json", "quality/summary.md");
        assertThat(w.deliverableFiles(result).get("quality/summary.md")).contains("100/100", "| `lint` | FAILS (exit 3) | passes |");
        assertThat(result.metrics().usage().totalTokens()).isPositive();
        assertThat(w.report(result).path("totals").path("total_tokens").asLong()).isEqualTo(result.metrics().usage().totalTokens());
    }

    @Test
    void writableRun_aFixerThatOnlyAnswersAPatch_getsItAppliedInPlace() throws IOException {
        ScriptedLlmProvider llm = scripted(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REVIEW_100)));
        WorkflowResult result = gate(llm).withWritableWorkspace().withCommands(LINT_COMMAND).run(InputSpec.toJson(input(repo)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(repo.resolve("src/app.conf"))).isEqualTo("name = shop\nvalue = 42\n");
        JsonNode recheck = result.outputs().get("recheck").json();
        assertThat(recheck.path("written_with_tools").asBoolean()).isFalse();
        assertThat(recheck.path("patch_applied").asBoolean()).isTrue();
        assertThat(result.deliverables().path("score").path("score").asInt()).isEqualTo(100);
        assertThat(result.deliverables().path("changes").asText()).isEqualTo(PATCH);
    }

    @Test
    void readOnlyRun_thePatchFixesATemporaryCopy_theRerunPasses_andTheWorkspaceIsByteIdentical() throws IOException {
        Map<String, String> before = hashes(repo);
        ScriptedLlmProvider llm = scripted(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REVIEW_100)));
        ToolCallingScript tools = new ToolCallingScript(llm, "fix", List.of(
                List.of(new ToolCall("w1", "write_file", "{\"path\": \"src/app.conf\", \"content\": \"HACKED\"}"))));
        PredefinedWorkflow w = gate(tools).withCommands(LINT_COMMAND);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(toolNames(tools.requestsForStep("fix").get(0))).containsExactly("list_dir", "read_file", "search_text", "file_info");
        assertThat(hashes(repo)).as("the workspace is unchanged").isEqualTo(before);
        JsonNode checks = result.deliverables().path("checks");
        assertThat(checks.path("rerun_in").asText()).startsWith("temporary copy");
        assertThat(checks.path("commands").get(0).path("before").path("passed").asBoolean()).isFalse();
        assertThat(checks.path("commands").get(0).path("after").path("passed").asBoolean()).isTrue();
        assertThat(checks.path("fix_rounds").asInt()).isEqualTo(1);
        assertThat(result.deliverables().path("score").path("score").asInt()).isEqualTo(100);
        Path out = Files.createDirectories(tmp.resolve("out"));
        w.writeDeliverables(result, out);
        assertThat(Files.readString(out.resolve("changes.patch"))).isEqualTo(PATCH);
        assertThat(w.reportMarkdown(result, ReportContext.NONE)).contains("git apply changes.patch");
        try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("devora-quality-gate-")
                    && Files.exists(Path.of(System.getProperty("java.io.tmpdir"), n, "src/app.conf")));
        }
    }

    @Test
    void aCommandThatIsNeverFixed_endsTheLoopAtItsBound_withTheLowScore_andEachRoundSeesThePreviousPatch() throws IOException {
        Map<String, String> before = hashes(repo);
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("fix").reply(fix(USELESS, "FIX-USELESS", false)));
        PredefinedWorkflow w = gate(llm).withCommands(LINT_COMMAND);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo)));

        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(llm.requestsForStep("fix")).hasSize(3); // the config's maxIterations
        assertThat(llm.requestsForStep("fix").get(1).lastUserText()).contains("Auto-fix round 2", "name = store",
                "exit code 3", "complete patch against the original code");
        JsonNode score = result.deliverables().path("score");
        int review = Rubric.of("code-quality").score(result.deliverables().path("review").path("criteria"));
        assertThat(score.path("commands_score").asInt()).isZero();
        assertThat(score.path("score").asInt()).isEqualTo(Math.round(0.2f * review)).isLessThan(25);
        assertThat(score.path("passed").asBoolean()).isFalse();
        assertThat(score.path("failing_commands").toString()).contains("lint");
        assertThat(result.gateHistory()).filteredOn(g -> g.verdict().gate().equals("auto-fix")).hasSize(3);
        assertThat(result.gateHistory()).filteredOn(g -> g.verdict().gate().equals("quality-gate")).singleElement()
                .satisfies(g -> assertThat(g.verdict().blockers()).anyMatch(s -> s.contains("command 'lint' fails")));
        assertThat(hashes(repo)).isEqualTo(before);
    }

    @Test
    void aPatchThatDoesNotApply_isReportedToTheFixer_andNothingRunsOnIt() {
        String wrong = PATCH.replace(" name = shop", " name = elsewhere");
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("fix").reply(fix(wrong, "FIX-WRONG", false), fix(PATCH, "FIX-V2", false)));
        WorkflowResult result = gate(llm).withCommands(LINT_COMMAND).run(InputSpec.toJson(input(repo)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("fix")).hasSize(2);
        assertThat(llm.requestsForStep("fix").get(1).lastUserText()).contains("did NOT apply");
        assertThat(result.deliverables().path("checks").path("fix_rounds").asInt()).isEqualTo(2);
        assertThat(result.deliverables().path("changes").asText()).isEqualTo(PATCH);
    }

    @Test
    void noPatchThatApplies_meansNoChangesPatch() {
        String wrong = PATCH.replace(" name = shop", " name = elsewhere");
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("fix").reply(fix(wrong, "FIX-WRONG", false)));
        PredefinedWorkflow w = gate(llm).withCommands(LINT_COMMAND);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo)));

        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(result.deliverables().has("changes")).isFalse();
        assertThat(w.deliverableFiles(result)).doesNotContainKey("changes.patch");
        assertThat(w.deliverableFiles(result).get("quality/summary.md")).contains("no patch of the fixer applied",
                "not run (the patch did not apply)");
    }

    @Test
    void aCommandPastItsTimeout_isKilled_andScoredAsFailing() throws IOException {
        Files.writeString(repo.resolve("slow.sh"), "#!/bin/sh\necho started\nsleep 30\necho never\n");
        ScriptedLlmProvider llm = scripted(b -> b);
        WorkflowConfig once = WorkflowConfig.builder().maxIterations(1).build();
        PredefinedWorkflow w = Workflows.byId("quality-gate", llm, once).withEngine(Fixtures.ENGINE)
                .withCommands(WorkspaceCommand.of("slow", "sh", "slow.sh").withTimeout(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        WorkflowResult result = w.run(InputSpec.toJson(input(repo)));

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        JsonNode slow = result.deliverables().path("checks").path("commands").get(0);
        assertThat(slow.path("before").path("timed_out").asBoolean()).as(slow.toString()).isTrue();
        assertThat(slow.path("before").path("exit_code").isNull()).isTrue();
        assertThat(slow.path("before").path("output").asText()).contains("started", "killed after its timeout").doesNotContain("never");
        assertThat(llm.requestsForStep("fix").get(0).lastUserText()).contains("killed at its timeout");
        assertThat(result.deliverables().path("score").path("commands_score").asInt()).isZero();
    }

    @Test
    void aLongOutput_reachesChecksJsonAndTheFixer_headAndTail_withTheMiddleCut() throws IOException {
        Files.writeString(repo.resolve("loud.sh"), "#!/bin/sh\necho FIRST-ERROR at a.py:1\n"
                + "i=0; while [ $i -lt 3000 ]; do echo noise-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done\n"
                + "echo LAST-ERROR at z.py:9\nexit 1\n");
        ScriptedLlmProvider llm = scripted(b -> b);
        WorkflowConfig once = WorkflowConfig.builder().maxIterations(1).build();
        PredefinedWorkflow w = Workflows.byId("quality-gate", llm, once).withEngine(Fixtures.ENGINE)
                .withCommands(WorkspaceCommand.of("loud", "sh", "loud.sh"));
        WorkflowResult result = w.run(InputSpec.toJson(input(repo)));

        JsonNode before = result.deliverables().path("checks").path("commands").get(0).path("before");
        assertThat(before.has("output_tail")).isFalse();
        String output = before.path("output").asText();
        assertThat(output).startsWith("FIRST-ERROR at a.py:1").contains("bytes of output cut here")
                .contains("LAST-ERROR at z.py:9").doesNotContain("noise-1500-");
        assertThat(output.length()).isLessThan(WorkspaceCommand.MAX_OUTPUT_BYTES + 200);
        assertThat(llm.requestsForStep("fix").get(0).lastUserText()).contains("FIRST-ERROR at a.py:1", "LAST-ERROR at z.py:9");
    }

    @Test
    void cancellingTheRun_killsTheRunningCommandAndItsChildren() throws Exception {
        Files.writeString(repo.resolve("hang.sh"), "#!/bin/sh\nsleep 120 &\necho $! > child.pid\nwait\n");
        ScriptedLlmProvider llm = scripted(b -> b);
        PredefinedWorkflow w = gate(llm).withCommands(WorkspaceCommand.of("hang", "sh", "hang.sh"));
        var run = w.start(InputSpec.toJson(input(repo)), dev.devora.orchestration.event.WorkflowListener.NONE);
        Path pid = repo.resolve("child.pid");
        for (int i = 0; i < 100 && !(Files.exists(pid) && Files.size(pid) > 0); i++) Thread.sleep(50);
        long child = Long.parseLong(Files.readString(pid).strip());
        long t0 = System.nanoTime();
        run.cancel();
        WorkflowResult result = run.result().get(20, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        for (int i = 0; i < 50 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) Thread.sleep(100);
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the command's child").isFalse();
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void everyCommandPassing_needsNoFix_andTheScoreWeighsTheReview() throws IOException {
        Files.writeString(repo.resolve("src/app.conf"), "name = shop\nvalue = 42\n");
        ScriptedLlmProvider llm = scripted(b -> b);
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = gate(llm).withCommands(LINT_COMMAND).run(InputSpec.toJson(input(repo)), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Fixtures.startedSteps(events, "agent")).containsExactly("review");
        assertThat(Fixtures.startedSteps(events, "task")).contains("checks", "no-fix").doesNotContain("failing", "recheck");
        assertThat(result.deliverables().has("changes")).isFalse();
        JsonNode score = result.deliverables().path("score");
        assertThat(score.path("commands_score").asInt()).isEqualTo(100);
        int review = score.path("review_score").asInt();
        assertThat(review).isEqualTo(95); // Fixtures.APPROVED grades every criterion 95
        assertThat(score.path("score").asInt()).isEqualTo(Math.round((80 * 100 + 20 * 95) / 100f));
        assertThat(llm.requestsForStep("review").get(0).lastUserText()).contains("lint: clean");
    }

    @Test
    void withoutCommands_theQaLeadReviewsTheCodeAgainstTheCodeQualityRubric_andTheScoreIsTheReviews() {
        ScriptedLlmProvider llm = scripted(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(
                "{\"score\": 70, \"approved\": false, \"blockers\": [], \"issues\": [], \"feedback\": \"REVIEW-ONLY\"}")));
        ToolCallingScript tools = new ToolCallingScript(llm, "review", List.of(
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"src/app.conf\"}"))));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = gate(tools).run(InputSpec.toJson(input(repo)), events);

        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL); // 70 is below the pass mark of 80
        assertThat(Fixtures.startedSteps(events, "agent")).containsExactly("review");
        assertThat(events.ofType(WorkflowEvent.StepStarted.class)).noneMatch(s -> s.path().endsWith("/fix"));
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("review").get(1)).get(0).content()).contains("value = MARKER");
        LlmRequest review = tools.requestsForStep("review").get(0);
        for (Rubric.Criterion c : Rubric.of("code-quality").criteria()) {
            assertThat(review.lastUserText()).contains("- " + c.id() + " (weight ");
        }
        JsonNode score = result.deliverables().path("score");
        assertThat(score.path("basis").asText()).isEqualTo("review");
        assertThat(score.path("score").asInt()).isEqualTo(70);
        assertThat(result.deliverables().path("checks").path("ran").asBoolean()).isFalse();
        assertThat(result.deliverables().has("changes")).isFalse();
    }

    @Test
    void aProgramThatIsNotFound_failsTheRun_namingTheCommandAndItsProgram() {
        ScriptedLlmProvider llm = scripted(b -> b);
        WorkflowResult result = gate(llm).withCommands(WorkspaceCommand.of("types", "no-such-typechecker-xyz", "--strict"))
                .run(InputSpec.toJson(input(repo)));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        Throwable f = result.failure().orElseThrow();
        while (f.getCause() != null && !(f instanceof WorkspaceCommandException)) f = f.getCause();
        assertThat(f).isInstanceOf(WorkspaceCommandException.class);
        assertThat(((WorkspaceCommandException) f).command()).isEqualTo("types");
        assertThat(f.getMessage()).contains("command 'types'", "'no-such-typechecker-xyz'", "argv[0]");
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void commandsComeOnlyFromTheCaller_anInputFieldNamingOneIsRefused_beforeAnyCall() {
        ScriptedLlmProvider llm = scripted(b -> b);
        Map<String, Object> in = input(repo);
        in.put("commands", List.of("sh -c 'rm -rf /'"));
        assertThatThrownBy(() -> gate(llm).run(InputSpec.toJson(in))).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("commands");
        assertThatThrownBy(() -> gate(llm).withCommands(LINT_COMMAND, WorkspaceCommand.of("lint", "true")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lint'");
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void inputErrors_nameTheFieldAndTheValue_beforeAnyCall() {
        ScriptedLlmProvider llm = scripted(b -> b);
        Map<String, Object> bad = input(repo);
        bad.put("workspace", tmp.resolve("nope").toString());
        bad.put("scope", List.of("src", "lib"));
        assertThatThrownBy(() -> gate(llm).withCommands(LINT_COMMAND).run(InputSpec.toJson(bad)))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: is not a readable directory, was \"" + tmp.resolve("nope"))
                .hasMessageContaining("scope");
        assertThat(llm.requests()).isEmpty();
        assertThat(Files.exists(tmp.resolve("nope"))).isFalse();
    }

    @Test
    void runAgainstThisRepository_runsARealCommandInIt_readsItsFiles_andChangesNothing() throws IOException {
        Path self = Path.of("").toAbsolutePath().getParent();
        assertThat(self.resolve("pom.xml")).exists();
        Path pom = self.resolve("orchestration-workflows/pom.xml");
        String before = sha(pom);
        ScriptedLlmProvider llm = scripted(b -> b);
        ToolCallingScript tools = new ToolCallingScript(llm, "review", List.of(
                List.of(new ToolCall("s1", "search_text", "{\"pattern\": \"class QualityGateRecipe\", \"path\": \"orchestration-workflows/src/main\"}"))));
        PredefinedWorkflow w = gate(tools).withCommands(
                WorkspaceCommand.of("modules", "sh", "-c", "grep -c '<module>' pom.xml && test -d orchestration-workflows"));
        WorkflowResult result = w.run(InputSpec.toJson(input(self)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode modules = result.deliverables().path("checks").path("commands").get(0);
        assertThat(modules.path("passed").asBoolean()).as(modules.toString()).isTrue();
        assertThat(modules.path("before").path("output").asText().strip()).matches("\\d+");
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("review").get(1)).get(0).content())
                .contains("internal/QualityGateRecipe.java:", "public final class QualityGateRecipe");
        assertThat(tools.requestsForStep("review").get(0).lastUserText()).contains("orchestration-workflows/");
        assertThat(sha(pom)).isEqualTo(before);
        assertThat(w.reportMarkdown(result, ReportContext.NONE)).contains("quality/score.json");
    }

    private static List<String> toolNames(LlmRequest r) {
        return r.tools().stream().map(ToolDefinition::name).toList();
    }
}
