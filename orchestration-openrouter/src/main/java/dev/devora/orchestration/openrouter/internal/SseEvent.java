package dev.devora.orchestration.openrouter.internal;

/**
 * One server-sent event: its {@code data} lines joined with {@code \n}, and its optional {@code event} and
 * {@code id} fields.
 *
 * <pre>{@code
 * SseEvent e = reader.next();
 * if ("[DONE]".equals(e.data())) return;
 * }</pre>
 *
 * @param event the event type; or null (the default, {@code message})
 * @param data  the payload; never null
 * @param id    the last event id; or null
 */
public record SseEvent(String event, String data, String id) {
}
