package dev.devora.orchestration.tool.workspace;

import dev.devora.orchestration.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.devora.orchestration.tool.workspace.WorkspaceTest.call;
import static org.assertj.core.api.Assertions.assertThat;

/** Nothing outside the root: every tool refuses {@code ..}, absolute paths and symbolic links leading out. */
class WorkspaceConfinementTest {

    private static void assertRefused(ToolResult r, String path) {
        assertThat(r.error()).as(r.content()).isTrue();
        assertThat(r.content()).contains("'" + path + "'").doesNotContain("secret");
    }

    @Test
    void dotDotAbove_theRoot_isRefusedByEveryTool(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(dir.resolve("outside.txt"), "secret");
        Files.createDirectories(root.resolve("sub"));
        Workspace ws = Workspace.writable(root);
        for (String p : new String[]{"../outside.txt", "sub/../../outside.txt", ".."}) {
            assertRefused(call(ws, "read_file", "{\"path\":\"" + p + "\"}"), p);
            assertRefused(call(ws, "file_info", "{\"path\":\"" + p + "\"}"), p);
            assertRefused(call(ws, "list_dir", "{\"path\":\"" + p + "\"}"), p);
            assertRefused(call(ws, "search_text", "{\"pattern\":\"secret\",\"path\":\"" + p + "\"}"), p);
            assertRefused(call(ws, "write_file", "{\"path\":\"" + p + "\",\"content\":\"x\"}"), p);
        }
        assertThat(Files.readString(dir.resolve("outside.txt"))).isEqualTo("secret");
        assertThat(call(ws, "read_file", "{\"path\":\"sub/../sub/../\"}").content()).contains("is not a file");
    }

    @Test
    void absolutePaths_areRefused_evenInsideTheRoot(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("in.txt"), "secret");
        Workspace ws = Workspace.writable(root);
        String inside = root.resolve("in.txt").toString().replace('\\', '/');
        ToolResult r = call(ws, "read_file", "{\"path\":\"" + inside + "\"}");
        assertRefused(r, inside);
        assertThat(r.content()).contains("absolute");
        String elsewhere = dir.resolveSibling("x-" + System.nanoTime()).toString().replace('\\', '/');
        assertRefused(call(ws, "write_file", "{\"path\":\"" + elsewhere + "\",\"content\":\"x\"}"), elsewhere);
        assertThat(Path.of(elsewhere)).doesNotExist();
    }

    @Test
    void symbolicLinksResolvingOutside_areRefused_linksInside_areFollowed(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("key.txt"), "secret");
        Files.writeString(root.resolve("real.txt"), "inside");
        Files.createSymbolicLink(root.resolve("out-file"), outside.resolve("key.txt"));
        Files.createSymbolicLink(root.resolve("out-dir"), outside);
        Files.createSymbolicLink(root.resolve("in-link"), root.resolve("real.txt"));
        Workspace ws = Workspace.writable(root);

        assertRefused(call(ws, "read_file", "{\"path\":\"out-file\"}"), "out-file");
        assertRefused(call(ws, "read_file", "{\"path\":\"out-dir/key.txt\"}"), "out-dir/key.txt");
        assertRefused(call(ws, "list_dir", "{\"path\":\"out-dir\"}"), "out-dir");
        assertRefused(call(ws, "file_info", "{\"path\":\"out-file\"}"), "out-file");
        assertRefused(call(ws, "search_text", "{\"pattern\":\"secret\",\"path\":\"out-dir\"}"), "out-dir");
        assertRefused(call(ws, "write_file", "{\"path\":\"out-file\",\"content\":\"x\"}"), "out-file");
        assertRefused(call(ws, "write_file", "{\"path\":\"out-dir/new.txt\",\"content\":\"x\"}"), "out-dir/new.txt");
        assertThat(call(ws, "search_text", "{\"pattern\":\"secret\"}").content()).startsWith("no match");
        assertThat(Files.readString(outside.resolve("key.txt"))).isEqualTo("secret");
        assertThat(outside.resolve("new.txt")).doesNotExist();

        assertThat(call(ws, "read_file", "{\"path\":\"in-link\"}")).isEqualTo(ToolResult.ok("inside"));
        assertThat(ws.writes()).isEmpty();
    }
}
