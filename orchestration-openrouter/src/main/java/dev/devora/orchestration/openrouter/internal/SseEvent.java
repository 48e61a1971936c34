package dev.devora.orchestration.openrouter.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One server-sent event: its {@code data} lines joined with {@code \n}, and its optional {@code event} and
 * {@code id} fields. The data is kept as the UTF-8 bytes it arrived in, so a JSON payload can be parsed without
 * first being decoded into a {@code String}; {@link #data()} decodes it on demand.
 *
 * <pre>{@code
 * SseEvent e = reader.next();
 * if (e.isDone()) return;                       // data: [DONE]
 * JsonNode chunk = Json.parse(e.dataBytes());
 * }</pre>
 */
public final class SseEvent {
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

    private final String event;
    private final byte[] data;
    private final String id;
    private String text;

    /**
     * @param event the event type; or null (the default, {@code message})
     * @param data  the payload; never null
     * @param id    the event id; or null
     */
    public SseEvent(String event, String data, String id) {
        this(event, Objects.requireNonNull(data, "data").getBytes(StandardCharsets.UTF_8), id);
        this.text = data;
    }

    /** An event whose data are UTF-8 bytes, owned by the event from now on. */
    SseEvent(String event, byte[] data, String id) {
        this.event = event;
        this.data = Objects.requireNonNull(data, "data");
        this.id = id;
    }

    /** The event type; or null (the default, {@code message}). */
    public String event() {
        return event;
    }

    /** The payload as text; never null. */
    public String data() {
        String t = text;
        if (t == null) text = t = new String(data, StandardCharsets.UTF_8);
        return t;
    }

    /** The payload as UTF-8 bytes; never null. Callers must not modify the array. */
    public byte[] dataBytes() {
        return data;
    }

    /** The event id; or null. */
    public String id() {
        return id;
    }

    /** Whether the payload is empty or only whitespace. */
    public boolean isBlank() {
        return Json.isBlank(data);
    }

    /** Whether the payload is OpenRouter's end-of-stream marker {@code [DONE]} (surrounding whitespace allowed). */
    public boolean isDone() {
        int from = 0;
        int to = data.length;
        while (from < to && Json.isWhitespace(data[from])) from++;
        while (to > from && Json.isWhitespace(data[to - 1])) to--;
        return Arrays.equals(data, from, to, DONE, 0, DONE.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SseEvent e && Objects.equals(event, e.event) && Arrays.equals(data, e.data)
                && Objects.equals(id, e.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, Arrays.hashCode(data), id);
    }

    @Override
    public String toString() {
        return "SseEvent[event=" + event + ", data=" + data() + ", id=" + id + "]";
    }
}
