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
 * The runner runs Quality Gate offline with a real command ({@code --command}): a failing script makes
 * {@code --fail-under} exit with status 4 and say why; a passing one exits 0; the repository is unchanged.
 */
class QualityGateRunTest {
    @TempDir
    Path dir;

    Path repo() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo/src"));
        Files.writeString(repo.resolve("app.conf"), "value = MARKER\n");
        Files.writeString(dir.resolve("repo/lint.sh"), "#!/bin/sh\nif grep -q MARKER src/app.conf; then\n"
                + "  echo 'src/app.conf:1: the MARKER placeholder must be replaced'\n  exit 1\nfi\necho clean\n");
        return dir.resolve("repo");
    }

    Path input(Path repo) throws IOException {
        return Files.writeString(dir.resolve("gate.json"), "{\"workspace\": " + new ObjectMapper().writeValueAsString(repo.toString())
                + ", \"scope\": \"src/\"}");
    }

    @Test
    void aFailingScript_belowFailUnder_exitsWithStatus4_sayingWhy_andLeavesTheRepositoryUnchanged() throws IOException {
        Path repo = repo();
        Map<String, String> before = contents(repo);

        Console c = new Console().run("quality-gate", "--offline", "--input", input(repo).toString(), "--out",
                dir.resolve("out").toString(), "--command", "lint=sh lint.sh", "--fail-under", "80");

        assertThat(c.status).as(c.out() + c.err()).isEqualTo(Runner.EXIT_BELOW_SCORE).isEqualTo(4);
        assertThat(c.err()).contains("below --fail-under 80", "failing commands", "lint", "exit status 4");
        Path run = Console.runFolder(dir.resolve("out"));
        JsonNode checks = new ObjectMapper().readTree(run.resolve("quality/checks.json").toFile());
        JsonNode lint = checks.path("commands").get(0);
        assertThat(lint.path("before").path("exit_code").asInt()).isEqualTo(1);
        assertThat(lint.path("before").path("output").asText()).contains("the MARKER placeholder must be replaced");
        JsonNode score = new ObjectMapper().readTree(run.resolve("quality/score.json").toFile());
        assertThat(score.path("score").asInt()).isLessThan(80);
        assertThat(score.path("commands_score").asInt()).isZero();
        assertThat(run.resolve("REPORT.md")).exists();
        assertThat(contents(repo)).isEqualTo(before);
    }

    @Test
    void aPassingScript_atOrAboveFailUnder_exits0() throws IOException {
        Path repo = repo();
        Files.writeString(repo.resolve("src/app.conf"), "value = 42\n");

        Console c = new Console().run("quality-gate", "--offline", "--input", input(repo).toString(), "--out",
                dir.resolve("out").toString(), "--command", "lint=sh lint.sh", "--fail-under", "75");

        assertThat(c.status).as(c.out() + c.err()).isZero();
        assertThat(c.out()).contains("at or above --fail-under 75");
        JsonNode score = new ObjectMapper().readTree(Console.runFolder(dir.resolve("out")).resolve("quality/score.json").toFile());
        assertThat(score.path("commands_score").asInt()).isEqualTo(100);
        assertThat(score.path("score").asInt()).isGreaterThanOrEqualTo(75);
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) m.put(root.relativize(p).toString(), Files.isDirectory(p) ? "/" : Files.readString(p));
        }
        return m;
    }
}
