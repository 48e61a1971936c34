package dev.devora.orchestration;

import java.math.BigDecimal;

/**
 * A run spent more than its budget allows (tokens or US dollars). The run stops: running branches are cancelled,
 * no further model call is made, and every output finished so far stays in the result.
 *
 * <pre>{@code
 * WorkflowResult result = engine.run(workflow, input, RunOptions.builder().maxCostUsd("0.50").build());
 * if (result.failure().orElse(null) instanceof BudgetExceededException b) {
 *     System.err.println(b.getMessage()); // "Budget exceeded: cost 0.5123 USD > limit 0.50 USD"
 * }
 * }</pre>
 */
public class BudgetExceededException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /** Which limit was crossed. */
    public enum Limit { TOKENS, COST_USD }

    private final Limit limit;
    private final BigDecimal maximum;
    private final BigDecimal spent;

    public BudgetExceededException(Limit limit, BigDecimal maximum, BigDecimal spent) {
        super("Budget exceeded: " + (limit == Limit.TOKENS ? "tokens " : "cost ") + spent.toPlainString()
                + (limit == Limit.TOKENS ? "" : " USD") + (spent.compareTo(maximum) > 0 ? " > limit " : " reached the limit of ")
                + maximum.toPlainString() + (limit == Limit.TOKENS ? "" : " USD"), null, false);
        this.limit = limit;
        this.maximum = maximum;
        this.spent = spent;
    }

    public Limit limit() {
        return limit;
    }

    /** The configured maximum (tokens, or USD). */
    public BigDecimal maximum() {
        return maximum;
    }

    /** What had been spent when the limit was found crossed. */
    public BigDecimal spent() {
        return spent;
    }
}
