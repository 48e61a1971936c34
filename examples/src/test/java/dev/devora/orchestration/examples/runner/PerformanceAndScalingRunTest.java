package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner runs Performance Audit and Scaling on a repository offline: the measurement table and the target load
 * are computed from the input's files and figures, and the repository's files stay unchanged.
 */
class PerformanceAndScalingRunTest {
    private static final Path FIXTURES = Path.of("").toAbsolutePath().getParent()
            .resolve("orchestration-workflows/src/test/resources/performance-audit");

    @TempDir
    Path dir;

    @Test
    void performanceAudit_offline_onACopiedRepository_writesTheMeasuredTable_andLeavesTheRepositoryUnchanged() throws IOException {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("reports"));
        Files.writeString(repo.resolve("index.html"), "<img src=\"hero.png\">\n");
        Files.copy(FIXTURES.resolve("lighthouse.json"), repo.resolve("reports/lighthouse.json"));
        Files.copy(FIXTURES.resolve("webpack-stats.json"), repo.resolve("reports/stats.json"));
        Path input = Files.writeString(dir.resolve("audit.json"), "{\"workspace\": " + quoted(dir.resolve("repo").toString())
                + ", \"lighthouse_report\": \"reports/lighthouse.json\", \"bundle_stats\": \"reports/stats.json\","
                + " \"budgets\": {\"bundle_kb\": 250}}");
        Map<String, String> before = contents(dir.resolve("repo"));

        Console c = new Console().run("performance-audit", "--offline", "--input", input.toString(), "--out", dir.resolve("out").toString());

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        Path run = Console.runFolder(dir.resolve("out"));
        String audit = Files.readString(run.resolve("performance/audit.md"));
        assertThat(audit).contains("| Largest Contentful Paint | 4712 ms | measured | lighthouse_report: reports/lighthouse.json | poor",
                "| Bundle size (all assets, source maps excluded) | 451 KB | measured | bundle_stats: reports/stats.json | no threshold | 250 KB ✗ over");
        JsonNode m = new ObjectMapper().readTree(run.resolve("performance/measurements.json").toFile());
        assertThat(m.path("measured").asBoolean()).isTrue();
        assertThat(run.resolve("performance/review.json")).exists();
        assertThat(contents(dir.resolve("repo"))).isEqualTo(before);

        Path missing = Files.writeString(dir.resolve("bad.json"), "{\"workspace\": " + quoted(dir.resolve("repo").toString())
                + ", \"lighthouse_report\": \"reports/none.json\"}");
        Console bad = new Console().run("performance-audit", "--offline", "--input", missing.toString(), "--out", dir.resolve("out2").toString());
        assertThat(bad.status).isNotZero();
        assertThat(bad.err()).contains("input.lighthouse_report: no such file, was \"reports/none.json\"");
    }

    @Test
    void scaling_offline_writesTheComputedTargets_andThePlans() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("app.py"), "SESSIONS = {}\n");
        Path input = Files.writeString(dir.resolve("scaling.json"), "{\"workspace\": " + quoted(repo.toString())
                + ", \"current_load\": {\"requests_per_second\": 120}, \"growth_multiplier\": 5}");
        Map<String, String> before = contents(repo);

        Console c = new Console().run("scaling", "--offline", "--input", input.toString(), "--out", dir.resolve("out").toString());

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        Path run = Console.runFolder(dir.resolve("out"));
        JsonNode targets = new ObjectMapper().readTree(run.resolve("scaling/targets.json").toFile());
        assertThat(targets.path("summary").asText()).isEqualTo("- requests_per_second: 120 → 600 req/s (×5)");
        for (String f : new String[]{"scaling/plan.md", "scaling/bottlenecks.json", "scaling/load-test-plan.md", "scaling/autoscaling.md", "scaling/target-check.json"}) {
            assertThat(run.resolve(f)).as(f).exists();
        }
        assertThat(contents(repo)).isEqualTo(before);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) m.put(root.relativize(p).toString(), Files.isDirectory(p) ? "/" : Files.readString(p));
        }
        return m;
    }
}
