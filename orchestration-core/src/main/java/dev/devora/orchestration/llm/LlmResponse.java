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
    /**
     * Normalises null text to "", a null finish reason to {@code UNKNOWN}, null tool calls to none and null usage to
     * zero.
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
     * @param requestId          the provider's id of this generation; or null /
     */
    public LlmResponse {
        text = text == null ? "" : text;
        finishReason = finishReason == null ? FinishReason.UNKNOWN : finishReason;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        usage = usage == null ? Usage.of(0, 0) : usage;
        latency = latency == null ? Duration.ZERO : latency;
    }

    /**
     * A builder with every field unset.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this response's values, to make a variant.
     *
     * @return a new builder
     */
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

        /**
         * The assistant's text; default "".
         *
         * @param text the text
         * @return this builder
         */
        public Builder text(String text) { this.text = text; return this; }
        /**
         * The text parsed as JSON; default null.
         *
         * @param json the JSON, or null
         * @return this builder
         */
        public Builder json(JsonNode json) { this.json = json; return this; }
        /**
         * The normalised finish reason; default {@code UNKNOWN}.
         *
         * @param reason the reason
         * @return this builder
         */
        public Builder finishReason(FinishReason reason) { this.finishReason = reason; return this; }
        /**
         * The provider's raw finish reason; default null.
         *
         * @param reason the raw reason
         * @return this builder
         */
        public Builder nativeFinishReason(String reason) { this.nativeFinishReason = reason; return this; }
        /**
         * Tool calls requested by the model; default none.
         *
         * @param calls the tool calls
         * @return this builder
         */
        public Builder toolCalls(List<ToolCall> calls) { this.toolCalls = calls; return this; }
        /**
         * Reasoning text the model exposed; default null.
         *
         * @param reasoning the reasoning text
         * @return this builder
         */
        public Builder reasoning(String reasoning) { this.reasoning = reasoning; return this; }
        /**
         * Provider reasoning blocks to pass back unmodified; default null.
         *
         * @param details the blocks
         * @return this builder
         */
        public Builder reasoningDetails(JsonNode details) { this.reasoningDetails = details; return this; }
        /**
         * Tokens and cost of the call; default zero tokens, unknown cost.
         *
         * @param usage the usage; not null
         * @return this builder
         */
        public Builder usage(Usage usage) { this.usage = Objects.requireNonNull(usage, "usage"); return this; }
        /**
         * The model that actually answered; default null.
         *
         * @param model the model id
         * @return this builder
         */
        public Builder model(String model) { this.model = model; return this; }
        /**
         * The upstream provider that served the answer; default null.
         *
         * @param provider e.g. {@code "OpenAI"}
         * @return this builder
         */
        public Builder upstreamProvider(String provider) { this.upstreamProvider = provider; return this; }
        /**
         * Time from sending the request to the end of the answer; default null.
         *
         * @param latency the latency
         * @return this builder
         */
        public Builder latency(Duration latency) { this.latency = latency; return this; }
        /**
         * The provider's id of this generation; default null.
         *
         * @param id the request id
         * @return this builder
         */
        public Builder requestId(String id) { this.requestId = id; return this; }

        /**
         * Builds the response.
         *
         * @return the response
         */
        public LlmResponse build() {
            return new LlmResponse(text, json, finishReason, nativeFinishReason, toolCalls, reasoning,
                    reasoningDetails, usage, model, upstreamProvider, latency, requestId);
        }
    }
}
