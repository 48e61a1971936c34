package dev.devora.orchestration.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether an engine is open, how many of its runs are in flight, and the threads it owns. Once closed it admits no
 * run; the runs already admitted finish normally, and the owned threads (the default executor, if the engine made
 * it, and the timer, whether it exists yet or not) are released as soon as the last of them has ended.
 *
 * <pre>{@code
 * lifecycle.admit("review");           // throws IllegalStateException once closed
 * try { ... } finally { lifecycle.ended(); }
 * }</pre>
 */
public final class EngineLifecycle {
    private final ExecutorService ownedExecutor;
    private final DefaultExecutors.LazyTimer timer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    /** @param ownedExecutor the executor the engine created and must shut down; null when it was injected */
    public EngineLifecycle(ExecutorService ownedExecutor, DefaultExecutors.LazyTimer timer) {
        this.ownedExecutor = ownedExecutor;
        this.timer = timer;
    }

    /**
     * Counts one more run in flight; call {@link #ended()} when it ends.
     *
     * @throws IllegalStateException when the engine is closed
     */
    public void admit(String workflowId) {
        inFlight.incrementAndGet();
        if (closed) { // checked after counting: close() either sees this run or this run sees close()
            ended();
            throw new IllegalStateException("the WorkflowEngine is closed: it starts no new run (workflow '"
                    + workflowId + "'); runs started before close() finish normally");
        }
    }

    /** One admitted run has ended; the last one after {@link #close()} releases the threads. */
    public void ended() {
        if (inFlight.decrementAndGet() == 0 && closed) release();
    }

    /** Admits no more runs; releases the threads now if none is in flight, else when the last one ends. */
    public void close() {
        closed = true;
        if (inFlight.get() == 0) release();
    }

    private void release() {
        if (ownedExecutor != null) ownedExecutor.shutdown();
        timer.shutdown();
    }
}
