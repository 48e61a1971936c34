package dev.devora.orchestration.remote.internal;

/**
 * A remote agent's task was not sent (its circuit breaker is open, the dispatch retries are spent, the service
 * refused it): the agent goes to its fallback. Thrown by the send of the agent's wait, wherever it ran (a durable
 * engine's adapter sends on a worker and throws this in the run with the worker's reason). Internal: not part of
 * the API.
 *
 * <pre>{@code
 * throw new NotDispatchedException("the circuit breaker of remote agent 'design-ia' is open");
 * }</pre>
 */
public final class NotDispatchedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * The reason, safe to show (no token, no body).
     *
     * @param message why the task was not sent
     */
    public NotDispatchedException(String message) {
        super(message, null, false, false);
    }
}
