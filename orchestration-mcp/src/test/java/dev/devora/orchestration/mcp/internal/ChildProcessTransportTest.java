package dev.devora.orchestration.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The line reading of {@link ChildProcessTransport}: line ends as the MCP stdio transport allows, and its bound. */
class ChildProcessTransportTest {
    @Test
    void readsLinesEndedByLfCrOrCrLf_andTheLastWithoutAnEnd() throws Exception {
        BufferedReader reader = new BufferedReader(new StringReader("a\nb\r\nc\rd"));
        StringBuilder line = new StringBuilder();
        StringBuilder seen = new StringBuilder();
        while (ChildProcessTransport.readLine(reader, line)) seen.append('[').append(line).append(']');
        assertThat(seen.toString()).isEqualTo("[a][b][c][d]");
    }

    @Test
    void aLineBeyondTheBound_isMarkedTooLongWithoutBeingKept_andTheNextLineIsRead() throws Exception {
        long longLine = ChildProcessTransport.MAX_LINE_CHARS + 1000L;
        Reader source = new Reader() {
            private long sent;
            private final String tail = "\n{\"jsonrpc\":\"2.0\"}\n";

            @Override
            public int read(char[] buf, int off, int len) {
                int n = 0;
                while (n < len) {
                    long i = sent - longLine;
                    if (i >= tail.length()) break;
                    buf[off + n++] = i < 0 ? 'x' : tail.charAt((int) i);
                    sent++;
                }
                return n == 0 ? -1 : n;
            }

            @Override
            public void close() {
            }
        };
        BufferedReader reader = new BufferedReader(source);
        StringBuilder line = new StringBuilder();
        assertThat(ChildProcessTransport.readLine(reader, line)).isTrue();
        assertThat(line.length()).isEqualTo(ChildProcessTransport.MAX_LINE_CHARS + 1);
        assertThat(ChildProcessTransport.readLine(reader, line)).isTrue();
        assertThat(line.toString()).isEqualTo("{\"jsonrpc\":\"2.0\"}");
        assertThat(ChildProcessTransport.readLine(reader, line)).isFalse();
    }
}
