package dev.devora.orchestration.remote.internal;

import dev.devora.orchestration.engine.WorkflowEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Continues runs whose answers were journaled, off the thread that journaled them, and says which runs it is
 * continuing. A run the engine is running already goes on with the answer by itself when its pass settles
 * ({@code WorkflowEngine.recordAnswer}). A continuation that fails is logged; the answer stays journaled and {@code engine.resume} continues
 * the run later. Internal: not part of the API.
 */
public final class RunContinuations implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunContinuations.class);

    private final WorkflowEngine engine;
    private final Executor executor;
    private final ExecutorService owned;
    /** Runs being continued, with whether one more pass is due (an answer came while the pass was under way). */
    private final ConcurrentHashMap<String, Boolean> continuing = new ConcurrentHashMap<>();

    /**
     * Continuations of the engine's runs.
     *
     * @param engine   the engine whose runs are continued
     * @param executor where continuations run; null for two daemon threads of this object's own, shut down by
     *                 {@link #close()}
     */
    public RunContinuations(WorkflowEngine engine, Executor executor) {
        this.engine = engine;
        if (executor == null) {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "devora-remote-callbacks-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            this.owned = pool;
            this.executor = pool;
        } else {
            this.owned = null;
            this.executor = executor;
        }
    }

    /**
     * Continues the run soon, on the executor; until it has, {@link #isContinuing} says so.
     *
     * @param runId the run whose answer was journaled
     */
    public void continueRun(String runId) {
        boolean[] start = new boolean[1];
        continuing.compute(runId, (id, due) -> { // atomic per run: the continuation under way sees it or one starts
            if (due == null) {
                start[0] = true;
                return Boolean.FALSE; // under way, nothing more due
            }
            return Boolean.TRUE; // one more pass once the one under way is done: this answer may have come after it read
        });
        if (!start[0]) return;
        try {
            executor.execute(() -> continueWhileDue(runId));
        } catch (RejectedExecutionException e) {
            continuing.remove(runId);
            log.warn("run {} was answered but not continued (the executor refused it); engine.resume continues it",
                    runId);
        }
    }

    /** Continues the run, again as long as answers came while it was being continued. */
    private void continueWhileDue(String runId) {
        boolean again = true;
        while (again) {
            try {
                resumeOnce(runId);
            } finally {
                boolean[] more = new boolean[1];
                continuing.compute(runId, (id, due) -> {
                    more[0] = Boolean.TRUE.equals(due);
                    return more[0] ? Boolean.FALSE : null;
                });
                again = more[0];
            }
        }
    }

    /**
     * Whether a continuation of the run is under way or due.
     *
     * @param runId a run
     * @return whether a continuation of it is under way or due
     */
    public boolean isContinuing(String runId) {
        return continuing.containsKey(runId);
    }

    private void resumeOnce(String runId) {
        try {
            engine.resume(runId);
        } catch (IllegalStateException e) {
            if (!engine.isRunning(runId)) log.warn("run {} was answered but could not be continued: {}", runId,
                    e.getMessage());
            // else: running in the engine now, which goes on with the answer when its pass settles
        } catch (RuntimeException e) {
            log.warn("run {} was answered but could not be continued: {}", runId, e.toString());
        }
    }

    /** Stops waiting for runs still running, and shuts down the own threads (waiting up to 10 s for them). */
    @Override
    public void close() {
        if (owned == null) return;
        owned.shutdown();
        try {
            owned.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
