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
 * The runner runs Migration and Release Management on a repository offline: a dry run writes nothing even with
 * {@code --write}; a release that is not a dry run asks the release manager only when its checks pass, which the
 * simulated answers never do, so offline it writes nothing either (the approval itself is proved on the engine in
 * {@code ReleaseManagementWorkflowTest}).
 */
class DryRunWorkflowsRunTest {
    @TempDir
    Path dir;

    private Path repo() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo/src"));
        Files.writeString(repo.resolve("Cart.java"), "class Cart { int total(int p, int d) { return p; } }\n");
        Files.writeString(dir.resolve("repo/CHANGELOG.md"), "# Changelog\n\n## [1.0.0] - 2026-01-01\n\n### Added\n- Cart\n");
        return dir.resolve("repo");
    }

    @Test
    void dryRuns_withWrite_leaveTheRepositoryUnchanged_andWriteTheirPlansAndRollbackPlans() throws IOException {
        Path repo = repo();
        Map<String, String> before = contents(repo);
        Path migration = Files.writeString(dir.resolve("migration.json"), "{\"workspace\": " + quoted(repo.toString())
                + ", \"kind\": \"database\", \"from\": \"PostgreSQL 12\", \"to\": \"PostgreSQL 16\"}");
        Console m = new Console().run("migration", "--offline", "--write", "--input", migration.toString(), "--out", dir.resolve("m").toString());
        assertThat(m.err()).isEmpty();
        assertThat(m.status).isZero();
        Path mRun = Console.runFolder(dir.resolve("m"));
        assertThat(mRun.resolve("MIGRATION.md")).content().contains("**Dry run**");
        assertThat(mRun.resolve("migration/rollback.json")).exists();
        assertThat(mRun.resolve("migration/dry-run.json")).exists();
        assertThat(mRun.resolve("migration/applied.json")).doesNotExist();

        Path release = Files.writeString(dir.resolve("release.json"), "{\"workspace\": " + quoted(repo.toString())
                + ", \"version\": \"1.1.0\", \"previous_version\": \"1.0.0\"}");
        Console r = new Console().run("release-management", "--offline", "--write", "--input", release.toString(), "--out", dir.resolve("r").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.status).isZero();
        Path rRun = Console.runFolder(dir.resolve("r"));
        assertThat(rRun.resolve("RELEASE.md")).content().contains("**Dry run**", "## Rollback plan");
        assertThat(rRun.resolve("release/rollback-plan.json")).exists();
        assertThat(rRun.resolve("changes.patch")).content().contains("+++ b/CHANGELOG.md", "+## [1.1.0] - ");
        assertThat(r.out()).doesNotContain("decide with");
        assertThat(contents(repo)).isEqualTo(before);
    }

    @Test
    void aReleaseThatIsNotADryRun_whoseChecksFailOnSimulatedAnswers_asksNoApproval_andWritesNothingEvenWithWrite() throws IOException {
        Path repo = repo();
        Map<String, String> before = contents(repo);
        Path release = Files.writeString(dir.resolve("release.json"), "{\"workspace\": " + quoted(repo.toString())
                + ", \"version\": \"1.1.0\", \"previous_version\": \"1.0.0\", \"dry_run\": false}");
        Console c = new Console().run("release-management", "--offline", "--write", "--input", release.toString(),
                "--out", dir.toString());
        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        assertThat(c.out()).doesNotContain("decide with");
        Path run = Console.runFolder(dir);
        assertThat(run.resolve("RELEASE.md")).content().contains("**Release run.**", "Skipped: the approval was not asked",
                "the dry-run checks failed");
        assertThat(run.resolve("release/release.json")).doesNotExist();
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
