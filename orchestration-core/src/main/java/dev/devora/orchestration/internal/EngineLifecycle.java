package dev.devora.orchestration.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an engine is open, how many of its runs are in flight, and what it owns. Once closed it admits no run;
 * the runs already admitted finish normally, and the owned threads (the default executor, if the engine made it, and
 * the timer, whether it exists yet or not) are released as soon as the last of them has ended; then the resources
 * handed to the engine ({@code closeOnClose}) are closed, once, the last handed first, on the thread that released.
 * A resource that fails to close does not stop the others; the failure is logged at WARN by the resource's position
 * and the exception's class only (its message may hold a secret).
 *
 * <pre>{@code
 * lifecycle.admit("review");           // throws IllegalStateException once closed
 * try { ... } finally { lifecycle.ended(); }
 * }</pre>
 */
public final class EngineLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EngineLifecycle.class);

    private final ExecutorService ownedExecutor;
    private final DefaultExecutors.LazyTimer timer;
    private final List<AutoCloseable> resources;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    private final CountDownLatch releasedLatch = new CountDownLatch(1);
    private volatile boolean closed;

    /**
     * @param ownedExecutor the executor the engine created and must shut down; null when it was injected
     * @param resources     closed after the threads are released, the last first; distinct
     */
    public EngineLifecycle(ExecutorService ownedExecutor, DefaultExecutors.LazyTimer timer,
                           List<AutoCloseable> resources) {
        this.ownedExecutor = ownedExecutor;
        this.timer = timer;
        this.resources = List.copyOf(resources);
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

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    /** {@return the runs admitted and not yet ended} */
    public int inFlight() {
        return Math.max(0, inFlight.get());
    }

    /**
     * Waits until the engine is closed, its last run has ended and its resources are closed.
     *
     * @return true when that happened within the timeout; false when it did not (or the engine is not closed)
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitReleased(Duration timeout) throws InterruptedException {
        return releasedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void release() {
        if (!released.compareAndSet(false, true)) return;
        try {
            releaseOwned();
        } finally {
            releasedLatch.countDown();
        }
    }

    private void releaseOwned() {
        if (ownedExecutor != null) ownedExecutor.shutdown();
        timer.shutdown();
        for (int i = resources.size() - 1; i >= 0; i--) {
            AutoCloseable resource = resources.get(i);
            try {
                resource.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                LOG.warn("WorkflowEngine.close: closing resource {} of {} ({}) failed with {}; the others are closed",
                        i + 1, resources.size(), resource.getClass().getName(), e.getClass().getName());
            }
        }
    }
}
