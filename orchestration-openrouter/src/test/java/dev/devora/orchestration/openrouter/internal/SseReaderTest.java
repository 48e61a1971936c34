package dev.devora.orchestration.openrouter.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SseReaderTest {

    private static List<SseEvent> read(String text, int bufferSize) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), bufferSize);
    }

    private static List<SseEvent> read(byte[] bytes, int bufferSize) throws IOException {
        List<SseEvent> out = new ArrayList<>();
        try (SseReader r = new SseReader(new ByteArrayInputStream(bytes), bufferSize)) {
            for (SseEvent e; (e = r.next()) != null; ) out.add(e);
        }
        return out;
    }

    private static List<String> data(String text) throws IOException {
        return read(text, 8192).stream().map(SseEvent::data).toList();
    }

    @Test
    void streamSkipsCommentLines_andJoinsMultiLineData() throws IOException {
        assertThat(data(": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: {\"a\":\ndata: 1}\n\ndata: [DONE]\n\n"))
                .containsExactly("{\"a\":\n1}", "[DONE]");
    }

    @Test
    void acceptsCrLf_Lf_andCr_lineEndings() throws IOException {
        assertThat(data("data: one\r\n\r\ndata: two\n\ndata: three\r\rdata: four\r\n\n")).containsExactly("one", "two", "three", "four");
    }

    @Test
    void crLfSplitAcrossReads_isOneLineEnding() throws IOException {
        List<SseEvent> events = read("data: a\r\n\r\ndata: b\r\n\r\n", 1);
        assertThat(events).extracting(SseEvent::data).containsExactly("a", "b");
    }

    @Test
    void dataWithoutSpace_andOtherFields_areParsedPerSpec() throws IOException {
        List<SseEvent> events = read("event: delta\nid: 7\nretry: 100\ndata:x\ndata:  y\nunknown: z\n\n", 8192);
        assertThat(events).containsExactly(new SseEvent("delta", "x\n y", "7"));
    }

    @Test
    void blankEventsAndEventsWithoutData_areNotDispatched() throws IOException {
        assertThat(data("\n\n\nevent: ping\n\ndata: real\n\n")).containsExactly("real");
    }

    @Test
    void leadingByteOrderMark_isDropped() throws IOException {
        assertThat(data("\uFEFFdata: first\n\n")).containsExactly("first");
    }

    @Test
    void multiByteCharactersSplitAcrossEveryRead_areDecodedWhole() throws IOException {
        String text = "data: {\"content\":\"héllo wörld ✓ 😀 日本語\"}\n\n";
        for (int size = 1; size <= 7; size++) {
            assertThat(read(text, size)).extracting(SseEvent::data)
                    .containsExactly("{\"content\":\"héllo wörld ✓ 😀 日本語\"}");
        }
    }

    @Test
    void pendingDataAtEndOfStream_isStillDispatched() throws IOException {
        assertThat(data("data: a\n\ndata: [DONE]")).containsExactly("a", "[DONE]");
    }

    @Test
    void everyRuleHolds_forEveryReadSize() throws IOException {
        Map<String, List<SseEvent>> cases = new LinkedHashMap<>();
        cases.put("\uFEFFdata: a\n\n: comment\n\ndata:b\ndata: c\n\nevent: x\nid: 7\ndata: {\"k\":\"caf\u00e9 \uD83D\uDE42\"}\n\n",
                List.of(event("a"), event("b\nc"), new SseEvent("x", "{\"k\":\"caf\u00e9 \uD83D\uDE42\"}", "7")));
        cases.put("data: one\r\n\r\ndata: two\r\rdata: three\n\ndata: no end",
                List.of(event("one"), event("two"), event("three"), event("no end")));
        cases.put("event: lonely\n\ndata\n\ndata:\n\nid: a\0b\ndata: z\n\nretry: 5\nfoo: bar\ndata:  two spaces\n\n",
                List.of(event(""), event(""), event("z"), event(" two spaces")));
        cases.put(": OPENROUTER PROCESSING\n\ndata: [DONE]\n\n", List.of(event("[DONE]")));
        cases.put("id: 1\n\ndata: keeps the id\n\ndata: long " + "x".repeat(20_000) + "\n\n",
                List.of(new SseEvent(null, "keeps the id", "1"), event("long " + "x".repeat(20_000))));
        for (Map.Entry<String, List<SseEvent>> c : cases.entrySet()) {
            for (int size : new int[] {1, 2, 3, 7, 64, 8192}) {
                assertThat(read(c.getKey(), size)).as("%s @%d", c.getKey(), size).isEqualTo(c.getValue());
            }
        }
    }

    @Test
    void doneAndBlankPayloads_areRecognisedOnTheBytes() {
        assertThat(event("[DONE]").isDone()).isTrue();
        assertThat(event(" [DONE]\r\n").isDone()).isTrue();
        assertThat(event("[DONE] later").isDone()).isFalse();
        assertThat(event("{\"x\":\"[DONE]\"}").isDone()).isFalse();
        assertThat(event(" \n\t").isBlank()).isTrue();
        assertThat(event("{}").isBlank()).isFalse();
        assertThat(event("caf\u00e9").dataBytes()).isEqualTo("caf\u00e9".getBytes(StandardCharsets.UTF_8));
    }

    private static SseEvent event(String data) {
        return new SseEvent(null, data, null);
    }

    @Test
    void slowStreamDeliveringOneByteAtATime_isReadCompletely() throws IOException {
        byte[] bytes = ": keep-alive\r\n\r\ndata: {\"x\":1}\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new InputStream() {
            int i;
            @Override public int read() { return i < bytes.length ? bytes[i++] & 0xFF : -1; }
            @Override public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) return -1;
                b[off] = bytes[i++];
                return 1;
            }
        };
        try (SseReader r = new SseReader(trickle)) {
            assertThat(r.next().data()).isEqualTo("{\"x\":1}");
            assertThat(r.next()).isNull();
        }
    }
}
