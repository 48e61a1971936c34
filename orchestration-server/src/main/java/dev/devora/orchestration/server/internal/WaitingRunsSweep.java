package dev.devora.orchestration.server.internal;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Continues the waiting runs nobody else continues: at the service's start and then every {@link #INTERVAL}, it
 * applies the wait timeouts that are due ({@link WorkflowEngine#watchWaitingRuns}) and continues, in passes of this
 * service ({@link RunContinuer}, each holding a concurrent-run slot), every waiting run of the store that no pass
 * runs and that waits for nothing any more: answered while no service ran it (a decision recorded by the runner's
 * {@code --decide}, a remote agent's report stored but not continued) or whose request expired, also while the
 * service was stopped. A run that cannot be continued is logged and stays waiting; when every slot is taken the rest
 * wait for the next sweep. A run that was waiting for a review of a step this service does not review is left
 * waiting (continued without the review, the step would run again unreviewed), as a decision on it is refused.
 *
 * <pre>{@code
 * WaitingRunsSweep sweep = new WaitingRunsSweep(engine, workflows, limits, continuer, Duration.ofSeconds(10));
 * sweep.start();            // at once, then every 10 s, on a daemon thread
 * sweep.stop();
 * }</pre>
 */
public final class WaitingRunsSweep {
    /** How often the waiting runs are looked at, by default. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(WaitingRunsSweep.class);

    private final WorkflowEngine engine;
    private final ServiceWorkflows workflows;
    private final Limits limits;
    private final RunContinuer continuer;
    private final Duration every;
    private ScheduledExecutorService timer;

    /**
     * The sweep of a service.
     *
     * @param engine    the engine whose store holds the runs
     * @param workflows how the service builds each workflow (which steps it reviews)
     * @param limits    the concurrent-run slots a continued pass takes
     * @param continuer continues a run in a pass of the service
     * @param every     how often to sweep, after the first sweep at {@link #start()}
     */
    public WaitingRunsSweep(WorkflowEngine engine, ServiceWorkflows workflows, Limits limits, RunContinuer continuer,
                            Duration every) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.every = Objects.requireNonNull(every, "every");
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("every must be positive, was " + every);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.continuer = Objects.requireNonNull(continuer, "continuer");
    }

    /** Sweeps now and then at the interval on a daemon thread, until {@link #stop()}. */
    public synchronized void start() {
        if (timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devora-waiting-runs");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweepQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops sweeping (a sweep under way finishes). */
    public synchronized void stop() {
        if (timer != null) timer.shutdownNow();
        timer = null;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) { // e.g. the store is closing: the next sweep tries again
            log.warn("the sweep of waiting runs failed: {}", e.toString());
        }
    }

    /**
     * Sweeps once.
     *
     * @return how many runs it continued
     */
    public int sweep() {
        engine.watchWaitingRuns(); // journals due timeouts (and continues the runs of workflows the engine knows)
        int continued = 0;
        for (RunSummary s : engine.runStore().runs(RunQuery.builder().status(RunStatus.WAITING).limit(Integer.MAX_VALUE).build())) {
            String id = s.runId();
            if (engine.isRunning(id) || !engine.pending(id).isEmpty() || unconfiguredReview(s)) continue;
            Runnable slot = limits.tryAcquireRun();
            if (slot == null) break; // every slot taken: the next sweep
            try {
                continuer.continueRun(id, slot);
                continued++;
            } catch (RuntimeException e) { // e.g. its finished steps are defined differently now: it stays waiting
                slot.run();
                log.warn("run {} waits for nothing any more but could not be continued: {}", id, e.getMessage());
            }
        }
        if (continued > 0) log.info("continued {} waiting run(s) that waited for nothing any more", continued);
        return continued;
    }

    /** Whether the run asked for a review (Approver.reviewing) of a step this service does not review. */
    private boolean unconfiguredReview(RunSummary s) {
        for (JournalEntry e : engine.runStore().entries(s.runId())) {
            if (e instanceof JournalEntry.WaitRequested w
                    && workflows.unconfiguredReview(s.workflowId(), w.kind(), w.step().path(), w.request())) {
                log.warn("run {} waited for a review of step '{}' of {}, which this service does not review: left waiting",
                        s.runId(), w.step().path(), s.workflowId());
                return true;
            }
        }
        return false;
    }
}
