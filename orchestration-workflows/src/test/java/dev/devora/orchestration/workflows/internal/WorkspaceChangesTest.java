package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolResult;
import dev.devora.orchestration.tool.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The insertion diffs the release writes into CHANGELOG.md are well formed and, applied by the workspace's own
 * {@code apply_patch}, give exactly the text with the lines inserted; the file check names each file a patch
 * cannot change.
 */
class WorkspaceChangesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "# Changelog\\n\\n## [1.0.0] - 2026-01-01\\n- a\\n| 2",
            "# Changelog\\n\\n## [1.0.0] - 2026-01-01\\n- a\\n| 0",
            "# Changelog\\n\\n## [1.0.0] - 2026-01-01\\n- a\\n| 4",
            "# Changelog\\n- a | 2",
            "one\\ntwo\\nthree\\nfour\\nfive\\nsix\\nseven\\neight\\n| 5"})
    void anInsertion_isWellFormed_andApplyingItInsertsTheLinesExactly(String text, int at) throws Exception {
        String original = text.replace("\\n", "\n");
        List<String> insert = List.of("## [1.1.0] - 2026-12-02", "", "### Added", "- b", "");
        String diff = WorkspaceChanges.insertion("CHANGELOG.md", original, at, insert);
        assertThat(PatchCheck.problems(diff)).as(diff).isEmpty();

        Files.writeString(dir.resolve("CHANGELOG.md"), original);
        ToolResult r = apply(diff);
        assertThat(r.error()).as(r.content()).isFalse();
        List<String> expected = new java.util.ArrayList<>(WorkspaceChanges.lines(original));
        expected.addAll(at, insert);
        String after = Files.readString(dir.resolve("CHANGELOG.md"));
        assertThat(after).isEqualTo(String.join("\n", expected) + (original.endsWith("\n") ? "\n" : ""));
    }

    @Test
    void aNewFile_isCreatedByItsDiff() throws Exception {
        String diff = WorkspaceChanges.insertion("CHANGELOG.md", null, 0, List.of("# Changelog", "", "## [0.1.0] - 2026-12-02"));
        assertThat(diff).startsWith("--- /dev/null\n+++ b/CHANGELOG.md\n@@ -0,0 +1,3 @@\n");
        assertThat(apply(diff).error()).isFalse();
        assertThat(Files.readString(dir.resolve("CHANGELOG.md"))).isEqualTo("# Changelog\n\n## [0.1.0] - 2026-12-02\n");
    }

    @Test
    void theFileCheck_namesMissingExistingDeletedAndOutsideFiles() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "a\n");
        String patch = "--- a/missing.txt\n+++ b/missing.txt\n@@ -1,1 +1,1 @@\n-x\n+y\n"
                + "--- /dev/null\n+++ b/a.txt\n@@ -0,0 +1,1 @@\n+a\n"
                + "--- a/a.txt\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-a\n"
                + "--- a/../etc/passwd\n+++ b/../etc/passwd\n@@ -1,1 +1,1 @@\n-x\n+y\n"
                + "--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,1 @@\n-a\n+b\n";
        assertThat(WorkspaceChanges.fileProblems(dir, patch)).containsExactly(
                "'missing.txt' is changed by the patch but does not exist in the workspace",
                "'a.txt' is created by the patch but exists already",
                "'a.txt' is deleted: the change may only modify or create files",
                "'../etc/passwd' is not a path inside the workspace");
    }

    @Test
    void withoutTheOptIn_applyWritesNothing() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "a\n");
        var out = WorkspaceChanges.apply(java.util.Optional.empty(), null, "--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,1 @@\n-a\n+b\n");
        assertThat(out.path("written").asBoolean()).isFalse();
        assertThat(out.path("note").asText()).contains("changes.patch");
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("a\n");
    }

    private ToolResult apply(String diff) throws Exception {
        return Workspace.writable(dir).toolbox().find("apply_patch").orElseThrow().call(new ToolInvocation("t", "apply_patch",
                JsonNodeFactory.instance.objectNode().put("patch", diff), null, null));
    }
}
