package dev.devora.orchestration.internal;

import dev.devora.orchestration.event.WorkflowEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The engine's wake-ups at the deadlines of requests its waiting runs made: one task per request on the engine's
 * timer (no thread per run), scheduled once however often it is asked, dropped when the engine's timer is shut down.
 * What happens at a deadline is the engine's ({@code fire}); the journal, not this, is the truth: a wake-up for a
 * request answered meanwhile does nothing.
 */
public final class WaitDeadlines {
    private final EngineConfig config;
    private final BiConsumer<String, String> fire;
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

    /**
     * Deadlines on the engine's timer.
     *
     * @param config the engine's configuration (timer, clock, listeners)
     * @param fire   what to do at a deadline, given the run and request ids
     */
    public WaitDeadlines(EngineConfig config, BiConsumer<String, String> fire) {
        this.config = config;
        this.fire = fire;
    }

    /**
     * Wakes up at a request's deadline (at once when it has passed), unless already scheduled.
     *
     * @param runId     the run
     * @param requestId the request
     * @param deadline  when its timeout applies
     */
    public void schedule(String runId, String requestId, Instant deadline) {
        String key = runId + '\n' + requestId;
        if (!scheduled.add(key)) return;
        long delay = Math.max(0, Duration.between(config.clock().instant(), deadline).toMillis());
        try {
            config.timer().get().schedule(() -> {
                scheduled.remove(key);
                fire.accept(runId, requestId);
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) { // the engine is closing: a later engine's checkDeadlines() fires it
            scheduled.remove(key);
        }
    }

    /**
     * Tells the engine's listeners of something that happened to a run outside its interpretation.
     *
     * @param runId the run
     * @param event what happened
     */
    public void emit(String runId, WorkflowEvent event) {
        new EventBus(config.engineListeners(), null, runId).emit(event);
    }
}
