package dev.devora.orchestration.llm;

/**
 * Reasoning ("thinking") controls for models that support them. Set either an effort or a token budget.
 *
 * <pre>{@code
 * LlmRequest.builder().reasoning(ReasoningOptions.effort("low"))
 * }</pre>
 *
 * @param effort    {@code "minimal"}, {@code "low"}, {@code "medium"}, {@code "high"}…; or null
 * @param maxTokens reasoning token budget; or null
 * @param exclude   true to keep reasoning out of the response
 */
public record ReasoningOptions(String effort, Integer maxTokens, boolean exclude) {
    /**
     * Checks that effort and maxTokens are not both set and that maxTokens is at least 1.
     *
     * @param effort    {@code "minimal"}, {@code "low"}, {@code "medium"}, {@code "high"}…; or null
     * @param maxTokens reasoning token budget; or null
     * @param exclude   true to keep reasoning out of the response /
     */
    public ReasoningOptions {
        if (effort != null && maxTokens != null) {
            throw new IllegalArgumentException("reasoning: set effort or maxTokens, not both (effort=" + effort
                    + ", maxTokens=" + maxTokens + ")");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("reasoning.maxTokens must be ≥ 1, was " + maxTokens);
        }
    }

    /**
     * Reasoning at an effort level, included in the response.
     *
     * @param effort {@code "minimal"}, {@code "low"}, {@code "medium"}, {@code "high"}…
     * @return the options
     */
    public static ReasoningOptions effort(String effort) {
        return new ReasoningOptions(effort, null, false);
    }

    /**
     * Reasoning within a token budget, included in the response.
     *
     * @param maxTokens the reasoning token budget, at least 1
     * @return the options
     */
    public static ReasoningOptions maxTokens(int maxTokens) {
        return new ReasoningOptions(null, maxTokens, false);
    }
}
