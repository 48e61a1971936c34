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
 * leading byte-order mark is dropped. One deviation for robustness: data pending when the stream ends is still
 * dispatched. Not thread-safe; one reader per stream.
 *
 * <p>Lines are found and classified on the bytes, in place in the read buffer (copied only when a line spans two
 * reads); comment lines are never decoded; a {@code data} value is copied once into the event as UTF-8 bytes, so a
 * multi-byte character split across network reads is never broken and a JSON payload can be parsed without a
 * {@code String} in between. {@code event} and {@code id} belong to the event they come with.
 *
 * <pre>{@code
 * try (SseReader sse = new SseReader(body)) {
 *     for (SseEvent e; (e = sse.next()) != null; ) {
 *         if (e.isDone()) break;
 *         handle(e.dataBytes());
 *     }
 * }
 * }</pre>
 */
public final class SseReader implements Closeable {
    private static final int MAX_LINE = 16 * 1024 * 1024;
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] ID = {'i', 'd'};

    private final InputStream in;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipLf;
    private boolean first = true;
    /** The start of a line that spans reads. */
    private byte[] carry = new byte[256];
    private int carryLength;

    // the event being built
    private byte[] data;
    private int dataLength;
    private String event;
    private String id;

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
        while (true) {
            if (pos >= limit && !fill()) {
                if (carryLength > 0) { // a final line without a terminator
                    int n = carryLength;
                    carryLength = 0;
                    SseEvent e = line(carry, 0, n);
                    if (e != null) return e;
                }
                return dispatch();
            }
            byte[] b = buffer;
            int start = pos;
            if (skipLf) { // the \n of a \r\n split across reads
                skipLf = false;
                if (b[start] == '\n') {
                    pos = ++start;
                    if (start >= limit) continue;
                }
            }
            int end = start;
            while (end < limit && b[end] != '\n' && b[end] != '\r') end++;
            if (end == limit) { // no terminator yet: keep the partial line and read on
                append(b, start, end - start);
                pos = limit;
                continue;
            }
            skipLf = b[end] == '\r';
            pos = end + 1;
            SseEvent e;
            if (carryLength > 0) {
                append(b, start, end - start);
                int n = carryLength;
                carryLength = 0;
                e = line(carry, 0, n);
            } else {
                e = line(b, start, end - start);
            }
            if (e != null) return e;
        }
    }

    private boolean fill() throws IOException {
        while (!eof) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                eof = true;
            } else if (n > 0) {
                pos = 0;
                limit = n;
                return true;
            }
        }
        return false;
    }

    private void append(byte[] b, int off, int len) throws IOException {
        if (carryLength + len > carry.length) {
            if (carryLength + len > MAX_LINE) throw new IOException("SSE line longer than " + MAX_LINE + " bytes");
            carry = Arrays.copyOf(carry, Math.min(MAX_LINE, Math.max(carry.length * 2, carryLength + len)));
        }
        System.arraycopy(b, off, carry, carryLength, len);
        carryLength += len;
    }

    /** Handles one line (without its terminator); returns an event when the line dispatches one. */
    private SseEvent line(byte[] b, int off, int len) {
        if (first) {
            first = false;
            if (len >= 3 && (b[off] & 0xFF) == 0xEF && (b[off + 1] & 0xFF) == 0xBB && (b[off + 2] & 0xFF) == 0xBF) {
                off += 3;
                len -= 3;
            }
        }
        if (len == 0) {
            if (data != null) return dispatch();
            event = null; // an event without data is not dispatched
            return null;
        }
        if (b[off] == ':') return null;
        int end = off + len;
        int colon = off;
        while (colon < end && b[colon] != ':') colon++;
        int fieldLength = colon - off;
        int value = colon < end ? colon + 1 : end;
        if (value < end && b[value] == ' ') value++;
        if (is(b, off, fieldLength, DATA)) {
            addData(b, value, end - value);
        } else if (is(b, off, fieldLength, EVENT)) {
            event = new String(b, value, end - value, StandardCharsets.UTF_8);
        } else if (is(b, off, fieldLength, ID)) {
            String v = new String(b, value, end - value, StandardCharsets.UTF_8);
            if (v.indexOf('\0') < 0) id = v;
        } // "retry" and unknown fields are ignored
        return null;
    }

    private void addData(byte[] b, int off, int len) {
        if (data == null) { // the usual case, one data line: the value is copied once, exactly sized
            data = Arrays.copyOfRange(b, off, off + len);
            dataLength = len;
            return;
        }
        int needed = dataLength + 1 + len;
        if (needed > data.length) data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        data[dataLength++] = '\n';
        System.arraycopy(b, off, data, dataLength, len);
        dataLength += len;
    }

    private SseEvent dispatch() {
        if (data == null) return null;
        byte[] d = dataLength == data.length ? data : Arrays.copyOf(data, dataLength);
        SseEvent e = new SseEvent(event, d, id);
        data = null;
        dataLength = 0;
        event = null;
        id = null;
        return e;
    }

    private static boolean is(byte[] b, int off, int len, byte[] name) {
        return Arrays.equals(b, off, off + len, name, 0, name.length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
