package dev.devora.orchestration.openrouter.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A stream that replaces every occurrence of a secret byte sequence as it is read, wherever the reads of
 * the underlying stream happen to cut it. Only bytes at the end of what has arrived that could begin the secret are
 * held back until the next bytes tell; everything else is passed on at once. The secret (an API key, a header
 * value) holds no line break, so a line, and with it an SSE event, is never delayed.
 *
 * <pre>{@code
 * SseReader sse = new SseReader(new RedactingInputStream(body, keyBytes, "[redacted]".getBytes(UTF_8)));
 * }</pre>
 */
final class RedactingInputStream extends FilterInputStream {
    private static final byte[] NONE = new byte[0];

    /** Works on ISO-8859-1 text: one char per byte, so the JDK's indexOf matches bytes exactly. */
    private final SecretReplacer replacer;
    private byte[] ready = NONE;
    private int readyAt;
    private boolean ended;

    RedactingInputStream(InputStream in, byte[] secret, byte[] replacement) {
        super(Objects.requireNonNull(in, "in"));
        this.replacer = new SecretReplacer(latin1(secret, 0, secret.length), latin1(replacement, 0, replacement.length));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        while (readyAt == ready.length) {
            if (ended) return -1;
            boolean holding = replacer.holding();
            int n = in.read(b, off, len);
            String out;
            if (n < 0) {
                ended = true;
                out = replacer.flush(); // an incomplete start of the secret is not the secret
            } else {
                String text = latin1(b, off, n);
                out = replacer.push(text);
                if (out == text && !holding) return n; // the common case: the bytes read are passed on as they are
            }
            ready = out.getBytes(StandardCharsets.ISO_8859_1);
            readyAt = 0;
        }
        int n = Math.min(len, ready.length - readyAt);
        System.arraycopy(ready, readyAt, b, off, n);
        readyAt += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return ready.length - readyAt;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        byte[] sink = new byte[1024];
        while (skipped < n) {
            int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readLimit) {
        // not supported
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
