package dev.devora.orchestration.tool.workspace;

import dev.devora.orchestration.tool.ToolResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.devora.orchestration.tool.workspace.WorkspaceTest.call;
import static org.assertj.core.api.Assertions.assertThat;

/** Reads stay bounded on a 50 MB file: a bounded answer, that says it was cut, in a bounded time. */
class WorkspaceLimitsTest {
    private static final long SIZE = 50L * 1024 * 1024;
    private static final String LINE = "a line that matches the needle, then padding to make it longer...............\n";
    private static final long LINES = (SIZE + LINE.length() - 1) / LINE.length();
    @TempDir
    static Path root;

    @BeforeAll
    static void writeA50MbFile() throws Exception {
        byte[] line = LINE.getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(root.resolve("big.log")), 1 << 20)) {
            for (long written = 0; written < SIZE; written += line.length) out.write(line);
        }
        byte[] oneLine = new byte[8 * 1024 * 1024];
        java.util.Arrays.fill(oneLine, (byte) 'x');
        System.arraycopy("needle".getBytes(StandardCharsets.US_ASCII), 0, oneLine, oneLine.length - 6, 6);
        Files.write(root.resolve("one-line.txt"), oneLine);
        Files.write(root.resolve("more.txt"), oneLine); // 66 MB in all: more than search_text reads
    }

    @Test
    void readFile_ofA50MbFile_returnsTheFirstBoundedPart_andSaysItWasCut() throws Exception {
        long t0 = System.nanoTime();
        ToolResult r = call(Workspace.readOnly(root), "read_file", "{\"path\":\"big.log\"}");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.error()).isFalse();
        assertThat(r.content().length()).isBetween(Workspace.MAX_READ_BYTES, Workspace.MAX_READ_BYTES + 300);
        assertThat(r.content()).contains("(cut at " + Workspace.MAX_READ_BYTES + " bytes: lines 1-")
                .contains("read on with fromLine=");
        assertThat(ms).as("ms").isLessThan(5_000);
    }

    @Test
    void readFile_ofOneHugeLine_isCutWithinTheLine() throws Exception {
        ToolResult r = call(Workspace.readOnly(root), "read_file", "{\"path\":\"one-line.txt\"}");
        assertThat(r.content().length()).isLessThan(Workspace.MAX_READ_BYTES + 300);
        assertThat(r.content()).contains("part of line 1");
    }

    @Test
    void readFile_cutsBetweenCharacters_neverInsideOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("utf8.txt"), "a" + "\u00e9".repeat(40_000) + "\n", StandardCharsets.UTF_8);
        ToolResult r = call(Workspace.readOnly(dir), "read_file", "{\"path\":\"utf8.txt\"}");
        assertThat(r.content()).doesNotContain("\uFFFD").startsWith("a\u00e9\u00e9").contains("part of line 1");
        assertThat(r.content().substring(0, r.content().indexOf('\n'))).hasSize(1 + (Workspace.MAX_READ_BYTES - 2) / 2);
    }

    @Test
    void searchText_inA50MbFile_stopsAtItsHitBound() throws Exception {
        long t0 = System.nanoTime();
        ToolResult r = call(Workspace.readOnly(root), "search_text", "{\"pattern\":\"needle\",\"path\":\"big.log\"}");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.content().lines().filter(l -> l.startsWith("big.log:")).count()).isEqualTo(Workspace.MAX_SEARCH_HITS);
        assertThat(r.content()).contains("big.log:100: a line that matches").contains("reached 100 hits");
        assertThat(ms).as("ms").isLessThan(5_000);
    }

    @Test
    void searchText_withoutHits_stopsAtItsByteBound_andALongLineIsMatchedOnItsStartOnly() throws Exception {
        ToolResult r = call(Workspace.readOnly(root), "search_text", "{\"pattern\":\"no such text\"}");
        assertThat(r.content()).contains("search stopped: scanned " + Workspace.MAX_SEARCH_BYTES + " bytes");
        assertThat(call(Workspace.readOnly(root), "search_text", "{\"pattern\":\"needle\",\"path\":\"one-line.txt\"}")
                .content()).startsWith("no match");
    }

    @Test
    void fileInfo_ofA50MbFile_countsItsLines() throws Exception {
        ToolResult r = call(Workspace.readOnly(root), "file_info", "{\"path\":\"big.log\"}");
        assertThat(r.content()).contains("size: " + Files.size(root.resolve("big.log")) + " bytes").contains("lines: " + LINES + "\n");
    }

    @Test
    void readFile_aRangeDeepInA50MbFile_returnsJustThoseLines() throws Exception {
        long t0 = System.nanoTime();
        ToolResult r = call(Workspace.readOnly(root), "read_file",
                "{\"path\":\"big.log\",\"fromLine\":" + (LINES - 1) + ",\"toLine\":" + (LINES + 5) + "}");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r).isEqualTo(ToolResult.ok(LINE + LINE));
        assertThat(ms).as("ms").isLessThan(5_000);
    }
}
