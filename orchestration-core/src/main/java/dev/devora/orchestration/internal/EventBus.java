package dev.devora.orchestration.internal;

import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers a run's events to its listeners, each guarded on its own: a listener that throws (a
 * {@link StackOverflowError} included: its stack has unwound by the time it reaches here) neither breaks the run nor
 * keeps the event from the listeners after it. Only a fatal error of the VM ({@link OutOfMemoryError},
 * {@link InternalError}…) is passed on, once every listener has had the event; the run then ends {@code FAILED}.
 */
final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final WorkflowListener[] listeners;
    private final String runId;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final boolean enabled;

    /** A bus for the engine's listeners and the run's own one (null or {@link WorkflowListener#NONE} for none). */
    EventBus(java.util.List<WorkflowListener> engineListeners, WorkflowListener runListener, String runId) {
        int n = runListener != null && runListener != WorkflowListener.NONE ? 1 : 0;
        for (WorkflowListener l : engineListeners) if (l != WorkflowListener.NONE) n++;
        WorkflowListener[] kept = new WorkflowListener[n];
        int i = 0;
        for (WorkflowListener l : engineListeners) if (l != WorkflowListener.NONE) kept[i++] = l;
        if (i < n) kept[i] = runListener;
        this.listeners = kept;
        this.runId = runId;
        this.enabled = this.listeners.length > 0;
    }

    boolean enabled() {
        return enabled;
    }

    void emit(WorkflowEvent event) {
        VirtualMachineError fatal = null;
        for (WorkflowListener listener : listeners) {
            VirtualMachineError e = deliver(listener, event);
            if (fatal == null) fatal = e;
        }
        if (fatal != null) throw fatal;
    }

    /** Delivers one event to one listener; returns the fatal VM error it threw, if any, else null. */
    private VirtualMachineError deliver(WorkflowListener listener, WorkflowEvent event) {
        try {
            listener.onEvent(event);
            return null;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) return vme;
            if (warned.compareAndSet(false, true)) {
                log.warn("run {}: a listener threw {} on {}; the run goes on (further listener errors of this run are "
                        + "logged at debug)", runId, t, event.getClass().getSimpleName());
            } else {
                log.debug("run {}: listener threw on {}", runId, event.getClass().getSimpleName(), t);
            }
            return null;
        }
    }
}
