package dev.devora.orchestration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;

/**
 * The SLA of one step execution. Its clock starts at the execution's first start, journaled as
 * {@code SlaStarted}, so that an execution that waited (no thread held, possibly in another process) and runs again
 * after a resume counts from then. While the step runs, one task on the engine's shared timer journals and emits
 * the breach when the SLA is crossed (on the engine's executor, so a slow store never delays a step's timeout); {@link #end()} cancels it and, for an execution that crossed its SLA while no
 * process ran it (waiting for an answer), records the breach then. Recorded once per execution: a breach journaled
 * before the resume, or by the timer, is not recorded again.
 */
final class SlaWatch {
    private final RunExecution run;
    private final StepTag tag;
    private final Duration sla;
    /** How long the execution ran before this process took it up (0 for a fresh one), in nanoseconds. */
    private final long before;
    private final long t0;
    private final Future<?> timer;
    /** Whether the breach is journaled (by this watch or before the resume); guarded by this. */
    private boolean recorded;
    /** Whether the execution ended: the timer records nothing after that; guarded by this. */
    private boolean ended;

    private SlaWatch(RunExecution run, StepTag tag, Duration sla, long before, boolean recorded) {
        this.run = run;
        this.tag = tag;
        this.sla = sla;
        this.before = before;
        this.t0 = run.effects.nanoTime();
        this.recorded = recorded;
        long remaining = sla.toNanos() - before;
        this.timer = recorded || remaining <= 0 ? null
                : run.effects.schedule(Duration.ofNanos(remaining), this::offTheTimer);
    }

    /** Journals the breach on the engine's executor, so a slow store never delays the timer's other tasks (timeouts). */
    private void offTheTimer() {
        try {
            run.effects.fork(this::crossed);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            crossed();
        }
    }

    /**
     * Starts watching a step execution that has an SLA: journals its start, or takes the start journaled before
     * the run was resumed.
     */
    static SlaWatch start(RunExecution run, StepTag tag, Duration sla) {
        String key = tag.key();
        Instant first = run.journal.slaStartedAt(key);
        if (first == null) {
            run.journal.slaStarted(tag);
            return new SlaWatch(run, tag, sla, 0, false);
        }
        long before = Math.max(0, Duration.between(first, run.now()).toNanos());
        return new SlaWatch(run, tag, sla, before, run.journal.slaBreachedBefore(key));
    }

    /** How long the execution has taken, from its first start. */
    private Duration elapsed() {
        return Duration.ofNanos(before + run.effects.nanoTime() - t0);
    }

    /** The timer: the SLA is crossed while the step runs (unless it has just ended). */
    private synchronized void crossed() {
        if (!ended) record();
    }

    /** Journals and emits the breach unless it is recorded already. */
    private void record() {
        if (recorded) return;
        recorded = true;
        run.journal.slaBreached(tag, sla, elapsed());
    }

    /**
     * The execution ended (completed, failed or unwound to wait): stops the timer and records a breach not recorded
     * yet. Only the first call counts; once it returns, no breach of this execution is recorded any more (a timer
     * task already under way has finished), so a breach never follows the step's completion.
     */
    synchronized void end() {
        if (ended) return;
        ended = true;
        if (timer != null) timer.cancel(false);
        if (elapsed().compareTo(sla) >= 0) record();
    }
}
