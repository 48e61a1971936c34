package dev.devora.orchestration.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.devora.orchestration.AnswerRefusedException;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.journal.InMemoryRunStore;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The interpreter workflow: an engine of the core inside the workflow ({@code WorkflowEngine.Builder.effects} with
 * {@link TemporalEffects}, the workflow's clock and an in-memory journal: Temporal's history is the durable record,
 * and on a replay the journal is rebuilt by running the same code on the same history) runs the definition with the
 * Temporal workflow id as run id. While the run waits, the workflow waits for {@code DevoraAnswer} signals, journals
 * each answer as the engine does ({@code recordAnswer}) and resumes the run, until it ends; a request's timeout is a
 * workflow timer (its action applied as the engine's timer would: fail the step, answer by default, escalate). It
 * returns the run's {@code stateJson()}, also kept for the {@code DevoraState} query: a cancellation of the workflow
 * ends the run {@code CANCELLED} (running or waiting), and Temporal reports a cancelled workflow without a result.
 * Model calls, tool calls, tasks and remote dispatches are activities with bounded attempts ({@link TemporalEffects}).
 * A {@code DevoraPause} signal stops the run before its next step (or holds it while it waits) until
 * {@code DevoraResume}. Once its history is long, a run continues as new carrying its journal: while it waits, or,
 * when it does not wait, stopped before its next step ({@link TemporalEffects#stopBeforeStep}).
 * A worker whose definition differs from the one a run was started with (by fingerprint) fails the run as it starts.
 *
 * <pre>{@code
 * worker.registerWorkflowImplementationFactory(InterpreterWorkflow.class,
 *         () -> new InterpreterWorkflowImpl(Map.of(map.workflow().id(), map), settings));
 * }</pre>
 */
public final class InterpreterWorkflowImpl implements InterpreterWorkflow {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = Workflow.getLogger(InterpreterWorkflowImpl.class);

    private final Map<String, DefinitionMap> definitions;
    private final ActivitySettings activities;
    private final Deque<String[]> answers = new ArrayDeque<>();
    private WorkflowEngine engine;
    private TemporalEffects effects;
    private String runId;
    private volatile String status = RunStatus.RUNNING.name();
    private volatile int progress;
    private boolean cancelled;
    private boolean paused;
    private volatile String state;

    /**
     * The workflow over these definitions.
     *
     * @param definitions definition id → its map
     * @param activities  the activities' options
     */
    public InterpreterWorkflowImpl(Map<String, DefinitionMap> definitions, ActivitySettings activities) {
        this(definitions, activities, DEFAULT_CONTINUE_AS_NEW_AFTER);
    }

    /** A run continues as new once its history has this many events (or Temporal suggests it). */
    public static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 10_000;
    /** The interpreter change that continues a waiting run as new, guarded by {@code Workflow.getVersion}. */
    static final String CONTINUE_AS_NEW_AT_WAITS = "devora-continue-as-new-at-waits";

    private final int continueAsNewAfter;

    /**
     * The workflow over these definitions, continuing a run as new after a number of history events.
     *
     * @param definitions        definition id → its map
     * @param activities         the activities' options
     * @param continueAsNewAfter history events after which a run continues as new, at least 1
     */
    public InterpreterWorkflowImpl(Map<String, DefinitionMap> definitions, ActivitySettings activities,
                                   int continueAsNewAfter) {
        this.definitions = definitions;
        this.activities = activities;
        this.continueAsNewAfter = continueAsNewAfter;
    }

    @Override
    public String run(RunRequest request) {
        DefinitionMap definition = Registered.definition(definitions, request.workflowId());
        // checked when the run starts; a replay of a run under way on a changed definition is Temporal's to judge
        // step by step (a change to steps the run has not reached replays; one to its recorded commands does not)
        if (!Workflow.isReplaying() && request.fingerprint() != null
                && !request.fingerprint().equals(definition.fingerprint())) {
            throw ApplicationFailure.newNonRetryableFailure("the definition '" + request.workflowId() + "' on this worker"
                    + " is not the one the run was started with (fingerprint " + definition.fingerprint() + ", the run's "
                    + request.fingerprint() + "): deploy the same definition to the starter and every worker",
                    "DefinitionChanged");
        }
        if (request.nested() != null) return runNested(request, definition);
        dev.devora.orchestration.workflow.Workflow workflow = definition.workflow();
        JsonNode input;
        try {
            input = JSON.readTree(request.inputJson() == null ? "{}" : request.inputJson());
        } catch (java.io.IOException e) {
            throw ApplicationFailure.newNonRetryableFailure("the input is not JSON: " + e.getMessage(), "InvalidInput");
        }
        runId = Workflow.getInfo().getWorkflowId();
        InMemoryRunStore store = new InMemoryRunStore();
        effects = new TemporalEffects(definition, activities, continueAsNewAfter, () -> paused, runId, request.limits());
        engine = WorkflowEngine.builder().effects(effects).clock(new WorkflowClock()).runStore(store).build();
        WorkflowListener follow = event -> {
            if (event instanceof WorkflowEvent.Progress p) progress = p.percent();
        };
        WorkflowResult result;
        if (request.carried() != null) { // continued as new: the journal so far, then on from where it waited
            request.carried().loadInto(store, runId);
            result = engine.resume(workflow, runId, dev.devora.orchestration.engine.ResumeOptions.DEFAULT, follow);
        } else {
            try {
                RunOptions options = request.limits() == null ? RunOptions.builder().runId(runId).build()
                        : request.limits().toOptions(runId);
                result = engine.run(workflow, input, options, follow);
            } catch (InputValidationException e) {
                throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
            }
        }
        while (result.status() == RunStatus.WAITING) {
            if (paused) { // stopped before a step, or waiting, while paused: on once resumed
                status = RunStatus.PAUSED.name();
                try {
                    while (paused) { // an answer is taken while paused, and acted on once resumed
                        Workflow.await(() -> !paused || !answers.isEmpty());
                        recordAnswers();
                    }
                } catch (io.temporal.failure.CanceledFailure c) { // cancelled while paused: it ends CANCELLED
                    if (cancelled) throw c;
                    cancelled = true;
                    paused = false;
                }
            }
            if (engine.pending(runId).isEmpty()) { // stopped before a step: paused, or its history grew long
                if (!cancelled && TemporalEffects.historyIsLong(continueAsNewAfter)) {
                    recordAnswers(); // none can be taken (nothing is asked), but each is logged, not lost unseen
                    continueAsNew(request, store);
                }
                status = RunStatus.RUNNING.name();
                result = engine.resume(workflow, runId, dev.devora.orchestration.engine.ResumeOptions.DEFAULT, follow);
                continue;
            }
            status = RunStatus.WAITING.name();
            if (answers.isEmpty() && TemporalEffects.historyIsLong(continueAsNewAfter)
                    && Workflow.getVersion(CONTINUE_AS_NEW_AT_WAITS, Workflow.DEFAULT_VERSION, 1) == 1) {
                continueAsNew(request, store);
            }
            try {
                Instant deadline = nextDeadline();
                if (deadline != null && !Workflow.await(untilNow(deadline), () -> !answers.isEmpty() || paused)) {
                    if (engine.applyDueTimeouts(runId)) { // a timeout failed its step or answered it by default
                        status = RunStatus.RUNNING.name();
                        result = engine.resume(workflow, runId, dev.devora.orchestration.engine.ResumeOptions.DEFAULT,
                                follow);
                    }
                    continue;
                }
                if (deadline == null) Workflow.await(() -> !answers.isEmpty() || paused);
            } catch (io.temporal.failure.CanceledFailure c) { // cancelled while it waits: the run ends CANCELLED,
                if (cancelled) throw c;                     // its waiting step sees the cancellation as it asks again
                cancelled = true;
                status = RunStatus.RUNNING.name();
                result = engine.resume(workflow, runId, dev.devora.orchestration.engine.ResumeOptions.DEFAULT, follow);
                continue;
            }
            if (!recordAnswers()) continue;
            status = RunStatus.RUNNING.name();
            result = engine.resume(workflow, runId, dev.devora.orchestration.engine.ResumeOptions.DEFAULT, follow);
        }
        status = result.status().name();
        progress = 100;
        state = result.stateJson();
        return state;
    }

    /**
     * A sub-workflow step's child workflow: runs the step's nested workflow at its place in the run, under the run's
     * id, from what the run recorded of it, until it ends or waits for requests (the run waits for them, and starts
     * another child once answered); a long history continues as new carrying the child's journal. Returns the
     * entries its steps journaled and its failure ({@link ChildOutcomes}).
     */
    private String runNested(RunRequest request, DefinitionMap definition) {
        RunRequest.Nested nested = request.nested();
        if (!(definition.step(nested.path()) instanceof dev.devora.orchestration.workflow.SubWorkflowStep step)) {
            throw ApplicationFailure.newNonRetryableFailure("the definition '" + request.workflowId() + "' on this worker"
                    + " has no sub-workflow step at '" + nested.path() + "'", "DefinitionChanged");
        }
        com.fasterxml.jackson.databind.node.ObjectNode input;
        try {
            input = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(request.inputJson());
        } catch (java.io.IOException | ClassCastException e) {
            throw ApplicationFailure.newNonRetryableFailure("the sub-workflow's input is not a JSON object", "InvalidInput");
        }
        runId = nested.runId();
        InMemoryRunStore store = new InMemoryRunStore();
        if (request.carried() != null) {
            request.carried().loadInto(store, runId);
        } else {
            for (String line : nested.recorded()) {
                store.append(runId, dev.devora.orchestration.journal.JournalJson.read(line), null);
            }
        }
        effects = new TemporalEffects(definition, activities, continueAsNewAfter, () -> false, runId, request.limits());
        engine = WorkflowEngine.builder().effects(effects).clock(new WorkflowClock()).runStore(store).build();
        dev.devora.orchestration.internal.NestedPlace place = new dev.devora.orchestration.internal.NestedPlace(
                nested.path(), nested.orderKey(), nested.instance());
        RunOptions options = request.limits() == null ? RunOptions.NONE : request.limits().toOptions(null);
        WorkflowResult result = engine.runNested(step.workflow(), input, options, runId, place);
        while (result.status() == RunStatus.WAITING && engine.pending(runId).isEmpty()) { // stopped before a step
            if (TemporalEffects.historyIsLong(continueAsNewAfter)) {
                Workflow.continueAsNew(new RunRequest(request.workflowId(), request.inputJson(), request.fingerprint(),
                        request.limits(), RunRequest.Carried.of(store, runId), new RunRequest.Nested(nested.runId(),
                        nested.path(), nested.orderKey(), nested.instance(), List.of(), nested.after())));
            }
            result = engine.runNested(step.workflow(), input, options, runId, place);
        }
        status = result.status().name();
        progress = 100;
        state = ChildOutcomes.write(store, runId, nested.after(), result);
        java.util.Optional<String> parent = Workflow.getInfo().getParentWorkflowId();
        if (parent.isPresent() && io.temporal.workflow.CancellationScope.current().isCancelRequested()) {
            String childId = Workflow.getInfo().getWorkflowId();
            String sent = state;
            Workflow.newDetachedCancellationScope(() -> Workflow.newExternalWorkflowStub(InterpreterWorkflow.class,
                    parent.get()).childEnded(childId, sent)).run(); // a cancelled workflow's result is not kept
        }
        return state;
    }

    /** Journals the answers received so far; whether one was taken. */
    private boolean recordAnswers() {
        boolean recorded = false;
        while (!answers.isEmpty()) {
            String[] a = answers.poll();
            try {
                recorded |= engine.recordAnswer(runId, a[0], JSON.readTree(a[1]));
            } catch (AnswerRefusedException | IllegalArgumentException | java.io.IOException e) {
                log.warn("run {}: the answer to request {} was not taken: {}", runId, a[0], e.getMessage());
            }
        }
        return recorded;
    }

    /** Continues the run as new: a fresh history that starts with the journal, the run going on as if it never stopped. */
    private void continueAsNew(RunRequest request, InMemoryRunStore store) {
        Workflow.continueAsNew(new RunRequest(request.workflowId(), request.inputJson(), request.fingerprint(),
                request.limits(), RunRequest.Carried.of(store, runId)));
    }

    /** The earliest deadline of a pending request whose timeout has not been applied; null when none has one. */
    private Instant nextDeadline() {
        Instant next = null;
        for (PendingRequest p : engine.pending(runId)) {
            if (p.deadline() != null && !p.escalated() && (next == null || p.deadline().isBefore(next))) next = p.deadline();
        }
        return next;
    }

    /** The workflow time from now to a deadline (a past one: a moment, so that the timer fires at once). */
    private static Duration untilNow(Instant deadline) {
        Duration d = Duration.between(Instant.ofEpochMilli(Workflow.currentTimeMillis()), deadline);
        return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
    }

    @Override
    public void answer(String requestId, String answerJson) {
        answers.add(new String[] {requestId, answerJson});
    }

    @Override
    public void childEnded(String childId, String outcomeJson) {
        if (effects != null) effects.childEnded(childId, outcomeJson);
    }

    @Override
    public void pause() {
        if (state != null || paused) return;
        paused = true;
        status = RunStatus.PAUSED.name();
    }

    @Override
    public void resume() {
        if (!paused) return;
        paused = false;
        status = RunStatus.RUNNING.name(); // WAITING again, if it waits, as soon as it looks
    }

    @Override
    public String status() {
        return status;
    }

    @Override
    public int progress() {
        return progress;
    }

    @Override
    public String pending() {
        ArrayNode out = JSON.createArrayNode();
        if (engine == null || state != null) return out.toString(); // ended (cancelled, failed…): it waits for nothing
        List<PendingRequest> pending = engine.pending(runId);
        for (PendingRequest p : pending) {
            out.addObject().put("request_id", p.requestId()).put("kind", p.kind()).put("step", p.stepPath())
                    .put("since", p.at().toString()).set("request", p.request());
        }
        return out.toString();
    }

    @Override
    public String state() {
        return state;
    }

    @Override
    public String journal(long afterSeq) {
        ArrayNode out = JSON.createArrayNode();
        if (engine == null) return out.toString();
        for (dev.devora.orchestration.journal.JournalEntry e : engine.runStore().entries(runId)) {
            if (e.seq() > afterSeq) out.add(dev.devora.orchestration.journal.JournalJson.toJson(e));
        }
        return out.toString();
    }

    /** The workflow's deterministic time as a {@link Clock}. */
    private static final class WorkflowClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(Workflow.currentTimeMillis());
        }
    }
}
