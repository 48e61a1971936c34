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
 */
public record ModelOptions(String model, List<String> fallbackModels, Double temperature, Integer maxTokens,
                           List<String> stop, Long seed, Duration timeout, ReasoningOptions reasoning) {
    /** Provider defaults for everything. */
    public static final ModelOptions DEFAULTS = new ModelOptions(null, List.of(), null, null, List.of(), null, null, null);

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

    /** Shorthand for options that only name a model. */
    public static ModelOptions model(String model) {
        return builder().model(model).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().model(model).fallbackModels(fallbackModels).temperature(temperature)
                .maxTokens(maxTokens).stop(stop).seed(seed).timeout(timeout).reasoning(reasoning);
    }

    /** Copies the set fields onto a request builder. */
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

        public Builder model(String model) { this.model = model; return this; }
        public Builder fallbackModels(List<String> models) { this.fallbackModels = models; return this; }
        public Builder temperature(Double temperature) { this.temperature = temperature; return this; }
        public Builder maxTokens(Integer maxTokens) { this.maxTokens = maxTokens; return this; }
        public Builder stop(List<String> stop) { this.stop = stop; return this; }
        public Builder seed(Long seed) { this.seed = seed; return this; }
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        public Builder reasoning(ReasoningOptions reasoning) { this.reasoning = reasoning; return this; }

        public ModelOptions build() {
            return new ModelOptions(model, fallbackModels, temperature, maxTokens, stop, seed, timeout, reasoning);
        }
    }
}
