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

/** The runner runs Bug Resolution on a repository offline: read-only by default, the fix as changes.patch. */
class BugResolutionRunTest {
    @TempDir
    Path dir;

    @Test
    void offlineRun_onACopiedRepository_leavesItsFilesUnchanged_andWritesChangesPatch() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo/src"));
        Files.writeString(repo.resolve("Cart.java"), "class Cart { int total(int p, int d) { return p; } }\n");
        Path input = Files.writeString(dir.resolve("bug.json"), "{\"workspace\": " + quoted(dir.resolve("repo").toString())
                + ", \"bug_report\": \"the discount is ignored\", \"area\": \"backend\"}");
        Map<String, String> before = contents(dir.resolve("repo"));

        Console c = new Console().run("bug-resolution", "--offline", "--input", input.toString(), "--out", dir.resolve("out").toString());

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        Path run = Console.runFolder(dir.resolve("out"));
        assertThat(run.resolve("changes.patch")).exists();
        assertThat(run.resolve("bug/analysis.md")).exists();
        assertThat(run.resolve("bug/review.json")).exists();
        assertThat(contents(dir.resolve("repo"))).isEqualTo(before);
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
