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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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
    final Accounting accounting;
    /** Admission of model calls under the run's budgets; null without budgets (nothing to pay on the hot path). */
    final BudgetLedger budget;
    final PauseGate pause = new PauseGate();
    private final dev.devora.orchestration.workflow.Workflow workflow;
    private final RunOptions options;
    private final RunState state;
    private final Scope root = Scope.root();
    private final CompletableFuture<WorkflowResult> future = new CompletableFuture<>();
    private final List<Keyed<RunWarning>> warnings = new ArrayList<>();
    private final List<Keyed<GateRecord>> gates = new ArrayList<>();
    private volatile boolean partial;
    private volatile RunStatus status = RunStatus.RUNNING;

    private record Keyed<T>(String key, int seq, T value) {
    }

    public RunExecution(EngineConfig config, dev.devora.orchestration.workflow.Workflow workflow, ObjectNode input,
                        RunOptions options, WorkflowListener listener, String runId) {
        this.id = runId;
        this.config = config;
        this.workflow = workflow;
        this.options = options;
        this.state = new RunState(input, workflow.index());
        this.accounting = new Accounting(workflow.index().steps().size());
        this.budget = options.maxTokens() == null && options.maxCostUsd() == null ? null
                : new BudgetLedger(options.maxTokens(), options.maxCostUsd(), options.estimatedCallCostUsd());
        this.events = new EventBus(config.engineListeners(), listener, runId);
        this.progress = new ProgressTracker(events, runId, config.clock());
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
            status = RunStatus.FAILED;
            future.completeExceptionally(e);
            throw e;
        }
    }

    private WorkflowResult interpret() {
        LogContext.Restore mdc = LogContext.run(id);
        long t0 = System.nanoTime();
        root.enter();
        ScheduledFuture<?> timer = null;
        OrchestrationException failure = null;
        try {
            if (options.timeout() != null) {
                Duration limit = options.timeout();
                timer = config.timer().get().schedule(() -> root.cancel(new RunTimeoutException("run", limit)),
                        TimeUnit.NANOSECONDS.convert(limit), TimeUnit.NANOSECONDS); // saturates: no overflow
            }
            if (events.enabled()) events.emit(new WorkflowEvent.RunStarted(id, workflow.id(), now()));
            if (log.isDebugEnabled()) log.debug("run {} of workflow '{}' started", id, workflow.id());
            Frame frame = new Frame(workflow.index(), state, "", "", root, 0, null);
            new StepInterpreter(this).runSequence("", workflow.steps(), frame, 1.0);
        } catch (OrchestrationException e) {
            failure = root.isCancelled() ? root.reason() : e;
        } catch (Throwable e) { // steps turn whatever they throw into StepFailedException; this is the rest
            failure = root.isCancelled() ? root.reason()
                    : new OrchestrationException("run " + id + " crashed: " + e, e, false);
        } finally {
            if (timer != null) timer.cancel(false);
            root.exit();
        }
        if (failure == null && budget != null) failure = budget.overrun(); // the last answers crossed a limit
        RunStatus finalStatus = failure == null ? (partial ? RunStatus.PARTIAL : RunStatus.SUCCEEDED)
                : failure instanceof RunCancelledException ? RunStatus.CANCELLED : RunStatus.FAILED;
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        WorkflowResult result = buildResult(finalStatus, failure, wall);
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
            emitAtEnd(progress::complete);
            if (events.enabled()) {
                emitAtEnd(() -> events.emit(new WorkflowEvent.RunCompleted(id, workflow.id(), finalStatus,
                        result.metrics().usage(), wall, now())));
            }
        } finally {
            mdc.restore();
            future.complete(result);
        }
        return result;
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
        RunMetrics metrics = accounting.metrics(wall);
        Frame end = new Frame(workflow.index(), state, "", "", root, 0, null);
        JsonNode deliverables;
        try {
            deliverables = workflow.assembleDeliverables(new FrameState(end, id, ""));
            if (Json.nestedDeeperThan(deliverables, Json.MAX_STORED_DEPTH)) { // or stateJson() could not be written
                warn("deliverables", "the deliverables are nested deeper than " + Json.MAX_STORED_DEPTH
                        + " levels; they are left out");
                deliverables = Json.NODES.objectNode();
            }
        } catch (Throwable e) { // an undeclared checked exception of custom assembly code included
            warn("deliverables", "assembling the deliverables failed: " + e);
            deliverables = Json.NODES.objectNode();
        }
        return new WorkflowResult(id, workflow.id(), finalStatus, state.input(), state.ordered(), deliverables,
                sorted(gates), sorted(warnings), failure, metrics);
    }

    private static <T> List<T> sorted(List<Keyed<T>> items) {
        synchronized (items) {
            if (items.isEmpty()) return List.of();
            List<Keyed<T>> copy = new ArrayList<>(items);
            copy.sort(Comparator.comparing((Keyed<T> k) -> k.key).thenComparingInt(k -> k.seq));
            List<T> values = new ArrayList<>(copy.size());
            for (Keyed<T> k : copy) values.add(k.value);
            return values;
        }
    }

    void warn(String path, String message) {
        synchronized (warnings) {
            for (Keyed<RunWarning> w : warnings) {
                if (w.value.path().equals(path) && w.value.message().equals(message)) return;
            }
            warnings.add(new Keyed<>(path, warnings.size(), new RunWarning(path, message)));
        }
        log.warn("run {} step '{}': {}", id, path, message);
    }

    void partial(String path, String message) {
        partial = true;
        warn(path, message);
    }

    void gateEvaluated(String path, String orderKey, int attempt, GateVerdict verdict) {
        synchronized (gates) {
            gates.add(new Keyed<>(orderKey, attempt, new GateRecord(path, attempt, verdict)));
        }
        if (events.enabled()) events.emit(new WorkflowEvent.GateEvaluated(id, path, attempt, verdict, now()));
    }

    /** Stops the whole run for an exhausted budget (no call is in flight then) and returns the exception to throw. */
    dev.devora.orchestration.BudgetExceededException budgetExceeded(dev.devora.orchestration.BudgetExceededException e) {
        root.cancel(e);
        return e;
    }

    Instant now() {
        return config.clock().instant();
    }

    // ---- WorkflowRun ----

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
        root.cancel(new RunCancelledException("Run " + id + " of workflow '" + workflow.id() + "' was cancelled"));
    }

    @Override
    public void pause() {
        pause.pause();
    }

    @Override
    public void resume() {
        pause.resume();
    }

    @Override
    public String toString() {
        return "WorkflowRun[" + id + " " + workflow.id() + " " + status() + " " + progress() + "%]";
    }
}
