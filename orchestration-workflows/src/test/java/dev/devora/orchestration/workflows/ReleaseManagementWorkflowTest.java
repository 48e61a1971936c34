package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.internal.Rubric;
import org.junit.jupiter.api.AfterEach;
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
 * Release Management on a repository: the release manager reads the changes, the technical writer writes the
 * Keep-a-Changelog entries and notes, the QA lead validates them, the CI/CD specialist dry-runs the deployment with
 * the version bump and the rollback plan, Java builds and checks the release patch. A dry run skips the approval and
 * production and writes nothing, even with the opt-in; otherwise the run waits for the release manager's decision:
 * approved it releases (written with the opt-in, else changes.patch), rejected it stops before production.
 */
class ReleaseManagementWorkflowTest {
    static final String POM = "<project>\n  <groupId>shop</groupId>\n  <artifactId>shop</artifactId>\n  <version>1.3.2</version>\n"
            + "  <packaging>jar</packaging>\n</project>\n";
    static final String CHANGELOG = "# Changelog\n\nAll notable changes are documented here.\n\n## [Unreleased]\n\n"
            + "## [1.3.2] - 2026-10-01\n\n### Fixed\n- Rounding of the cart total\n";
    static final String BUMP = "--- a/pom.xml\n+++ b/pom.xml\n@@ -2,4 +2,4 @@\n   <groupId>shop</groupId>\n   <artifactId>shop</artifactId>\n"
            + "-  <version>1.3.2</version>\n+  <version>1.4.0</version>\n   <packaging>jar</packaging>\n";
    static final String CHANGES = "{\"previous_version\": \"1.3.2\", \"changes\": [{\"type\": \"Added\", \"description\": "
            + "\"CHANGE-A discount codes at checkout\", \"source\": \"src/main/java/shop/Cart.java:5\"}], \"breaking_changes\": [], "
            + "\"version_files\": [{\"path\": \"pom.xml\", \"line\": 4, \"current\": \"1.3.2\"}], \"suggested_bump\": \"minor\"}";

    static String notes(String tag) {
        return "{\"entries\": {\"added\": [\"Discount codes at checkout (" + tag + ")\"], \"changed\": [], \"deprecated\": [], "
                + "\"removed\": [], \"fixed\": [\"The total after a removed item\"], \"security\": []}, "
                + "\"release_notes\": \"# Shop 1.4.0\\n\\n" + tag + " highlights: discount codes.\"}";
    }

    static String deployment(String bump, String... environments) {
        StringBuilder envs = new StringBuilder();
        for (String e : environments) {
            if (envs.length() > 0) envs.append(", ");
            envs.append("{\"name\": \"").append(e).append("\", \"steps\": [\"deploy shop:1.4.0 to ").append(e)
                    .append("\"], \"checks\": [\"GET /health is UP\"], \"go_criteria\": \"error rate below 0.5% for 15 minutes\"}");
        }
        return "{\"environments\": [" + envs + "], \"version_bump_patch\": " + json(bump) + ", \"rollback_plan\": "
                + "{\"triggers\": [\"ROLLBACK-TRIGGER error rate above 1% for 5 minutes\"], \"steps\": [\"redeploy shop:1.3.2\", "
                + "\"check GET /health\"], \"previous_version\": \"1.3.2\", \"irreversible\": [\"none\"], "
                + "\"decision_owner\": \"release manager\"}}";
    }

    @TempDir
    Path tmp;
    Path repo;
    WorkflowEngine engine;

    @BeforeEach
    void fixtureRepo() throws IOException {
        repo = Files.createDirectories(tmp.resolve("shop"));
        Files.createDirectories(repo.resolve("src/main/java/shop"));
        Files.writeString(repo.resolve("pom.xml"), POM);
        Files.writeString(repo.resolve("CHANGELOG.md"), CHANGELOG);
        Files.writeString(repo.resolve("src/main/java/shop/Cart.java"), "class Cart {}\n");
        engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    static Map<String, Object> input(Path workspace, boolean dryRun) {
        return map("workspace", workspace.toString(), "version", "1.4.0", "previous_version", "1.3.2",
                "release_date", "2026-12-02", "dry_run", dryRun);
    }

    static ScriptedLlmProvider scripted(java.util.function.UnaryOperator<ScriptedLlmProvider.Builder> first) {
        return Fixtures.approving(b -> first.apply(b)
                .whenStep("changes").reply(CHANGES)
                .whenStep("release-notes").reply(notes("NOTES-V1"))
                .whenStep("revised-release-notes").reply(notes("NOTES-V2"))
                .whenStep("deployment-dry-run").reply(deployment(BUMP, "staging", "production")));
    }

    static ScriptedLlmProvider scripted() {
        return scripted(b -> b);
    }

    PredefinedWorkflow workflow(ScriptedLlmProvider llm) {
        return Workflows.byId("release-management", llm).withEngine(engine);
    }

    @Test
    void aDryRun_readsValidatesAndPlans_bytheThreeSquads_skipsApprovalAndProduction_andWritesNothingEvenWithTheOptIn() throws IOException {
        Map<String, String> before = hashes(repo);
        ScriptedLlmProvider llm = scripted();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow w = workflow(llm).withWritableWorkspace();
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, true)), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedSteps(events, "agent")).containsExactly("changes", "release-notes", "qa-validation",
                "deployment-dry-run");
        assertThat(Fixtures.agents(llm)).containsExactly("release-manager", "technical-writer", "qa-lead", "cicd-specialist");
        assertThat(result.metrics().squads().keySet()).containsExactlyInAnyOrder("devops", "documentation", "qa");
        assertThat(Fixtures.skipped(events)).anyMatch(p -> p.endsWith("production"));
        assertThat(Fixtures.startedSteps(events)).doesNotContain("production-approval", "release");
        assertThat(engine.pending(result.runId())).isEmpty();
        assertThat(llm.requests()).allSatisfy(r -> assertThat(r.tools().stream().map(ToolDefinition::name))
                .doesNotContain("write_file", "apply_patch"));
        assertThat(hashes(repo)).as("a dry run writes nothing, even with the opt-in").isEqualTo(before);

        LlmRequest qa = llm.requestsForStep("qa-validation").get(0);
        assertThat(qa.lastUserText()).contains("CHANGE-A", "NOTES-V1", "Pass mark:");
        for (Rubric.Criterion c : Rubric.of("release-readiness").criteria()) assertThat(qa.lastUserText()).contains("- " + c.id() + " (weight ");
        assertThat(llm.requestsForStep("release-notes").get(0).lastUserText()).contains("CHANGE-A");

        JsonNode check = result.deliverables().path("dry_run");
        assertThat(check.path("passed").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.path("bump").asText()).isEqualTo("minor");
        Map<String, String> files = w.deliverableFiles(result);
        String changelog = files.get("release/CHANGELOG.md");
        assertThat(changelog).contains("## [1.4.0] - 2026-12-02\n\n### Added\n- Discount codes at checkout (NOTES-V1)\n\n### Fixed\n");
        assertThat(changelog.indexOf("## [Unreleased]")).isLessThan(changelog.indexOf("## [1.4.0]"));
        assertThat(changelog.indexOf("## [1.4.0]")).isLessThan(changelog.indexOf("## [1.3.2]"));
        assertThat(files.get("changes.patch")).contains("+++ b/CHANGELOG.md", "+## [1.4.0] - 2026-12-02", BUMP);
        assertThat(files.get("RELEASE_NOTES.md")).contains("NOTES-V1 highlights");
        assertThat(files.get("release/rollback-plan.json")).contains("ROLLBACK-TRIGGER", "redeploy shop:1.3.2");
        assertThat(files.get("RELEASE.md")).contains("**Dry run**", "## Rollback plan", "ROLLBACK-TRIGGER", "Skipped: a dry run");
        assertThat(files).containsKeys("release/deployment-plan.json", "release/dry-run.json", "release/qa-review.json",
                "release/changes.json").doesNotContainKeys("release/approval.md", "release/release.json");
        assertThat(result.metrics().usage().totalTokens()).isPositive();
        assertThat(w.report(result).path("totals").path("total_tokens").asLong()).isEqualTo(result.metrics().usage().totalTokens());
        assertThat(w.definition().toMermaid()).contains("input.dry_run = false", "production-approval", "release");
    }

    @Test
    void notADryRun_waitsForTheReleaseManager_andAnApproval_writesChangelogAndVersionBump_withTheOptIn() throws IOException {
        Map<String, String> before = hashes(repo);
        PredefinedWorkflow w = workflow(scripted()).withWritableWorkspace();
        WorkflowResult waiting = w.run(InputSpec.toJson(input(repo, false)));

        assertThat(waiting.status()).as(String.valueOf(waiting.failure())).isEqualTo(RunStatus.WAITING);
        PendingRequest p = onlyPending(waiting.runId());
        assertThat(p.kind()).isEqualTo("approval");
        assertThat(p.stepPath()).endsWith("production-approval");
        assertThat(p.request().path("approver").asText()).isEqualTo("release-manager");
        assertThat(p.request().path("show").asText()).contains("Release 1.4.0 to production?", "## [1.4.0] - 2026-12-02",
                "ROLLBACK-TRIGGER", "\"passed\":true");
        assertThat(hashes(repo)).as("nothing is written while the run waits").isEqualTo(before);

        WorkflowResult done = engine.decide(waiting.runId(), p.requestId(), Decision.approve());
        assertThat(done.status()).as(String.valueOf(done.failure())).isEqualTo(RunStatus.SUCCEEDED);
        String changelog = Files.readString(repo.resolve("CHANGELOG.md"));
        assertThat(changelog).contains("## [1.4.0] - 2026-12-02", "Discount codes at checkout (NOTES-V1)", "## [1.3.2] - 2026-10-01");
        assertThat(changelog.indexOf("## [1.4.0]")).isLessThan(changelog.indexOf("## [1.3.2]"));
        assertThat(changelog).isEqualTo(done.deliverables().path("changelog").asText());
        assertThat(Files.readString(repo.resolve("pom.xml"))).contains("<version>1.4.0</version>").doesNotContain("1.3.2");
        assertThat(done.deliverables().path("release").path("written").asBoolean()).isTrue();
        assertThat(done.deliverables().path("release").path("files").toString()).contains("CHANGELOG.md", "pom.xml");
        assertThat(w.deliverableFiles(done).get("RELEASE.md")).contains("Approved by the release manager and written");
    }

    @Test
    void aRejection_stopsTheRunBeforeProduction_andNothingIsWritten() throws IOException {
        Map<String, String> before = hashes(repo);
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow w = workflow(scripted()).withWritableWorkspace();
        WorkflowResult waiting = w.run(InputSpec.toJson(input(repo, false)), events);
        assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);

        WorkflowResult rejected = engine.decide(waiting.runId(), onlyPending(waiting.runId()).requestId(),
                Decision.reject("the payment provider freezes deployments this week"));
        assertThat(rejected.status()).isEqualTo(RunStatus.FAILED);
        assertThat(rejected.failure().orElseThrow()).hasStackTraceContaining("rejected by release-manager: the payment provider freezes");
        assertThat(rejected.outputs()).doesNotContainKey("release");
        assertThat(hashes(repo)).isEqualTo(before);
    }

    @Test
    void anApprovalWithoutTheOptIn_writesNothing_andTheReleaseIsChangesPatch() throws IOException {
        Map<String, String> before = hashes(repo);
        PredefinedWorkflow w = workflow(scripted());
        WorkflowResult waiting = w.run(InputSpec.toJson(input(repo, false)));
        WorkflowResult done = engine.decide(waiting.runId(), onlyPending(waiting.runId()).requestId(), Decision.approve());

        assertThat(done.status()).as(String.valueOf(done.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(hashes(repo)).isEqualTo(before);
        assertThat(done.deliverables().path("release").path("written").asBoolean()).isFalse();
        Map<String, String> files = w.deliverableFiles(done);
        assertThat(files.get("changes.patch")).contains("+++ b/CHANGELOG.md", BUMP);
        assertThat(files.get("release/release.json")).contains("changes.patch");
        assertThat(files.get("release/approval.md")).contains("Release 1.4.0 to production?");
    }

    @Test
    void withoutAChangelog_theReleaseCreatesOneInKeepAChangelogFormat() throws IOException {
        Files.delete(repo.resolve("CHANGELOG.md"));
        PredefinedWorkflow w = workflow(scripted()).withWritableWorkspace();
        WorkflowResult waiting = w.run(InputSpec.toJson(input(repo, false)));
        WorkflowResult done = engine.decide(waiting.runId(), onlyPending(waiting.runId()).requestId(), Decision.approve());

        assertThat(done.status()).as(String.valueOf(done.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(repo.resolve("CHANGELOG.md"))).startsWith("# Changelog\n")
                .contains("[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)", "## [1.4.0] - 2026-12-02\n\n### Added\n");
        assertThat(w.deliverableFiles(done).get("changes.patch")).startsWith("--- /dev/null\n+++ b/CHANGELOG.md\n");
    }

    @Test
    void theDryRunChecks_catchAWrongBumpMissingEnvironmentsAndAVersionBelowThePrevious() {
        String wrongBump = BUMP.replace("+  <version>1.4.0</version>", "+  <version>1.3.3</version>");
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("deployment-dry-run").reply(deployment(wrongBump, "production"))
                .whenStep("changes").reply(CHANGES.replace("\"breaking_changes\": []", "\"breaking_changes\": [\"Cart.total signature (Cart.java:5)\"]")
                        .replace("\"previous_version\": \"1.3.2\"", "\"previous_version\": \"v1.3.2\"")));
        Map<String, Object> in = input(repo, true);
        in.remove("previous_version");
        WorkflowResult result = workflow(llm).run(InputSpec.toJson(in));

        JsonNode check = result.deliverables().path("dry_run");
        assertThat(check.path("passed").asBoolean()).isFalse();
        assertThat(check.path("previous_version").asText()).as("read from the repository").isEqualTo("1.3.2");
        assertThat(check.path("problems").toString()).contains("version bump: no added line carries 1.4.0",
                "the plan covers [production], the release goes through [staging, production]");
        assertThat(check.path("warnings").toString()).contains("breaking changes are listed but 1.4.0 is a minor bump from 1.3.2");
    }

    @Test
    void notADryRun_whoseChecksFail_skipsTheApprovalAndProduction_andWritesNothingEvenWithTheOptIn() throws IOException {
        Map<String, String> before = hashes(repo);
        String wrongBump = BUMP.replace("+  <version>1.4.0</version>", "+  <version>1.3.3</version>");
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow w = workflow(scripted(b -> b.whenStep("deployment-dry-run").reply(deployment(wrongBump, "staging", "production"))))
                .withWritableWorkspace();
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, false)), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(engine.pending(result.runId())).isEmpty();
        assertThat(Fixtures.skipped(events)).anyMatch(p -> p.endsWith("production"));
        assertThat(hashes(repo)).isEqualTo(before);
        assertThat(w.deliverableFiles(result).get("RELEASE.md")).contains("Skipped: the approval was not asked",
                "the dry-run checks failed", "version bump: no added line carries 1.4.0");
    }

    @Test
    void aQaRejection_isAnsweredByRevisedNotes_andTheChangelogHoldsTheLastRevision() {
        ScriptedLlmProvider llm = scripted(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, APPROVED)));
        PredefinedWorkflow w = workflow(llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, true)));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("revised-release-notes").get(0).lastUserText()).contains("NOTES-V1", "Protect POST /tasks");
        assertThat(w.deliverableFiles(result).get("release/CHANGELOG.md")).contains("(NOTES-V2)").doesNotContain("NOTES-V1");
        assertThat(result.gateHistory()).hasSize(2);
    }

    @Test
    void inputErrors_badSemverDateAndEnvironments_areReportedBeforeAnyCall() {
        ScriptedLlmProvider llm = scripted();
        Map<String, Object> bad = input(tmp.resolve("nope"), true);
        bad.put("version", "v1.4");
        bad.put("previous_version", "1.3");
        bad.put("release_date", "02/12/2026");
        bad.put("environments", List.of("staging", "Staging"));
        assertThatThrownBy(() -> workflow(llm).run(InputSpec.toJson(bad)))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: is not a readable directory")
                .hasMessageContaining("input.version: must be a semantic version like 1.4.0 or 2.0.0-rc.1 (no leading v), was \"v1.4\"")
                .hasMessageContaining("input.previous_version: must be a semantic version like 1.3.2 (no leading v), was \"1.3\"")
                .hasMessageContaining("input.release_date: must be a date YYYY-MM-DD, was \"02/12/2026\"")
                .hasMessageContaining("input.environments[1]: is listed twice");
        Map<String, Object> lower = input(repo, true);
        lower.put("version", "2.0.0-rc.1");
        lower.put("previous_version", "2.0.0");
        assertThatThrownBy(() -> workflow(llm).run(InputSpec.toJson(lower)))
                .hasMessageContaining("input.version: must be greater than previous_version 2.0.0, was 2.0.0-rc.1");
        Map<String, Object> ok = input(repo, true);
        ok.put("version", "2.0.0-rc.10");
        ok.put("previous_version", "2.0.0-rc.9");
        assertThat(workflow(llm).validate(InputSpec.toJson(ok))).isEmpty();
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void runAgainstThisRepository_readsItsRealFiles_andChangesNothing() throws IOException {
        Path self = Path.of("").toAbsolutePath().getParent();
        assertThat(self.resolve("pom.xml")).exists();
        Map<String, String> shas = new java.util.TreeMap<>();
        for (String f : List.of("pom.xml", "README.md", "orchestration-workflows/pom.xml")) shas.put(f, sha(self.resolve(f)));
        ToolCallingScript tools = new ToolCallingScript(scripted(), "changes", List.of(
                List.of(new ToolCall("s1", "search_text", "{\"pattern\": \"class ReleaseManagementRecipe\", \"path\": \"orchestration-workflows/src/main\"}"))));
        PredefinedWorkflow w = Workflows.byId("release-management", tools).withEngine(engine).withWritableWorkspace();
        Map<String, Object> in = input(self, true);
        in.remove("previous_version");
        WorkflowResult result = w.run(InputSpec.toJson(in));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(tools.requestsForStep("changes").get(0).lastUserText()).contains("orchestration-workflows/");
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("changes").get(1)).get(0).content())
                .contains("internal/ReleaseManagementRecipe.java:", "public final class ReleaseManagementRecipe");
        for (Map.Entry<String, String> e : shas.entrySet()) assertThat(sha(self.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(w.reportMarkdown(result, ReportContext.NONE)).contains("dry run");
    }

    @Test
    void aReleaseTask_isSuggestedReleaseManagement_andTheTypedInputIsChecked() {
        assertThat(Workflows.catalog().suggest("Prepare the 1.4.0 release: changelog, release notes and a rollback plan").id())
                .isEqualTo("release-management");
        assertThat(Workflows.releaseManagement(scripted()).id()).isEqualTo("release-management");
        assertThat(new ReleaseManagementInput(repo.toString(), "1.4", null, null, null, null).validate())
                .extracting(Object::toString).anySatisfy(p -> assertThat(p).contains("input.version", "\"1.4\""));
    }

    private PendingRequest onlyPending(String runId) {
        List<PendingRequest> pending = engine.pending(runId);
        assertThat(pending).hasSize(1);
        return pending.get(0);
    }
}
