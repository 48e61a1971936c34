package dev.devora.orchestration.internal;

import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.event.WorkflowListener;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What every run of an engine shares: the executor of branches and async runs, the timer for timeouts, the step
 * retry policy, the clock, listeners attached to every run, the limits of run inputs, and the store of the runs'
 * journals.
 */
public record EngineConfig(Executor executor, Supplier<ScheduledExecutorService> timer, RetryPolicy retryPolicy,
                           Clock clock, java.util.List<WorkflowListener> engineListeners,
                           dev.devora.orchestration.workflow.InputLimits inputLimits,
                           dev.devora.orchestration.journal.RunStore runStore) {

    /** The interpreter's side effects on this engine's executor, timer and clock. */
    RunEffects effects() {
        return new LocalEffects(executor, timer, clock);
    }
}
