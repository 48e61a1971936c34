package dev.devora.orchestration.llm;

import java.math.BigDecimal;

/**
 * Token counts and cost of one or more model calls.
 *
 * <pre>{@code
 * Usage total = a.usage().plus(b.usage());
 * System.out.println(total.totalTokens() + " tokens, $" + total.costUsd());
 * }</pre>
 *
 * @param promptTokens     tokens sent (including cached ones)
 * @param completionTokens tokens generated (including reasoning ones)
 * @param reasoningTokens  of the completion tokens, those spent reasoning
 * @param cachedTokens     of the prompt tokens, those read from the provider's cache
 * @param costUsd          cost in US dollars as the provider reported it; null when unknown
 */
public record Usage(long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens,
                    BigDecimal costUsd) {
    /** No tokens, no cost. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0, BigDecimal.ZERO);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || reasoningTokens < 0 || cachedTokens < 0) {
            throw new IllegalArgumentException("token counts must be ≥ 0, were prompt=" + promptTokens
                    + " completion=" + completionTokens + " reasoning=" + reasoningTokens + " cached=" + cachedTokens);
        }
    }

    /** Prompt and completion tokens with an unknown cost. */
    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, 0, 0, null);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** Whether the cost is known. */
    public boolean hasCost() {
        return costUsd != null;
    }

    /** Sums two usages; the cost stays known only if it is known on both sides. */
    public Usage plus(Usage other) {
        BigDecimal cost = costUsd == null || other.costUsd == null ? null : costUsd.add(other.costUsd);
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                reasoningTokens + other.reasoningTokens, cachedTokens + other.cachedTokens, cost);
    }
}
