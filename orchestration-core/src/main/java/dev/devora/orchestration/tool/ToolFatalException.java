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
}
