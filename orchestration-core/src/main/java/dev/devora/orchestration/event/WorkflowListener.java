package dev.devora.orchestration.event;

import java.util.List;

/**
 * Receives a run's events. Called on the threads that run the steps, so a listener must be fast, thread-safe and
 * must not throw; the engine guards it anyway: an exception from a listener is logged once per run and never
 * breaks the run.
 *
 * <pre>{@code
 * WorkflowRun run = engine.start(workflow, input, event -> {
 *     if (event instanceof WorkflowEvent.TokenStreamed t) System.out.print(t.token());
 * });
 * }</pre>
 */
@FunctionalInterface
public interface WorkflowListener {
    /** Ignores every event. */
    WorkflowListener NONE = event -> { };

    /**
     * Receives one event of a run; events of parallel branches may arrive concurrently on different threads.
     *
     * @param event the event, never null
     */
    void onEvent(WorkflowEvent event);

    /**
     * A listener that forwards each event to every given listener, in order; if some throw, the others still get
     * the event and the first exception is rethrown afterwards.
     *
     * @param listeners the listeners, in the order they get each event; copied
     * @return one listener forwarding to all of them ({@link #NONE} when the list is empty)
     */
    static WorkflowListener all(List<WorkflowListener> listeners) {
        List<WorkflowListener> copy = List.copyOf(listeners);
        if (copy.isEmpty()) return NONE;
        if (copy.size() == 1) return copy.get(0);
        return event -> {
            RuntimeException first = null;
            for (WorkflowListener l : copy) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    if (first == null) first = e;
                    else first.addSuppressed(e);
                }
            }
            if (first != null) throw first;
        };
    }
}
