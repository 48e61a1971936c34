package dev.devora.orchestration.tool.workspace;

import dev.devora.orchestration.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.devora.orchestration.tool.workspace.WorkspaceTest.call;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceWritingTest {
    @Test
    void aWritableWorkspace_createsAndReplacesFiles_andListsEveryWrite(@TempDir Path root) throws Exception {
        Workspace ws = Workspace.writable(root);
        assertThat(ws.isWritable()).isTrue();
        assertThat(ws.toolbox().find("write_file")).isPresent();

        assertThat(call(ws, "write_file", "{\"path\":\"docs/new/a.md\",\"content\":\"# A\\n\"}"))
                .isEqualTo(ToolResult.ok("created docs/new/a.md (4 bytes)").withChangedFiles(List.of("docs/new/a.md")));
        assertThat(call(ws, "write_file", "{\"path\":\"docs/new/a.md\",\"content\":\"# Ä\\n\"}"))
                .isEqualTo(ToolResult.ok("replaced docs/new/a.md (5 bytes)").withChangedFiles(List.of("docs/new/a.md")));
        assertThat(Files.readString(root.resolve("docs/new/a.md"))).isEqualTo("# Ä\n");
        assertThat(ws.writes()).containsExactly(new FileWrite("docs/new/a.md", 4, true), new FileWrite("docs/new/a.md", 5, false));
        try (var files = Files.list(root.resolve("docs/new"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.md"); // no temp file left
        }
    }

    @Test
    void aReadOnlyWorkspace_hasNoWriteTool(@TempDir Path root) {
        assertThat(Workspace.readOnly(root).toolbox().find("write_file")).isEmpty();
    }

    @Test
    void badWrites_areErrorResults_namingThePath_andLoseNothing(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("keep.txt"), "kept");
        Workspace ws = Workspace.writable(root);
        ToolResult folder = call(ws, "write_file", "{\"path\":\"dir\",\"content\":\"x\"}");
        assertThat(folder.error()).isTrue();
        assertThat(folder.content()).contains("'dir'", "folder");
        ToolResult tooBig = call(ws, "write_file", "{\"path\":\"keep.txt\",\"content\":\"" + "x".repeat(Workspace.MAX_WRITE_BYTES + 1) + "\"}");
        assertThat(tooBig.error()).isTrue();
        assertThat(tooBig.content()).contains("'keep.txt'", String.valueOf(Workspace.MAX_WRITE_BYTES + 1));
        ToolResult noContent = call(ws, "write_file", "{\"path\":\"keep.txt\"}");
        assertThat(noContent.error()).isTrue();
        assertThat(Files.readString(root.resolve("keep.txt"))).isEqualTo("kept");
        assertThat(ws.writes()).isEmpty();
    }
}
