package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;

import java.util.concurrent.atomic.LongAdder;

/**
 * The cheapest listener that still makes the engine build every event: it only counts them. (With no listener at
 * all the engine skips building events, which is not what a real application gets.)
 */
public final class CountingListener implements WorkflowListener {
    private final LongAdder events = new LongAdder();

    @Override
    public void onEvent(WorkflowEvent event) {
        events.increment();
    }

    public long count() {
        return events.sum();
    }
}
