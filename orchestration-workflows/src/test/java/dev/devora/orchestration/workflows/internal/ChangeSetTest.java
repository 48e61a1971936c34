package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeSetTest {
    @TempDir
    Path repo;

    @Test
    void newFiles_existingFiles_andUnchangedFiles_giveANewFileDiff_aReplacement_andNothing() throws Exception {
        Files.writeString(repo.resolve("Old.java"), "a\nb\n");
        Files.writeString(repo.resolve("Same.java"), "same\n");
        JsonNode files = new ObjectMapper().readTree("[{\"path\": \"New.java\", \"content\": \"x\\ny\\n\"}, "
                + "{\"path\": \"Old.java\", \"content\": \"a\\nc\\n\"}, {\"path\": \"Same.java\", \"content\": \"same\\n\"}, "
                + "{\"path\": \"../Escape.java\", \"content\": \"no\"}]");
        String patch = ChangeSet.combine(List.of("--- a/A\n+++ b/A\n@@ -1,1 +1,1 @@\n-1\n+2", " "), repo, files);

        assertThat(patch).isEqualTo("--- a/A\n+++ b/A\n@@ -1,1 +1,1 @@\n-1\n+2\n"
                + "--- /dev/null\n+++ b/New.java\n@@ -0,0 +1,2 @@\n+x\n+y\n"
                + "--- a/Old.java\n+++ b/Old.java\n@@ -1,2 +1,2 @@\n-a\n-b\n+a\n+c\n");
        assertThat(PatchCheck.problems(patch)).isEmpty();
        assertThat(ChangeSet.outside(repo, files)).containsExactly("../Escape.java");
        assertThat(ChangeSet.inside(repo, "/etc/passwd")).isEmpty();
        assertThat(ChangeSet.inside(repo, ".")).as("the workspace itself is not a file in it").isEmpty();
        assertThat(ChangeSet.combine(List.of(), repo, null)).isEmpty();
    }
}
