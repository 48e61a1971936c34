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
 * @param usage            tokens by kind and the sum of reported costs
 * @param callsWithoutCost calls whose cost the provider did not report (their cost is not in {@code usage})
 * @param wallTime         run duration
 * @param agentsExecuted   agent step executions
 * @param llmCalls         model calls
 * @param retries          step retries
 * @param steps            per step path, in declaration order
 * @param squads           per squad id, in order of first declaration
 * @param calls            every model call, grouped by step in declaration order
 */
public record RunMetrics(Usage usage, int callsWithoutCost, Duration wallTime, int agentsExecuted, int llmCalls,
                         int retries, Map<String, StepMetrics> steps, Map<String, SquadMetrics> squads,
                         List<LlmCallRecord> calls) {
}
