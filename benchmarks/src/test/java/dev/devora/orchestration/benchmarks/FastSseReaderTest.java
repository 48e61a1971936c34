package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.openrouter.internal.SseEvent;
import dev.devora.orchestration.openrouter.internal.SseReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The prototype reader yields exactly the events of {@code SseReader}, for every read size and line ending. */
class FastSseReaderTest {
    static final String[] CASES = {
            "\uFEFFdata: a\n\n: comment\n\ndata:b\ndata: c\n\nevent: x\nid: 7\ndata: {\"k\":\"caf\u00e9 \uD83D\uDE42\"}\n\n",
            "data: one\r\n\r\ndata: two\r\rdata: three\n\ndata: no end",
            "event: lonely\n\ndata\n\ndata:\n\nid: a\0b\ndata: z\n\nretry: 5\nfoo: bar\ndata:  two spaces\n\n",
            ": OPENROUTER PROCESSING\n\ndata: [DONE]\n\n",
    };

    @Test
    void sameEventsAsSseReader() throws IOException {
        List<String> all = new ArrayList<>(List.of(CASES));
        all.add(new String(SseCorpus.of(64 * 1024).bytes, StandardCharsets.UTF_8));
        for (String c : all) {
            byte[] bytes = c.getBytes(StandardCharsets.UTF_8);
            for (int size : new int[] {1, 2, 3, 7, 64, 8192}) {
                assertThat(fast(bytes, size)).as("%s @%d", c, size).isEqualTo(reference(bytes, size));
            }
        }
    }

    private static List<SseEvent> reference(byte[] bytes, int size) throws IOException {
        List<SseEvent> out = new ArrayList<>();
        try (SseReader r = new SseReader(new ByteArrayInputStream(bytes), size)) {
            for (SseEvent e; (e = r.next()) != null; ) out.add(e);
        }
        return out;
    }

    private static List<SseEvent> fast(byte[] bytes, int size) throws IOException {
        List<SseEvent> out = new ArrayList<>();
        try (FastSseReader r = new FastSseReader(new ByteArrayInputStream(bytes), size)) {
            for (SseEvent e; (e = r.next()) != null; ) out.add(e);
        }
        return out;
    }
}
