package dev.devora.orchestration.tool.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkspacePatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ToolResult patch(Workspace ws, String diff) throws Exception {
        return ws.toolbox().find("apply_patch").orElseThrow().call(new ToolInvocation("c1", "apply_patch",
                JSON.createObjectNode().put("patch", diff), null, null));
    }

    @Test
    void aUnifiedDiff_changesTwoFilesAndCreatesOne_andEveryWriteIsListed(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/a.txt"), "one\ntwo\nthree\nfour\nfive\n");
        Files.writeString(root.resolve("b.txt"), "alpha\nbeta\n");
        Workspace ws = Workspace.writable(root);
        String diff = """
                diff --git a/src/a.txt b/src/a.txt
                --- a/src/a.txt
                +++ b/src/a.txt
                @@ -1,2 +1,2 @@
                -one
                +ONE
                 two
                @@ -4,2 +4,3 @@
                 four
                 five
                +six
                --- a/b.txt
                +++ b/b.txt
                @@ -1,0 +2 @@
                +between
                --- /dev/null
                +++ b/docs/new.md
                @@ -0,0 +1,2 @@
                +# New
                +text
                """;
        ToolResult r = patch(ws, diff);
        assertThat(r).as(r.content()).isEqualTo(ToolResult.ok(
                "patched src/a.txt (28 bytes)\npatched b.txt (19 bytes)\ncreated docs/new.md (11 bytes)")
                .withChangedFiles(List.of("src/a.txt", "b.txt", "docs/new.md")));
        assertThat(Files.readString(root.resolve("src/a.txt"))).isEqualTo("ONE\ntwo\nthree\nfour\nfive\nsix\n");
        assertThat(Files.readString(root.resolve("b.txt"))).isEqualTo("alpha\nbetween\nbeta\n");
        assertThat(Files.readString(root.resolve("docs/new.md"))).isEqualTo("# New\ntext\n");
        assertThat(ws.writes()).extracting(FileWrite::path).containsExactly("src/a.txt", "b.txt", "docs/new.md");
    }

    @Test
    void aHunkFoundAwayFromItsStatedLine_stillApplies(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("a.txt"), "x\ny\none\ntwo\n");
        Workspace ws = Workspace.writable(root);
        assertThat(patch(ws, "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n").error()).isFalse();
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("x\ny\none\n2\n");
    }

    @Test
    void aHunkThatDoesNotMatch_writesNothing_andNamesTheFileAndHunk(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("a.txt"), "one\n");
        Files.writeString(root.resolve("b.txt"), "alpha\n");
        Workspace ws = Workspace.writable(root);
        ToolResult r = patch(ws, "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-one\n+1\n"
                + "--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-gamma\n+g\n");
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("hunk 1", "'b.txt'", "does not match");
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("one\n");
        assertThat(ws.writes()).isEmpty();
    }

    @Test
    void patchesLeavingTheRoot_orMalformed_areRefused(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(dir.resolve("outside.txt"), "secret\n");
        Files.createSymbolicLink(root.resolve("link"), dir);
        Workspace ws = Workspace.writable(root);
        for (String p : new String[]{"../outside.txt", "link/outside.txt", dir.resolve("outside.txt").toString()}) {
            ToolResult r = patch(ws, "--- a/" + p + "\n+++ " + p + "\n@@ -1 +1 @@\n-secret\n+leaked\n");
            assertThat(r.error()).as(r.content()).isTrue();
            assertThat(r.content()).contains(p);
        }
        assertThat(Files.readString(dir.resolve("outside.txt"))).isEqualTo("secret\n");
        assertThat(patch(ws, "just text").content()).contains("no '--- <path>'");
        assertThat(patch(ws, "--- a/x\n+++ b/x\n@@ -1,3 +1 @@\n-a\n").content()).contains("ends early");
        assertThat(patch(ws, "--- a/x\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n").content()).contains("deleting files is not supported");
        assertThat(ws.writes()).isEmpty();
    }
}
