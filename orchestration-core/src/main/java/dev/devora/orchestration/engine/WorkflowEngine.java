package dev.devora.orchestration.engine;

import dev.devora.orchestration.AnswerRefusedException;
import dev.devora.orchestration.DefinitionChangedException;
import dev.devora.orchestration.agent.WaitTimeout;
import dev.devora.orchestration.internal.PendingWaits;
import dev.devora.orchestration.internal.WaitDeadlines;
import dev.devora.orchestration.RunNotFoundException;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.internal.JournalEvents;
import dev.devora.orchestration.internal.ResumeCheck;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.internal.DefaultExecutors;
import dev.devora.orchestration.internal.EngineConfig;
import dev.devora.orchestration.internal.EngineLifecycle;
import dev.devora.orchestration.internal.JavaInput;
import dev.devora.orchestration.internal.Planner;
import dev.devora.orchestration.internal.RunExecution;
import dev.devora.orchestration.workflow.InputLimits;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Workflow;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs workflows. One engine is thread-safe and serves any number of concurrent runs of any workflows.
 *
 * <p>A run's input is validated against the workflow's {@link InputSpec} first: an invalid input throws
 * {@link InputValidationException} listing every problem, and no model is called. After that, failures do not
 * throw: they end the run with status {@code FAILED} (or {@code CANCELLED}) and the result keeps every output
 * finished so far; call {@link WorkflowResult#throwIfFailed()} to turn them into exceptions.
 *
 * <p>{@link #close()} refuses new runs ({@code run} and {@code start} then throw {@link IllegalStateException}), lets
 * the runs in flight finish normally (close does not cancel them: cancel their {@link WorkflowRun} handles for
 * that), and releases every thread the engine created once the last of them has ended, then closes the resources
 * handed to {@link Builder#closeOnClose} (e.g. the MCP servers its agents' tools use).
 *
 * <p>Defaults: parallel branches run on virtual threads when the runtime is Java 21 or later, on a bounded pool
 * of daemon threads (64) on Java 17; step retries follow {@link RetryPolicy#DEFAULT} (3 attempts, retriable
 * failures only).
 *
 * <pre>{@code
 * try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.DEFAULT).build()) {
 *     WorkflowResult result = engine.run(review, Map.of("feature", "rate limiter"));        // blocking
 *     WorkflowRun run = engine.start(review, Map.of("feature", "cache"), listener);           // async handle
 *     ExecutionPlan plan = engine.plan(review, Map.of("feature", "search"));                  // no model called
 * }
 * }</pre>
 */
public final class WorkflowEngine implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkflowEngine.class);
    /** The context window assumed for a model whose provider does not know it, unless configured. */
    public static final long DEFAULT_CONTEXT_TOKENS = 1_000_000;

    private final EngineConfig config;
    private final EngineLifecycle lifecycle;
    private final long defaultContextTokens;
    /** Workflows this engine has run or was given, by id: what {@link #resume(String)} resumes with. */
    private final java.util.concurrent.ConcurrentHashMap<String, Workflow> known = new java.util.concurrent.ConcurrentHashMap<>();
    /** Runs in flight in this engine, by id: they cannot be resumed while they run. */
    private final java.util.concurrent.ConcurrentHashMap<String, RunExecution> live = new java.util.concurrent.ConcurrentHashMap<>();
    /** Orders answers, timeouts and the start and end of a run's passes in this engine (by run id, striped). */
    private final Object[] runLocks = new Object[32];
    /** Wake-ups at the deadlines of requests waiting runs made. */
    private final WaitDeadlines deadlines;

    private WorkflowEngine(Builder b) {
        this.defaultContextTokens = b.defaultContextTokens;
        boolean adapted = b.effects != null; // an adapter's effects: no thread or timer of the engine's own
        ExecutorService ownedExecutor = b.executor == null && !adapted ? DefaultExecutors.branchExecutor(b.maxPlatformThreads) : null;
        DefaultExecutors.LazyTimer timer = new DefaultExecutors.LazyTimer();
        this.lifecycle = new EngineLifecycle(ownedExecutor, timer, b.resources);
        Supplier<ScheduledExecutorService> timerSupplier = !adapted ? timer : () -> {
            throw new java.util.concurrent.RejectedExecutionException("the engine runs on an adapter's effects: no timer");
        };
        java.util.concurrent.Executor executor = b.executor != null ? b.executor : adapted ? Runnable::run : ownedExecutor;
        dev.devora.orchestration.journal.RunStore store = b.runStore != null ? b.runStore : new InMemoryRunStore();
        this.config = adapted
                ? new EngineConfig(executor, timerSupplier, b.retryPolicy, b.clock, List.copyOf(b.listeners), b.inputLimits,
                        store, b.effects)
                : new EngineConfig(executor, timerSupplier, b.retryPolicy, b.clock, List.copyOf(b.listeners), b.inputLimits,
                        store);
        for (Workflow w : b.workflows) known.put(w.id(), w);
        for (int i = 0; i < runLocks.length; i++) runLocks[i] = new Object();
        this.deadlines = new WaitDeadlines(config, this::deadlineReached);
    }

    /**
     * An engine with every default.
     *
     * @return a new engine; close it when done
     */
    public static WorkflowEngine create() {
        return builder().build();
    }

    /**
     * A builder with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs on the calling thread and returns when the run ends.
     *
     * @param workflow the workflow
     * @param input    the input, as Java maps, lists and values (converted to JSON)
     * @return the result, whatever the run's status
     * @throws InputValidationException when the input does not match the workflow's input spec
     * @throws IllegalStateException    when the engine is closed
     */
    public WorkflowResult run(Workflow workflow, Map<String, ?> input) {
        return run(workflow, toJson(workflow, input), RunOptions.NONE, WorkflowListener.NONE);
    }

    /**
     * Runs on the calling thread with limits and returns when the run ends.
     *
     * @param workflow the workflow
     * @param input    the input, as Java maps, lists and values (converted to JSON)
     * @param options  timeout, budgets and run id
     * @return the result, whatever the run's status
     * @throws InputValidationException when the input does not match the workflow's input spec, or a USD budget
     *     cannot be enforced
     * @throws IllegalStateException    when the engine is closed
     */
    public WorkflowResult run(Workflow workflow, Map<String, ?> input, RunOptions options) {
        return run(workflow, toJson(workflow, input), options, WorkflowListener.NONE);
    }

    /**
     * Runs on the calling thread with limits and a listener.
     *
     * @throws InputValidationException when the input does not match the workflow's input spec, or a USD budget
     *                                  cannot be enforced (a model without a known price, no per-call estimate)
     * @throws IllegalStateException    when the engine is closed
     * @param workflow the workflow
     * @param input    the input as a JSON object
     * @param options  timeout, budgets and run id
     * @param listener receives the run's events
     * @return the result, whatever the run's status (failures are in {@link WorkflowResult#failure()})
     */
    public WorkflowResult run(Workflow workflow, JsonNode input, RunOptions options, WorkflowListener listener) {
        Objects.requireNonNull(workflow, "workflow");
        lifecycle.admit(workflow.id());
        try {
            return runHere(prepare(workflow, input, options, listener));
        } finally {
            lifecycle.ended();
        }
    }

    /**
     * Runs a sub-workflow step's nested workflow at its place in an enclosing run, on the calling thread, going on
     * from what this engine's store holds of {@code runId}: what the enclosing run recorded of the step
     * ({@code SubWorkflowCall.recorded()}) and this run's own entries if it ran before. Its steps are journaled with
     * the paths and keys they have in the enclosing run, which adopts them ({@code RunEffects.runSubWorkflow}). For an
     * engine adapter that runs sub-workflows elsewhere (orchestration-temporal's child workflows), not for
     * applications: the input is not validated again, no listener is told, and the run is not tracked as live.
     *
     * <pre>{@code
     * WorkflowResult part = engine.runNested(sub, input, limits, rootRunId, new NestedPlace("rounds/build", "1", "#2"));
     * }</pre>
     *
     * @param workflow the nested workflow
     * @param input    its validated input
     * @param options  the enclosing run's budgets (no timeout: the enclosing run's applies)
     * @param runId    the enclosing run's id
     * @param place    where the step sits in the enclosing run
     * @return the nested run's result: ended, or waiting for its requests
     */
    public WorkflowResult runNested(Workflow workflow, com.fasterxml.jackson.databind.node.ObjectNode input,
                                    RunOptions options, String runId,
                                    dev.devora.orchestration.internal.NestedPlace place) {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(place, "place");
        lifecycle.admit(workflow.id());
        try {
            return new RunExecution(config, workflow, input, options == null ? RunOptions.NONE : options,
                    WorkflowListener.NONE, runId, new RunExecution.Resumption(config.runStore().entries(runId),
                    Long.MAX_VALUE, java.util.Set.of(), false), place).execute();
        } finally {
            lifecycle.ended();
        }
    }

    private WorkflowResult runHere(RunExecution execution) {
        WorkflowResult result;
        try {
            result = execution.execute(); // its end was settled before its result completed (track)
        } catch (RuntimeException | Error e) { // a bug of ours after the settling: a next pass registered does not run
            RunExecution next = execution.next();
            if (next != null) {
                synchronized (lockOf(next.id())) {
                    live.remove(next.id(), next);
                }
                lifecycle.ended();
            }
            throw e;
        }
        RunExecution next = execution.next();
        if (next == null) return result;
        try { // answers came while it ran: the next pass, live already, goes on with them
            return runHere(next);
        } finally {
            lifecycle.ended();
        }
    }

    /**
     * Starts a run on the engine's executor and returns its handle at once.
     *
     * @param workflow the workflow
     * @param input    the input, as Java maps, lists and values (converted to JSON)
     * @param listener receives the run's events
     * @return the handle of the running run
     * @throws InputValidationException when the input does not match the workflow's input spec
     * @throws IllegalStateException    when the engine is closed
     */
    public WorkflowRun start(Workflow workflow, Map<String, ?> input, WorkflowListener listener) {
        return start(workflow, toJson(workflow, input), RunOptions.NONE, listener);
    }

    /**
     * Starts a run on the engine's executor.
     *
     * @throws InputValidationException when the input does not match the workflow's input spec, or a USD budget
     *                                  cannot be enforced (a model without a known price, no per-call estimate)
     * @throws IllegalStateException    when the engine is closed
     * @param workflow the workflow
     * @param input    the input as a JSON object
     * @param options  timeout, budgets and run id
     * @param listener receives the run's events
     * @return the handle of the running run
     */
    public WorkflowRun start(Workflow workflow, JsonNode input, RunOptions options, WorkflowListener listener) {
        Objects.requireNonNull(workflow, "workflow");
        lifecycle.admit(workflow.id());
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable ended = () -> {
            if (counted.compareAndSet(true, false)) lifecycle.ended(); // once, even if the executor ran it here
        };
        RunExecution execution;
        try {
            execution = prepare(workflow, input, options, listener);
            launch(execution, ended);
        } catch (RejectedExecutionException e) {
            ended.run();
            throw new OrchestrationException("the engine's executor rejected a run of workflow '" + workflow.id()
                    + "' (was an injected executor shut down?)", e, false);
        } catch (RuntimeException | Error e) {
            ended.run();
            throw e;
        }
        return execution;
    }

    /**
     * What a run would do, without calling any model: planned calls with rendered prompts, parallel groups, and
     * token estimates (referenced outputs assumed to be 500 tokens each). Works on a closed engine too (it runs
     * nothing).
     *
     * @throws InputValidationException when the input does not match the workflow's input spec
     * @param workflow the workflow
     * @param input    the input, as Java maps, lists and values (converted to JSON)
     * @return the plan
     */
    public ExecutionPlan plan(Workflow workflow, Map<String, ?> input) {
        return Planner.plan(workflow, validate(workflow, toJson(workflow, input)), 500, defaultContextTokens,
                config.effects());
    }

    private void launch(RunExecution execution, Runnable ended) {
        try {
            config.executor().execute(() -> {
                try {
                    runHere(execution);
                } finally {
                    ended.run();
                }
            });
        } catch (RuntimeException | Error e) {
            live.remove(execution.id(), execution);
            throw e;
        }
    }

    private RunExecution prepare(Workflow workflow, JsonNode input, RunOptions options, WorkflowListener listener) {
        ObjectNode validated = validate(workflow, input);
        RunOptions opts = options == null ? RunOptions.NONE : options;
        Planner.checkBeforeRun(workflow, validated, defaultContextTokens,
                opts.maxCostUsd() != null && opts.estimatedCallCostUsd() == null, config.effects());
        String id;
        if (opts.runId() != null) {
            id = opts.runId();
            if (live.containsKey(id) || config.runStore().run(id).isPresent()) {
                throw new IllegalArgumentException("RunOptions.runId '" + id + "' names a run that already exists in "
                        + config.runStore() + "; resume it with resume(workflow, runId), or choose another id");
            }
        } else {
            id = randomRunId();
        }
        known.put(workflow.id(), workflow);
        return track(new RunExecution(config, workflow, validated, opts,
                listener == null ? WorkflowListener.NONE : listener, id, null));
    }

    private RunExecution track(RunExecution execution) {
        if (live.putIfAbsent(execution.id(), execution) != null) {
            throw new IllegalStateException("run " + execution.id() + " is running in this engine; wait for its result");
        }
        execution.onEnded(() -> settle(execution));
        return execution;
    }

    /**
     * The end of a pass, before its result future completes, so that whoever sees the result sees this done: the
     * pass is no longer live; if it ended waiting and answers were given through it meanwhile (it did not read
     * them), the next pass is registered now, else the deadlines of its requests are armed. An answer given after
     * this goes to the store only, for whoever resumes the run (the engine does not take it on its own).
     *
     * @return the next pass, registered as live and counted by the lifecycle (the caller runs it); or null
     */
    private RunExecution settle(RunExecution ended) {
        String runId = ended.id();
        synchronized (lockOf(runId)) { // no answer is journaled through it from now on
            live.remove(runId, ended);
            if (ended.status() != RunStatus.WAITING) return null;
            try {
                PendingWaits waits = PendingWaits.of(config.runStore().entries(runId));
                Workflow workflow = known.get(ended.workflowId());
                // unseen: journaled after the entries the pass read (perhaps before its RunResumed, while it was queued)
                if ((waits.unseenAnswers() || waits.answeredAfter(ended.loadedSeq())) && workflow != null) {
                    return nextPass(workflow, ended);
                }
                for (JournalEntry.WaitRequested w : waits.pending()) {
                    if (w.timeout() != null && !waits.escalated(w.requestId())) {
                        deadlines.schedule(runId, w.requestId(), w.deadline());
                    }
                }
            } catch (RuntimeException e) { // e.g. the store failed: the run stays waiting; resume continues it
                log.warn("run {}: not continued after its pass ended waiting: {}", runId, e.toString());
            }
            return null;
        }
    }

    /** Registers the pass that goes on with the answers a waiting pass did not read; null when the engine closed. */
    private RunExecution nextPass(Workflow workflow, RunExecution ended) {
        try {
            lifecycle.admit(workflow.id());
        } catch (IllegalStateException closed) {
            log.debug("run {}: not continued after its pass: {}", ended.id(), closed.getMessage());
            return null;
        }
        try {
            return prepareResumeLocked(workflow, ended.id(), ResumeOptions.DEFAULT, ended.listener());
        } catch (RuntimeException | Error e) {
            lifecycle.ended();
            throw e;
        }
    }

    // ---- durable runs ----

    /**
     * Resumes a stored run with the workflow it ran (one this engine has run since it was built, or was given with
     * {@link Builder#workflows}), with the limits it started with; see {@link #resume(Workflow, String, ResumeOptions, WorkflowListener)}.
     *
     * @param runId the stored run
     * @return the result of the whole run, as if it had never stopped
     * @throws RunNotFoundException        if the store has no such run
     * @throws IllegalArgumentException    if this engine knows no workflow of the run's workflow id
     * @throws DefinitionChangedException  if steps the run finished are defined differently now
     * @throws IllegalStateException       if the run is running in this engine, or the engine is closed
     */
    public WorkflowResult resume(String runId) {
        return resume(knownWorkflowOf(runId, "resume(workflow, runId)"), runId, ResumeOptions.DEFAULT,
                WorkflowListener.NONE);
    }

    /** The workflow this engine knows for a stored run (it ran it, or was given it with {@code Builder.workflows}). */
    private Workflow knownWorkflowOf(String runId, String withWorkflow) {
        String workflowId = storedStart(runId).workflowId();
        Workflow workflow = known.get(workflowId);
        if (workflow == null) {
            throw new IllegalArgumentException("run " + runId + " is a run of workflow '" + workflowId + "', which this "
                    + "engine has not run since it was built; pass it: " + withWorkflow + ", or register it with "
                    + "WorkflowEngine.builder().workflows(…)");
        }
        return workflow;
    }

    /**
     * Answers a waiting run's request with the workflow this engine knows for it (it ran it, or was given it with
     * {@link Builder#workflows}); see {@link #answer(Workflow, String, String, JsonNode)}. What a callback receiver,
     * which knows only the run and request ids, calls.
     *
     * @param runId     the waiting run
     * @param requestId the request's id
     * @param answer    the answer
     * @return the run's result: finished, or waiting again
     * @throws RunNotFoundException     if the store has no such run
     * @throws IllegalArgumentException if this engine does not know the run's workflow
     * @throws AnswerRefusedException   if the run never made that request, it was answered otherwise already, or it
     *                                  expired
     */
    public WorkflowResult answer(String runId, String requestId, JsonNode answer) {
        return answer(knownWorkflowOf(runId, "answer(workflow, runId, requestId, answer)"), runId, requestId, answer);
    }

    /**
     * Resumes a stored run with its own limits; see {@link #resume(Workflow, String, ResumeOptions, WorkflowListener)}.
     *
     * @param workflow the workflow it ran (its finished steps must be unchanged)
     * @param runId    the stored run
     * @return the result of the whole run
     * @throws RunNotFoundException       if the store has no such run
     * @throws DefinitionChangedException if steps the run finished are defined differently now
     * @throws IllegalStateException      if the run is running in this engine, or the engine is closed
     */
    public WorkflowResult resume(Workflow workflow, String runId) {
        return resume(workflow, runId, ResumeOptions.DEFAULT, WorkflowListener.NONE);
    }

    /**
     * Resumes a stored run on the calling thread: an interrupted run (a crash, a cancellation, a timeout), a failed
     * one (a budget stop: raise the budget in {@code options}), or a finished one (its result is read back). Steps
     * and decisions the journal holds return their recorded values without calling a model or running a task again;
     * the run goes on from the first unfinished point (inside a parallel step only the branches that had not
     * finished run; inside a loop, at the right iteration with the right {@code {{gate.feedback}}}); budgets count
     * what the journal says was spent. The result's {@code stateJson()} is the one an uninterrupted run would have
     * produced. The input is the one the run started with.
     *
     * <p>Every finished step is checked against the definition first: if one changed (its kind, prompt, agent, model
     * options…) or is gone, {@link DefinitionChangedException} lists them before any call, unless
     * {@code options.rerunChangedSteps()}: the run then goes on from the first changed step, running it and
     * everything the run did after it again.
     *
     * @param workflow the workflow it ran
     * @param runId    the stored run
     * @param options  limits and what to do about changed steps
     * @param listener receives the resumed run's events: {@code RunResumed} first, then those of the work still to do
     * @return the result of the whole run
     * @throws RunNotFoundException       if the store has no such run
     * @throws IllegalArgumentException   if the run is of another workflow
     * @throws DefinitionChangedException if steps the run finished changed and {@code rerunChangedSteps} is not set
     * @throws InputValidationException   if the stored input does not satisfy the workflow's input spec any more, or a
     *                                    USD budget cannot be enforced
     * @throws IllegalStateException      if the run is running in this engine, or the engine is closed
     */
    public WorkflowResult resume(Workflow workflow, String runId, ResumeOptions options, WorkflowListener listener) {
        Objects.requireNonNull(workflow, "workflow");
        lifecycle.admit(workflow.id());
        try {
            return runHere(prepareResume(workflow, runId, options, listener));
        } finally {
            lifecycle.ended();
        }
    }

    /**
     * Resumes a stored run on the engine's executor and returns its handle at once; see
     * {@link #resume(Workflow, String, ResumeOptions, WorkflowListener)}.
     *
     * @param workflow the workflow it ran
     * @param runId    the stored run
     * @param options  limits and what to do about changed steps
     * @param listener receives the resumed run's events
     * @return the handle of the resumed run
     * @throws RunNotFoundException       if the store has no such run
     * @throws DefinitionChangedException if steps the run finished changed and {@code rerunChangedSteps} is not set
     * @throws IllegalStateException      if the run is running in this engine, or the engine is closed
     */
    public WorkflowRun startResume(Workflow workflow, String runId, ResumeOptions options, WorkflowListener listener) {
        Objects.requireNonNull(workflow, "workflow");
        lifecycle.admit(workflow.id());
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable ended = () -> {
            if (counted.compareAndSet(true, false)) lifecycle.ended();
        };
        RunExecution execution;
        try {
            execution = prepareResume(workflow, runId, options, listener);
            launch(execution, ended);
        } catch (RejectedExecutionException e) {
            ended.run();
            throw new OrchestrationException("the engine's executor rejected resuming run " + runId
                    + " (was an injected executor shut down?)", e, false);
        } catch (RuntimeException | Error e) {
            ended.run();
            throw e;
        }
        return execution;
    }

    /**
     * Records a person's decision on an approval request ({@link dev.devora.orchestration.approval.Approvals}) and
     * continues the run, as {@link #answer} does.
     *
     * @param workflow  the run's workflow
     * @param runId     the waiting run
     * @param requestId the approval request's id ({@link #pending})
     * @param decision  approve, reject with feedback, or edit
     * @return the run's result: finished, or waiting again
     * @throws RunNotFoundException   if the store has no such run
     * @throws AnswerRefusedException if the run never made that request, it was decided otherwise already, it
     *                                expired, the request does not allow this verdict, or it edits JSON work
     *                                with text that is not JSON (nothing is recorded)
     */
    public WorkflowResult decide(Workflow workflow, String runId, String requestId,
                                 dev.devora.orchestration.approval.Decision decision) {
        Objects.requireNonNull(decision, "decision");
        checkAllowed(runId, requestId, decision);
        return answer(workflow, runId, requestId, decision.toJson());
    }

    /**
     * Records a person's decision with the workflow this engine knows for the run; see
     * {@link #decide(Workflow, String, String, dev.devora.orchestration.approval.Decision)}.
     *
     * @param runId     the waiting run
     * @param requestId the approval request's id
     * @param decision  approve, reject with feedback, or edit
     * @return the run's result: finished, or waiting again
     * @throws RunNotFoundException     if the store has no such run
     * @throws IllegalArgumentException if this engine does not know the run's workflow
     * @throws AnswerRefusedException   as {@link #decide(Workflow, String, String, dev.devora.orchestration.approval.Decision)}
     */
    public WorkflowResult decide(String runId, String requestId, dev.devora.orchestration.approval.Decision decision) {
        return decide(knownWorkflowOf(runId, "decide(workflow, runId, requestId, decision)"), runId, requestId,
                decision);
    }

    /**
     * Journals a person's decision without continuing the run (what a web page or a command line that must answer
     * at once calls; {@link #resume(String)} then continues it); checks it as {@link #decide} does.
     *
     * @param runId     the waiting run
     * @param requestId the approval request's id
     * @param decision  approve, reject with feedback, or edit
     * @return true when this call journaled it, false when the store had this same decision already
     * @throws RunNotFoundException   if the store has no such run
     * @throws AnswerRefusedException as {@link #decide(Workflow, String, String, dev.devora.orchestration.approval.Decision)}
     */
    public boolean recordDecision(String runId, String requestId, dev.devora.orchestration.approval.Decision decision) {
        Objects.requireNonNull(decision, "decision");
        checkAllowed(runId, requestId, decision);
        return recordAnswer(runId, requestId, decision.toJson());
    }

    /** Refuses a verdict the approval request does not offer (its {@code allowed} list), before anything is kept. */
    private void checkAllowed(String runId, String requestId, dev.devora.orchestration.approval.Decision decision) {
        List<JournalEntry> entries = config.runStore().entries(runId);
        if (entries.isEmpty()) throw new RunNotFoundException(runId, config.runStore().toString());
        JournalEntry.WaitRequested w = PendingWaits.of(entries).request(requestId);
        if (w != null && decision.verdict() == dev.devora.orchestration.approval.Decision.Verdict.EDIT
                && w.request().hasNonNull("json")) { // the work shown is JSON: so must its replacement be
            try {
                dev.devora.orchestration.internal.Json.parseReply(decision.edited());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AnswerRefusedException(AnswerRefusedException.Reason.NOT_ALLOWED, runId, requestId,
                        "request '" + requestId + "' of run " + runId + " shows JSON work: an edit must be JSON, was '"
                                + decision.edited() + "'");
            }
        }
        JsonNode allowed = w == null ? null : w.request().get("allowed");
        if (allowed == null || !allowed.isArray()) return;
        for (JsonNode a : allowed) if (a.asText().equalsIgnoreCase(decision.verdict().name())) return;
        throw new AnswerRefusedException(AnswerRefusedException.Reason.NOT_ALLOWED, runId, requestId,
                "request '" + requestId + "' of run " + runId + " allows " + allowed + ", not "
                        + decision.verdict().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The requests a stored run waits for, in the order they were made.
     *
     * @param runId the run
     * @return its pending requests; empty when it waits for nothing
     * @throws RunNotFoundException if the store has no such run
     */
    public List<PendingRequest> pending(String runId) {
        List<JournalEntry> entries = config.runStore().entries(runId);
        if (entries.isEmpty()) throw new RunNotFoundException(runId, config.runStore().toString());
        PendingWaits waits = PendingWaits.of(entries);
        List<PendingRequest> open = new ArrayList<>();
        for (JournalEntry.WaitRequested w : waits.pending()) {
            open.add(new PendingRequest(w.requestId(), w.kind(), w.step().path(), w.request(), w.at(), w.deadline(),
                    waits.escalated(w.requestId())));
        }
        return List.copyOf(open);
    }

    /**
     * Answers a request a waiting run made ({@code RunStatus.WAITING}; see {@code CallContext.await}) and continues
     * the run on the calling thread, as {@link #resume(Workflow, String)} does: the asking step runs again and gets
     * the answer. The answer is journaled first, so a crash after it loses nothing; the store decides between two
     * answers given at once (one is refused). When the run is running in this engine right now (continued by another
     * answer), this waits for that pass, which then goes on with this answer too, and returns its result.
     *
     * @param workflow  the run's workflow
     * @param runId     the waiting run
     * @param requestId the request's id (from the {@code WaitStarted} event or the journal)
     * @param answer    the answer
     * @return the run's result: finished, or waiting again for another request
     * @throws RunNotFoundException   if the store has no such run
     * @throws AnswerRefusedException if the run never made that request, it was answered otherwise already, or it
     *                                expired (nothing is recorded)
     */
    public WorkflowResult answer(Workflow workflow, String runId, String requestId, JsonNode answer) {
        Objects.requireNonNull(workflow, "workflow");
        recordAnswer(runId, requestId, answer);
        while (true) { // live here: the run goes on with the answer once it settles; then its result is ours
            RunExecution running = live.get(runId);
            if (running != null) {
                running.result().join();
                continue;
            }
            try {
                return resume(workflow, runId);
            } catch (IllegalStateException e) {
                if (!live.containsKey(runId)) throw e; // closed, not raced
            }
        }
    }

    /**
     * Journals the answer to a waiting run's request without continuing the run: what a receiver that must reply
     * at once calls before it continues the run elsewhere ({@link #resume(String)}). Once it returns, the answer is
     * in the store; giving the same answer again is a no-op. When the run is running in this engine right now (it
     * was continued by another answer), the answer is journaled through it and the run goes on with it as soon as
     * its current pass settles.
     *
     * @param runId     the waiting run
     * @param requestId the request's id
     * @param answer    the answer
     * @return true when this call journaled it, false when the store had this same answer already
     * @throws RunNotFoundException    if the store has no such run
     * @throws AnswerRefusedException  if the run never made that request, it was answered otherwise already (perhaps
     *                                 at the same time, by another engine: the store decides), or it expired
     */
    public boolean recordAnswer(String runId, String requestId, JsonNode answer) {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(requestId, "requestId");
        synchronized (lockOf(runId)) {
            List<JournalEntry> entries = config.runStore().entries(runId);
            if (entries.isEmpty()) throw new RunNotFoundException(runId, config.runStore().toString());
            PendingWaits waits = PendingWaits.of(entries);
            if (!isNew(runId, requestId, answer, waits, "")) return false;
            if (entries.get(entries.size() - 1) instanceof JournalEntry.RunEnded ended) {
                throw new AnswerRefusedException(AnswerRefusedException.Reason.RUN_ENDED, runId, requestId,
                        "run " + runId + " has ended (" + ended.status() + "): request '" + requestId
                                + "' takes no answer any more");
            }
            java.time.Instant at = config.clock().instant();
            RunExecution running = live.get(runId);
            if (running != null) {
                running.appendFromOutside(seq -> new JournalEntry.WaitAnswered(seq, at, requestId, answer));
                return true;
            }
            if (config.runStore().run(runId).map(r -> r.status() == RunStatus.RUNNING).orElse(false)) {
                // another engine writes this journal now: an entry appended here would take a seq it writes next.
                // It may be running because it took another answer to this request since we read: say so if it did.
                if (!isNew(runId, requestId, answer, PendingWaits.of(config.runStore().entries(runId)),
                        ", at the same time")) return false;
                throw new AnswerRefusedException(AnswerRefusedException.Reason.RUNNING_ELSEWHERE, runId, requestId,
                        "run " + runId + " is running in another engine (or its process died while running it: "
                                + "resume it first); answer request '" + requestId + "' again once it waits");
            }
            try {
                config.runStore().append(runId, new JournalEntry.WaitAnswered(waits.lastSeq() + 1, at, requestId,
                        answer), null);
                return true;
            } catch (RuntimeException refused) { // the store has that seq already: who wrote it?
                PendingWaits now = PendingWaits.of(config.runStore().entries(runId));
                if (now.answer(requestId) == null && now.expiry(requestId) == null) throw refused;
                return isNew(runId, requestId, answer, now, ", at the same time");
            }
        }
    }

    /**
     * Cancels a stored run that waits for answers (a person's decision, a remote agent's report) and that no engine
     * runs now: it ends {@code CANCELLED} at once, its requests take no answer any more and its wait timeouts do
     * nothing. A running run is cancelled through its handle ({@link WorkflowRun#cancel}) instead. As any cancelled
     * run, it can be resumed ({@link #resume(Workflow, String)}): it then asks again.
     *
     * <pre>{@code
     * if (engine.cancelWaiting(runId)) log.info("run {} cancelled", runId);
     * }</pre>
     *
     * @param runId the waiting run
     * @return true when this call cancelled it; false when it had ended already
     * @throws RunNotFoundException  if the store has no such run
     * @throws IllegalStateException if the run is running, in this engine or another one
     */
    public boolean cancelWaiting(String runId) {
        Objects.requireNonNull(runId, "runId");
        synchronized (lockOf(runId)) {
            List<JournalEntry> entries = config.runStore().entries(runId);
            if (entries.isEmpty()) throw new RunNotFoundException(runId, config.runStore().toString());
            if (entries.get(entries.size() - 1) instanceof JournalEntry.RunEnded) return false;
            dev.devora.orchestration.journal.RunSummary summary = config.runStore().run(runId)
                    .orElseThrow(() -> new RunNotFoundException(runId, config.runStore().toString()));
            if (summary.status().isFinal()) return false;
            if (live.containsKey(runId) || summary.status() == RunStatus.RUNNING) {
                throw new IllegalStateException("run " + runId + " is " + (live.containsKey(runId) ? "running in this "
                        + "engine: cancel it through its handle (WorkflowRun.cancel)" : "running in another engine (or "
                        + "its process died while running it: resume it first)") + "; cancelWaiting cancels a run that "
                        + "waits");
            }
            java.time.Instant at = config.clock().instant();
            String why = "Run " + runId + " of workflow '" + summary.workflowId() + "' was cancelled while it waited";
            config.runStore().append(runId, new JournalEntry.RunEnded(entries.get(entries.size() - 1).seq() + 1, at,
                    RunStatus.CANCELLED, dev.devora.orchestration.RunCancelledException.class.getSimpleName(), why),
                    summary.withStatus(RunStatus.CANCELLED, at, true));
            log.info("run {}: {}", runId, why);
            return true;
        }
    }

    /** Whether an answer is new for the request (false: the same answer was given); refuses it otherwise. */
    private static boolean isNew(String runId, String requestId, JsonNode answer, PendingWaits waits, String when) {
        if (waits.request(requestId) == null) {
            throw new AnswerRefusedException(AnswerRefusedException.Reason.NO_SUCH_REQUEST, runId, requestId,
                    "run " + runId + " made no request '" + requestId + "'");
        }
        JsonNode given = waits.answer(requestId);
        if (given != null) {
            if (given.equals(answer)) return false;
            throw new AnswerRefusedException(AnswerRefusedException.Reason.ANSWERED_OTHERWISE, runId, requestId,
                    "request '" + requestId + "' of run " + runId + " was answered already, otherwise" + when + ": "
                            + given);
        }
        if (waits.expiry(requestId) != null) {
            throw new AnswerRefusedException(AnswerRefusedException.Reason.EXPIRED, runId, requestId,
                    "request '" + requestId + "' of run " + runId + " expired" + when + " (its timeout "
                            + (waits.expiry(requestId) == WaitTimeout.Action.FAIL ? "failed the step"
                            : "gave the default answer") + ") and takes no answer any more");
        }
        return true;
    }

    /**
     * Whether this engine is running the run right now (a pass of it is under way here).
     *
     * @param runId the run
     * @return true while a pass runs in this engine
     */
    public boolean isRunning(String runId) {
        return live.containsKey(Objects.requireNonNull(runId, "runId"));
    }

    /**
     * Watches the waiting runs of this engine's store, e.g. right after opening an engine on a store that earlier
     * processes left waiting runs in: continues those whose answers came while no engine ran them, applies the
     * timeouts that are due ({@link WaitTimeout}), and wakes up at the later deadlines on the engine's timer. Runs
     * of workflows this engine does not know ({@link Builder#workflows}) get their timeouts journaled but are
     * continued by whoever resumes them. A run that cannot be continued (e.g. its finished steps are defined
     * differently now) is logged and stays waiting; the other runs are watched all the same. The engine does this by
     * itself for the runs it ran.
     *
     * @return how many runs it continued (on the calling thread)
     */
    public int watchWaitingRuns() {
        int continued = 0;
        for (dev.devora.orchestration.journal.RunSummary s : config.runStore().runs(
                dev.devora.orchestration.journal.RunQuery.builder().status(RunStatus.WAITING).limit(Integer.MAX_VALUE)
                        .build())) {
            if (live.containsKey(s.runId())) continue;
            Workflow workflow = known.get(s.workflowId());
            PendingWaits waits = PendingWaits.of(config.runStore().entries(s.runId()));
            boolean again = waits.unseenAnswers();
            java.time.Instant now = config.clock().instant();
            for (JournalEntry.WaitRequested w : waits.pending()) {
                if (w.timeout() == null || waits.escalated(w.requestId())) continue;
                if (w.deadline().isAfter(now)) {
                    deadlines.schedule(s.runId(), w.requestId(), w.deadline());
                } else {
                    again |= expire(s.runId(), w.requestId());
                }
            }
            if (again && workflow != null) {
                try {
                    resume(workflow, s.runId());
                    continued++;
                } catch (IllegalStateException raced) { // another thread of this engine continued it
                    log.debug("run {}: continued elsewhere meanwhile: {}", s.runId(), raced.getMessage());
                } catch (RuntimeException cannot) { // e.g. its definition changed: it stays waiting, the others go on
                    log.warn("run {} of workflow '{}' could not be continued: {}", s.runId(), s.workflowId(),
                            cannot.toString());
                }
            }
        }
        return continued;
    }

    /**
     * Applies the timeouts of a waiting run's requests that are due by the engine's clock, as the engine's own timer
     * does at their deadlines: each journals {@code WaitTimedOut} (or escalates). What an adapter that owns the
     * timers (a durable engine's workflow timer) calls at the next {@link PendingRequest#deadline()}; it then
     * resumes the run when this returns true.
     *
     * <pre>{@code
     * if (engine.applyDueTimeouts(runId)) result = engine.resume(workflow, runId);
     * }</pre>
     *
     * @param runId the waiting run
     * @return true when a timeout failed its step or gave the default answer: the run goes on when resumed
     * @throws RunNotFoundException if the store has no such run
     */
    public boolean applyDueTimeouts(String runId) {
        List<JournalEntry> entries = config.runStore().entries(Objects.requireNonNull(runId, "runId"));
        if (entries.isEmpty()) throw new RunNotFoundException(runId, config.runStore().toString());
        PendingWaits waits = PendingWaits.of(entries);
        java.time.Instant now = config.clock().instant();
        boolean again = false;
        for (JournalEntry.WaitRequested w : waits.pending()) {
            if (w.timeout() == null || waits.escalated(w.requestId()) || w.deadline().isAfter(now)) continue;
            again |= expire(runId, w.requestId());
        }
        return again;
    }

    /** The engine's timer woke at a request's deadline. */
    private void deadlineReached(String runId, String requestId) {
        try {
            if (!expire(runId, requestId)) return;
            Workflow workflow = known.get(storedStart(runId).workflowId());
            if (workflow == null || live.containsKey(runId)) return; // a live run sees it when its pass ends
            config.executor().execute(() -> {
                try {
                    resume(workflow, runId);
                } catch (RuntimeException e) {
                    log.warn("run {}: could not be continued after request {} expired: {}", runId, requestId,
                            e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("run {}: the deadline of request {} could not be applied: {}", runId, requestId, e.toString());
        }
    }

    /**
     * Applies a request's timeout if it is due and still pending: journals {@code WaitTimedOut} and tells the
     * engine's listeners.
     *
     * @return whether the run should be continued now (the timeout failed the step or gave the default answer)
     */
    private boolean expire(String runId, String requestId) {
        JournalEntry.WaitRequested w;
        java.time.Instant at;
        synchronized (lockOf(runId)) {
            PendingWaits waits = PendingWaits.of(config.runStore().entries(runId));
            w = waits.request(requestId);
            if (w == null || w.timeout() == null || !waits.pending().contains(w) || waits.escalated(requestId)) {
                return false;
            }
            if (config.runStore().run(runId).map(r -> r.status().isFinal()).orElse(true)) {
                return false; // the run ended (another branch failed it) with this left pending: no timeout continues it
            }
            at = config.clock().instant();
            if (at.isBefore(w.deadline())) { // woken early (the clock is not the timer's): wait on
                deadlines.schedule(runId, requestId, w.deadline());
                return false;
            }
            WaitTimeout.Action action = w.timeout().action();
            RunExecution running = live.get(runId);
            if (running != null) {
                running.appendFromOutside(seq -> new JournalEntry.WaitTimedOut(seq, at, requestId, action));
            } else {
                try {
                    config.runStore().append(runId, new JournalEntry.WaitTimedOut(waits.lastSeq() + 1, at, requestId,
                            action), null);
                } catch (RuntimeException refused) { // answered (or expired) at the same time: the store decided
                    log.debug("run {}: request {} did not expire: {}", runId, requestId, refused.toString());
                    return false;
                }
            }
        }
        deadlines.emit(runId, new WorkflowEvent.WaitTimedOut(runId, w.step().path(), requestId, w.timeout().action(),
                at));
        return w.timeout().action() != WaitTimeout.Action.ESCALATE;
    }

    private Object lockOf(String runId) {
        return runLocks[(runId.hashCode() & 0x7fffffff) % runLocks.length];
    }

    /**
     * A stored run's events, read back from its journal without running anything (after a restart too): the start,
     * each finished step, decision, gate verdict, model call and retry, resumptions and the end.
     *
     * @param runId the stored run
     * @return its events in the order they were journaled
     * @throws RunNotFoundException if the store has no such run
     */
    public List<WorkflowEvent> events(String runId) {
        List<JournalEntry> entries = config.runStore().entries(runId);
        if (entries.isEmpty()) throw new RunNotFoundException(runId, config.runStore().toString());
        return JournalEvents.of(runId, entries);
    }

    /**
     * The store this engine journals its runs in ({@link Builder#runStore}).
     *
     * @return the store
     */
    public RunStore runStore() {
        return config.runStore();
    }

    private JournalEntry.RunStarted storedStart(String runId) {
        Objects.requireNonNull(runId, "runId");
        List<JournalEntry> entries = config.runStore().entries(runId);
        if (entries.isEmpty()) throw new RunNotFoundException(runId, config.runStore().toString());
        return ResumeCheck.start(runId, entries);
    }

    private RunExecution prepareResume(Workflow workflow, String runId, ResumeOptions options,
                                       WorkflowListener listener) {
        Objects.requireNonNull(runId, "runId");
        synchronized (lockOf(runId)) { // an answer journaled now is either in the entries read or given through it
            return prepareResumeLocked(workflow, runId, options, listener);
        }
    }

    private RunExecution prepareResumeLocked(Workflow workflow, String runId, ResumeOptions options,
                                             WorkflowListener listener) {
        if (live.containsKey(runId)) {
            throw new IllegalStateException("run " + runId + " is running in this engine; wait for its result");
        }
        List<JournalEntry> entries = config.runStore().entries(runId);
        if (entries.isEmpty()) throw new RunNotFoundException(runId, config.runStore().toString());
        ResumeOptions how = options == null ? ResumeOptions.DEFAULT : options;
        ResumeCheck check = ResumeCheck.of(workflow, runId, entries, how.rerunChangedSteps());
        RunOptions limits = how.applyTo(check.limits());
        ObjectNode validated = validate(workflow, check.start().input());
        Planner.checkBeforeRun(workflow, validated, defaultContextTokens,
                limits.maxCostUsd() != null && limits.estimatedCallCostUsd() == null, config.effects());
        known.put(workflow.id(), workflow);
        return track(new RunExecution(config, workflow, validated, limits,
                listener == null ? WorkflowListener.NONE : listener, runId,
                new RunExecution.Resumption(entries, check.cutSeq(), check.voided(), check.finished())));
    }

    /** A random version-4 UUID from a thread-local generator: run ids need uniqueness, not secrecy. */
    private static String randomRunId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private ObjectNode validate(Workflow workflow, JsonNode input) {
        List<ValidationProblem> problems = new ArrayList<>();
        ObjectNode normalised = workflow.input().normalise(input, config.inputLimits(), problems);
        if (!problems.isEmpty()) throw new InputValidationException(workflow.id(), problems);
        return normalised;
    }

    /** A Java-map input as JSON, bounded by the engine's input depth limit. */
    private JsonNode toJson(Workflow workflow, Map<String, ?> input) {
        Objects.requireNonNull(workflow, "workflow");
        List<ValidationProblem> problems = new ArrayList<>();
        ObjectNode json = JavaInput.toJson(input, config.inputLimits().maxDepth(), problems);
        if (!problems.isEmpty()) throw new InputValidationException(workflow.id(), problems);
        return json;
    }

    /**
     * Closes the engine: from now on {@code run} and {@code start} throw {@link IllegalStateException}. Runs already
     * started are not cancelled and finish normally (timeouts, parallel branches and all); the threads the engine
     * created (its default executor and its timer, not an injected executor) are shut down at once if no run is in
     * flight, else as soon as the last one ends; the resources given to {@link Builder#closeOnClose} are closed
     * right after them (before this returns when no run is in flight). Does not wait for runs; calling it again
     * does nothing.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /**
     * Waits, after {@link #close()}, until the runs in flight have ended and the resources given to
     * {@link Builder#closeOnClose} are closed: for a host that shuts down gracefully (a Spring context, a service's
     * stop hook). Returns false at once when the engine is not closed, and false when the timeout passes first; the
     * runs still in flight then go on (with a durable {@link Builder#runStore} they can be resumed after a restart).
     *
     * <pre>{@code
     * engine.close();
     * if (!engine.awaitTermination(Duration.ofSeconds(30))) {
     *     log.warn("{} runs still in flight", engine.runsInFlight());
     * }
     * }</pre>
     *
     * @param timeout how long to wait at most; not null, not negative
     * @return true when every run had ended and the resources were closed within the timeout
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitTermination(java.time.Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) throw new IllegalArgumentException("timeout must be ≥ 0, was " + timeout);
        if (!isClosed()) return false;
        return lifecycle.awaitReleased(timeout);
    }

    /**
     * How many runs this engine is executing now (started or resumed, not yet ended; a run waiting for an approval
     * in the store is not executing), e.g. for a gauge or a shutdown log line.
     *
     * @return the runs in flight, ≥ 0
     */
    public int runsInFlight() {
        return lifecycle.inFlight();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once the engine is closed
     */
    public boolean isClosed() {
        return lifecycle.isClosed();
    }

    /**
     * The limits of run inputs this engine checks (see {@link Builder#inputLimits}), e.g. for code that validates an
     * input before handing it to {@link #run}: {@code spec.normalise(input, engine.inputLimits(), problems)}.
     *
     * @return the engine's input limits ({@link InputLimits#DEFAULT} unless the builder set others)
     */
    public InputLimits inputLimits() {
        return config.inputLimits();
    }

    @Override
    public String toString() {
        return "WorkflowEngine[executor=" + config.executor().getClass().getSimpleName() + ", retry="
                + config.retryPolicy().maxAttempts() + " attempts]";
    }

    /** Builder for {@link WorkflowEngine}. */
    public static final class Builder {
        private java.util.concurrent.Executor executor;
        private int maxPlatformThreads = 64;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private dev.devora.orchestration.internal.RunEffects effects;
        private Clock clock = Clock.systemUTC();
        private final List<WorkflowListener> listeners = new ArrayList<>();
        private InputLimits inputLimits = InputLimits.DEFAULT;
        private long defaultContextTokens = DEFAULT_CONTEXT_TOKENS;
        private RunStore runStore;
        private final List<Workflow> workflows = new ArrayList<>();
        private final List<AutoCloseable> resources = new ArrayList<>();

        private Builder() {
        }

        /**
         * Resources whose lifetime is the engine's, e.g. the MCP servers its agents' tools talk to: {@link #close()}
         * closes them once the runs in flight have ended (never under a running run), each once, the last handed
         * first, on the thread that ends the last run (or in {@code close()} when none is in flight). One that fails
         * to close does not stop the others; it is logged at WARN by its position and the exception's class (not
         * the message, which may hold a secret). A resource handed twice is closed once.
         *
         * <pre>{@code
         * McpToolbox github = McpToolbox.stdio("github", List.of("github-mcp-server", "stdio")).connect();
         * WorkflowEngine engine = WorkflowEngine.builder().closeOnClose(github).build();
         * }</pre>
         *
         * @param resources the resources; none null
         * @return this builder
         */
        public Builder closeOnClose(AutoCloseable... resources) {
            Objects.requireNonNull(resources, "closeOnClose");
            for (AutoCloseable r : resources) {
                Objects.requireNonNull(r, "closeOnClose: a resource is null");
                if (this.resources.stream().noneMatch(known -> known == r)) this.resources.add(r);
            }
            return this;
        }

        /**
         * Where runs are journaled (default a new {@link InMemoryRunStore}: resume works within the process). Give a
         * durable store (module {@code orchestration-jdbc}) to resume runs after a restart. The engine does not close
         * it.
         *
         * @param store the store; not null
         * @return this builder
         */
        public Builder runStore(RunStore store) {
            this.runStore = Objects.requireNonNull(store, "runStore");
            return this;
        }

        /**
         * Workflows {@link WorkflowEngine#resume(String)} can resume runs of, by id (the engine also knows every
         * workflow it has run).
         *
         * @param definitions the workflows
         * @return this builder
         */
        public Builder workflows(Workflow... definitions) {
            for (Workflow w : definitions) workflows.add(Objects.requireNonNull(w, "workflow"));
            return this;
        }

        /**
         * How large a run's input may be (default {@link InputLimits#DEFAULT}: 64 levels, strings of up to
         * 1,000,000 characters, 4,000,000 in all); checked at {@code run}, {@code start} and {@code plan}, before any
         * model call, and for each sub-workflow's input.
         *
         * @param limits the limits; not null
         * @return this builder
         */
        public Builder inputLimits(InputLimits limits) {
            this.inputLimits = Objects.requireNonNull(limits, "inputLimits");
            return this;
        }

        /**
         * The context window assumed for models whose provider does not know theirs
         * ({@code LlmProvider.contextLength}); a step whose prompt exceeds its model's window is an input error at
         * {@code run}/{@code start}/{@code plan} (default {@value WorkflowEngine#DEFAULT_CONTEXT_TOKENS} tokens).
         *
         * @param tokens the window in tokens, at least 1
         * @return this builder
         */
        public Builder defaultContextTokens(long tokens) {
            if (tokens < 1) throw new IllegalArgumentException("defaultContextTokens must be ≥ 1, was " + tokens);
            this.defaultContextTokens = tokens;
            return this;
        }

        /**
         * Runs branches and async runs on this executor (it is not shut down by {@link #close()}).
         *
         * @param executor the executor; default a virtual-thread executor on Java 21+, a daemon pool on 17
         * @return this builder
         */
        public Builder executor(java.util.concurrent.Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Size of the default pool on Java 17 (default 64); ignored with virtual threads or an injected executor.
         *
         * @param threads the pool size, at least 1
         * @return this builder
         */
        public Builder maxPlatformThreads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("maxPlatformThreads must be ≥ 1, was " + threads);
            this.maxPlatformThreads = threads;
            return this;
        }

        /**
         * How steps are retried on retriable failures; default {@link RetryPolicy#DEFAULT}.
         *
         * @param policy the policy; a step's {@code maxAttempts} overrides its attempts
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /**
         * The clock of event timestamps (default UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A listener attached to every run of this engine, before the run's own listener.
         *
         * @param listener the listener; not null
         * @return this builder
         */
        public Builder listener(WorkflowListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Machinery for engine adapters such as {@code orchestration-temporal}, not for applications: every side
         * effect of the interpreter (branches, timers, sleeps, the clock, waiting for branches, model calls) goes
         * through {@code effects} instead of the engine's threads, timer and provider calls. The engine then owns no
         * thread (its executor, unless one is given, runs tasks on the calling thread) and arms no wait timeout by
         * itself: the adapter does.
         *
         * <pre>{@code
         * WorkflowEngine inWorkflow = WorkflowEngine.builder().effects(temporalEffects).clock(workflowClock).build();
         * }</pre>
         *
         * @param effects the adapter's effects
         * @return this builder
         */
        public Builder effects(dev.devora.orchestration.internal.RunEffects effects) {
            this.effects = Objects.requireNonNull(effects, "effects");
            return this;
        }

        /**
         * Builds the engine.
         *
         * @return the engine; close it when done to stop the threads it created
         */
        public WorkflowEngine build() {
            return new WorkflowEngine(this);
        }
    }
}
