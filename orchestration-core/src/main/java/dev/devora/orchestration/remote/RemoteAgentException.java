package dev.devora.orchestration.remote;

import dev.devora.orchestration.OrchestrationException;

/**
 * A remote agent could not do its task and had no fallback agent: its dispatch retries were spent, it reported
 * {@code task_failed} for every attempt, or its circuit breaker was open. Not retriable by the engine (the agent
 * has retried already). The message names the agent and the remote's last error, never the inter-agent token.
 *
 * <pre>{@code
 * result.failure().filter(e -> e.getCause() instanceof RemoteAgentException)
 *       .ifPresent(e -> log.warn("remote agent down: {}", e.getCause().getMessage()));
 * }</pre>
 */
public class RemoteAgentException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /** The remote agent that failed. */
    private final String agentId;

    /**
     * A remote agent that failed with no fallback to do its task.
     *
     * @param agentId   the remote agent's id
     * @param lastError the remote's last error (already free of secrets)
     */
    public RemoteAgentException(String agentId, String lastError) {
        super("remote agent '" + agentId + "' failed and has no fallback: " + lastError, null, false);
        this.agentId = agentId;
    }

    /**
     * The agent that failed.
     *
     * @return its id
     */
    public String agentId() {
        return agentId;
    }
}
