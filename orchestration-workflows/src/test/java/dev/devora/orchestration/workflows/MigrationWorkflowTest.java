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
import dev.devora.orchestration.workflows.internal.Rubric;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
 * Migration on a repository: the kind picks the squad doing the inventory, the plan and the change; DevOps writes
 * the rollback and reviews readiness; plain Java checks the dry run; only a run with {@code dry_run: false} applies,
 * to the workspace with the caller's opt-in, else as {@code changes.patch}. A dry run writes nothing, even with the
 * opt-in.
 */
class MigrationWorkflowTest {
    static final String PROPS = "spring.datasource.url=jdbc:postgresql://db:5432/shop\nspring.jpa.hibernate.ddl-auto=validate\n"
            + "server.port=8080\n";
    static final String PATCH = "--- a/src/main/resources/application.properties\n+++ b/src/main/resources/application.properties\n"
            + "@@ -1,3 +1,3 @@\n-spring.datasource.url=jdbc:postgresql://db:5432/shop\n"
            + "+spring.datasource.url=jdbc:postgresql://db16:5432/shop\n spring.jpa.hibernate.ddl-auto=validate\n server.port=8080\n"
            + "--- /dev/null\n+++ b/db/migrations/V2__orders_created_index.sql\n@@ -0,0 +1,1 @@\n"
            + "+CREATE INDEX CONCURRENTLY orders_created_at ON orders (created_at);\n";
    static final String REVERSE = "--- /dev/null\n+++ b/db/migrations/V3__drop_orders_created_index.sql\n@@ -0,0 +1,1 @@\n"
            + "+DROP INDEX CONCURRENTLY orders_created_at;\n";
    static final String INVENTORY = "{\"touches\": [{\"file\": \"src/main/resources/application.properties\", \"line\": 1, "
            + "\"what\": \"the datasource URL\", \"change\": \"point at the PostgreSQL 16 host\"}], "
            + "\"summary\": \"INVENTORY-1 one datasource, one migration folder\", \"risks\": [], \"not_found\": []}";
    static final String PLAN = "{\"steps\": [{\"order\": 1, \"title\": \"add the index\", \"action\": \"flyway migrate\", "
            + "\"check\": \"\\\\d orders shows orders_created_at\", \"files\": [\"db/migrations/V2__orders_created_index.sql\"]}, "
            + "{\"order\": 2, \"title\": \"switch the datasource\", \"action\": \"deploy\", \"check\": \"GET /health is UP\", "
            + "\"files\": [\"src/main/resources/application.properties\"]}], \"downtime\": \"zero: CONCURRENTLY\", "
            + "\"preconditions\": [\"a fresh backup\"], \"point_of_no_return\": \"none\"}";

    static String change(String patch, String tag) {
        return "{\"patch\": " + json(patch) + ", \"summary\": \"" + tag + "\", \"files_changed\": "
                + "[\"src/main/resources/application.properties\", \"db/migrations/V2__orders_created_index.sql\"]}";
    }

    static String rollback(String tag, int... orders) {
        StringBuilder steps = new StringBuilder();
        for (int o : orders) {
            if (steps.length() > 0) steps.append(", ");
            steps.append("{\"order\": ").append(o).append(", \"reverse\": \"undo step ").append(o).append("\", \"check\": \"health UP\"}");
        }
        return "{\"steps\": [" + steps + "], \"reverse_patch\": " + json(REVERSE) + ", \"triggers\": [\"" + tag
                + " error rate above 1% for 5 minutes\"], \"data_safety\": \"no data is lost: the index is derived\"}";
    }

    @TempDir
    Path tmp;
    Path repo;

    @BeforeEach
    void fixtureRepo() throws IOException {
        repo = Files.createDirectories(tmp.resolve("shop"));
        Files.createDirectories(repo.resolve("src/main/resources"));
        Files.createDirectories(repo.resolve("db/migrations"));
        Files.writeString(repo.resolve("src/main/resources/application.properties"), PROPS);
        Files.writeString(repo.resolve("db/migrations/V1__init.sql"), "CREATE TABLE orders (id bigint, created_at timestamp);\n");
        Files.writeString(repo.resolve("README.md"), "# Shop\n");
    }

    static Map<String, Object> input(Path workspace, String kind, boolean dryRun) {
        return map("workspace", workspace.toString(), "kind", kind, "from", "PostgreSQL 12", "to", "PostgreSQL 16",
                "dry_run", dryRun, "max_downtime", "zero", "constraints", List.of("no data loss"));
    }

    static ScriptedLlmProvider scripted(java.util.function.UnaryOperator<ScriptedLlmProvider.Builder> first) {
        return Fixtures.approving(b -> first.apply(b)
                .whenStep("readiness-review").answer(Fixtures.verdicts(APPROVED))
                .when(r -> step(r).endsWith("-inventory")).reply(INVENTORY)
                .when(r -> step(r).endsWith("-plan") && !step(r).endsWith("rollback-plan")).reply(PLAN)
                .when(r -> step(r).endsWith("-revised-change")).reply(change(PATCH, "CHANGE-REVISED"))
                .when(r -> step(r).endsWith("-change")).reply(change(PATCH, "CHANGE-V1"))
                .whenStep("rollback-plan").reply(rollback("ROLLBACK-V1", 1, 2))
                .whenStep("revised-rollback").reply(rollback("ROLLBACK-REVISED", 1, 2)));
    }

    static ScriptedLlmProvider scripted() {
        return scripted(b -> b);
    }

    private static String step(LlmRequest r) {
        String p = r.attribute(LlmRequest.STEP_PATH);
        return p == null ? "" : p.substring(p.lastIndexOf('/') + 1);
    }

    @Test
    void databaseMigration_dataSquadInventoriesPlansAndChanges_devopsRollsBackAndReviews_andADryRunAppliesNothing() throws IOException {
        Map<String, String> before = hashes(repo);
        ScriptedLlmProvider llm = scripted();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow w = Fixtures.workflow("migration", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "database", true)), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedSteps(events, "agent")).containsExactly("data-inventory", "data-plan", "data-change",
                "rollback-plan", "readiness-review");
        assertThat(Fixtures.agents(llm)).containsExactly("database-engineer", "database-architect", "database-engineer",
                "infrastructure-engineer", "cicd-specialist");
        assertThat(result.metrics().squads().keySet()).containsExactlyInAnyOrder("data", "devops");
        assertThat(Fixtures.startedSteps(events, "task")).contains("dry-run", "migration-summary").doesNotContain("apply-change");
        assertThat(Fixtures.skipped(events)).anyMatch(p -> p.endsWith("apply"));
        assertThat(llm.requestsForStep("data-plan").get(0).lastUserText()).contains("INVENTORY-1", "PostgreSQL 16", "no data loss");
        assertThat(llm.requestsForStep("rollback-plan").get(0).lastUserText()).contains("CHANGE-V1", "switch the datasource");
        LlmRequest review = llm.requestsForStep("readiness-review").get(0);
        assertThat(review.lastUserText()).contains("CHANGE-V1", "ROLLBACK-V1", "INVENTORY-1", "Pass mark:");
        for (Rubric.Criterion c : Rubric.of("migration-readiness").criteria()) {
            assertThat(review.lastUserText()).contains("- " + c.id() + " (weight ");
        }

        JsonNode check = result.deliverables().path("dry_run");
        assertThat(check.path("passed").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.path("patch").path("files").toString()).contains("\"action\":\"create\"", "\"action\":\"modify\"");
        assertThat(result.deliverables().path("applied").isMissingNode() || result.deliverables().path("applied").isNull()).isTrue();
        Map<String, String> files = w.deliverableFiles(result);
        assertThat(files.get("changes.patch")).isEqualTo(PATCH);
        assertThat(files.get("migration/rollback.patch")).isEqualTo(REVERSE);
        assertThat(files.get("MIGRATION.md")).contains("**Dry run**", "| 1 | add the index |", "undo step 2", "Nothing: a dry run");
        assertThat(files).containsKeys("migration/plan.json", "migration/rollback.json", "migration/dry-run.json",
                "migration/review.json", "migration/inventory.json").doesNotContainKey("migration/applied.json");
        assertThat(hashes(repo)).as("a dry run leaves the workspace unchanged").isEqualTo(before);
        assertThat(result.metrics().usage().totalTokens()).isPositive();
        assertThat(w.report(result).path("totals").path("total_tokens").asLong()).isEqualTo(result.metrics().usage().totalTokens());
    }

    @ParameterizedTest
    @CsvSource({"framework, backend, backend-developer, backend-developer", "infrastructure, devops, infrastructure-engineer, infrastructure-engineer"})
    void theKind_picksTheSquadThatDoesTheWork_andTheOtherSidesAreSkipped(String kind, String prefix, String inventoryRole,
                                                                        String planRole) {
        ScriptedLlmProvider llm = scripted();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("migration", llm).run(InputSpec.toJson(input(repo, kind, true)), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Fixtures.startedSteps(events, "agent")).containsExactly(prefix + "-inventory", prefix + "-plan",
                prefix + "-change", "rollback-plan", "readiness-review");
        assertThat(llm.requestsForStep(prefix + "-inventory").get(0).attribute(LlmRequest.AGENT)).isEqualTo(inventoryRole);
        assertThat(llm.requestsForStep(prefix + "-plan").get(0).attribute(LlmRequest.AGENT)).isEqualTo(planRole);
        assertThat(llm.requestsForStep("data-inventory")).isEmpty();
        assertThat(result.metrics().squads().keySet()).contains("devops").doesNotContain("data");
    }

    @Test
    void thePlanAndTheDiagram_showEveryKindAndTheDryRunCondition() {
        PredefinedWorkflow w = Fixtures.workflow("migration", scripted());
        String mermaid = w.definition().toMermaid();
        assertThat(mermaid).contains("input.kind = database", "input.kind = framework", "input.dry_run = false",
                "data-inventory", "backend-inventory", "devops-inventory", "apply-change");
        var plan = w.plan(input(repo, "database", true));
        assertThat(plan.calls()).extracting(c -> c.path()).anyMatch(p -> p.endsWith("data-change"))
                .noneMatch(p -> p.endsWith("backend-change"));
    }

    @Test
    void aDryRun_writesNothing_evenWithTheWritingOptIn_andNoAgentGetsAWritingTool() throws IOException {
        Map<String, String> before = hashes(repo);
        ScriptedLlmProvider llm = scripted();
        ToolCallingScript tools = new ToolCallingScript(llm, "data-change", List.of(
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"src/main/resources/application.properties\"}"))));
        PredefinedWorkflow w = Workflows.byId("migration", tools).withEngine(Fixtures.ENGINE).withWritableWorkspace();
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "database", true)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("data-change").get(1)).get(0).content()).contains("db:5432");
        assertThat(tools.requests()).allSatisfy(r -> assertThat(toolNames(r)).doesNotContain("write_file", "apply_patch"));
        assertThat(hashes(repo)).as("dry run with the opt-in: the workspace is unchanged").isEqualTo(before);
        Path out = Files.createDirectories(tmp.resolve("out"));
        w.writeDeliverables(result, out);
        assertThat(Files.readString(out.resolve("changes.patch"))).isEqualTo(PATCH);
        assertThat(Files.exists(out.resolve("migration/applied.json"))).isFalse();
        assertThat(hashes(repo)).isEqualTo(before);
    }

    @Test
    void notADryRun_withTheOptIn_writesTheValidatedChange() throws IOException {
        PredefinedWorkflow w = Fixtures.workflow("migration", scripted()).withWritableWorkspace();
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "database", false)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(repo.resolve("src/main/resources/application.properties"))).contains("db16:5432")
                .doesNotContain("//db:5432");
        assertThat(Files.readString(repo.resolve("db/migrations/V2__orders_created_index.sql"))).contains("CREATE INDEX CONCURRENTLY");
        JsonNode applied = result.deliverables().path("applied");
        assertThat(applied.path("written").asBoolean()).isTrue();
        assertThat(applied.path("files").toString()).contains("db/migrations/V2__orders_created_index.sql");
        assertThat(w.deliverableFiles(result).get("MIGRATION.md")).contains("**Applied run.**", "written to the workspace");
    }

    @Test
    void notADryRun_withoutTheOptIn_writesNothing_andTheChangeIsChangesPatch() throws IOException {
        Map<String, String> before = hashes(repo);
        PredefinedWorkflow w = Fixtures.workflow("migration", scripted());
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "database", false)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(hashes(repo)).isEqualTo(before);
        assertThat(result.deliverables().path("applied").path("written").asBoolean()).isFalse();
        assertThat(result.deliverables().path("applied").path("note").asText()).contains("changes.patch");
        Map<String, String> files = w.deliverableFiles(result);
        assertThat(files.get("changes.patch")).isEqualTo(PATCH);
        assertThat(files).containsKey("migration/applied.json");
    }

    @Test
    void failedDryRunChecks_nameTheFileAndTheStep_andBlockTheApplyEvenWithTheOptIn() throws IOException {
        Map<String, String> before = hashes(repo);
        String ghost = "--- a/src/main/resources/missing.yml\n+++ b/src/main/resources/missing.yml\n@@ -1,1 +1,1 @@\n-a: 1\n+a: 2\n";
        ScriptedLlmProvider llm = scripted(b -> b.when(r -> step(r).equals("data-change")).reply(change(ghost, "GHOST"))
                .whenStep("rollback-plan").reply(rollback("ROLLBACK-V1", 1)));
        WorkflowResult result = Fixtures.workflow("migration", llm).withWritableWorkspace()
                .run(InputSpec.toJson(input(repo, "database", false)));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode check = result.deliverables().path("dry_run");
        assertThat(check.path("passed").asBoolean()).isFalse();
        assertThat(check.path("problems").toString()).contains("'src/main/resources/missing.yml' is changed by the patch but does not exist",
                "plan step 2 has no reverse");
        assertThat(result.deliverables().path("applied").path("written").asBoolean()).isFalse();
        assertThat(result.deliverables().path("applied").path("note").asText()).contains("dry-run checks failed");
        assertThat(hashes(repo)).isEqualTo(before);
    }

    @Test
    void aRejectedReadinessReview_isAnsweredByARevisedChangeAndRollback_andTheLastRevisionIsChangesPatch() {
        String v2 = PATCH.replace("db16:5432", "db16:6432");
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("readiness-review").answer(Fixtures.verdicts(REJECTED, APPROVED))
                .when(r -> step(r).equals("data-revised-change")).reply(change(v2, "CHANGE-V2")));
        PredefinedWorkflow w = Fixtures.workflow("migration", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(repo, "database", true)));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("data-revised-change").get(0).lastUserText()).contains("CHANGE-V1", "Protect POST /tasks");
        assertThat(llm.requestsForStep("revised-rollback").get(0).lastUserText()).contains("ROLLBACK-V1", "CHANGE-V1");
        assertThat(llm.requestsForStep("readiness-review").get(1).lastUserText()).contains("CHANGE-V2", "ROLLBACK-REVISED")
                .doesNotContain("CHANGE-V1");
        assertThat(w.deliverableFiles(result).get("changes.patch")).isEqualTo(v2);
        assertThat(result.gateHistory()).hasSize(2);
    }

    @Test
    void inputErrors_nameTheFieldAndTheValue_beforeAnyCall() {
        ScriptedLlmProvider llm = scripted();
        Map<String, Object> bad = input(repo, "nosql", true);
        bad.put("workspace", tmp.resolve("nope").toString());
        bad.put("to", "PostgreSQL 12");
        bad.put("dry_run", "maybe");
        assertThatThrownBy(() -> Fixtures.workflow("migration", llm).run(InputSpec.toJson(bad)))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: is not a readable directory, was \"" + tmp.resolve("nope"))
                .hasMessageContaining("kind").hasMessageContaining("nosql")
                .hasMessageContaining("dry_run");
        Map<String, Object> same = input(repo, "database", true);
        same.put("to", "postgresql 12");
        assertThatThrownBy(() -> Fixtures.workflow("migration", llm).run(InputSpec.toJson(same)))
                .hasMessageContaining("input.to: must differ from input.from");
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void runAgainstThisRepository_readsItsRealFiles_andChangesNothing() throws IOException {
        Path self = Path.of("").toAbsolutePath().getParent();
        assertThat(self.resolve("pom.xml")).exists();
        Path pom = self.resolve("orchestration-workflows/pom.xml");
        String before = sha(pom);
        ToolCallingScript tools = new ToolCallingScript(scripted(), "backend-inventory", List.of(
                List.of(new ToolCall("s1", "search_text", "{\"pattern\": \"class MigrationRecipe\", \"path\": \"orchestration-workflows/src/main\"}"))));
        PredefinedWorkflow w = Workflows.byId("migration", tools).withEngine(Fixtures.ENGINE);
        Map<String, Object> in = input(self, "framework", true);
        in.put("from", "JUnit 5.10");
        in.put("to", "JUnit 5.11");
        WorkflowResult result = w.run(InputSpec.toJson(in));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(tools.requestsForStep("backend-inventory").get(0).lastUserText()).contains("orchestration-workflows/");
        assertThat(ToolCallingScript.toolResults(tools.requestsForStep("backend-inventory").get(1)).get(0).content())
                .contains("internal/MigrationRecipe.java:", "public final class MigrationRecipe");
        assertThat(result.deliverables().path("dry_run").path("problems").toString())
                .as("the fixture's patch names files this repository does not have").contains("does not exist in the workspace");
        assertThat(sha(pom)).isEqualTo(before);
        assertThat(w.reportMarkdown(result, ReportContext.NONE)).contains("changes.patch", "dry run");
    }

    @Test
    void aMigrationTask_isSuggestedMigration_andTheFactoryBuildsIt() {
        assertThat(Workflows.catalog().suggest("Migrate our orders database from PostgreSQL 12 to PostgreSQL 16").id()).isEqualTo("migration");
        assertThat(Workflows.migration(scripted()).id()).isEqualTo("migration");
        assertThat(new MigrationInput(repo.toString(), MigrationInput.Kind.INFRASTRUCTURE, "Heroku", "Kubernetes", null, null, null)
                .validate()).isEmpty();
    }

    private static List<String> toolNames(LlmRequest r) {
        return r.tools().stream().map(ToolDefinition::name).toList();
    }
}
