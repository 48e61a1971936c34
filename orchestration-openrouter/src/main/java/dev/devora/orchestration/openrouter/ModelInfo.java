package dev.devora.orchestration.openrouter;

import java.math.BigDecimal;
import java.util.List;

/**
 * One model of OpenRouter's catalogue ({@code GET /models}). Prices are exact {@link BigDecimal}s in USD
 * <em>per token</em> (per request or image for those two), as OpenRouter publishes them; null when not published.
 *
 * <pre>{@code
 * ModelInfo m = provider.catalog().find("openai/gpt-4o-mini").orElseThrow();
 * BigDecimal cost = m.estimateCost(1_000, 200);    // prompt and completion tokens
 * boolean tools = m.supports("tools");
 * }</pre>
 *
 * @param id                  model id, e.g. {@code openai/gpt-4o-mini}
 * @param name                display name
 * @param contextLength       context window in tokens; or null
 * @param maxCompletionTokens the top provider's completion limit; or null
 * @param promptPrice         USD per prompt token; or null
 * @param completionPrice     USD per completion token; or null
 * @param requestPrice        USD per request; or null
 * @param imagePrice          USD per input image; or null
 * @param cacheReadPrice      USD per cached prompt token read; or null
 * @param supportedParameters request parameters the model accepts, e.g. {@code tools}, {@code structured_outputs}
 */
public record ModelInfo(String id, String name, Integer contextLength, Integer maxCompletionTokens,
                        BigDecimal promptPrice, BigDecimal completionPrice, BigDecimal requestPrice,
                        BigDecimal imagePrice, BigDecimal cacheReadPrice, List<String> supportedParameters) {
    public ModelInfo {
        java.util.Objects.requireNonNull(id, "id");
        supportedParameters = supportedParameters == null ? List.of() : List.copyOf(supportedParameters);
    }

    /** Whether the model lists this parameter in {@code supported_parameters}. */
    public boolean supports(String parameter) {
        return supportedParameters.contains(parameter);
    }

    /**
     * Estimated cost in USD of a call with these token counts: prompt and completion tokens at their prices plus
     * the per-request price. Null when the prompt or completion price is unknown.
     */
    public BigDecimal estimateCost(long promptTokens, long completionTokens) {
        if (promptPrice == null || completionPrice == null) return null;
        BigDecimal cost = promptPrice.multiply(BigDecimal.valueOf(promptTokens))
                .add(completionPrice.multiply(BigDecimal.valueOf(completionTokens)));
        return requestPrice == null ? cost : cost.add(requestPrice);
    }
}
