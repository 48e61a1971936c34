package dev.devora.orchestration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SLA of one step execution. Its clock starts at the execution's first start, journaled as
 * {@code SlaStarted}, so that an execution that waited (no thread held, possibly in another process) and runs again
 * after a resume counts from then. While the step runs, one task on the engine's shared timer journals and emits
 * the breach when the SLA is crossed; {@link #end()} cancels it and, for an execution that crossed its SLA while no
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
    private final AtomicBoolean recorded;
    private final Future<?> timer;
    private final AtomicBoolean ended = new AtomicBoolean();

    private SlaWatch(RunExecution run, StepTag tag, Duration sla, long before, boolean recorded) {
        this.run = run;
        this.tag = tag;
        this.sla = sla;
        this.before = before;
        this.t0 = run.effects.nanoTime();
        this.recorded = new AtomicBoolean(recorded);
        long remaining = sla.toNanos() - before;
        this.timer = recorded || remaining <= 0 ? null
                : run.effects.schedule(Duration.ofNanos(remaining), this::breach);
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

    /** Records the breach unless it is recorded already. */
    private void breach() {
        if (recorded.compareAndSet(false, true)) {
            run.journal.slaBreached(tag, sla, elapsed());
        }
    }

    /**
     * The execution ended (completed, failed or unwound to wait): stops the timer and records a breach not recorded
     * yet. Only the first call counts.
     */
    void end() {
        if (!ended.compareAndSet(false, true)) return;
        if (timer != null) timer.cancel(false);
        if (!recorded.get() && elapsed().compareTo(sla) >= 0) breach();
    }
}
