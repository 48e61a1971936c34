package dev.devora.orchestration.openrouter;

import java.math.BigDecimal;

/**
 * What OpenRouter says about the API key in use ({@code GET /key}): its credit limit and what is left. Never
 * contains the key itself.
 *
 * <pre>{@code
 * KeyInfo key = provider.keyInfo();
 * if (key.limitRemaining() != null && key.limitRemaining().compareTo(new BigDecimal("1")) < 0) warnLowCredit();
 * }</pre>
 *
 * @param label          the key's label (OpenRouter shows a masked form of the key here); or null
 * @param limit          credit limit in USD; null when unlimited
 * @param limitRemaining credit left in USD; null when unlimited
 * @param usage          USD spent with this key so far; or null
 * @param freeTier       whether the account never bought credits
 */
public record KeyInfo(String label, BigDecimal limit, BigDecimal limitRemaining, BigDecimal usage, boolean freeTier) {
}
