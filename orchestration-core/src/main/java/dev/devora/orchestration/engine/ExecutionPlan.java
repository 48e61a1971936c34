package dev.devora.orchestration.engine;

import java.util.List;

/**
 * What a run would do, computed without calling any model: every model call in execution order with its rendered
 * prompt (outputs of earlier steps appear as {@code «output of id»}), which calls run in parallel, what is
 * conditional or repeated, and token estimates. Conditions that read only the input are resolved against it (a
 * branch that cannot run is not counted); the branches of the others are alternatives, counted as a min–max range.
 *
 * <pre>{@code
 * ExecutionPlan plan = engine.plan(workflow, Map.of("feature", "rate limiter"));
 * System.out.println(plan);                  // an indented outline
 * plan.calls().forEach(c -> System.out.println(c.path() + ": ~" + c.estimatedPromptTokens() + " tokens"));
 * }</pre>
 *
 * @param workflowId            the workflow
 * @param calls                 planned calls in execution order
 * @param estimatedPromptTokens prompt tokens of one pass (each loop once, each unresolved conditional's largest
 *                              alternative)
 * @param minCalls              model calls of one pass with the fewest branches and iterations
 * @param maxCalls              model calls with every loop and gate retry at its bound and the largest branches
 *                              (call counts saturate at {@code Integer.MAX_VALUE})
 * @param criticalPathCalls     model calls on the longest chain when parallel branches run at the same time, every
 *                              loop and gate retry at its bound
 * @param onePassCriticalPathCalls the same with each loop and gated step run once: the usual depth of a run
 * @param estimatedCostUsd      estimated cost of one pass from the providers' prices, each call assumed to produce
 *                              {@code assumedOutputTokens} (or its agent's {@code maxTokens} when lower), each
 *                              unresolved conditional at its dearest alternative
 * @param callsWithoutPrice     planned calls whose model has no known price (not in {@code estimatedCostUsd})
 * @param outline               the indented text form
 * @param minEstimatedPromptTokens prompt tokens of one pass with each unresolved conditional's smallest alternative
 *                              (equal to {@code estimatedPromptTokens} when every condition is resolved)
 * @param minEstimatedCostUsd   the cost of that pass
 * @param warnings              what a run may run into, e.g. a prompt above 80% of its model's context
 */
public record ExecutionPlan(String workflowId, List<PlannedCall> calls, long estimatedPromptTokens, int minCalls,
                            int maxCalls, int criticalPathCalls, int onePassCriticalPathCalls,
                            java.math.BigDecimal estimatedCostUsd,
                            int callsWithoutPrice, String outline, long minEstimatedPromptTokens,
                            java.math.BigDecimal minEstimatedCostUsd, List<String> warnings) {

    /**
     * One planned model call (or plain-Java task).
     *
     * @param path                  step path
     * @param kind                  {@code agent}, {@code router}, {@code judge} or {@code task}
     * @param agent                 agent or gate name
     * @param model                 configured model; or null for the provider default
     * @param parallelGroup         path of the enclosing parallel step; or null
     * @param condition             conditions not resolved by the input, loops and retries that govern it
 *                              ({@code "when review.approved is true; × up to 3"}); or ""
     * @param prompt                the rendered prompt
     * @param estimatedPromptTokens system and user prompt tokens, referenced outputs included at an assumed size
     * @param estimatedCostUsd      estimated cost of the call; or null when its model's price is unknown
     */
    public record PlannedCall(String path, String kind, String agent, String model, String parallelGroup,
                              String condition, String prompt, long estimatedPromptTokens,
                              java.math.BigDecimal estimatedCostUsd) {
    }

    @Override
    public String toString() {
        return outline;
    }
}
