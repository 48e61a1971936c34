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
 * String token = acc.accept(chunk);       // text to hand to the listener, or ""
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
    public String accept(JsonNode chunk) {
        if (chunk == null || !chunk.isObject()) return "";
        chunks++;
        if (Json.text(chunk, "id") != null) id = Json.text(chunk, "id");
        if (Json.text(chunk, "model") != null) model = Json.text(chunk, "model");
        if (Json.text(chunk, "provider") != null) upstream = Json.text(chunk, "provider");
        Usage u = UsageMapper.map(chunk.get("usage"));
        if (u != null) usage = u;
        JsonNode choice = ResponseMapper.firstChoice(Json.array(chunk, "choices"));
        if (choice == null) return "";
        String fr = Json.text(choice, "finish_reason");
        if (fr != null) finishReason = fr;
        String nfr = Json.text(choice, "native_finish_reason");
        if (nfr != null) nativeFinishReason = nfr;
        JsonNode delta = Json.object(choice, "delta");
        if (delta == null) delta = Json.object(choice, "message"); // some servers send whole messages
        if (delta == null) return "";
        String r = Json.text(delta, "reasoning");
        if (r != null) reasoning.append(r);
        JsonNode details = Json.array(delta, "reasoning_details");
        if (details != null && !details.isEmpty()) {
            if (reasoningDetails == null) reasoningDetails = Json.MAPPER.createArrayNode();
            reasoningDetails.addAll((ArrayNode) details);
        }
        toolCalls.addFragments(delta.get("tool_calls"));
        String piece = ResponseMapper.content(delta.get("content"));
        if (piece.isEmpty()) return "";
        text.append(piece);
        String out = pendingHighSurrogate + piece;
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
