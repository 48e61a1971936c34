package dev.devora.orchestration.openrouter.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RedactingInputStreamTest {
    static final String KEY = "sk-or-v1-abc123";
    static final byte[] KEY_BYTES = KEY.getBytes(StandardCharsets.UTF_8);
    static final byte[] MARK = "[redacted]".getBytes(StandardCharsets.UTF_8);

    /** Hands out its bytes in pieces of random sizes, as a network does. */
    static InputStream pieces(byte[] bytes, long seed) {
        Random random = new Random(seed);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(20)));
            }
        };
    }

    static String readAll(InputStream in, int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[bufferSize];
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) out.write(buf, 0, n);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyOccurrence_isReplaced_howeverTheReadsCutIt() throws IOException {
        String text = KEY + "data: {\"content\":\"é " + KEY + "\"}\n\nsk-or-v1-abc12 stays, " + KEY + KEY + " sk-or-v";
        String expected = text.replace(KEY, "[redacted]");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        for (long seed = 0; seed < 200; seed++) {
            for (int bufferSize : new int[] {1, 3, 7, 64}) {
                InputStream in = new RedactingInputStream(pieces(bytes, seed), KEY_BYTES, MARK);
                assertThat(readAll(in, bufferSize)).as("seed %d, buffer %d", seed, bufferSize).isEqualTo(expected);
            }
        }
    }

    @Test
    void singleByteReads_andAnIncompleteStartAtTheEnd_passThrough() throws IOException {
        InputStream in = new RedactingInputStream(new ByteArrayInputStream("a sk-or-v1-abc".getBytes(StandardCharsets.UTF_8)),
                KEY_BYTES, MARK);
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) sb.append((char) c);

        assertThat(sb).hasToString("a sk-or-v1-abc");
    }

    @Test
    void aCompleteLine_isPassedOnWithoutWaitingForMoreBytes() throws IOException {
        byte[] event = ("data: {\"content\":\"" + KEY + "\"}\n\n").getBytes(StandardCharsets.UTF_8);
        InputStream stalls = new InputStream() {
            private boolean sent;

            @Override
            public int read() {
                throw new AssertionError("single-byte read");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent) throw new AssertionError("read again before the event was passed on");
                sent = true;
                System.arraycopy(event, 0, b, off, event.length);
                return event.length;
            }
        };
        InputStream in = new RedactingInputStream(stalls, KEY_BYTES, MARK);
        byte[] buf = new byte[4096];

        int n = in.read(buf, 0, buf.length);

        assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("data: {\"content\":\"[redacted]\"}\n\n");
    }
}
