package dev.devora.orchestration.openrouter.internal;

import java.io.ByteArrayOutputStream;
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

    /** The secret as ISO-8859-1 text: one char per byte, so the JDK's indexOf matches bytes exactly. */
    private final String secret;
    private final byte[] replacement;
    private byte[] held = NONE;
    private byte[] ready = NONE;
    private int readyAt;
    private boolean ended;

    RedactingInputStream(InputStream in, byte[] secret, byte[] replacement) {
        super(Objects.requireNonNull(in, "in"));
        if (secret.length == 0) throw new IllegalArgumentException("secret must not be empty");
        this.secret = latin1(secret, 0, secret.length);
        this.replacement = replacement.clone();
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
            if (held.length == 0) {
                int n = in.read(b, off, len);
                if (n < 0) {
                    ended = true;
                    return -1;
                }
                String text = latin1(b, off, n);
                if (!text.contains(secret) && startOfSecretAtEnd(text) == 0) return n; // the common case: no copy
                take(text);
            } else {
                byte[] more = new byte[Math.max(len, 1024)];
                int n = in.read(more, 0, more.length);
                if (n < 0) {
                    ended = true;
                    ready = held; // an incomplete start of the secret is not the secret
                    readyAt = 0;
                    held = NONE;
                } else {
                    take(latin1(held, 0, held.length) + latin1(more, 0, n));
                }
            }
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

    /** Replaces the complete occurrences in {@code text}, holds back a trailing start of the secret, readies the rest. */
    private void take(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int from = 0;
        for (int at; (at = text.indexOf(secret, from)) >= 0; from = at + secret.length()) {
            out.write(bytes(text, from, at), 0, at - from);
            out.write(replacement, 0, replacement.length);
        }
        String rest = text.substring(from);
        int keep = startOfSecretAtEnd(rest);
        byte[] passed = bytes(rest, 0, rest.length() - keep);
        out.write(passed, 0, passed.length);
        held = bytes(rest, rest.length() - keep, rest.length());
        ready = out.toByteArray();
        readyAt = 0;
    }

    /** The length of the longest end of {@code text} that is a start (not all) of the secret; 0 when none. */
    private int startOfSecretAtEnd(String text) {
        for (int k = Math.min(secret.length() - 1, text.length()); k > 0; k--) {
            if (text.regionMatches(text.length() - k, secret, 0, k)) return k;
        }
        return 0;
    }

    private static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String latin1, int from, int to) {
        return latin1.substring(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
