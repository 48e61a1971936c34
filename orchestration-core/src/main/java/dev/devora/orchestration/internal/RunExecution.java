package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.RunCancelledException;
import dev.devora.orchestration.RunTimeoutException;
import dev.devora.orchestration.engine.GateRecord;
import dev.devora.orchestration.engine.RunMetrics;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.RunWarning;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.gate.GateVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One run: its state, accounting, events, progress, cancellation and pause; implements the {@link WorkflowRun}
 * handle. {@link #execute()} interprets the workflow on the calling thread and completes the result future.
 */
public final class RunExecution implements WorkflowRun {
    private static final Logger log = LoggerFactory.getLogger("dev.devora.orchestration.engine");

    final String id;
    final EngineConfig config;
    final EventBus events;
    final ProgressTracker progress;
    /** The run's journal: what happened, stored before it is accounted and emitted; also its accounting and budget. */
    final RunJournal journal;
    private final WorkflowListener listener;
    final PauseGate pause = new PauseGate();
    /** Threads, timers, sleeps, the clock and leaves: the interpreter's only way to them. */
    final RunEffects effects;
    private final dev.devora.orchestration.workflow.Workflow workflow;
    private final RunOptions options;
    private final RunState state;
    private final Scope root;
    private final CompletableFuture<WorkflowResult> future = new CompletableFuture<>();
    /**
     * Runs once the run has ended, before its result future completes: the engine stops tracking it as live and
     * decides whether a next pass goes on at once; returns that pass, or null.
     */
    private volatile java.util.function.Supplier<RunExecution> ended = () -> null;
    /** The pass the engine goes on with at once, set when this one ended; null for none. */
    private volatile RunExecution next;
    /** Whether {@link #ended} ran (once only: a throw after it must not settle the pass again). */
    private boolean settled;
    private final Resumption resumption;
    private volatile RunStatus status = RunStatus.RUNNING;
    /** Where this run sits in an enclosing run (a sub-workflow step run elsewhere); null for a run of its own. */
    private final NestedPlace place;

    /**
     * A stored journal to go on from.
     *
     * @param entries  the stored entries, in seq order
     * @param cutSeq   entries from this seq on are run again (after a changed step); Long.MAX_VALUE for none
     * @param finished whether the run had succeeded: it is only read back, nothing is written
     */
    public record Resumption(List<dev.devora.orchestration.journal.JournalEntry> entries, long cutSeq,
                             java.util.Set<Long> voided, boolean finished) {
    }

    /**
     * A run.
     *
     * @param resumption the journal to go on from; or null for a new run
     */
    public RunExecution(EngineConfig config, dev.devora.orchestration.workflow.Workflow workflow, ObjectNode input,
                        RunOptions options, WorkflowListener listener, String runId, Resumption resumption) {
        this(config, workflow, input, options, listener, runId, resumption, null);
    }

    /**
     * A run of a sub-workflow step's workflow at its place in an enclosing run (a child workflow's): its steps are
     * journaled as they would be in that run.
     *
     * @param resumption what the enclosing run recorded of the step (from {@code SubWorkflowCall.recorded}), with
     *                   this run's own entries if it went on before; never null
     * @param place      where the step sits in the enclosing run; null for a run of its own
     */
    public RunExecution(EngineConfig config, dev.devora.orchestration.workflow.Workflow workflow, ObjectNode input,
                        RunOptions options, WorkflowListener listener, String runId, Resumption resumption,
                        NestedPlace place) {
        this.place = place;
        this.id = runId;
        this.config = config;
        this.workflow = workflow;
        this.options = options;
        this.resumption = resumption;
        this.effects = config.effects();
        this.root = Scope.root(effects::interrupt);
        this.state = new RunState(input, workflow.index());
        BudgetLedger budget = options.maxTokens() == null && options.maxCostUsd() == null ? null
                : new BudgetLedger(options.maxTokens(), options.maxCostUsd(), options.estimatedCallCostUsd(),
                config.effects());
        this.events = new EventBus(config.engineListeners(), listener, runId);
        this.listener = listener;
        this.progress = new ProgressTracker(events, runId, effects);
        this.journal = new RunJournal(config.runStore(), runId, workflow.id(), effects, events,
                new Accounting(workflow.index().steps().size()), budget);
        if (resumption != null) journal.load(resumption.entries(), resumption.cutSeq(), resumption.voided(),
                resumption.finished());
    }

    /**
     * Runs the workflow on this thread; never throws for run failures (they are in the result). Whatever a provider,
     * agent, task, gate or listener throws, {@code Error}s included, the run ends with a terminal status, one
     * {@code RunCompleted} event and a completed result future.
     */
    public WorkflowResult execute() {
        try {
            return interpret();
        } catch (Throwable e) { // a bug of ours: never leave the run hanging
            effects.rethrowIfFatal(e); // the host stops this thread: nothing is settled here
            status = RunStatus.FAILED;
            try {
                settle();
            } finally {
                future.completeExceptionally(e);
            }
            throw e;
        }
    }

    private WorkflowResult interpret() {
        LogContext.Restore mdc = LogContext.run(id);
        long t0 = effects.nanoTime();
        root.enter();
        java.util.concurrent.Future<?> timer = null;
        OrchestrationException failure = null;
        List<String> waitingFor = null;
        try {
            if (options.timeout() != null) {
                Duration limit = options.timeout();
                timer = effects.schedule(limit, () -> root.cancel(new RunTimeoutException("run", limit)));
            }
            if (resumption == null || (place != null && resumption.entries().stream()
                    .noneMatch(e -> e instanceof dev.devora.orchestration.journal.JournalEntry.RunStarted))) {
                journal.started(workflow, state.input(), options); // a nested run starts after what it was given
            } else if (!resumption.finished()) {
                journal.resumed(workflow, options, resumption.entries().size());
            } else if (events.enabled()) {
                events.emit(new WorkflowEvent.RunResumed(id, workflow.id(), resumption.entries().size(), now()));
            }
            if (pause.isPaused()) journal.suspended("paused"); // paused before its start was journaled
            if (log.isDebugEnabled()) {
                log.debug("run {} of workflow '{}' {}", id, workflow.id(), resumption == null ? "started" : "resumed");
            }
            Frame frame = place == null ? new Frame(workflow.index(), state, "", "", root, 0, null, "")
                    : new Frame(workflow.index(), state, place.path(), place.orderKey(), root, 0, null, place.instance());
            new StepInterpreter(this).runSequence("", workflow.steps(), frame, 1.0);
        } catch (dev.devora.orchestration.RunWaitingException w) {
            if (root.isCancelled()) failure = root.reason();
            else waitingFor = w.requestIds();
        } catch (OrchestrationException e) {
            failure = root.isCancelled() ? root.reason() : e;
        } catch (Throwable e) { // steps turn whatever they throw into StepFailedException; this is the rest
            effects.rethrowIfFatal(e);
            failure = root.isCancelled() ? root.reason()
                    : new OrchestrationException("run " + id + " crashed: " + e, e, false);
        } finally {
            if (timer != null) timer.cancel(false);
            root.exit();
        }
        if (failure == null && journal.budget != null) failure = journal.budget.overrun(); // last answers crossed it
        RunStatus finalStatus = waitingFor != null && failure == null ? RunStatus.WAITING
                : failure == null ? (journal.partial() ? RunStatus.PARTIAL : RunStatus.SUCCEEDED)
                : failure instanceof RunCancelledException ? RunStatus.CANCELLED : RunStatus.FAILED;
        Duration wall = Duration.ofNanos(effects.nanoTime() - t0);
        WorkflowResult result = buildResult(finalStatus, failure, wall);
        Instant endedAt;
        if (finalStatus == RunStatus.WAITING) {
            journal.waiting(waitingFor); // not ended: answering continues it
            endedAt = now();
        } else {
            endedAt = resumption == null || !resumption.finished() // journaled before RunCompleted
                    ? journal.ended(finalStatus, failure, result.metrics().usage()) : now();
        }
        status = finalStatus;
        try {
            if (failure == null) {
                if (log.isDebugEnabled()) {
                    log.debug("run {} of workflow '{}' {} in {} ms, {} tokens", id, workflow.id(), finalStatus,
                            wall.toMillis(), result.metrics().usage().totalTokens());
                }
            } else {
                log.info("run {} of workflow '{}' {}: {}", id, workflow.id(), finalStatus, LoggedFailure.describe(failure));
            }
            if (finalStatus != RunStatus.WAITING) emitAtEnd(progress::complete); // a waiting run is not done
            if (events.enabled()) {
                emitAtEnd(() -> events.emit(new WorkflowEvent.RunCompleted(id, workflow.id(), finalStatus,
                        result.metrics().usage(), wall, endedAt)));
            }
        } finally {
            mdc.restore();
            try {
                settle();
            } finally {
                future.complete(result);
            }
        }
        return result;
    }

    /** Runs the engine's action of the pass's end, once. */
    private void settle() {
        if (settled) return;
        settled = true;
        next = ended.get();
    }

    /** Emits an event of the run's end; a fatal error a listener throws there is logged: the run is over. */
    private void emitAtEnd(Runnable emit) {
        try {
            emit.run();
        } catch (VirtualMachineError e) { // the only kind the event bus passes on
            log.error("run {} of workflow '{}': a listener threw {} on the end of the run", id, workflow.id(), e.toString());
        }
    }

    private WorkflowResult buildResult(RunStatus finalStatus, OrchestrationException failure, Duration wall) {
        RunMetrics metrics = journal.accounting.metrics(wall);
        Frame end = new Frame(workflow.index(), state, "", "", root, 0, null, "");
        JsonNode deliverables;
        try {
            deliverables = workflow.assembleDeliverables(new FrameState(end, id, ""));
            if (Json.nestedDeeperThan(deliverables, Json.MAX_STORED_DEPTH)) { // or stateJson() could not be written
                warn("deliverables", "the deliverables are nested deeper than " + Json.MAX_STORED_DEPTH
                        + " levels; they are left out");
                deliverables = Json.NODES.objectNode();
            }
        } catch (Throwable e) { // an undeclared checked exception of custom assembly code included
            effects.rethrowIfFatal(e);
            warn("deliverables", "assembling the deliverables failed: " + e);
            deliverables = Json.NODES.objectNode();
        }
        return new WorkflowResult(id, workflow.id(), finalStatus, state.input(), state.ordered(), deliverables,
                journal.gates(), journal.warnings(), failure, metrics);
    }

    void warn(String path, String message) {
        journal.warn(path, message, false);
    }

    /** Stops the whole run for an exhausted budget (no call is in flight then) and returns the exception to throw. */
    dev.devora.orchestration.BudgetExceededException budgetExceeded(dev.devora.orchestration.BudgetExceededException e) {
        root.cancel(e);
        return e;
    }

    Instant now() {
        return effects.now();
    }

    // ---- WorkflowRun ----

    /**
     * Journals an answer or a timeout given while this run is live (its seq comes from the run's journal); the run
     * sees it the next time it is interpreted.
     *
     * @param entry the entry, given its seq
     */
    public void appendFromOutside(java.util.function.LongFunction<dev.devora.orchestration.journal.JournalEntry> entry) {
        journal.appendFromOutside(entry);
    }

    /**
     * What to do once the run has ended, before its result future completes: whoever waits on the future then sees
     * the engine's bookkeeping of the pass done (this pass no longer running, a next pass registered if one goes on
     * at once).
     *
     * @param action the action; returns the pass that goes on at once ({@link #next()}), or null
     */
    public void onEnded(java.util.function.Supplier<RunExecution> action) {
        this.ended = java.util.Objects.requireNonNull(action, "action");
    }

    /**
     * The pass that goes on from where this one ended, at once (answers came while this one ran), as the
     * {@link #onEnded} action returned it; the caller of {@link #execute()} runs it.
     *
     * @return it; null when none goes on (or this pass has not ended)
     */
    public RunExecution next() {
        return next;
    }

    /**
     * The last seq of the journal this pass read when it was made (0 for a new run): answers journaled after it are
     * not in its replay, even when they precede its {@code RunResumed} entry (given while the pass was queued).
     *
     * @return the seq
     */
    public long loadedSeq() {
        if (resumption == null) return 0;
        long last = 0;
        for (dev.devora.orchestration.journal.JournalEntry e : resumption.entries()) last = Math.max(last, e.seq());
        return last;
    }

    /**
     * The listener the run was started with.
     *
     * @return it; {@link WorkflowListener#NONE} for none
     */
    public WorkflowListener listener() {
        return listener;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String workflowId() {
        return workflow.id();
    }

    @Override
    public RunStatus status() {
        RunStatus s = status;
        return s == RunStatus.RUNNING && pause.isPaused() ? RunStatus.PAUSED : s;
    }

    @Override
    public int progress() {
        return progress.percent();
    }

    @Override
    public CompletableFuture<WorkflowResult> result() {
        return future;
    }

    @Override
    public void cancel() {
        root.cancel(cancellation());
    }

    /** What a cancelled run fails with. */
    RunCancelledException cancellation() {
        return RunCancelledException.of(id, workflow.id());
    }

    @Override
    public void pause() {
        if (status.isFinal()) return;
        pause.pause();
        try {
            journal.suspended("paused");
        } catch (RuntimeException e) { // the pause holds all the same; the store's failure shows at the next step
            log.debug("run {}: the pause could not be journaled: {}", id, e.toString());
        }
    }

    @Override
    public void resume() {
        if (!pause.isPaused()) return;
        try {
            journal.unpaused(options);
        } catch (RuntimeException e) {
            log.debug("run {}: the resumption could not be journaled: {}", id, e.toString());
        }
        pause.resume();
    }

    @Override
    public String toString() {
        return "WorkflowRun[" + id + " " + workflow.id() + " " + status() + " " + progress() + "%]";
    }
}
