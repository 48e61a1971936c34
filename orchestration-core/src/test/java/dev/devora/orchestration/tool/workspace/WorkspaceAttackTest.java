package dev.devora.orchestration.tool.workspace;

import dev.devora.orchestration.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.devora.orchestration.tool.workspace.WorkspaceTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What a hostile model tries against the workspace tools. */
class WorkspaceAttackTest {

    @Test
    void aCatastrophicallyBacktrackingRegex_isStoppedInBoundedTime_withAnErrorSayingSo(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("long.txt"), "a".repeat(3000) + "!\nshort line\n");
        Workspace ws = Workspace.readOnly(root);
        long t0 = System.nanoTime();
        // polynomial backtracking Java's regex engine does not memoize: without a bound it runs for hours
        ToolResult r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> call(ws, "search_text", "{\"pattern\":\"(?:a+){20}b\",\"regex\":true}"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("(?:a+){20}b").contains("took too long").contains("long.txt:1");
        assertThat(ms).isGreaterThanOrEqualTo(Workspace.MAX_SEARCH_MILLIS - 100).isLessThan(40_000);
    }

    @Test
    void aRegexThatOverflowsTheStack_onALongLine_isAToolError_notAnErrorEndingTheStep(@TempDir Path root)
            throws Exception {
        Files.writeString(root.resolve("long.txt"), "a".repeat(4000) + "\n");
        Workspace ws = Workspace.readOnly(root);
        ToolResult[] result = new ToolResult[1];
        Throwable[] thrown = new Throwable[1];
        Thread small = new Thread(null, () -> { // a small stack, as a pool thread may have: the overflow is certain
            try {
                result[0] = call(ws, "search_text", "{\"pattern\":\"(a|a?)+b\",\"regex\":true}");
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "small-stack", 128 * 1024);
        small.start();
        small.join(60_000);
        assertThat(thrown[0]).isNull();
        assertThat(result[0].error()).isTrue();
        assertThat(result[0].content()).contains("(a|a?)+b").contains("too complex").contains("long.txt:1");
    }

    @Test
    void anInterruptedSearch_endsTheCall_insteadOfMatchingOn(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("long.txt"), "a".repeat(3000) + "!\n");
        Workspace ws = Workspace.readOnly(root);
        Throwable[] thrown = new Throwable[1];
        Thread searching = new Thread(() -> {
            try {
                call(ws, "search_text", "{\"pattern\":\"(?:a+){20}b\",\"regex\":true}");
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        long t0 = System.nanoTime();
        searching.start();
        Thread.sleep(300);
        searching.interrupt();
        searching.join(60_000);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("stopped by the interrupt, not by the time bound")
                .isLessThan(Workspace.MAX_SEARCH_MILLIS - 2000);
        assertThat(thrown[0]).isInstanceOf(dev.devora.orchestration.InterruptedCallException.class);
    }

    @Test
    void oddPaths_areToolErrors_neverExceptions(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(dir.resolve("secret.txt"), "s3cret");
        Files.createSymbolicLink(root.resolve("loop1"), root.resolve("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), root.resolve("loop1"));
        Files.createSymbolicLink(root.resolve("dangling-out"), dir.resolve("new.txt"));
        Files.createSymbolicLink(root.resolve("out-dir"), dir);
        Workspace ws = Workspace.writable(root);
        for (String path : new String[]{"a\u0000b", "~/secret.txt", "..\\secret.txt", "loop1", "dangling-out",
                "out-dir/secret.txt", "./../root/../secret.txt", "  "}) {
            String p = com.fasterxml.jackson.databind.node.TextNode.valueOf(path).toString();
            for (String tool : new String[]{"read_file", "file_info", "list_dir"}) {
                ToolResult r = call(ws, tool, "{\"path\":" + p + "}");
                assertThat(r.error()).as(tool + " " + path).isTrue();
                assertThat(r.content()).as(tool + " " + path).doesNotContain("s3cret");
            }
            if (path.startsWith("~")) continue; // a plain name inside the root here: written below
            ToolResult w = call(ws, "write_file", "{\"path\":" + p + ",\"content\":\"x\"}");
            assertThat(w.error()).as("write_file " + path).isTrue();
        }
        // '~' is no home folder here: a plain name, written inside the root (a name with a backslash is refused for
        // writing above: results name files with '/', so '..\\x' reads as leaving the root; never written outside)
        assertThat(call(ws, "write_file", "{\"path\":\"~/secret.txt\",\"content\":\"x\"}").error()).isFalse();
        assertThat(Files.readString(root.resolve("~/secret.txt"))).isEqualTo("x");
        assertThat(Files.exists(dir.resolve("new.txt"))).as("nothing written through the dangling link").isFalse();
        assertThat(Files.readString(dir.resolve("secret.txt"))).isEqualTo("s3cret");
        ToolResult search = call(ws, "search_text", "{\"pattern\":\"s3cret\"}");
        assertThat(search.content()).doesNotContain("s3cret.txt:").contains("no match");
    }

    @Test
    void aPatchCreatingAFileOutside_orThroughALinkOut_writesNothing(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("out-dir"), dir);
        Workspace ws = Workspace.writable(root);
        for (String target : new String[]{"../evil.txt", "out-dir/evil.txt", "/tmp/evil.txt"}) {
            String patch = "--- /dev/null\n+++ b/" + target + "\n@@ -0,0 +1 @@\n+evil\n";
            ToolResult r = call(ws, "apply_patch", "{\"patch\":" + com.fasterxml.jackson.databind.node.TextNode
                    .valueOf(patch) + "}");
            assertThat(r.error()).as(target).isTrue();
        }
        assertThat(Files.exists(dir.resolve("evil.txt"))).isFalse();
    }
}
