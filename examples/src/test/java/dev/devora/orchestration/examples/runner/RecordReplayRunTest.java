package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.cassette.Cassette;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.devora.orchestration.examples.runner.DurableRunsTest.CALLS;
import static dev.devora.orchestration.examples.runner.DurableRunsTest.WORKFLOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --record FILE} then {@code --replay FILE}: the replay needs no key and reaches no server (the environment
 * points OpenRouter at a closed port, with a key), and gives the recorded run's report and files; a changed input
 * fails with the cassette's diff; a failed run keeps what was answered.
 */
class RecordReplayRunTest {
    /** Where nothing listens: a replay that reached for the network would fail. */
    private static final String DEAD_SERVER = "http://127.0.0.1:9/api/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRecordedRun_replaysWithoutKeyOrNetwork_toTheSameReportAndFiles() throws IOException {
        Path cassette = dir.resolve("cassettes/pipeline.json");
        Console recorded = new Console().run(WORKFLOW, "--out", dir.resolve("recorded").toString(), "--record", cassette.toString());
        assertThat(recorded.status).as(recorded.err()).isZero();
        assertThat(recorded.out()).contains("Recording every answered model call into " + cassette)
                .contains("Cassette: " + CALLS + " answered model calls recorded to " + cassette);
        assertThat(Cassette.load(cassette).interactions()).hasSize(CALLS);

        Console replayed = new Console().env("OPENROUTER_API_KEY", "sk-or-v1-never-used").env("OPENROUTER_BASE_URL", DEAD_SERVER)
                .run(WORKFLOW, "--out", dir.resolve("replayed").toString(), "--replay", cassette.toString());

        assertThat(replayed.status).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains("Provider: REPLAY of the cassette " + cassette)
                .contains("): SUCCEEDED  [REPLAYED from " + cassette + ": no model was called]")
                .doesNotContain("OpenRouter");
        Path a = Console.runFolder(dir.resolve("recorded"));
        Path b = Console.runFolder(dir.resolve("replayed"));
        assertThat(withoutTimes(report(b))).isEqualTo(withoutTimes(report(a)));
        Map<String, String> recordedFiles = files(a);
        Map<String, String> replayedFiles = files(b);
        assertThat(recordedFiles.remove("SIMULATED.md")).isNotNull();
        assertThat(replayedFiles.remove("REPLAYED.md")).contains("served from the cassette " + cassette);
        recordedFiles.remove("report.json");
        replayedFiles.remove("report.json");
        assertThat(recordedFiles.remove("REPORT.md")).contains("> Offline run: no model was called.");
        assertThat(replayedFiles.remove("REPORT.md")).contains("## What was done");
        assertThat(replayedFiles).isEqualTo(recordedFiles).hasSizeGreaterThan(5);
    }

    @Test
    void aReplayWithAnotherInput_failsWithTheCassettesDiff_andExit1() throws IOException {
        Path cassette = dir.resolve("pipeline.json");
        assertThat(new Console().run(WORKFLOW, "--out", dir.resolve("recorded").toString(), "--record", cassette.toString()).status).isZero();
        String sample = new Console().run(WORKFLOW, "--sample").out();
        ObjectNode changed = (ObjectNode) JSON.readTree(sample);
        String firstField = changed.fieldNames().next();
        changed.put(firstField, "a drifted value");
        Path input = Files.writeString(dir.resolve("changed.json"), changed.toString());

        Console c = new Console().run(WORKFLOW, "--out", dir.resolve("drifted").toString(), "--replay", cassette.toString(),
                "--input", input.toString());

        assertThat(c.status).isEqualTo(1);
        assertThat(c.err()).contains("error: the run failed: ").contains("a drifted value").containsPattern("(?m)^\\+.*a drifted value");
        assertThat(c.out()).contains("a replay is not resumed: replay it again").doesNotContain("resume with --resume")
                .containsPattern("run \\S+ ended FAILED; stored in ");
    }

    @Test
    void aReplayThatLeavesARecordedCallUnused_exits1_namingTheStep() {
        Path cassette = dir.resolve("pipeline.json");
        assertThat(new Console().run(WORKFLOW, "--out", dir.resolve("recorded").toString(), "--record", cassette.toString()).status).isZero();
        Cassette recorded = Cassette.load(cassette);
        java.util.List<dev.devora.orchestration.cassette.Interaction> more = new java.util.ArrayList<>(recorded.interactions());
        more.add(recorded.interactions().get(0)); // a call the workflow makes once, recorded twice
        Cassette.of(more, recorded.prices(), recorded.contextLengths()).save(cassette);

        Console c = new Console().run(WORKFLOW, "--out", dir.resolve("replayed").toString(), "--replay", cassette.toString());

        assertThat(c.status).isEqualTo(1);
        assertThat(c.out()).contains("): SUCCEEDED");
        assertThat(c.err()).contains("error: the replay of " + cassette + " did not use the whole cassette: 1 recorded call was not made"
                + " by the workflow: step '" + recorded.interactions().get(0).stepPath() + "' (1 call)");
    }

    @Test
    void aFailedRun_keepsTheAnsweredCallsInItsCassette() {
        Path cassette = dir.resolve("partial.json");

        Console c = new Console().run(WORKFLOW, "--out", dir.toString(), "--max-cost", "0.002", "--record", cassette.toString());

        assertThat(c.status).isEqualTo(1);
        int answered = DurableRunsTest.answeredCalls(DurableRunsTest.journal(dir, DurableRunsTest.runId(c.out())));
        assertThat(answered).isBetween(1, CALLS - 1);
        assertThat(Cassette.load(cassette).interactions()).hasSize(answered);
        assertThat(c.out()).contains("Cassette: " + answered + " answered model calls recorded to " + cassette);
    }

    @Test
    void aFileThatIsNoCassette_isAUsageError_namingIt() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"format\": 99}");

        Console c = new Console().run(WORKFLOW, "--out", dir.toString(), "--replay", bad.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).startsWith("error: --replay: ").contains(bad.toString());
        assertThat(dir.resolve("runs.db")).doesNotExist();
    }

    private static JsonNode report(Path runFolder) throws IOException {
        return JSON.readTree(runFolder.resolve("report.json").toFile());
    }

    /** The report without what differs between two runs of the same answers: ids and times. */
    private static JsonNode withoutTimes(JsonNode report) {
        ObjectNode r = report.deepCopy();
        r.remove(Set.of("run_id", "metadata", "started_at", "finished_at", "duration_seconds"));
        r.path("steps").forEach(step -> ((ObjectNode) step).remove("time_seconds"));
        return r;
    }

    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) files.put(folder.relativize(f).toString(), Files.readString(f));
        }
        return files;
    }
}
