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
 * @param costUsd          cost in US dollars as the provider reported it; null when the provider did not say
 *                         (never an estimate)
 * @param estimatedCostUsd cost in US dollars computed by the provider's client from list prices when the provider
 *                         reported none (for example from a cached model catalogue); null when not estimated. Budgets
 *                         and totals use it only where {@code costUsd} is null, and say so.
 */
public record Usage(long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens,
                    BigDecimal costUsd, BigDecimal estimatedCostUsd) {
    /** No tokens, no cost. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0, BigDecimal.ZERO);

    /**
     * Token counts and a reported cost (null when unknown), not estimated.
     *
     * @param promptTokens     tokens sent
     * @param completionTokens tokens generated
     * @param reasoningTokens  of the completion tokens, those spent reasoning
     * @param cachedTokens     of the prompt tokens, those read from cache
     * @param costUsd          the reported cost in USD; or null
     */
    public Usage(long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens,
                 BigDecimal costUsd) {
        this(promptTokens, completionTokens, reasoningTokens, cachedTokens, costUsd, null);
    }

    /**
     * Checks that no token count is negative.
     *
     * @param promptTokens     tokens sent (including cached ones)
     * @param completionTokens tokens generated (including reasoning ones)
     * @param reasoningTokens  of the completion tokens, those spent reasoning
     * @param cachedTokens     of the prompt tokens, those read from the provider's cache
     * @param costUsd          cost in US dollars as the provider reported it; null when the provider did not say (never
     *     an estimate)
     * @param estimatedCostUsd cost in US dollars computed by the provider's client from list prices when the provider
     *     reported none (for example from a cached model catalogue); null when not estimated. Budgets and totals use it
     *     only where {@code costUsd} is null, and say so. /
     */
    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || reasoningTokens < 0 || cachedTokens < 0) {
            throw new IllegalArgumentException("token counts must be ≥ 0, were prompt=" + promptTokens
                    + " completion=" + completionTokens + " reasoning=" + reasoningTokens + " cached=" + cachedTokens);
        }
    }

    /**
     * Prompt and completion tokens with an unknown cost.
     *
     * @param promptTokens     tokens sent
     * @param completionTokens tokens generated
     * @return the usage
     */
    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, 0, 0, null);
    }

    /**
     * Prompt plus completion tokens.
     *
     * @return the total
     */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /**
     * Whether the cost is known.
     *
     * @return true if a cost was reported or estimated
     */
    public boolean hasCost() {
        return costUsd != null;
    }

    /**
     * Whether the cost was estimated by the client rather than reported by the provider.
     *
     * @return true if only an estimate is known
     */
    public boolean isCostEstimated() {
        return costUsd == null && estimatedCostUsd != null;
    }

    /**
     * The reported cost, else the estimated one, else null.
     *
     * @return the cost in USD, or null
     */
    public BigDecimal costOrEstimateUsd() {
        return costUsd != null ? costUsd : estimatedCostUsd;
    }

    /**
     * Sums two usages. The reported cost stays known only if it is known on both sides; the estimate, when either
     * side has one, is the sum of each side's reported-or-estimated cost (null as soon as one side has neither).
     *
     * @param other the usage to add
     * @return the sum
     */
    public Usage plus(Usage other) {
        BigDecimal cost = costUsd == null || other.costUsd == null ? null : costUsd.add(other.costUsd);
        BigDecimal estimate = null;
        if (cost == null && (estimatedCostUsd != null || other.estimatedCostUsd != null)) {
            BigDecimal a = costOrEstimateUsd(), b = other.costOrEstimateUsd();
            estimate = a == null || b == null ? null : a.add(b);
        }
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                reasoningTokens + other.reasoningTokens, cachedTokens + other.cachedTokens, cost, estimate);
    }
}
