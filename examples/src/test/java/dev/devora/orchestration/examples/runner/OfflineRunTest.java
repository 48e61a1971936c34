package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineRunTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"full-stack-development", "api-development", "documentation-generation",
            "performance-optimization", "cicd-setup", "data-pipeline-setup", "ml-model-integration", "security-audit",
            "accessibility-compliance", "complete-project-launch", "feature-development", "bug-resolution", "saas-mvp", "quality-gate", "migration", "refactoring", "performance-audit", "scaling", "incident-response", "release-management", "restaurant-premium", "coiffeur-express", "artisan-pro"})
    void everyWorkflow_runsOfflineToSuccess_andWritesItsDeliverables(String id) throws IOException {
        Console c = new Console().run(id, "--out", dir.resolve(id).toString());
        Path out = Console.runFolder(dir.resolve(id));

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        assertThat(c.out()).contains("Summary of " + id + " (run ")
                .contains("): SUCCEEDED  [SIMULATED: no model was called, costs are fake]")
                .contains("Deliverables: ")
                .contains(" files written to " + out.toAbsolutePath().normalize())
                .contains("\nReport: " + out.resolve("REPORT.md").toAbsolutePath().normalize() + " (");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("status").asText()).isEqualTo("success");
        assertTheReportSchema(report, id, out);
        assertThat(out.resolve("SIMULATED.md")).exists();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        String input = c.out().isEmpty() ? "" : new Console().run(id, "--sample").out();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals("report.json") || name.equals("REPORT.md") || name.equals("SIMULATED.md")) continue;
            String content = Files.readString(f);
            boolean echo = input.contains("\"" + content + "\"") || f.getParent().endsWith("metadata") // input, defaults
                    || name.equals("docs-metadata.json") // computed from the documents: counts and the output format
                    || name.equals("patch-check.json") // the simulated patch's form, checked in Java
                    || name.equals("dry-run.json") // a dry run's checks (migration, release), computed in Java
                    || name.equals("measurements.json") || name.equals("targets.json") // computed in Java from the input
                    || name.equals("target-check.json") // checked in Java: the plans state the target figures
                    || f.endsWith(Path.of("quality", "score.json")); // computed in Java from the commands and the review's criteria
            if (echo || f.endsWith(Path.of("openapi", "openapi.md"))) continue; // and the OpenAPI version
            assertThat(markedOrWithoutText(Files.readString(f))).as("%s is marked as simulated", dir.relativize(f)).isTrue();
        }
    }

    private static final List<String> REPORT = List.of("schema_version", "metadata", "run_id", "workflow_id", "status", "started_at",
            "finished_at", "duration_seconds", "costs", "totals", "steps", "squads", "gate_history", "warnings", "error",
            "errors", "deliverables", "files");
    private static final List<String> TOKENS_AND_COST = List.of("prompt_tokens", "completion_tokens", "reasoning_tokens",
            "cached_tokens", "total_tokens", "cost_usd", "cost_estimated");
    private static final List<String> TOTALS = concat(List.of(List.of("llm_calls", "agents_executed", "retries",
            "success_rate"), TOKENS_AND_COST, List.of("calls_without_cost")));
    private static final List<String> STEP = concat(List.of(List.of("path", "kind", "agent", "squad", "models",
            "executions", "llm_calls", "retries"), TOKENS_AND_COST, List.of("calls_without_cost", "time_seconds")));
    private static final List<String> SQUAD = concat(List.of(List.of("squad", "agents_executed", "llm_calls", "retries"),
            TOKENS_AND_COST));
    private static final List<String> GATE = List.of("path", "gate", "attempt", "score", "threshold", "passed",
            "failed_checks", "blockers", "recommendations", "feedback");

    /** The one report schema of docs/workflows.md ("The report"), whatever the workflow. */
    private static void assertTheReportSchema(JsonNode report, String id, Path runFolder) {
        assertThat(names(report)).containsExactlyElementsOf(REPORT);
        assertThat(report.path("schema_version").asInt()).isEqualTo(1);
        assertThat(report.path("run_id").asText()).isEqualTo(runFolder.getFileName().toString());
        assertThat(report.path("workflow_id").asText()).isEqualTo(id);
        assertThat(report.path("costs").asText()).isEqualTo("simulated");
        java.time.Instant started = java.time.Instant.parse(report.path("started_at").asText());
        assertThat(java.time.Instant.parse(report.path("finished_at").asText())).isAfterOrEqualTo(started);
        assertThat(report.path("duration_seconds").isNumber()).isTrue();
        assertThat(names(report.path("totals"))).containsExactlyElementsOf(TOTALS);
        assertThat(report.path("totals").path("llm_calls").asInt()).isPositive();
        assertThat(report.path("steps")).isNotEmpty().allSatisfy(step -> assertThat(names(step)).containsExactlyElementsOf(STEP));
        assertThat(report.path("steps")).anySatisfy(step -> {
            assertThat(step.path("agent").isTextual()).isTrue();
            assertThat(step.path("models")).isNotEmpty();
            assertThat(step.path("total_tokens").asLong()).isPositive();
            assertThat(step.path("cost_usd").isNumber()).isTrue();
        });
        assertThat(report.path("squads")).isNotEmpty().allSatisfy(squad -> assertThat(names(squad)).containsExactlyElementsOf(SQUAD));
        assertThat(report.path("gate_history")).allSatisfy(gate -> assertThat(names(gate)).containsExactlyElementsOf(GATE));
        assertThat(report.path("warnings").isArray()).isTrue();
        assertThat(report.path("error").isNull()).isTrue();
        assertThat(report.path("errors")).isEmpty();
        assertThat(report.path("metadata").path("execution_id").asText()).isEqualTo(report.path("run_id").asText());
        assertThat(report.path("metadata").path("library_version").asText()).isNotBlank().isNotEqualTo("unknown");
        assertThat(runFolder.resolve("REPORT.md")).isRegularFile();
        assertThat(report.path("deliverables").isObject()).isTrue();
        assertThat(report.path("deliverables")).isNotEmpty();
        assertThat(report.path("files")).isNotEmpty()
                .allSatisfy(f -> assertThat(runFolder.resolve(f.asText())).as("listed file %s", f).isRegularFile());
        List<String> listed = new java.util.ArrayList<>();
        report.path("files").forEach(f -> listed.add(f.asText()));
        assertThat(listed).as("files: the deliverables' paths as on disk").containsExactlyInAnyOrderElementsOf(deliverableFiles(runFolder));
    }

    /** The run folder's files but report.json, REPORT.md and SIMULATED.md, as relative paths with '/'. */
    private static List<String> deliverableFiles(Path runFolder) {
        try (Stream<Path> walk = Files.walk(runFolder)) {
            return walk.filter(Files::isRegularFile).map(f -> runFolder.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !f.equals("report.json") && !f.equals("REPORT.md") && !f.equals("SIMULATED.md")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> concat(List<List<String>> parts) {
        return parts.stream().flatMap(List::stream).toList();
    }

    /** Every text is marked; a JSON number, boolean or empty list has no room for a mark. */
    private static boolean hasText(JsonNode json) {
        if (json.isTextual()) return true;
        for (JsonNode child : json) if (hasText(child)) return true;
        return false;
    }

    private static boolean markedOrWithoutText(String content) {
        if (content.contains("[simulated]")) return true;
        try {
            JsonNode json = new ObjectMapper().readTree(content);
            return json != null && !hasText(json); // no string value anywhere (keys are names, not content)
        } catch (IOException notJson) {
            return false;
        }
    }

    @Test
    void loopsRevisedOnce_andGatesAppearInTheSummary() {
        Console c = new Console().run("api-development", "--out", dir.toString());

        assertThat(c.out()).contains("gate   qa-validation #1: 60/80 FAIL (1 blocker: [simulated] first draft")
                .contains("loop   qa-validation round 2")
                .contains("gate   qa-validation #2: 92/80 PASS")
                .contains("Quality gates (score/threshold per attempt, then the checks that failed):\n  qa-validation (qa-api-release): #1 60/80 FAIL")
                .contains("->  #2 92/80 PASS")
                .containsPattern("qa-validation/qa-validation-round/qa-review ×2 +qa-lead +anthropic/claude-sonnet-4.5 +[\\d,]+ +0\\.\\d{6}");
    }

    @Test
    void performanceTargets_areMissedOnTheFirstRound_andMetOnTheSecond() {
        Console c = new Console().run("performance-optimization", "--out", dir.toString());

        assertThat(c.out()).contains("gate   tuning #1: 25/100 FAIL", "gate   tuning #2: 100/100 PASS");
    }

    @Test
    void theSummarysGateHistory_namesTheChecksThatFailed() {
        Console c = new Console().run("performance-optimization", "--out", dir.toString());

        String summary = c.out().substring(c.out().indexOf("Quality gates"));
        assertThat(summary).startsWith("Quality gates (score/threshold per attempt, then the checks that failed):\n")
                .containsPattern("\n  tuning \\([^)]+\\): #1 25/100 FAIL  ->  #2 100/100 PASS\n    #1 failed: [a-z_0-9]+ \\(0\\): estimated ");
    }

    @Test
    void summaryTable_hasAColumnPerMeasureAndATotal() {
        Console c = new Console().run("data-pipeline-setup", "--out", dir.toString());

        assertThat(c.out()).containsPattern("\nstep +agent +model +tokens +cost USD +time +retries\n")
                .containsPattern("\ntotal \\(\\d+ model calls\\) +[\\d,]+ +0\\.\\d{6} +\\d+\\.\\d s +0\n");
    }

    @Test
    void aBudgetTooSmall_stopsTheRun_keepsItsOutputs_andSaysHowToRaiseIt() throws IOException {
        Console c = new Console().run("api-development", "--out", dir.toString(), "--max-cost", "0.0002");

        assertThat(c.status).isEqualTo(1);
        assertThat(c.out()).contains("): FAILED  [SIMULATED")
                .contains("Limits: max cost $0.0002 (--max-cost), a call of a model without a catalogue price counting"
                        + " $0.25\n"); // no dangling ';' without a timeout
        assertThat(c.err()).contains("error: the run failed: ").contains("Raise it with --max-cost.");
        assertThat(Console.runFolder(dir).resolve("report.json")).exists();
        assertThat(c.out()).contains("Report: " + Console.runFolder(dir).resolve("REPORT.md").toAbsolutePath().normalize());
        assertThat(Files.readString(Console.runFolder(dir).resolve("REPORT.md"))).contains("**Status: FAILED**")
                .contains("## Errors").contains("budget_exceeded");
    }
}
