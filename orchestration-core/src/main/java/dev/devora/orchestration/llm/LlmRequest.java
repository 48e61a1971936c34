package dev.devora.orchestration.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request to a model. Only {@code messages} is required; every other field is sent only when set, so the
 * provider's or the model's defaults apply otherwise.
 *
 * <pre>{@code
 * LlmRequest request = LlmRequest.builder()
 *         .model("openai/gpt-5-mini")
 *         .fallbackModels(List.of("anthropic/claude-haiku-4.5"))
 *         .message(LlmMessage.system("You are terse."))
 *         .message(LlmMessage.user("Describe REST in one line."))
 *         .temperature(0.2)
 *         .maxTokens(200)
 *         .timeout(Duration.ofSeconds(60))
 *         .build();
 * }</pre>
 *
 * @param messages       the conversation, at least one message
 * @param model          model id (e.g. {@code openai/gpt-5-mini}); null for the provider's default
 * @param fallbackModels models to try, in order, when {@code model} fails or is unavailable
 * @param temperature    sampling temperature, 0 to 2; or null
 * @param maxTokens      completion token limit; or null
 * @param stop           stop sequences (at most 4)
 * @param seed           sampling seed, for providers that honour it; or null
 * @param responseFormat text, JSON object or JSON schema; or null for text
 * @param tools          functions the model may call
 * @param toolChoice     {@code "auto"}, {@code "none"}, {@code "required"} or a tool name; or null
 * @param reasoning      reasoning controls; or null
 * @param user           a stable id of the end user, for abuse tracking; or null
 * @param timeout        overrides the provider's request timeout for this call; or null
 * @param attributes     context for providers, logs and test fixtures (run id, step path, agent); never sent
 *                       as model input. Keys: {@link #RUN_ID}, {@link #STEP_PATH}, {@link #AGENT}.
 */
public record LlmRequest(List<LlmMessage> messages, String model, List<String> fallbackModels, Double temperature,
                         Integer maxTokens, List<String> stop, Long seed, ResponseFormat responseFormat,
                         List<ToolDefinition> tools, String toolChoice, ReasoningOptions reasoning, String user,
                         Duration timeout, Map<String, String> attributes) {

    /** Attribute: id of the run making the call. */
    public static final String RUN_ID = "run.id";
    /** Attribute: path of the step making the call, e.g. {@code review/critique/security}. */
    public static final String STEP_PATH = "step.path";
    /** Attribute: name of the agent making the call. */
    public static final String AGENT = "agent";

    /**
     * Copies the lists and map and checks the ranges.
     *
     * @throws IllegalArgumentException if the temperature is outside 0..2, maxTokens below 1, more than 4 stop
     *     sequences
     *     are given or the timeout is not positive
     * @param messages       the conversation, at least one message
     * @param model          model id (e.g. {@code openai/gpt-5-mini}); null for the provider's default
     * @param fallbackModels models to try, in order, when {@code model} fails or is unavailable
     * @param temperature    sampling temperature, 0 to 2; or null
     * @param maxTokens      completion token limit; or null
     * @param stop           stop sequences (at most 4)
     * @param seed           sampling seed, for providers that honour it; or null
     * @param responseFormat text, JSON object or JSON schema; or null for text
     * @param tools          functions the model may call
     * @param toolChoice     {@code "auto"}, {@code "none"}, {@code "required"} or a tool name; or null
     * @param reasoning      reasoning controls; or null
     * @param user           a stable id of the end user, for abuse tracking; or null
     * @param timeout        overrides the provider's request timeout for this call; or null
     * @param attributes     context for providers, logs and test fixtures (run id, step path, agent); never sent as
     *     model input. Keys: {@link #RUN_ID}, {@link #STEP_PATH}, {@link #AGENT}. /
     */
    public LlmRequest {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) throw new IllegalArgumentException("messages must not be empty");
        fallbackModels = fallbackModels == null ? List.of() : List.copyOf(fallbackModels);
        stop = stop == null ? List.of() : List.copyOf(stop);
        tools = tools == null ? List.of() : List.copyOf(tools);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be ≥ 1, was " + maxTokens);
        }
        if (stop.size() > 4) {
            throw new IllegalArgumentException("stop takes at most 4 sequences, was " + stop.size());
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /**
     * A builder with no message and every option unset.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this request's values, to make a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages.addAll(messages);
        b.model = model;
        b.fallbackModels = fallbackModels;
        b.temperature = temperature;
        b.maxTokens = maxTokens;
        b.stop = stop;
        b.seed = seed;
        b.responseFormat = responseFormat;
        b.tools = tools;
        b.toolChoice = toolChoice;
        b.reasoning = reasoning;
        b.user = user;
        b.timeout = timeout;
        b.attributes.putAll(attributes);
        return b;
    }

    /**
     * This request with attributes added (or replaced); nothing else is copied.
     *
     * @param extra the attributes to add; they replace attributes with the same key
     * @return a new request
     */
    public LlmRequest withAttributes(Map<String, String> extra) {
        Map<String, String> merged;
        if (extra.keySet().containsAll(attributes.keySet())) {
            merged = extra;
        } else {
            merged = new LinkedHashMap<>(attributes);
            merged.putAll(extra);
        }
        return new LlmRequest(messages, model, fallbackModels, temperature, maxTokens, stop, seed, responseFormat,
                tools, toolChoice, reasoning, user, timeout, merged);
    }

    /**
     * The attribute's value, or null.
     *
     * @param key the attribute key, e.g. {@link #STEP_PATH}
     * @return the value, or null when absent
     */
    public String attribute(String key) {
        return attributes.get(key);
    }

    /**
     * The text of the last user message, or the empty string.
     *
     * @return the text of the last {@link Role#USER} message
     */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) return messages.get(i).content();
        }
        return "";
    }

    /** Builder for {@link LlmRequest}. */
    public static final class Builder {
        private final List<LlmMessage> messages = new ArrayList<>();
        private String model;
        private List<String> fallbackModels = List.of();
        private Double temperature;
        private Integer maxTokens;
        private List<String> stop = List.of();
        private Long seed;
        private ResponseFormat responseFormat;
        private List<ToolDefinition> tools = List.of();
        private String toolChoice;
        private ReasoningOptions reasoning;
        private String user;
        private Duration timeout;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Appends a message to the conversation.
         *
         * @param message the message; not null
         * @return this builder
         */
        public Builder message(LlmMessage message) { messages.add(Objects.requireNonNull(message, "message")); return this; }
        /**
         * Replaces the conversation with these messages.
         *
         * @param list the messages, in order
         * @return this builder
         */
        public Builder messages(List<LlmMessage> list) { messages.clear(); messages.addAll(list); return this; }
        /**
         * The model to call; default null (the provider's default model).
         *
         * @param model the model id, e.g. {@code openai/gpt-5-mini}
         * @return this builder
         */
        public Builder model(String model) { this.model = model; return this; }
        /**
         * Models to try, in order, when the model fails or is unavailable; default none.
         *
         * @param models the fallback model ids
         * @return this builder
         */
        public Builder fallbackModels(List<String> models) { this.fallbackModels = models; return this; }
        /**
         * Sampling temperature; default null (the model's default).
         *
         * @param temperature 0 to 2, or null
         * @return this builder
         */
        public Builder temperature(Double temperature) { this.temperature = temperature; return this; }
        /**
         * Completion token limit; default null (the model's default).
         *
         * @param maxTokens at least 1, or null
         * @return this builder
         */
        public Builder maxTokens(Integer maxTokens) { this.maxTokens = maxTokens; return this; }
        /**
         * Stop sequences; default none.
         *
         * @param stop at most 4 sequences
         * @return this builder
         */
        public Builder stop(List<String> stop) { this.stop = stop; return this; }
        /**
         * Sampling seed for providers that honour it; default null.
         *
         * @param seed the seed, or null
         * @return this builder
         */
        public Builder seed(Long seed) { this.seed = seed; return this; }
        /**
         * The shape of the answer; default null (text).
         *
         * @param format text, JSON object or JSON schema
         * @return this builder
         */
        public Builder responseFormat(ResponseFormat format) { this.responseFormat = format; return this; }
        /**
         * Functions the model may call; default none.
         *
         * @param tools the tool definitions
         * @return this builder
         */
        public Builder tools(List<ToolDefinition> tools) { this.tools = tools; return this; }
        /**
         * How the model may use the tools; default null (the provider's default, usually {@code "auto"}).
         *
         * @param toolChoice {@code "auto"}, {@code "none"}, {@code "required"} or a tool name
         * @return this builder
         */
        public Builder toolChoice(String toolChoice) { this.toolChoice = toolChoice; return this; }
        /**
         * Reasoning controls; default null (the model's default).
         *
         * @param reasoning an effort or a reasoning token budget
         * @return this builder
         */
        public Builder reasoning(ReasoningOptions reasoning) { this.reasoning = reasoning; return this; }
        /**
         * A stable id of the end user, for the provider's abuse tracking; default null.
         *
         * @param user the user id
         * @return this builder
         */
        public Builder user(String user) { this.user = user; return this; }
        /**
         * Overrides the provider's request timeout for this call; default null (the provider's timeout).
         *
         * @param timeout a positive duration, or null
         * @return this builder
         */
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        /**
         * Adds a context attribute (never sent as model input); default none.
         *
         * @param key   the key, e.g. {@link LlmRequest#STEP_PATH}
         * @param value the value
         * @return this builder
         */
        public Builder attribute(String key, String value) { attributes.put(key, value); return this; }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException if an option is out of range (see the record's constructor)
         */
        public LlmRequest build() {
            return new LlmRequest(messages, model, fallbackModels, temperature, maxTokens, stop, seed,
                    responseFormat, tools, toolChoice, reasoning, user, timeout, attributes);
        }
    }
}
