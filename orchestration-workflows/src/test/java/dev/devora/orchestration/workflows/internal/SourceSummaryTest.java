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
    void outline_namesTheRootFilesAndEachFolderWithItsFileCount_withoutContent_andSkipsNoise(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("pom.xml"), "<project>CONTENT</project>");
        Files.createDirectories(repo.resolve("core/src/main/java/app/deep/a/b/c/d/e/f"));
        Files.writeString(repo.resolve("core/src/main/java/app/A.java"), "class A {}");
        Files.writeString(repo.resolve("core/src/main/java/app/B.java"), "class B {}");
        Files.writeString(repo.resolve("core/src/main/java/app/deep/a/b/c/d/e/f/Deep.java"), "class Deep {}");
        Files.createDirectories(repo.resolve("node_modules/x"));
        Files.writeString(repo.resolve("node_modules/x/index.js"), "x");
        Files.createDirectories(repo.resolve("core/target/classes"));
        Files.writeString(repo.resolve("core/target/classes/A.class"), "x");
        for (int i = 0; i < 250; i++) {
            Files.createDirectories(repo.resolve("many/d" + i));
            Files.writeString(repo.resolve("many/d" + i + "/f.txt"), "x");
        }

        String outline = SourceSummary.tree(repo);

        assertThat(outline).contains("Files at its root: pom.xml.", "core/src/main/java/app/ (2)\n",
                        "core/src/main/java/app/deep/a/b/c/d/e/f/ (1)\n", "… (")
                .doesNotContain("CONTENT", "class A", "A.java", "node_modules", "target");
        assertThat(outline.lines().filter(l -> l.endsWith("/ (1)") || l.endsWith("/ (2)"))).hasSize(200);
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
