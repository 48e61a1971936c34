package dev.devora.orchestration;

/**
 * Thrown by an {@link dev.devora.orchestration.llm.LlmProvider} (or any blocking agent) when the calling thread
 * was interrupted while it waited: the engine interrupts threads to cancel runs, enforce timeouts and stop
 * sibling branches. Implementations abort the in-flight exchange, keep the thread's interrupt status set and
 * throw this. Never retriable.
 *
 * <pre>{@code
 * try {
 *     return http.send(request, handler);
 * } catch (InterruptedException e) {
 *     Thread.currentThread().interrupt();
 *     throw new InterruptedCallException("call to " + model + " interrupted", e);
 * }
 * }</pre>
 */
public class InterruptedCallException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; call it after restoring the thread's interrupt status.
     *
     * @param message what was interrupted, e.g. the model called
     * @param cause   the {@code InterruptedException} or I/O failure caused by the interrupt; may be null
     */
    public InterruptedCallException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
