package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The loop that turns a streamed chat completion into an answer: SSE events → {@link StreamChunk}s → a
 * {@link StreamAccumulator}, each new piece of text handed to a consumer as it arrives, until {@code [DONE]} or the
 * end of the body. An error chunk (a top-level {@code error}, or a choice that finished with {@code "error"}) is
 * thrown as the mapped {@code ProviderException} carrying the text received so far; a payload that is not JSON is a
 * {@code MALFORMED_RESPONSE}. I/O failures propagate for the caller to map (deadline, interrupt or network).
 *
 * <pre>{@code
 * StreamAccumulator acc = new StreamAccumulator(model);
 * boolean done = StreamAssembly.read(new SseReader(body), acc, listener::onToken, headers, headerId, clock);
 * }</pre>
 */
public final class StreamAssembly {
    private StreamAssembly() {
    }

    /**
     * Reads the stream into {@code acc}.
     *
     * @param headers  the response headers (for the retry-after of an error chunk)
     * @param headerId the generation id from the headers, used when no chunk names one
     * @return whether the stream ended with {@code [DONE]}
     */
    public static boolean read(SseReader sse, StreamAccumulator acc, Consumer<String> tokens, HttpHeaders headers,
                               String headerId, Clock clock) throws IOException {
        for (SseEvent event; (event = sse.next()) != null; ) {
            if (event.isBlank()) continue;
            if (event.isDone()) return true;
            StreamChunk chunk;
            try {
                chunk = StreamChunk.parse(event.dataBytes());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ErrorMapper.malformed("stream chunk is not valid JSON", acc.model(), acc.id(), acc.text(), e);
            }
            String token = acc.accept(chunk);
            JsonNode error = errorOf(chunk);
            if (error != null) {
                throw ErrorMapper.fromError(error, null, headers, acc.model(), acc.id() != null ? acc.id() : headerId,
                        acc.upstream(), acc.text(), clock);
            }
            if (!token.isEmpty()) tokens.accept(token);
        }
        return false;
    }

    /** The chunk's error: a top-level {@code error}, or the choice's when it finished with {@code "error"}. */
    private static JsonNode errorOf(StreamChunk chunk) {
        if (chunk == null) return null;
        JsonNode error = chunk.error();
        if (error != null) return error;
        StreamChunk.Choice choice = chunk.choice();
        if (choice == null || !"error".equals(choice.finishReason())) return null;
        return choice.error() != null ? choice.error()
                : Json.MAPPER.createObjectNode().put("message", "the provider reported finish_reason \"error\"");
    }
}
