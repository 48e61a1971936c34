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

    private final boolean retriable;

    /** Creates a non-retriable exception. */
    public OrchestrationException(String message) {
        this(message, null, false);
    }

    /** Creates an exception; {@code retriable} says whether the same call may succeed if tried again. */
    public OrchestrationException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** Whether trying the same operation again may succeed. */
    public boolean isRetriable() {
        return retriable;
    }
}
