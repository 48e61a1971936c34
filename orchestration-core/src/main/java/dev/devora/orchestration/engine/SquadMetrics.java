package dev.devora.orchestration.engine;

import dev.devora.orchestration.llm.Usage;

/**
 * Accounting of the steps of one squad's members.
 *
 * <pre>{@code
 * result.metrics().squads().forEach((id, m) -> System.out.println(id + ": $" + m.usage().costUsd()));
 * }</pre>
 *
 * @param squad          squad id
 * @param agentsExecuted agent step executions
 * @param llmCalls       model calls
 * @param retries        retries
 * @param usage          tokens and known cost
 */
public record SquadMetrics(String squad, int agentsExecuted, int llmCalls, int retries, Usage usage) {
}
