package dev.devora.orchestration.journal;

import dev.devora.orchestration.OrchestrationException;

/**
 * A {@link RunStore} could not read or write (a database error, an unreadable entry). Not retriable by the engine:
 * a step whose entry could not be stored does not count as done, and the run fails with this as its cause.
 *
 * <pre>{@code
 * try {
 *     store.entries(runId);
 * } catch (RunStoreException e) {
 *     log.error("journal of {} unreadable: {}", runId, e.getMessage());
 * }
 * }</pre>
 */
public class RunStoreException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /**
     * A store failure.
     *
     * @param message what failed, naming the run and, for an unreadable entry, its seq and field
     * @param cause   the underlying error; or null
     */
    public RunStoreException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
