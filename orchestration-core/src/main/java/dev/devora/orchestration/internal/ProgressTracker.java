package dev.devora.orchestration.internal;

import dev.devora.orchestration.event.WorkflowEvent;


/**
 * Monotonic run progress. Each step is given a share of the run (proportional to its weight in leaf steps) and
 * advances progress by its share when it finishes; loops and gate retries give halving shares to successive
 * attempts and top up at the end, so progress never goes back nor jumps past what is done.
 */
final class ProgressTracker {
    private final EventBus events;
    private final String runId;
    private final RunEffects clock;
    private double done;
    private int percent;

    ProgressTracker(EventBus events, String runId, RunEffects clock) {
        this.events = events;
        this.runId = runId;
        this.clock = clock;
    }

    /** Advances by a fraction of the whole run (0..1). */
    void advance(double fraction) {
        if (fraction <= 0) return;
        synchronized (this) { // emitting under the lock keeps the delivered percentages in order
            done = Math.min(1.0, done + fraction);
            int newPercent = (int) Math.floor(done * 100 + 1e-9);
            if (newPercent >= 100) newPercent = 99; // 100 is reserved for the end of the run
            if (newPercent <= percent) return;
            percent = newPercent;
            if (events.enabled()) events.emit(new WorkflowEvent.Progress(runId, newPercent, clock.now()));
        }
    }

    /** Marks the run finished. */
    synchronized void complete() {
        if (percent == 100) return;
        percent = 100;
        done = 1.0;
        if (events.enabled()) events.emit(new WorkflowEvent.Progress(runId, 100, clock.now()));
    }

    synchronized int percent() {
        return percent;
    }
}
