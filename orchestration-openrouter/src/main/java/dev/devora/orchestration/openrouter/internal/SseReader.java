package dev.devora.orchestration.openrouter.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A server-sent-events reader that follows the WHATWG rules, fed by any {@link InputStream}: lines end with
 * {@code \r\n}, {@code \n} or {@code \r}; lines starting with {@code :} are comments (OpenRouter's
 * {@code : OPENROUTER PROCESSING} keep-alives) and are skipped; {@code data:} may or may not be followed by a
 * space; several {@code data} lines of one event are joined with {@code \n}; a blank line dispatches the event; a
 * leading byte-order mark is dropped. Bytes are decoded per complete line, so a multi-byte UTF-8 character split
 * across network reads is never broken. One deviation for robustness: data pending when the stream ends is still
 * dispatched. Not thread-safe; one reader per stream.
 *
 * <pre>{@code
 * try (SseReader sse = new SseReader(body)) {
 *     for (SseEvent e; (e = sse.next()) != null; ) {
 *         if (e.data().equals("[DONE]")) break;
 *         handle(e.data());
 *     }
 * }
 * }</pre>
 */
public final class SseReader implements Closeable {
    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final InputStream in;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipLf;
    private boolean first = true;
    private byte[] line = new byte[256];
    private int lineLength;

    public SseReader(InputStream in) {
        this(in, 8192);
    }

    /** A reader with a given read-buffer size (small sizes are useful to test splits). */
    public SseReader(InputStream in, int bufferSize) {
        this.in = java.util.Objects.requireNonNull(in, "in");
        if (bufferSize < 1) throw new IllegalArgumentException("bufferSize must be ≥ 1, was " + bufferSize);
        this.buffer = new byte[bufferSize];
    }

    /** The next event, or null at the end of the stream. Blocks while waiting for bytes. */
    public SseEvent next() throws IOException {
        StringBuilder data = null;
        String event = null;
        String id = null;
        while (true) {
            String l = readLine();
            if (l == null) {
                return data == null ? null : new SseEvent(event, data.toString(), id);
            }
            if (l.isEmpty()) {
                if (data != null) return new SseEvent(event, data.toString(), id);
                event = null; // an event without data is not dispatched
                continue;
            }
            if (l.charAt(0) == ':') continue;
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "data":
                    if (data == null) data = new StringBuilder(value);
                    else data.append('\n').append(value);
                    break;
                case "event":
                    event = value;
                    break;
                case "id":
                    if (value.indexOf('\0') < 0) id = value;
                    break;
                default:
                    break; // "retry" and unknown fields are ignored
            }
        }
    }

    /** The next line without its terminator, or null at the end of the stream (a final unterminated line counts). */
    String readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (pos >= limit) {
                if (eof) return lineLength > 0 ? decode() : null;
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    eof = true;
                    continue;
                }
                pos = 0;
                limit = n;
                continue;
            }
            byte b = buffer[pos++];
            if (skipLf) {
                skipLf = false;
                if (b == '\n') continue;
            }
            if (b == '\n') return decode();
            if (b == '\r') {
                skipLf = true;
                return decode();
            }
            if (lineLength == line.length) {
                if (line.length >= MAX_LINE) throw new IOException("SSE line longer than " + MAX_LINE + " bytes");
                line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
            }
            line[lineLength++] = b;
        }
    }

    private String decode() {
        int start = 0;
        if (first) {
            first = false;
            if (lineLength >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                start = 3;
            }
        }
        return new String(line, start, lineLength - start, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
