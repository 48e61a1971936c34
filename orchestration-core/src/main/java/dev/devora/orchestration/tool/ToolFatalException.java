package dev.devora.orchestration.tool;

import dev.devora.orchestration.OrchestrationException;

/**
 * Thrown by a tool to end the agent's step instead of telling the model (a broken invariant, a refused side effect
 * that must not be retried by the model).
 *
 * <pre>{@code
 * if (!allowed) throw new ToolFatalException("deploy refused: production is frozen");
 * }</pre>
 */
public class ToolFatalException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /**
     * A fatal tool failure.
     *
     * @param message what happened
     */
    public ToolFatalException(String message) {
        super(message);
    }

    /**
     * A fatal tool failure with its cause (a dead server behind a remote tool, say).
     *
     * @param message what happened
     * @param cause   the underlying failure
     */
    public ToolFatalException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
