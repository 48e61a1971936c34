package dev.devora.orchestration.temporal.internal;

import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.RunTimeoutException;
import dev.devora.orchestration.internal.RunEffects;
import dev.devora.orchestration.internal.SubWorkflowCall;
import dev.devora.orchestration.internal.SubWorkflowOutcome;
import dev.devora.orchestration.internal.TaskState;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.TokenListener;
import dev.devora.orchestration.tool.ToolResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The interpreter's side effects inside a Temporal workflow: a branch is a workflow thread ({@code Async}), a timer
 * and a sleep are Temporal's, the clock and the random numbers (retry jitter) are the workflow's (the same on every
 * replay), waiting for branches is {@code Workflow.await}, a run that is paused, or whose history grew long, stops
 * before a step for its workflow to hold it or continue as new ({@link #stopBeforeStep}), a cancelled scope's thread
 * has its activity cancelled ({@link #interrupt}), and whatever acts on the world is an activity, so a replay
 * takes its result from the history instead of doing it again: a model call ({@link ModelCalls}), a tool call
 * ({@link ToolCalls}), a task ({@link TaskRuns}, on a copy of the state it may read) and a remote agent's task
 * ({@link RemoteDispatches}); what a provider knows of a model (price, context length) is a local activity
 * ({@link ModelInfo}), once per run and model. A step's own timeout bounds one attempt of each of its activities;
 * their failures come back as the interpreter would have seen them in one JVM ({@link ActivityFailures}). A workflow
 * cancellation becomes the interpreter's own {@code RunCancelledException}. A streamed call is made whole: tokens
 * are not streamed out of an activity.
 *
 * <pre>{@code
 * RunEffects effects = new TemporalEffects(DefinitionMap.of(workflow), settings);
 * }</pre>
 */
public final class TemporalEffects implements RunEffects {
    private final DefinitionMap definition;
    private final ActivitySettings settings;
    private final java.util.Map<String, Object> stubs = new java.util.HashMap<>();
    private java.util.Random random;

    /**
     * Effects for a run of this definition (made in the workflow: the activity stubs are the workflow's).
     *
     * @param definition the run's definition
     * @param settings   the activities' options
     */
    public TemporalEffects(DefinitionMap definition, ActivitySettings settings) {
        this(definition, settings, Integer.MAX_VALUE, () -> false);
    }

    /**
     * Effects for a run of this definition that stop the run before a step once the workflow's history has
     * {@code stopAfterEvents} events, or Temporal suggests continuing as new, and the workflow called an activity
     * since it began (so that each workflow of a run moves it on), or while {@code paused} says so.
     *
     * @param definition      the run's definition
     * @param settings        the activities' options
     * @param stopAfterEvents history events after which the run stops before its next step
     * @param paused          whether the run is paused (a signal of its workflow: the same on every replay)
     */
    public TemporalEffects(DefinitionMap definition, ActivitySettings settings, int stopAfterEvents,
                           java.util.function.BooleanSupplier paused) {
        this(definition, settings, stopAfterEvents, paused, null, null);
    }

    /**
     * Effects for a run, or for a sub-workflow step's child workflow of a run, that run its sub-workflow steps as
     * child workflows under the run's id, with the run's budgets.
     *
     * @param definition      the run's definition
     * @param settings        the activities' options
     * @param stopAfterEvents history events after which the run stops before its next step
     * @param paused          whether the run is paused
     * @param runId           the run's id; null for this workflow's id
     * @param limits          the run's limits (its budgets apply to its child workflows); null for none
     */
    public TemporalEffects(DefinitionMap definition, ActivitySettings settings, int stopAfterEvents,
                           java.util.function.BooleanSupplier paused, String runId, RunRequest.Limits limits) {
        this.definition = definition;
        this.settings = settings;
        this.stopAfterEvents = stopAfterEvents;
        this.paused = paused;
        this.runId = runId;
        this.childLimits = limits == null ? null
                : new RunRequest.Limits(null, limits.maxTokens(), limits.maxCostUsd(), limits.estimatedCallCostUsd());
    }

    /** The run's id; null for this workflow's. */
    private final String runId;
    /** The run's budgets, for its child workflows (its timeout is its own: a child is cancelled with it); or null. */
    private final RunRequest.Limits childLimits;

    private final int stopAfterEvents;
    private final java.util.function.BooleanSupplier paused;
    /** Activities called by this workflow (not by the ones of the run before a continue-as-new). */
    private int activitiesCalled;

    /**
     * Whether the run stops before its next step: it is paused, or, for its workflow to continue as new, its history
     * is long, this workflow moved the run on, and the run started after the change
     * ({@link #CONTINUE_AS_NEW_BETWEEN_STEPS}).
     */
    @Override
    public boolean stopBeforeStep() {
        if (paused.getAsBoolean()) return true;
        return activitiesCalled > 0 && historyIsLong(stopAfterEvents) && since(CONTINUE_AS_NEW_BETWEEN_STEPS);
    }

    /** Whether the workflow's history has {@code events} events, or Temporal suggests continuing as new. */
    static boolean historyIsLong(int events) {
        io.temporal.workflow.WorkflowInfo info = Workflow.getInfo();
        return info.getHistoryLength() >= events || info.isContinueAsNewSuggested();
    }

    /** The activity stub for a step's calls of one kind, with the step's timeout (made once per step). */
    private <T> T stub(Class<T> type, ActivityOptions base, String path) {
        return type.cast(stubs.computeIfAbsent(type.getSimpleName() + '\u0000' + path, k ->
                Workflow.newActivityStub(type, ActivitySettings.bounded(base, definition.timeout(path)))));
    }

    /** What the interpreter sees when every attempt of a step's activity took too long. */
    private RuntimeException timedOut(String path, String what) {
        java.time.Duration limit = definition.timeout(path);
        return limit != null ? new RunTimeoutException(path, limit)
                : new OrchestrationException("step '" + path + "': " + what + " (on every attempt)", null, false);
    }

    @Override
    public void fork(Runnable branch) {
        Async.procedure(branch::run);
    }

    @Override
    public Future<?> schedule(Duration delay, Runnable action) {
        CancellationScope scope = Workflow.newCancellationScope(() -> Workflow.newTimer(delay).thenApply(v -> {
            action.run();
            return null;
        }));
        scope.run();
        return new Future<Object>() {
            private volatile boolean cancelled;

            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                cancelled = true;
                scope.cancel();
                return true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public boolean isDone() {
                return cancelled;
            }

            @Override
            public Object get() {
                throw new UnsupportedOperationException("a workflow timer is not waited for");
            }

            @Override
            public Object get(long timeout, TimeUnit unit) {
                throw new UnsupportedOperationException("a workflow timer is not waited for");
            }
        };
    }

    @Override
    public void sleep(Duration delay) {
        if (delay.isNegative() || delay.isZero()) return;
        try {
            Workflow.sleep(delay);
        } catch (io.temporal.failure.CanceledFailure c) {
            throw cancellation();
        }
    }

    /**
     * Whether the workflow was cancelled: its root scope is, and every blocking call in it fails from then on; the
     * interpreter ends the run {@code CANCELLED}, with what it finished before.
     */
    @Override
    public boolean cancelled() {
        return CancellationScope.current().isCancelRequested();
    }

    /**
     * Calls an activity: a workflow cancellation becomes the interpreter's own, a failure the exception of one JVM
     * ({@link ActivityFailures}), every attempt timing out {@code timedOut}'s exception.
     */
    private <T> T activity(Supplier<T> call, java.util.function.Function<String, RuntimeException> timedOut) {
        activitiesCalled++;
        Thread me = Thread.currentThread();
        CancellationScope[] own = new CancellationScope[1];
        try {
            if (!since(CANCEL_STOPPED_ACTIVITIES)) return call.get();
            java.util.List<T> out = new java.util.ArrayList<>(1);
            own[0] = Workflow.newCancellationScope(() -> {
                out.add(call.get());
            });
            inFlight.put(me, own[0]);
            own[0].run();
            return out.get(0);
        } catch (io.temporal.failure.CanceledFailure c) {
            throw stopped(own[0]);
        } catch (ActivityFailure f) {
            if (f.getCause() instanceof io.temporal.failure.CanceledFailure) throw stopped(own[0]);
            throw ActivityFailures.toException(f, timedOut);
        } catch (io.temporal.failure.ChildWorkflowFailure f) { // the child workflow itself failed, not its run
            if (f.getCause() instanceof io.temporal.failure.CanceledFailure) throw stopped(own[0]);
            throw new OrchestrationException("the child workflow " + f.getExecution().getWorkflowId() + " failed: "
                    + (f.getCause() == null ? f.getOriginalMessage() : f.getCause().getMessage()), f, false);
        } finally {
            inFlight.remove(me);
        }
    }

    /** Activities under way, by the workflow thread waiting on each, for {@link #interrupt}. */
    private final java.util.Map<Thread, CancellationScope> inFlight = new java.util.HashMap<>();

    /**
     * Cancels the activity a workflow thread of a cancelled scope waits on (a sibling branch failed fast, a step's
     * timeout passed): the cancellation is in the history, the thread goes on at once and the activity's result is
     * not waited for. A thread that waits on no activity (or on one of a run older than
     * {@link #CANCEL_STOPPED_ACTIVITIES}) is interrupted, as the interpreter did before.
     */
    @Override
    public void interrupt(Thread worker) {
        CancellationScope scope = inFlight.get(worker);
        if (scope != null) scope.cancel("its step's scope was cancelled");
        else worker.interrupt();
    }

    /**
     * What a cancelled activity call becomes: the workflow's cancellation, or, when the interpreter stopped it
     * ({@link #interrupt}), a failure the interpreter replaces with its scope's reason.
     */
    private RuntimeException stopped(CancellationScope own) {
        if (own == null || !own.isCancelRequested() || CancellationScope.current().isCancelRequested()) {
            return cancellation();
        }
        return new OrchestrationException("the activity was cancelled: its step's scope was", null, false);
    }

    /** The interpreter's own cancellation, for a workflow cancellation seen in a blocking call. */
    private dev.devora.orchestration.RunCancelledException cancellation() {
        return dev.devora.orchestration.RunCancelledException.of(runId(), definition.workflow().id());
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }

    @Override
    public double random() {
        if (random == null) random = Workflow.newRandom(); // seeded by the workflow: a replay draws the same
        return random.nextDouble();
    }

    @Override
    public long nanoTime() {
        return TimeUnit.MILLISECONDS.toNanos(Workflow.currentTimeMillis());
    }

    @Override
    public <T> T runLeaf(String path, Supplier<T> leaf) {
        return leaf.get(); // the agent's logic is deterministic workflow code; its model calls are activities
    }

    /**
     * Temporal's own errors (it stops a workflow's threads by throwing one through them when it evicts the workflow
     * from a worker) go through the interpreter untouched.
     */
    @Override
    public void rethrowIfFatal(Throwable thrown) {
        if (thrown instanceof Error e && e.getClass().getName().startsWith("io.temporal.")) throw e;
    }

    /** A workflow wait for the change (other workflow threads make it): no timer, no Java monitor held. */
    @Override
    public void awaitChange(Object monitor, java.util.function.BooleanSupplier changed, long maxMillis) {
        try {
            Workflow.await(changed::getAsBoolean);
        } catch (io.temporal.failure.CanceledFailure c) {
            throw cancellation();
        }
    }

    @Override
    public void awaitAll(CountDownLatch done) {
        try {
            Workflow.await(() -> done.getCount() == 0);
        } catch (io.temporal.failure.CanceledFailure c) { // the branches stop at their next blocking call: wait for them
            Workflow.newDetachedCancellationScope(() -> Workflow.await(() -> done.getCount() == 0)).run();
        }
    }

    @Override
    public LlmResponse callModel(String path, LlmProvider provider, LlmRequest request, TokenListener tokens) {
        ModelCalls calls = stub(ModelCalls.class, settings.modelCalls(), path);
        ModelCall call = new ModelCall(provider.name(), path, LlmJson.write(request));
        return activity(() -> LlmJson.response(calls.complete(call)), what -> ProviderException.builder(
                ProviderErrorKind.TIMEOUT, "the model call of step '" + path + "' hit the " + what + " on every attempt")
                .model(request.model()).retriable(false).build());
    }

    @Override
    public ToolResult callTool(String path, String agent, String tool, String callId, String argumentsJson,
                               Supplier<ToolResult> local) {
        if (!since(TOOLS_AS_ACTIVITIES)) return local.get();
        ToolCalls tools = stub(ToolCalls.class, settings.toolCalls(), path);
        ToolCallRequest call = new ToolCallRequest(definition.workflow().id(), runId(), path, agent, tool, callId,
                argumentsJson);
        return activity(() -> LlmJson.read(tools.call(call), ToolResult.class),
                what -> timedOut(path, "tool '" + tool + "' hit the " + what));
    }

    /**
     * Interpreter changes that replay differently, each guarded by {@code Workflow.getVersion}: a run whose history
     * was recorded before the change goes on as it began (a task, a tool call or a remote agent's dispatch run in
     * the workflow, a model's price asked of the provider there), a run started after it records the new version.
     * Never remove a version a running or replayed history may hold.
     */
    static final String TASKS_AS_ACTIVITIES = "devora-tasks-as-activities";
    static final String TOOLS_AS_ACTIVITIES = "devora-tools-as-activities";
    static final String DISPATCH_AS_ACTIVITY = "devora-remote-dispatch-as-activity";
    static final String MODEL_INFO_AS_ACTIVITY = "devora-model-info-as-local-activity";
    /** A thread of a cancelled scope has its activity cancelled instead of waiting for it ({@link #interrupt}). */
    static final String CANCEL_STOPPED_ACTIVITIES = "devora-cancel-stopped-activities";
    /** A run that never waits continues as new too, stopping between two steps ({@link #stopBeforeStep}). */
    static final String CONTINUE_AS_NEW_BETWEEN_STEPS = "devora-continue-as-new-between-steps";

    /** Whether the run's history holds the change (it started after it), recording it when the run is new. */
    private static boolean since(String change) {
        return Workflow.getVersion(change, Workflow.DEFAULT_VERSION, 1) == 1;
    }

    @Override
    public Object runTask(String path, Supplier<TaskState> state, Supplier<Object> local) {
        if (!since(TASKS_AS_ACTIVITIES)) return local.get();
        TaskRuns tasks = stub(TaskRuns.class, settings.tasks(), path);
        TaskRunRequest run = new TaskRunRequest(definition.workflow().id(), path, TaskStateJson.write(state.get()));
        return activity(() -> TaskStateJson.output(tasks.run(run)), what -> timedOut(path, "the task hit the " + what));
    }

    /**
     * A remote agent's task is sent by the {@link RemoteDispatches} activity; its decisions become the run's events
     * and a task not sent sends the agent to its fallback, as in one JVM. Other sends (none but remote agents'
     * today) run here.
     */
    @Override
    public void send(String path, String kind, String requestId, com.fasterxml.jackson.databind.JsonNode request,
                     java.util.function.Consumer<String> local, dev.devora.orchestration.agent.CallContext context) {
        if (!dev.devora.orchestration.remote.RemoteAgent.KIND.equals(kind) || !since(DISPATCH_AS_ACTIVITY)) {
            local.accept(requestId);
            return;
        }
        String agentId = request.path("agentId").asText();
        RemoteDispatches remote = stub(RemoteDispatches.class, settings.toolCalls(), path);
        RemoteDispatchRequest dispatch = new RemoteDispatchRequest(definition.workflow().id(), runId(), path, agentId,
                requestId, request.toString());
        com.fasterxml.jackson.databind.JsonNode outcome = activity(
                () -> LlmJson.read(remote.send(dispatch), com.fasterxml.jackson.databind.JsonNode.class),
                what -> timedOut(path, "remote agent '" + agentId + "' hit the " + what));
        for (com.fasterxml.jackson.databind.JsonNode d : outcome.path("decisions")) {
            context.remoteAgentDecision(agentId, d.path("decision").asText(), d.path("detail").asText());
        }
        if (outcome.hasNonNull("not_sent")) {
            throw new dev.devora.orchestration.remote.internal.NotDispatchedException(outcome.get("not_sent").asText());
        }
    }

    /** What each provider knows of each model, asked once per run (the answers are in the history). */
    private final java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> modelInfo = new java.util.HashMap<>();

    private com.fasterxml.jackson.databind.JsonNode modelInfo(LlmProvider provider, String model) {
        return modelInfo.computeIfAbsent(provider.name() + '\u0000' + model, k -> {
            ModelInfo info = Workflow.newLocalActivityStub(ModelInfo.class, io.temporal.activity.LocalActivityOptions
                    .newBuilder().setStartToCloseTimeout(java.time.Duration.ofSeconds(30)).build());
            return LlmJson.read(info.describe(provider.name(), model), com.fasterxml.jackson.databind.JsonNode.class);
        });
    }

    /** The provider's price for the model, from the {@link ModelInfo} local activity (once per run and model). */
    @Override
    public java.util.Optional<dev.devora.orchestration.llm.ModelPrice> price(LlmProvider provider, String model) {
        if (!since(MODEL_INFO_AS_ACTIVITY)) return provider.price(model);
        com.fasterxml.jackson.databind.JsonNode price = modelInfo(provider, model).get("price");
        return price == null ? java.util.Optional.empty()
                : java.util.Optional.of(new dev.devora.orchestration.llm.ModelPrice(price.path("model").asText(null),
                new java.math.BigDecimal(price.get("prompt_per_token").asText()),
                new java.math.BigDecimal(price.get("completion_per_token").asText())));
    }

    /** The model's context length, from the {@link ModelInfo} local activity (once per run and model). */
    @Override
    public java.util.OptionalInt contextLength(LlmProvider provider, String model) {
        if (!since(MODEL_INFO_AS_ACTIVITY)) return provider.contextLength(model);
        com.fasterxml.jackson.databind.JsonNode n = modelInfo(provider, model).get("context_length");
        return n == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(n.asInt());
    }

    private String runId() {
        return runId != null ? runId : Workflow.getInfo().getWorkflowId();
    }

    /**
     * A sub-workflow step runs as a child workflow of this one ({@code InterpreterWorkflow} on the same task queue,
     * id {@code <run>/<path><instance>}, then {@code @<seq>} for a part after a wait), given what the run recorded of
     * it and the run's budgets: it journals its steps under the run's id, as they would be journaled here, until it
     * ends or waits, and returns those entries (and its failure) for the run to take. A cancelled run, or one whose
     * history was recorded before the change ({@link #CHILD_WORKFLOWS}), runs it here.
     */
    @Override
    public SubWorkflowOutcome runSubWorkflow(SubWorkflowCall call) {
        if (cancelled() || !since(CHILD_WORKFLOWS)) return null;
        java.util.List<String> lines = new java.util.ArrayList<>();
        long after = 0;
        boolean partBefore = false;
        String prefix = call.path() + "/";
        for (dev.devora.orchestration.journal.JournalEntry e : call.recorded()) {
            lines.add(dev.devora.orchestration.journal.JournalJson.write(e));
            after = Math.max(after, e.seq());
            partBefore |= e instanceof dev.devora.orchestration.journal.JournalEntry.WaitRequested w
                    && w.step().path().startsWith(prefix); // only this step's own are given: it waited before
        }
        RunRequest request = new RunRequest(definition.workflow().id(), call.input().toString(), definition.fingerprint(),
                childLimits, null, new RunRequest.Nested(runId(), call.path(), call.orderKey(), call.instance(), lines,
                after));
        String childId = runId() + "/" + call.path() + call.instance() + (partBefore ? "@" + after : "");
        InterpreterWorkflow child = Workflow.newChildWorkflowStub(InterpreterWorkflow.class,
                io.temporal.workflow.ChildWorkflowOptions.newBuilder().setWorkflowId(childId)
                        // a cancelled child ends its run CANCELLED and returns what it did (an aborted call too)
                        .setCancellationType(io.temporal.workflow.ChildWorkflowCancellationType
                                .WAIT_CANCELLATION_COMPLETED).build());
        String outcome;
        try {
            outcome = activity(() -> child.run(request),
                    what -> timedOut(call.path(), "the sub-workflow's child workflow hit the " + what));
        } catch (RuntimeException stopped) { // a cancelled child sent what it did before it ended
            outcome = endedChildren.remove(childId);
            if (outcome == null) throw stopped;
        }
        return ChildOutcomes.read(outcome);
    }

    /** What cancelled child workflows sent as they ended, by child id, until their step takes it. */
    private final java.util.Map<String, String> endedChildren = new java.util.HashMap<>();

    /**
     * Takes what a cancelled child workflow sent as it ended (its {@code DevoraChildEnded} signal, received before
     * Temporal reports the child cancelled): its step adopts it as it would the child's result.
     *
     * @param childId     the child's workflow id
     * @param outcomeJson what the child did
     */
    public void childEnded(String childId, String outcomeJson) {
        endedChildren.put(childId, outcomeJson);
    }

    /** Sub-workflow steps run as child workflows ({@link #runSubWorkflow}), not in the run's own workflow. */
    static final String CHILD_WORKFLOWS = "devora-sub-workflows-as-child-workflows";
}
