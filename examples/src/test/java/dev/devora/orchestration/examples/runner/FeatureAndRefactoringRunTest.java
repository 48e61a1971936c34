package dev.devora.orchestration.examples.runner;

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
 * The runner runs Feature Development and Refactoring on a repository offline: read-only by default, the change as
 * changes.patch beside the workflow's documents; a refactoring target outside the repository is refused before any call.
 */
class FeatureAndRefactoringRunTest {
    @TempDir
    Path dir;

    private Path repo() throws IOException {
        Path src = Files.createDirectories(dir.resolve("repo/src"));
        Files.writeString(src.resolve("OrderService.java"), "class OrderService { int place(int a) { return a + a / 50; } }\n");
        return dir.resolve("repo");
    }

    @Test
    void featureDevelopment_offline_leavesTheRepositoryUnchanged_andWritesSpecDesignReviewAndChangesPatch() throws IOException {
        Path repo = repo();
        Path input = Files.writeString(dir.resolve("feature.json"), "{\"workspace\": " + quoted(repo.toString())
                + ", \"requirement\": \"orders get a coupon\", \"has_ui\": false}");
        Map<String, String> before = contents(repo);

        Console c = new Console().run("feature-development", "--offline", "--input", input.toString(), "--out", dir.resolve("out").toString());

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        Path run = Console.runFolder(dir.resolve("out"));
        for (String f : new String[] {"changes.patch", "feature/spec.md", "feature/design.md", "feature/review.json", "feature/patch-check.json"}) {
            assertThat(run.resolve(f)).as(f).exists();
        }
        assertThat(contents(repo)).isEqualTo(before);
    }

    @Test
    void refactoring_offline_leavesTheRepositoryUnchanged_andWritesPlanAnalysisAndChangesPatch() throws IOException {
        Path repo = repo();
        Path input = Files.writeString(dir.resolve("refactor.json"), "{\"workspace\": " + quoted(repo.toString())
                + ", \"goal\": \"extract the fee\", \"target_paths\": [\"src/OrderService.java\"]}");
        Map<String, String> before = contents(repo);

        Console c = new Console().run("refactoring", "--offline", "--input", input.toString(), "--out", dir.resolve("out").toString());

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        Path run = Console.runFolder(dir.resolve("out"));
        for (String f : new String[] {"changes.patch", "refactoring/plan.md", "refactoring/analysis.json", "refactoring/review.json"}) {
            assertThat(run.resolve(f)).as(f).exists();
        }
        assertThat(contents(repo)).isEqualTo(before);
    }

    @Test
    void refactoring_aTargetOutsideTheRepository_isRefusedWithTheFieldAndTheValue() throws IOException {
        Path repo = repo();
        Path input = Files.writeString(dir.resolve("refactor.json"), "{\"workspace\": " + quoted(repo.toString())
                + ", \"goal\": \"extract the fee\", \"target_paths\": [\"../elsewhere\"]}");

        Console c = new Console().run("refactoring", "--offline", "--input", input.toString(), "--out", dir.resolve("out").toString());

        assertThat(c.status).isNotZero();
        assertThat(c.err()).contains("input.target_paths[0]", "../elsewhere");
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
