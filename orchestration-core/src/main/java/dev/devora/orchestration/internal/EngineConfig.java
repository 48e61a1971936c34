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
                           dev.devora.orchestration.journal.RunStore runStore, RunEffects effects) {

    /** A configuration whose side effects run on its executor, timer and clock ({@link LocalEffects}). */
    public EngineConfig(Executor executor, Supplier<ScheduledExecutorService> timer, RetryPolicy retryPolicy,
                        Clock clock, java.util.List<WorkflowListener> engineListeners,
                        dev.devora.orchestration.workflow.InputLimits inputLimits,
                        dev.devora.orchestration.journal.RunStore runStore) {
        this(executor, timer, retryPolicy, clock, engineListeners, inputLimits, runStore,
                new LocalEffects(executor, timer, clock));
    }
}
