package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.engine.WorkflowEngine;

/**
 * The engine used by predefined workflows when none is given: created on first use, shared, daemon threads.
 *
 * <pre>{@code
 * WorkflowEngine engine = DefaultEngine.get();
 * }</pre>
 */
public final class DefaultEngine {
    private DefaultEngine() {
    }

    private static final class Holder {
        static final WorkflowEngine ENGINE = WorkflowEngine.create();
    }

    public static WorkflowEngine get() {
        return Holder.ENGINE;
    }
}
