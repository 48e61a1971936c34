package dev.devora.orchestration.agent;

import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ReasoningOptions;

import java.time.Duration;
import java.util.List;

/**
 * Which model an agent uses and how it samples. Every field is optional; unset fields are not sent, so the
 * provider's defaults apply.
 *
 * <pre>{@code
 * ModelOptions smart = ModelOptions.builder()
 *         .model("anthropic/claude-sonnet-4.5")
 *         .fallbackModels(List.of("openai/gpt-5"))
 *         .temperature(0.3)
 *         .maxTokens(4000)
 *         .build();
 * ModelOptions cheaper = smart.toBuilder().model("openai/gpt-5-mini").build();
 * }</pre>
 *
 * @param model          model id; or null for the provider's default
 * @param fallbackModels models to try, in order, when the model fails or is unavailable
 * @param temperature    sampling temperature, 0 to 2; or null
 * @param maxTokens      completion token limit, at least 1; or null
 * @param stop           stop sequences
 * @param seed           sampling seed; or null
 * @param timeout        per-call timeout, overriding the provider's; or null
 * @param reasoning      reasoning controls; or null
 */
public record ModelOptions(String model, List<String> fallbackModels, Double temperature, Integer maxTokens,
                           List<String> stop, Long seed, Duration timeout, ReasoningOptions reasoning) {
    /** Provider defaults for everything. */
    public static final ModelOptions DEFAULTS = new ModelOptions(null, List.of(), null, null, List.of(), null, null, null);

    /**
     * Copies the lists and checks the ranges.
     *
     * @throws IllegalArgumentException if the temperature is outside 0..2 or maxTokens is below 1
     * @param model          model id; or null for the provider's default
     * @param fallbackModels models to try, in order, when the model fails or is unavailable
     * @param temperature    sampling temperature, 0 to 2; or null
     * @param maxTokens      completion token limit, at least 1; or null
     * @param stop           stop sequences
     * @param seed           sampling seed; or null
     * @param timeout        per-call timeout, overriding the provider's; or null
     * @param reasoning      reasoning controls; or null /
     */
    public ModelOptions {
        fallbackModels = fallbackModels == null ? List.of() : List.copyOf(fallbackModels);
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be ≥ 1, was " + maxTokens);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /**
     * Shorthand for options that only name a model.
     *
     * @param model the model id
     * @return the options
     */
    public static ModelOptions model(String model) {
        return builder().model(model).build();
    }

    /**
     * A builder with every option unset.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options, to make a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().model(model).fallbackModels(fallbackModels).temperature(temperature)
                .maxTokens(maxTokens).stop(stop).seed(seed).timeout(timeout).reasoning(reasoning);
    }

    /**
     * Copies the set fields onto a request builder.
     *
     * @param request the request builder to change
     * @return the same request builder
     */
    public LlmRequest.Builder applyTo(LlmRequest.Builder request) {
        return request.model(model).fallbackModels(fallbackModels).temperature(temperature).maxTokens(maxTokens)
                .stop(stop).seed(seed).timeout(timeout).reasoning(reasoning);
    }

    /** Builder for {@link ModelOptions}. */
    public static final class Builder {
        private String model;
        private List<String> fallbackModels = List.of();
        private Double temperature;
        private Integer maxTokens;
        private List<String> stop = List.of();
        private Long seed;
        private Duration timeout;
        private ReasoningOptions reasoning;

        private Builder() {
        }

        /**
         * The model; default null (the provider's default).
         *
         * @param model the model id
         * @return this builder
         */
        public Builder model(String model) { this.model = model; return this; }
        /**
         * Models to try, in order, when the model fails or is unavailable; default none.
         *
         * @param models the model ids
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
         * @param stop the stop sequences
         * @return this builder
         */
        public Builder stop(List<String> stop) { this.stop = stop; return this; }
        /**
         * Sampling seed; default null.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(Long seed) { this.seed = seed; return this; }
        /**
         * Per-call timeout, overriding the provider's; default null.
         *
         * @param timeout a positive duration, or null
         * @return this builder
         */
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        /**
         * Reasoning controls; default null (the model's default).
         *
         * @param reasoning the reasoning options
         * @return this builder
         */
        public Builder reasoning(ReasoningOptions reasoning) { this.reasoning = reasoning; return this; }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public ModelOptions build() {
            return new ModelOptions(model, fallbackModels, temperature, maxTokens, stop, seed, timeout, reasoning);
        }
    }
}
