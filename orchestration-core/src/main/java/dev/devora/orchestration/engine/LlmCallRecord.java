package dev.devora.orchestration.engine;

import dev.devora.orchestration.llm.Usage;

import java.time.Duration;
import java.util.List;

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
 * @param usage     tokens and cost; of an aborted call, what is known: its estimated prompt tokens, the answer
 *                  tokens streamed before it ended (characters / 4; none when nothing came), and their estimated
 *                  cost when the price is known
 * @param latency   time to the complete answer (or to the abort)
 * @param requestId the provider's generation id; or null
 * @param aborted   whether the call was sent but its answer never came whole: the run or step was cancelled, or
 *                  the answer broke off mid-stream (a provider failure carrying partial text)
 * @param toolCalls the names of the tools the answer asked for, in the answer's order (an agent with tools runs them
 *                  and calls the model again); empty for an answer that asked for none
 */
public record LlmCallRecord(String path, String agent, String model, Usage usage, Duration latency, String requestId,
                            boolean aborted, List<String> toolCalls) {
    /**
     * Copies the tool names.
     *
     * @param path      the step that made it
     * @param agent     the agent that made it
     * @param model     the model that answered
     * @param usage     tokens and cost
     * @param latency   time to the answer or abort
     * @param requestId the provider's generation id; or null
     * @param aborted   whether the answer never came whole
     * @param toolCalls the tools the answer asked for; null for none
     */
    public LlmCallRecord {
        toolCalls = toolCalls == null || toolCalls.isEmpty() ? List.of() : List.copyOf(toolCalls);
    }

    /**
     * A call whose answer asked for no tool.
     *
     * @param path      the step that made it
     * @param agent     the agent that made it
     * @param model     the model that answered
     * @param usage     tokens and cost
     * @param latency   time to the answer or abort
     * @param requestId the provider's generation id; or null
     * @param aborted   whether the answer never came whole
     */
    public LlmCallRecord(String path, String agent, String model, Usage usage, Duration latency, String requestId,
                         boolean aborted) {
        this(path, agent, model, usage, latency, requestId, aborted, List.of());
    }

    /**
     * A call that was answered.
     *
     * @param path      the step that made it
     * @param agent     the agent that made it
     * @param model     the model that answered
     * @param usage     tokens and cost
     * @param latency   time to the complete answer
     * @param requestId the provider's generation id; or null
     */
    public LlmCallRecord(String path, String agent, String model, Usage usage, Duration latency, String requestId) {
        this(path, agent, model, usage, latency, requestId, false, List.of());
    }
}
