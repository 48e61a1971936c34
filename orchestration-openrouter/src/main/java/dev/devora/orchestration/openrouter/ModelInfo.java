package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.llm.Usage;

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
    /**
     * Requires the id; a null parameter list is empty.
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
    public ModelInfo {
        java.util.Objects.requireNonNull(id, "id");
        supportedParameters = supportedParameters == null ? List.of() : List.copyOf(supportedParameters);
    }

    /**
     * Whether the model lists this parameter in {@code supported_parameters}.
     *
     * @param parameter a request parameter name, e.g. {@code tools}
     * @return true when listed
     */
    public boolean supports(String parameter) {
        return supportedParameters.contains(parameter);
    }

    /**
     * Estimated cost in USD of a call with these token counts: prompt and completion tokens at their prices plus
     * the per-request price.
     *
     * @param promptTokens     prompt tokens
     * @param completionTokens completion tokens
     * @return the estimate, or null when the prompt or completion price is unknown
     */
    public BigDecimal estimateCost(long promptTokens, long completionTokens) {
        return estimateCost(promptTokens, 0, completionTokens);
    }

    /**
     * Estimated cost in USD of a call's usage from list prices: the prompt tokens not read from the cache at the
     * prompt price, the cached ones at the cache-read price ({@link #cacheReadPrice()}, or the prompt price when the
     * catalogue publishes none), completion tokens (reasoning included) at the completion price, plus the
     * per-request price. Null when the prompt or completion price is unknown. Cache writes, images and tools are
     * not priced, so it is an estimate, never the cost the provider reports.
     *
     * @param usage a call's usage
     * @return the estimate, or null when the prompt or completion price is unknown
     */
    public BigDecimal estimateCost(Usage usage) {
        return estimateCost(usage.promptTokens(), usage.cachedTokens(), usage.completionTokens());
    }

    private BigDecimal estimateCost(long promptTokens, long cachedTokens, long completionTokens) {
        if (promptPrice == null || completionPrice == null) return null;
        long cached = Math.min(cachedTokens, promptTokens);
        BigDecimal cachePrice = cacheReadPrice != null ? cacheReadPrice : promptPrice;
        BigDecimal cost = promptPrice.multiply(BigDecimal.valueOf(promptTokens - cached))
                .add(cachePrice.multiply(BigDecimal.valueOf(cached)))
                .add(completionPrice.multiply(BigDecimal.valueOf(completionTokens)));
        return requestPrice == null ? cost : cost.add(requestPrice);
    }
}
