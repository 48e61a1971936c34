package dev.devora.orchestration.llm;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a model costs, in US dollars per token, as a provider's catalogue states it. Used to estimate the cost of
 * planned runs before any token is spent.
 *
 * <pre>{@code
 * ModelPrice p = new ModelPrice("openai/gpt-4o-mini", new BigDecimal("0.00000015"), new BigDecimal("0.0000006"));
 * BigDecimal usd = p.cost(12_000, 3_000); // 0.0036
 * }</pre>
 *
 * @param model           the model id
 * @param promptPerToken  USD per prompt token
 * @param completionPerToken USD per completion token
 */
public record ModelPrice(String model, BigDecimal promptPerToken, BigDecimal completionPerToken) {
    /**
     * Checks that no component is null and that the prices are not negative.
     *
     * @param model              the model id
     * @param promptPerToken     USD per prompt token
     * @param completionPerToken USD per completion token /
     */
    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(promptPerToken, "promptPerToken");
        Objects.requireNonNull(completionPerToken, "completionPerToken");
        if (promptPerToken.signum() < 0 || completionPerToken.signum() < 0) {
            throw new IllegalArgumentException("prices must be ≥ 0, were prompt=" + promptPerToken.toPlainString()
                    + " completion=" + completionPerToken.toPlainString() + " for " + model);
        }
    }

    /**
     * The cost of a call with these token counts.
     *
     * @param promptTokens     tokens sent
     * @param completionTokens tokens generated
     * @return the cost in USD
     */
    public BigDecimal cost(long promptTokens, long completionTokens) {
        return promptPerToken.multiply(BigDecimal.valueOf(promptTokens))
                .add(completionPerToken.multiply(BigDecimal.valueOf(completionTokens)));
    }
}
