package dev.devora.orchestration.openrouter;

import java.math.BigDecimal;

/**
 * OpenRouter's record of one generation ({@code GET /generation?id=…}): who served it, what it cost and how long
 * it took. Useful to audit a streamed or cancelled call after the fact.
 *
 * <pre>{@code
 * GenerationInfo g = provider.generation(response.requestId());
 * System.out.println(g.providerName() + " charged $" + g.totalCost());
 * }</pre>
 *
 * @param id                    the generation id ({@code gen-…})
 * @param model                 the model that served it
 * @param providerName          the upstream provider; or null
 * @param totalCost             USD charged; or null
 * @param promptTokens          native prompt tokens
 * @param completionTokens      native completion tokens
 * @param reasoningTokens       native reasoning tokens
 * @param cachedTokens          native cached prompt tokens
 * @param finishReason          normalised finish reason; or null
 * @param nativeFinishReason    the provider's finish reason; or null
 * @param latencyMs             time to first token in ms; or null
 * @param generationTimeMs      generation time in ms; or null
 * @param streamed              whether it was streamed
 * @param cancelled             whether the client cancelled it
 */
public record GenerationInfo(String id, String model, String providerName, BigDecimal totalCost, long promptTokens,
                             long completionTokens, long reasoningTokens, long cachedTokens, String finishReason,
                             String nativeFinishReason, Long latencyMs, Long generationTimeMs, boolean streamed,
                             boolean cancelled) {
}
