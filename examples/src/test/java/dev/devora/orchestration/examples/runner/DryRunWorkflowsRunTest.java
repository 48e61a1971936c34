package dev.devora.orchestration.examples.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner runs Migration and Release Management on a repository offline: a dry run writes nothing even with
 * {@code --write}; a release that is not a dry run waits for the release manager's decision, and a rejection given
 * with {@code --decide} ends it before production, the repository unchanged.
 */
class DryRunWorkflowsRunTest {
    private static final Pattern DECIDE = Pattern.compile("decide with: --decide (\\S+) (\\S+) approve\\|reject\\|edit");

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
    void aReleaseThatIsNotADryRun_waitsForTheReleaseManager_andARejectionStopsItBeforeProduction() throws IOException {
        Path repo = repo();
        Map<String, String> before = contents(repo);
        Path release = Files.writeString(dir.resolve("release.json"), "{\"workspace\": " + quoted(repo.toString())
                + ", \"version\": \"1.1.0\", \"previous_version\": \"1.0.0\", \"dry_run\": false}");
        Console first = new Console().run("release-management", "--offline", "--write", "--input", release.toString(),
                "--out", dir.toString());
        assertThat(first.status).as(first.err()).isEqualTo(3);
        Matcher d = DECIDE.matcher(first.out());
        assertThat(d.find()).as(first.out()).isTrue();
        assertThat(d.group(2)).contains("production-approval");
        assertThat(contents(repo)).as("nothing is written while the run waits").isEqualTo(before);

        Console rejected = new Console().run("--decide", d.group(1), d.group(2), "reject", "--feedback", "release freeze",
                "--out", dir.toString(), "--offline", "--write");
        assertThat(rejected.status).as(rejected.out() + rejected.err()).isEqualTo(1);
        assertThat(rejected.err()).contains("rejected by release-manager: release freeze");
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
