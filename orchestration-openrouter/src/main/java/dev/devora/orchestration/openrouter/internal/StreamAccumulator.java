package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.Usage;

import java.time.Duration;
import java.util.List;

/**
 * Assembles streamed {@code chat.completion.chunk}s into one answer. Content and reasoning deltas are
 * concatenated, tool-call fragments are grouped by index, {@code reasoning_details} are collected, and usage is
 * taken from whichever chunk carries it (the last one, whether its {@code choices} is empty or not). A later
 * {@code null} never overwrites a finish reason already received. {@code choices[0]} is never indexed blindly.
 *
 * <pre>{@code
 * StreamAccumulator acc = new StreamAccumulator("openai/gpt-4o");
 * String token = acc.accept(StreamChunk.parse(event.dataBytes())); // text for the listener, or ""
 * LlmResponse r = acc.toResponse(format, latency);
 * }</pre>
 */
public final class StreamAccumulator {
    private final String requestedModel;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final ToolCallAssembler toolCalls = new ToolCallAssembler();
    private ArrayNode reasoningDetails;
    private String pendingHighSurrogate = "";
    private String id;
    private String model;
    private String upstream;
    private String finishReason;
    private String nativeFinishReason;
    private Usage usage;
    private int chunks;

    public StreamAccumulator(String requestedModel) {
        this.requestedModel = requestedModel;
    }

    /**
     * Takes one chunk; returns the new text to deliver to the listener ("" when none). A trailing high surrogate is
     * held back until its low surrogate arrives, so a token never ends in half a character.
     */
    public String accept(StreamChunk chunk) {
        if (chunk == null) return "";
        chunks++;
        if (chunk.id() != null) id = chunk.id();
        if (chunk.model() != null) model = chunk.model();
        if (chunk.provider() != null) upstream = chunk.provider();
        Usage u = UsageMapper.map(chunk.usage());
        if (u != null) usage = u;
        StreamChunk.Choice choice = chunk.choice();
        if (choice == null) return "";
        if (choice.finishReason() != null) finishReason = choice.finishReason();
        if (choice.nativeFinishReason() != null) nativeFinishReason = choice.nativeFinishReason();
        StreamChunk.Delta delta = choice.delta();
        if (delta == null) return "";
        if (delta.reasoning() != null) reasoning.append(delta.reasoning());
        JsonNode details = delta.reasoningDetails();
        if (details != null && !details.isEmpty()) {
            if (reasoningDetails == null) reasoningDetails = Json.MAPPER.createArrayNode();
            reasoningDetails.addAll((ArrayNode) details);
        }
        toolCalls.addFragments(delta.toolCalls());
        String piece = delta.content();
        if (piece.isEmpty()) return "";
        text.append(piece);
        String out = pendingHighSurrogate.isEmpty() ? piece : pendingHighSurrogate + piece;
        pendingHighSurrogate = "";
        if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
            pendingHighSurrogate = out.substring(out.length() - 1);
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /** Text held back at the end of the stream (a lone high surrogate), to deliver last; usually "". */
    public String flush() {
        String s = pendingHighSurrogate;
        pendingHighSurrogate = "";
        return s;
    }

    /** The text received so far. */
    public String text() {
        return text.toString();
    }

    /** Whether a finish reason has been received. */
    public boolean finished() {
        return finishReason != null;
    }

    /** The id of the generation, when a chunk carried one. */
    public String id() {
        return id;
    }

    /** The model named by the chunks, else the requested one. */
    public String model() {
        return model != null ? model : requestedModel;
    }

    /** The upstream provider named by the chunks; or null. */
    public String upstream() {
        return upstream;
    }

    /** Number of chunks accepted. */
    public int chunks() {
        return chunks;
    }

    public LlmResponse toResponse(ResponseFormat format, Duration latency, String headerId) {
        List<ToolCall> calls = toolCalls.build();
        String content = text.toString();
        return LlmResponse.builder()
                .text(content)
                .json(ResponseMapper.parseJson(content, format))
                .finishReason(ResponseMapper.finishReason(finishReason, calls))
                .nativeFinishReason(nativeFinishReason)
                .toolCalls(calls)
                .reasoning(reasoning.length() == 0 ? null : reasoning.toString())
                .reasoningDetails(reasoningDetails)
                .usage(usage == null ? Usage.of(0, 0) : usage)
                .model(model())
                .upstreamProvider(upstream)
                .latency(latency)
                .requestId(id != null ? id : headerId)
                .build();
    }
}
