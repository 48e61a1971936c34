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
            "accessibility-compliance", "complete-project-launch"})
    void everyWorkflow_runsOfflineToSuccess_andWritesItsDeliverables(String id) throws IOException {
        Console c = new Console().run(id, "--out", dir.resolve(id).toString());
        Path out = Console.runFolder(dir.resolve(id));

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        assertThat(c.out()).contains("Summary of " + id + " (run ")
                .contains("): SUCCEEDED  [SIMULATED: no model was called, costs are fake]")
                .contains("Deliverables: ")
                .contains(" files written to " + out.toAbsolutePath().normalize());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("status").asText()).isEqualTo("success");
        assertThat(out.resolve("SIMULATED.md")).exists();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        String input = c.out().isEmpty() ? "" : new Console().run(id, "--sample").out();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals("report.json") || name.equals("SIMULATED.md")) continue;
            String content = Files.readString(f);
            boolean echo = input.contains("\"" + content + "\"") || f.getParent().endsWith("metadata"); // input, defaults
            if (echo || f.endsWith(Path.of("openapi", "openapi.md"))) continue; // and the OpenAPI version
            assertThat(markedOrWithoutText(Files.readString(f))).as("%s is marked as simulated", dir.relativize(f)).isTrue();
        }
    }

    /** Every text is marked; a JSON number, boolean or empty list has no room for a mark. */
    private static boolean markedOrWithoutText(String content) {
        if (content.contains("[simulated]")) return true;
        try {
            JsonNode json = new ObjectMapper().readTree(content);
            return json != null && !content.contains("\""); // no string anywhere
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
                .contains("Quality gates (score/threshold per attempt):\n  qa-validation (qa-api-release): #1 60/80 FAIL")
                .contains("->  #2 92/80 PASS")
                .containsPattern("qa-validation/qa-validation-round/qa-review ×2 +qa-lead +anthropic/claude-sonnet-4.5 +[\\d,]+ +0\\.\\d{6}");
    }

    @Test
    void performanceTargets_areMissedOnTheFirstRound_andMetOnTheSecond() {
        Console c = new Console().run("performance-optimization", "--out", dir.toString());

        assertThat(c.out()).contains("gate   tuning #1: 25/100 FAIL", "gate   tuning #2: 100/100 PASS");
    }

    @Test
    void summaryTable_hasAColumnPerMeasureAndATotal() {
        Console c = new Console().run("data-pipeline-setup", "--out", dir.toString());

        assertThat(c.out()).containsPattern("\nstep +agent +model +tokens +cost USD +time +retries\n")
                .containsPattern("\ntotal \\(\\d+ model calls\\) +[\\d,]+ +0\\.\\d{6} +\\d+\\.\\d s +0\n");
    }

    @Test
    void aBudgetTooSmall_stopsTheRun_keepsItsOutputs_andSaysHowToRaiseIt() {
        Console c = new Console().run("api-development", "--out", dir.toString(), "--max-cost", "0.0002");

        assertThat(c.status).isEqualTo(1);
        assertThat(c.out()).contains("): FAILED  [SIMULATED");
        assertThat(c.err()).contains("error: the run failed: ").contains("Raise it with --max-cost.");
        assertThat(Console.runFolder(dir).resolve("report.json")).exists();
    }
}
