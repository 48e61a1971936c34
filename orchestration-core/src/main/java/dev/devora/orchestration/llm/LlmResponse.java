package dev.devora.orchestration.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A model's complete answer with its accounting.
 *
 * <pre>{@code
 * LlmResponse r = llm.complete(request);
 * r.text();                 // "Paris."
 * r.model();                // the model that actually answered (may be a fallback)
 * r.usage().costUsd();      // 0.00002415, or null when the provider did not say
 * r.finishReason();         // STOP
 * }</pre>
 *
 * @param text               the assistant's text ("" when it only called tools)
 * @param json               the text parsed as JSON when a JSON response format was asked and it parsed; or null
 * @param finishReason       normalised finish reason
 * @param nativeFinishReason the provider's raw finish reason; or null
 * @param toolCalls          tool calls requested by the model
 * @param reasoning          reasoning text when the model exposes it; or null
 * @param reasoningDetails   provider reasoning blocks to pass back unmodified; or null
 * @param usage              tokens and cost
 * @param model              the model that actually answered
 * @param upstreamProvider   the upstream provider that served it (e.g. {@code "OpenAI"}); or null
 * @param latency            time from sending the request to the end of the answer
 * @param requestId          the provider's id of this generation; or null
 */
public record LlmResponse(String text, JsonNode json, FinishReason finishReason, String nativeFinishReason,
                          List<ToolCall> toolCalls, String reasoning, JsonNode reasoningDetails, Usage usage,
                          String model, String upstreamProvider, Duration latency, String requestId) {
    public LlmResponse {
        text = text == null ? "" : text;
        finishReason = finishReason == null ? FinishReason.UNKNOWN : finishReason;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        usage = usage == null ? Usage.of(0, 0) : usage;
        latency = latency == null ? Duration.ZERO : latency;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().text(text).json(json).finishReason(finishReason).nativeFinishReason(nativeFinishReason)
                .toolCalls(toolCalls).reasoning(reasoning).reasoningDetails(reasoningDetails).usage(usage)
                .model(model).upstreamProvider(upstreamProvider).latency(latency).requestId(requestId);
    }

    /** Builder for {@link LlmResponse}. */
    public static final class Builder {
        private String text = "";
        private JsonNode json;
        private FinishReason finishReason = FinishReason.STOP;
        private String nativeFinishReason;
        private List<ToolCall> toolCalls = List.of();
        private String reasoning;
        private JsonNode reasoningDetails;
        private Usage usage = Usage.of(0, 0);
        private String model;
        private String upstreamProvider;
        private Duration latency = Duration.ZERO;
        private String requestId;

        private Builder() {
        }

        public Builder text(String text) { this.text = text; return this; }
        public Builder json(JsonNode json) { this.json = json; return this; }
        public Builder finishReason(FinishReason reason) { this.finishReason = reason; return this; }
        public Builder nativeFinishReason(String reason) { this.nativeFinishReason = reason; return this; }
        public Builder toolCalls(List<ToolCall> calls) { this.toolCalls = calls; return this; }
        public Builder reasoning(String reasoning) { this.reasoning = reasoning; return this; }
        public Builder reasoningDetails(JsonNode details) { this.reasoningDetails = details; return this; }
        public Builder usage(Usage usage) { this.usage = Objects.requireNonNull(usage, "usage"); return this; }
        public Builder model(String model) { this.model = model; return this; }
        public Builder upstreamProvider(String provider) { this.upstreamProvider = provider; return this; }
        public Builder latency(Duration latency) { this.latency = latency; return this; }
        public Builder requestId(String id) { this.requestId = id; return this; }

        public LlmResponse build() {
            return new LlmResponse(text, json, finishReason, nativeFinishReason, toolCalls, reasoning,
                    reasoningDetails, usage, model, upstreamProvider, latency, requestId);
        }
    }
}
