package dev.devora.orchestration;

import java.math.BigDecimal;

/**
 * A run's budget (tokens or US dollars) does not allow its next model call, or its answers spent more than the
 * budget. The engine admits a call only if what was spent, plus what the calls in flight reserved, plus this call's
 * reservation (its estimated prompt and {@code maxTokens}) stays within the limit; the first call that does not fit
 * ends the run: no further model call is made, and every output finished so far, including answers that crossed
 * the limit, stays in the result. {@link #spent()} is the run's spend when it ended, the same figure as
 * {@code result.metrics().spentUsd()} (or the metrics' tokens).
 *
 * <pre>{@code
 * WorkflowResult result = engine.run(workflow, input, RunOptions.builder().maxCostUsd("0.50").build());
 * if (result.failure().orElse(null) instanceof BudgetExceededException b) {
 *     // "Budget exceeded: cost 0.48 USD spent + ~0.03 USD for the next call of step 'review' > limit 0.50 USD"
 *     System.err.println(b.getMessage());
 * }
 * }</pre>
 */
public class BudgetExceededException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /** Which limit was crossed. */
    public enum Limit { /** Total tokens of the run. */ TOKENS, /** Cost of the run in USD. */ COST_USD }

    /** Which limit was crossed. */
    private final Limit limit;
    /** The configured maximum (tokens, or USD). */
    private final BigDecimal maximum;
    /** What the run had spent when it stopped. */
    private final BigDecimal spent;
    /** What the refused call reserves; null when spending alone crossed the limit. */
    private final BigDecimal nextCall;
    /** Path of the step whose call was refused; null when spending alone crossed the limit. */
    private final String step;

    /**
     * Spending crossed or reached the limit.
     *
     * @param limit   which limit was crossed
     * @param maximum the configured maximum (tokens, or USD)
     * @param spent   what the run had spent when it stopped (tokens, or USD)
     */
    public BudgetExceededException(Limit limit, BigDecimal maximum, BigDecimal spent) {
        this(limit, maximum, spent, null, null);
    }

    /**
     * The next call of a step was refused because it does not fit in what is left.
     *
     * @param nextCall what the refused call reserves (tokens, or USD); or null when spending alone crossed the limit
     * @param step     the path of the step whose call was refused; or null
     * @param limit    which limit the refused call would cross
     * @param maximum  the configured maximum (tokens, or USD)
     * @param spent    what the run had spent so far (tokens, or USD)
     */
    public BudgetExceededException(Limit limit, BigDecimal maximum, BigDecimal spent, BigDecimal nextCall, String step) {
        super(message(limit, maximum, spent, nextCall, step), null, false);
        this.limit = limit;
        this.maximum = maximum;
        this.spent = spent;
        this.nextCall = nextCall;
        this.step = step;
    }

    private static String message(Limit limit, BigDecimal maximum, BigDecimal spent, BigDecimal nextCall, String step) {
        String unit = limit == Limit.TOKENS ? "" : " USD";
        String what = (limit == Limit.TOKENS ? "tokens " : "cost ") + plain(spent) + unit;
        if (nextCall != null) {
            return "Budget exceeded: " + what + " spent + ~" + plain(nextCall) + unit + " for the next call"
                    + (step == null ? "" : " of step '" + step + "'") + " > limit " + plain(maximum) + unit;
        }
        return "Budget exceeded: " + what + (spent.compareTo(maximum) > 0 ? " > limit " : " reached the limit of ")
                + plain(maximum) + unit;
    }

    /** Plain digits for amounts of a sane size; scientific notation otherwise (never millions of zeros). */
    private static String plain(BigDecimal v) {
        return Math.abs(v.scale()) <= 40 && v.precision() - v.scale() <= 40 ? v.toPlainString() : v.toString();
    }

    /**
     * Which limit stopped the run.
     *
     * @return {@code TOKENS} or {@code COST_USD}
     */
    public Limit limit() {
        return limit;
    }

    /**
     * The configured maximum (tokens, or USD).
     *
     * @return the maximum, in the limit's unit
     */
    public BigDecimal maximum() {
        return maximum;
    }

    /**
     * What the run had spent when it stopped (tokens, or USD: reported costs, else estimates).
     *
     * @return the spend, in the limit's unit; may exceed {@link #maximum()} when an answer crossed it
     */
    public BigDecimal spent() {
        return spent;
    }

    /**
     * What the refused call would have reserved (tokens, or USD); empty when spending alone crossed the limit.
     *
     * @return the refused call's reservation, or empty
     */
    public java.util.Optional<BigDecimal> nextCall() {
        return java.util.Optional.ofNullable(nextCall);
    }

    /**
     * The step whose call was refused; empty when spending alone crossed the limit.
     *
     * @return the step path, or empty
     */
    public java.util.Optional<String> step() {
        return java.util.Optional.ofNullable(step);
    }
}
