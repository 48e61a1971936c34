package dev.devora.orchestration.internal;

import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/** Delivers a run's events to its listener, guarding the run against listener exceptions. */
final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final WorkflowListener listener;
    private final String runId;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final boolean enabled;

    EventBus(WorkflowListener listener, String runId) {
        this.listener = listener;
        this.runId = runId;
        this.enabled = listener != WorkflowListener.NONE;
    }

    boolean enabled() {
        return enabled;
    }

    void emit(WorkflowEvent event) {
        if (!enabled) return;
        try {
            listener.onEvent(event);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) throw vme;
            if (warned.compareAndSet(false, true)) {
                log.warn("run {}: a listener threw {} on {}; the run goes on (further listener errors of this run are "
                        + "logged at debug)", runId, t, event.getClass().getSimpleName());
            } else {
                log.debug("run {}: listener threw on {}", runId, event.getClass().getSimpleName(), t);
            }
        }
    }
}
