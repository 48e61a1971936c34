package dev.devora.orchestration.workflows.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceSummaryTest {
    @Test
    void summary_staysWithinItsBudget_putsBuildFilesAndEntryPointsFirst_andSkipsNoiseAndBinaries(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("package.json"), "{\"name\": \"taskmaster\"}");
        Files.writeString(repo.resolve("README.md"), "# TaskMaster");
        Files.createDirectories(repo.resolve("src/deep/er"));
        Files.writeString(repo.resolve("src/index.ts"), "export const main = () => 1;");
        for (int i = 0; i < 50; i++) Files.writeString(repo.resolve("src/deep/er/file" + i + ".ts"), "x".repeat(5_000));
        Files.write(repo.resolve("src/logo.ts"), new byte[]{1, 0, 2, 0});
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve(".git/config"), "secret");

        String summary = SourceSummary.of(repo, 10_000);

        assertThat(summary.length()).isLessThan(10_000 + 3_500);
        assertThat(summary).contains("## package.json", "## README.md", "## src/index.ts", "(truncated, 5000 bytes in all)")
                .doesNotContain("secret").doesNotContain("## src/logo.ts");
        assertThat(summary.indexOf("## src/index.ts")).isLessThan(summary.indexOf("## src/deep/er/file0.ts"));
    }

    @Test
    void aPathThatIsNotADirectory_isRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> SourceSummary.of(dir.resolve("missing"), 1000)).hasMessageContaining("not a directory");
    }

    @Test
    void readability_countsWords_andScoresPlainProseHigherThanJargon() {
        assertThat(Readability.words("# Title\n\nThe cat sat on the mat.\n\n```\ncode is ignored\n```")).isEqualTo(7);
        assertThat(Readability.fleschReadingEase("The cat sat. The dog ran."))
                .isGreaterThan(Readability.fleschReadingEase("Institutionalised interoperability necessitates comprehensive organisational reconfiguration."));
    }
}
