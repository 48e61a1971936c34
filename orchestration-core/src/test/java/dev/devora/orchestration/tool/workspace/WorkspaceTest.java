package dev.devora.orchestration.tool.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ToolResult call(Workspace ws, String tool, String argsJson) throws Exception {
        Tool t = ws.toolbox().find(tool).orElseThrow();
        return t.call(new ToolInvocation("c1", tool, JSON.readTree(argsJson), "run", "step"));
    }

    @Test
    void aReadOnlyWorkspace_hasTheFourReadingTools_withSchemasFromTheirRecords(@TempDir Path root) {
        Workspace ws = Workspace.readOnly(root);
        assertThat(ws.toolbox().tools()).extracting(t -> t.definition().name())
                .containsExactly("list_dir", "read_file", "search_text", "file_info");
        assertThat(ws.toolbox().find("read_file").orElseThrow().definition().parametersSchema().toString())
                .contains("\"fromLine\"", "\"toLine\"").contains("\"required\":[\"path\"]");
        assertThat(ws.isWritable()).isFalse();
        assertThat(ws.writes()).isEmpty();
    }

    @Test
    void readFile_readsALineRange_1Based_orTheWholeFile(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("a.txt"), "one\ntwo\nthree\n");
        Workspace ws = Workspace.readOnly(root);
        assertThat(call(ws, "read_file", "{\"path\":\"a.txt\",\"fromLine\":2,\"toLine\":2}")).isEqualTo(ToolResult.ok("two\n"));
        assertThat(call(ws, "read_file", "{\"path\":\"a.txt\",\"fromLine\":2}")).isEqualTo(ToolResult.ok("two\nthree\n"));
        assertThat(call(ws, "read_file", "{\"path\":\"a.txt\"}")).isEqualTo(ToolResult.ok("one\ntwo\nthree\n"));
        assertThat(call(ws, "read_file", "{\"path\":\"a.txt\",\"fromLine\":9}").content()).contains("has 3 lines");
        ToolResult bad = call(ws, "read_file", "{\"path\":\"a.txt\",\"fromLine\":0}");
        assertThat(bad.error()).isTrue();
        assertThat(bad.content()).contains("fromLine", "was 0");
    }

    @Test
    void listDir_marksFolders_sorts_andSaysWhatItLeftOut(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("b.txt"), "b");
        Files.writeString(root.resolve("a.txt"), "a");
        Workspace ws = Workspace.readOnly(root);
        assertThat(call(ws, "list_dir", "{\"path\":\".\"}")).isEqualTo(ToolResult.ok("a.txt\nb.txt\nsrc/\n"));
        for (int i = 0; i < Workspace.MAX_LIST_ENTRIES + 5; i++) Files.writeString(root.resolve("src/f" + i), "");
        String listed = call(ws, "list_dir", "{\"path\":\"src\"}").content();
        assertThat(listed.lines().count()).isEqualTo(Workspace.MAX_LIST_ENTRIES + 1);
        assertThat(listed).contains("5 more entries not shown; " + (Workspace.MAX_LIST_ENTRIES + 5) + " in all");
    }

    @Test
    void searchText_findsLiteralsAndRegexesAsPathLine_skippingVcsBuildFoldersAndBinaries(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("src/main"));
        Files.writeString(root.resolve("src/main/App.java"), "class App {\n  // TODO fix (a.b)\n}\n");
        Files.writeString(root.resolve("README.md"), "TODO: docs\n");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/COMMIT_EDITMSG"), "TODO in git\n");
        Files.createDirectories(root.resolve("target"));
        Files.writeString(root.resolve("target/App.txt"), "TODO in build output\n");
        Files.write(root.resolve("src/logo.bin"), new byte[]{'T', 'O', 'D', 'O', 0, 1});
        Workspace ws = Workspace.readOnly(root);

        assertThat(call(ws, "search_text", "{\"pattern\":\"TODO\"}").content())
                .isEqualTo("README.md:1: TODO: docs\nsrc/main/App.java:2: // TODO fix (a.b)\n");
        assertThat(call(ws, "search_text", "{\"pattern\":\"(a.b)\"}").content()).contains("src/main/App.java:2");
        assertThat(call(ws, "search_text", "{\"pattern\":\"^TO+DO:\",\"regex\":true}").content())
                .isEqualTo("README.md:1: TODO: docs\n");
        assertThat(call(ws, "search_text", "{\"pattern\":\"TODO\",\"path\":\"src\"}").content())
                .isEqualTo("src/main/App.java:2: // TODO fix (a.b)\n");
        assertThat(call(ws, "search_text", "{\"pattern\":\"nowhere\"}").content()).startsWith("no match for 'nowhere'");
        assertThat(call(ws, "search_text", "{\"pattern\":\"TODO\",\"path\":\"target\"}").content())
                .as("a skipped folder searched by name").isEqualTo("target/App.txt:1: TODO in build output\n");
        ToolResult bad = call(ws, "search_text", "{\"pattern\":\"(unclosed\",\"regex\":true}");
        assertThat(bad.error()).isTrue();
        assertThat(bad.content()).contains("'(unclosed'", "not a valid regular expression");
    }

    @Test
    void fileInfo_givesSizeLinesAndModifiedTime(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("a.txt"), "one\ntwo\nthree");
        Files.setLastModifiedTime(root.resolve("a.txt"), java.nio.file.attribute.FileTime.fromMillis(0));
        Workspace ws = Workspace.readOnly(root);
        assertThat(call(ws, "file_info", "{\"path\":\"a.txt\"}")).isEqualTo(ToolResult.ok(
                "path: a.txt\ntype: file\nsize: 13 bytes\nlines: 3\nmodified: 1970-01-01T00:00:00Z\n"));
        assertThat(call(ws, "file_info", "{\"path\":\".\"}").content()).contains("type: directory");
    }

    @Test
    void aRootThatIsNotAFolder_isRefusedNamingIt(@TempDir Path dir) {
        assertThatThrownBy(() -> Workspace.readOnly(dir.resolve("missing"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
    }
}
