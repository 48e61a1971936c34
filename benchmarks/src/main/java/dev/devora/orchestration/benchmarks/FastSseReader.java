package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.openrouter.internal.SseEvent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A prototype, not used by the library: the same WHATWG rules and the same API as {@code internal.SseReader}
 * ({@code next()} → {@link SseEvent}, null at the end; {@code \r\n}/{@code \n}/{@code \r}; {@code :} comments
 * skipped; {@code data:} with or without a space; several {@code data} lines joined with {@code \n}; a leading BOM
 * dropped; data pending at the end dispatched; lines decoded whole, so a split character is never broken), written
 * to show what the reader could cost. Differences from {@code SseReader}:
 *
 * <ul>
 *   <li>lines are found and classified on the bytes, in place in the read buffer (copied only when a line spans
 *       two reads);</li>
 *   <li>comment lines are never decoded;</li>
 *   <li>only the value of a field is decoded, once (no {@code substring} for the field, none for the space, no
 *       {@code StringBuilder} for a single {@code data} line).</li>
 * </ul>
 *
 * {@link SseBenchmark#fastSseReader} measures it; the test checks it yields the same events as {@code SseReader}.
 */
final class FastSseReader implements AutoCloseable {
    private static final int MAX_LINE = 16 * 1024 * 1024;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipLf;
    private boolean first = true;
    private byte[] carry = new byte[256];
    private int carryLength;

    // the event being built
    private String data;
    private StringBuilder moreData;
    private String event;
    private String id;

    FastSseReader(InputStream in) {
        this(in, 8192);
    }

    FastSseReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    SseEvent next() throws IOException {
        while (true) {
            if (pos >= limit) {
                if (!fill()) {
                    if (carryLength > 0) {
                        int n = carryLength;
                        carryLength = 0;
                        SseEvent e = line(carry, 0, n);
                        if (e != null) return e;
                    }
                    return pending();
                }
            }
            byte[] b = buffer;
            int i = pos;
            if (skipLf) {
                skipLf = false;
                if (b[i] == '\n') {
                    pos = ++i;
                    if (i >= limit) continue;
                }
            }
            int end = i;
            int lim = limit;
            while (end < lim) {
                byte c = b[end];
                if (c == '\n' || c == '\r') break;
                end++;
            }
            if (end == lim) { // no terminator in the buffer: keep the partial line and read on
                append(b, i, end - i);
                pos = lim;
                continue;
            }
            skipLf = b[end] == '\r';
            pos = end + 1;
            SseEvent e;
            if (carryLength > 0) {
                append(b, i, end - i);
                int n = carryLength;
                carryLength = 0;
                e = line(carry, 0, n);
            } else {
                e = line(b, i, end - i);
            }
            if (e != null) return e;
        }
    }

    private boolean fill() throws IOException {
        while (!eof) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                eof = true;
                return false;
            }
            if (n > 0) {
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

    /** Handles one line; returns an event when the line dispatches one. */
    private SseEvent line(byte[] b, int off, int len) {
        if (first) {
            first = false;
            if (len >= 3 && (b[off] & 0xFF) == 0xEF && (b[off + 1] & 0xFF) == 0xBB && (b[off + 2] & 0xFF) == 0xBF) {
                off += 3;
                len -= 3;
            }
        }
        if (len == 0) {
            if (data != null) return pending();
            event = null;
            return null;
        }
        if (b[off] == ':') return null;
        int colon = -1;
        for (int k = off, e = off + len; k < e; k++) {
            if (b[k] == ':') {
                colon = k;
                break;
            }
        }
        int fieldLen = (colon < 0 ? off + len : colon) - off;
        int valueOff = colon < 0 ? off + len : colon + 1;
        int valueEnd = off + len;
        if (valueOff < valueEnd && b[valueOff] == ' ') valueOff++;
        if (is(b, off, fieldLen, DATA)) {
            String value = new String(b, valueOff, valueEnd - valueOff, StandardCharsets.UTF_8);
            if (data == null) {
                data = value;
            } else {
                if (moreData == null) moreData = new StringBuilder(data);
                moreData.append('\n').append(value);
            }
        } else if (is(b, off, fieldLen, EVENT)) {
            event = new String(b, valueOff, valueEnd - valueOff, StandardCharsets.UTF_8);
        } else if (is(b, off, fieldLen, ID)) {
            String value = new String(b, valueOff, valueEnd - valueOff, StandardCharsets.UTF_8);
            if (value.indexOf('\0') < 0) id = value;
        }
        return null;
    }

    private SseEvent pending() {
        if (data == null) return null;
        SseEvent e = new SseEvent(event, moreData != null ? moreData.toString() : data, id);
        data = null;
        moreData = null;
        event = null;
        id = null; // as SseReader: event and id belong to one event
        return e;
    }

    private static boolean is(byte[] b, int off, int len, byte[] name) {
        if (len != name.length) return false;
        for (int k = 0; k < len; k++) {
            if (b[off + k] != name[k]) return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
