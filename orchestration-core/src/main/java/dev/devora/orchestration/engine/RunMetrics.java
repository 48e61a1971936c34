package dev.devora.orchestration.engine;

import dev.devora.orchestration.llm.Usage;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Accounting of a run: totals, per step (in declaration order), per squad, per call.
 *
 * <pre>{@code
 * RunMetrics m = result.metrics();
 * System.out.printf("%d tokens, $%s, %d calls, %d retries, %s%n",
 *         m.usage().totalTokens(), m.usage().costUsd(), m.llmCalls(), m.retries(), m.wallTime());
 * }</pre>
 *
 * @param usage            tokens by kind and the cost: the sum of reported costs, or, when some call's cost was
 *                         estimated (from the model's price), {@code costUsd} null and {@code estimatedCostUsd}
 *                         the sum of reported and estimated costs; {@link #spentUsd()} is that figure either way
 * @param callsWithoutCost calls with neither a reported nor an estimated cost (their cost is not in {@code usage})
 * @param wallTime         run duration
 * @param agentsExecuted   agent step executions
 * @param llmCalls         model calls
 * @param retries          step retries
 * @param steps            per step path, in declaration order
 * @param squads           per squad id, in order of first declaration
 * @param calls            every model call sent, grouped by step in declaration order, aborted ones included
 *                         ({@link LlmCallRecord#aborted()})
 * @param toolCalls        tool calls agents ran for their models (per step: {@link StepMetrics#toolCalls()})
 */
public record RunMetrics(Usage usage, int callsWithoutCost, Duration wallTime, int agentsExecuted, int llmCalls,
                         int retries, Map<String, StepMetrics> steps, Map<String, SquadMetrics> squads,
                         List<LlmCallRecord> calls, int toolCalls) {

    /**
     * The metrics of a run that ran no tool.
     *
     * @param usage            tokens by kind and the cost
     * @param callsWithoutCost calls with neither a reported nor an estimated cost
     * @param wallTime         run duration
     * @param agentsExecuted   agent step executions
     * @param llmCalls         model calls
     * @param retries          step retries
     * @param steps            per step path
     * @param squads           per squad id
     * @param calls            every model call sent
     */
    public RunMetrics(Usage usage, int callsWithoutCost, Duration wallTime, int agentsExecuted, int llmCalls,
                      int retries, Map<String, StepMetrics> steps, Map<String, SquadMetrics> squads,
                      List<LlmCallRecord> calls) {
        this(usage, callsWithoutCost, wallTime, agentsExecuted, llmCalls, retries, steps, squads, calls, 0);
    }

    /**
     * The run's spend in USD as budgets count it: reported costs, else estimates; the figure of
     * {@code BudgetExceededException.spent()}. Calls without either count nothing ({@link #callsWithoutCost()}).
     *
     * @return the spend in USD, zero when nothing is known
     */
    public java.math.BigDecimal spentUsd() {
        java.math.BigDecimal c = usage.costOrEstimateUsd();
        return c == null ? java.math.BigDecimal.ZERO : c;
    }
}
