package dev.devora.orchestration.engine;

import dev.devora.orchestration.llm.Usage;

import java.time.Duration;

/**
 * Accounting of one step (all its executions: loop iterations and gate retries included). For composite steps
 * only the calls they make themselves are counted (a router's call; a gate's judge); their children have their own
 * entries.
 *
 * <pre>{@code
 * StepMetrics m = result.metrics().steps().get("review/critique/security");
 * System.out.println(m.usage().totalTokens() + " tokens in " + m.llmCalls() + " calls, " + m.retries() + " retries, "
 *         + m.toolCalls() + " tool calls (" + m.toolErrors() + " failed)");
 * }</pre>
 *
 * @param path             the step path
 * @param kind             the step type
 * @param agent            the agent's name for agent steps; or null
 * @param squad            the squad for squad members; or null
 * @param executions       how many times it ran (loop iterations, gate retries)
 * @param llmCalls         model calls it made
 * @param retries          retries after retriable failures
 * @param usage            tokens and known cost of its calls
 * @param callsWithoutCost calls whose cost the provider did not report
 * @param wallTime         summed wall time of its executions
 * @param toolCalls        tool calls its agent ran for its model (each round's calls; a resumed run's journaled
 *                         calls counted once)
 * @param toolErrors       of those, the ones whose result was an error the model was told (the tool failed, was
 *                         unknown or got arguments not matching its schema)
 */
public record StepMetrics(String path, String kind, String agent, String squad, int executions, int llmCalls,
                          int retries, Usage usage, int callsWithoutCost, Duration wallTime, int toolCalls,
                          int toolErrors) {
    /**
     * The metrics of a step that ran no tool.
     *
     * @param path             the step path
     * @param kind             the step type
     * @param agent            the agent's name; or null
     * @param squad            the squad; or null
     * @param executions       how many times it ran
     * @param llmCalls         model calls it made
     * @param retries          retries after retriable failures
     * @param usage            tokens and known cost of its calls
     * @param callsWithoutCost calls whose cost the provider did not report
     * @param wallTime         summed wall time of its executions
     */
    public StepMetrics(String path, String kind, String agent, String squad, int executions, int llmCalls,
                       int retries, Usage usage, int callsWithoutCost, Duration wallTime) {
        this(path, kind, agent, squad, executions, llmCalls, retries, usage, callsWithoutCost, wallTime, 0, 0);
    }
}
