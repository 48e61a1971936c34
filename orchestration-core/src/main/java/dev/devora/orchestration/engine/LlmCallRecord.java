package dev.devora.orchestration.engine;

import dev.devora.orchestration.llm.Usage;

import java.time.Duration;

/**
 * Accounting of one model call.
 *
 * <pre>{@code
 * result.metrics().calls().forEach(c -> System.out.println(c.path() + " " + c.model() + " " + c.usage().costUsd()));
 * }</pre>
 *
 * @param path      the step that made it
 * @param agent     the agent that made it
 * @param model     the model that actually answered
 * @param usage     tokens and cost
 * @param latency   time to the complete answer
 * @param requestId the provider's generation id; or null
 */
public record LlmCallRecord(String path, String agent, String model, Usage usage, Duration latency, String requestId) {
}
