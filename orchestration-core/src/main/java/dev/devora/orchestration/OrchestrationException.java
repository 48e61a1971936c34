package dev.devora.orchestration;

/**
 * Root of every exception this library throws on purpose.
 *
 * <p>Each exception says whether trying the same thing again may succeed ({@link #isRetriable()}). The engine
 * retries a step only when its failure is retriable (rate limits, timeouts, 5xx, dropped connections); invalid
 * requests, authentication, budgets and cancellations are never retried.
 *
 * <pre>{@code
 * WorkflowResult result = engine.run(workflow, input);
 * result.failure().ifPresent(e -> log.warn("run failed ({}retriable): {}", e.isRetriable() ? "" : "non-", e.getMessage()));
 * }</pre>
 */
public class OrchestrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whether the same operation may succeed if tried again. */
    private final boolean retriable;

    /**
     * Creates a non-retriable exception.
     *
     * @param message what went wrong
     */
    public OrchestrationException(String message) {
        this(message, null, false);
    }

    /**
     * Creates an exception; {@code retriable} says whether the same call may succeed if tried again.
     *
     * @param message   what went wrong
     * @param cause     the underlying failure; may be null
     * @param retriable true if the same operation may succeed when tried again (the engine then retries the step)
     */
    public OrchestrationException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    /**
     * Whether trying the same operation again may succeed.
     *
     * @return true if the engine may retry the step that failed with this exception
     */
    public boolean isRetriable() {
        return retriable;
    }
}
