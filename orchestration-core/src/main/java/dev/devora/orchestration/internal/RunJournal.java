package dev.devora.orchestration.internal;

import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.engine.GateRecord;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.RunWarning;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunStoreException;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.workflow.StepOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's journal and everything derived from it: each fact of the run is written as a {@link JournalEntry} to the
 * {@link RunStore} first, then applied to the run's accounting, gate history, warnings and budget, then emitted as
 * its event. A resumed run applies the stored entries the same way (without emitting them again) and looks its
 * finished steps and decisions up here instead of running them: one source of truth for what happened.
 */
final class RunJournal {
    private static final Logger log = LoggerFactory.getLogger("dev.devora.orchestration.engine");

    private record Keyed<T>(String key, int seq, T value) {
    }

    private final RunStore store;
    private final String runId;
    private final String workflowId;
    private final RunEffects clock;
    private final EventBus events;
    final Accounting accounting;
    /** Admission of model calls under the run's budgets; null without budgets. */
    final BudgetLedger budget;
    private volatile long seq; // the last seq given, through SEQ
    private static final java.util.concurrent.atomic.AtomicLongFieldUpdater<RunJournal> SEQ =
            java.util.concurrent.atomic.AtomicLongFieldUpdater.newUpdater(RunJournal.class, "seq");
    private final List<Keyed<RunWarning>> warnings = new ArrayList<>();
    private final List<Keyed<GateRecord>> gates = new ArrayList<>();
    private volatile boolean partial;
    private RunSummary summary; // the last given to the store; guarded by this
    /** Finished steps and decisions of the journal being replayed, by type and key; null for a fresh run. */
    private volatile Map<String, JournalEntry> replay;
    /** Requests this process journaled, by id. */
    private final Map<String, JournalEntry.WaitRequested> waits = new java.util.concurrent.ConcurrentHashMap<>();
    /** Whether nothing is written (a finished run being read back). */
    private boolean readOnly;
    /** Set once the store refused an entry (a seq it already has: another engine writes this run); then nothing is written. */
    private volatile RunStoreException conflict;
    /**
     * Tool results journaled by this process, by step execution key, for a retried attempt of that execution; an
     * execution's are dropped when it completes (no later attempt can ask for them).
     */
    private final Map<String, Map<String, JournalEntry.ToolCalled>> toolsCalled =
            new java.util.concurrent.ConcurrentHashMap<>();

    RunJournal(RunStore store, String runId, String workflowId, RunEffects clock, EventBus events, Accounting accounting,
               BudgetLedger budget) {
        this.store = store;
        this.runId = runId;
        this.workflowId = workflowId;
        this.clock = clock;
        this.events = events;
        this.accounting = accounting;
        this.budget = budget;
    }

    // ---- replay ----

    /**
     * Loads a stored journal for replay: applies what it records to the projections, indexes the finished steps
     * and decisions before {@code cutSeq}, and goes on numbering after its last entry.
     *
     * @param entries  the stored entries, in seq order
     * @param cutSeq   entries from this seq on are not replayed (re-run after a changed step); Long.MAX_VALUE for none
     * @param voided   seqs of earlier entries an earlier re-run superseded: not replayed either
     * @param readOnly whether the run is finished and only read back (nothing is written)
     */
    void load(List<JournalEntry> entries, long cutSeq, java.util.Set<Long> voided, boolean readOnly) {
        this.readOnly = readOnly;
        Map<String, JournalEntry> index = new HashMap<>();
        long last = 0;
        RunSummary s = null;
        for (JournalEntry e : entries) last = Math.max(last, e.seq());
        List<JournalEntry.CallRecorded> kept = new java.util.ArrayList<>(); // answers of steps still going on
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.RunStarted r) {
                s = new RunSummary(runId, workflowId, RunStatus.RUNNING, r.at(), r.at(), null, Usage.ZERO, 0);
            } else if (e instanceof JournalEntry.CallRecorded c) { // paid, whether or not its step is replayed
                accounting.call(StepTag.of(c.instance(), c.step()), c.call());
                if (budget != null) budget.spentBefore(c.call().usage());
                if (c.answer() != null && c.seq() < cutSeq && !voided.contains(c.seq())) kept.add(c);
            } else if (e instanceof JournalEntry.RunEnded) { // a failed step runs anew: its model is asked again
                kept.clear();
            } else if (e instanceof JournalEntry.ToolCalled t && (t.seq() >= cutSeq || voided.contains(t.seq()))) {
                accounting.toolCall(StepTag.of(t.instance(), t.step()), t.error()); // done, though not replayed
            } else if (e.seq() < cutSeq && !voided.contains(e.seq())) {
                indexDone(e, index);
            }
        }
        for (JournalEntry.CallRecorded c : kept) index.put(answerLookup(c.key(), c.call().agent(), c.answer().ordinal()), c);
        this.keptAnswers = !kept.isEmpty();
        for (JournalEntry e : entries) { // retries count only for steps that finished (a re-run retries anew)
            if (e instanceof JournalEntry.RetryScheduled r && e.seq() < cutSeq && !voided.contains(e.seq())
                    && index.containsKey(lookup('S', r.key()))) {
                accounting.retry(StepTag.of(r.instance(), r.step()));
            }
        }
        this.replay = index;
        SEQ.set(this, last);
        synchronized (this) {
            this.summary = s;
        }
    }

    /**
     * Indexes a finished step, a decision, a tool call or a request (and its answer) for replay, and applies it to
     * the projections: accounting, gate history, warnings.
     */
    private void indexDone(JournalEntry e, Map<String, JournalEntry> index) {
        if (e instanceof JournalEntry.StepCompleted d) {
            index.put(lookup('S', d.key()), d);
            accounting.executed(StepTag.of(d.instance(), d.step()), d.nanos());
        } else if (e instanceof JournalEntry.BranchChosen b) {
            index.put(lookup('B', b.key()), b);
        } else if (e instanceof JournalEntry.RouteChosen r) {
            index.put(lookup('R', r.key()), r);
        } else if (e instanceof JournalEntry.LoopDecided l) {
            index.put(lookup('L', l.key()), l);
        } else if (e instanceof JournalEntry.GateEvaluated g) {
            index.put(lookup('G', g.key()), g);
            addGate(g);
        } else if (e instanceof JournalEntry.ToolCalled t) { // a side effect done: never done twice
            index.put(toolLookup(t.key(), t.tool(), t.argumentsDigest(), t.occurrence()), t);
            accounting.toolCall(StepTag.of(t.instance(), t.step()), t.error());
        } else if (e instanceof JournalEntry.WarningRecorded w) {
            addWarning(w.path(), w.message(), w.partial());
        } else if (e instanceof JournalEntry.WaitRequested w) {
            index.put(lookup('W', w.requestId()), w);
        } else if (e instanceof JournalEntry.WaitAnswered a) {
            index.put(lookup('A', a.requestId()), a);
        } else if (e instanceof JournalEntry.WaitTimedOut t
                && t.action() != dev.devora.orchestration.agent.WaitTimeout.Action.ESCALATE) {
            index.put(lookup('T', t.requestId()), t);
        } else if (e instanceof JournalEntry.SlaStarted t) {
            index.putIfAbsent(lookup('Z', t.key()), t);
        } else if (e instanceof JournalEntry.SlaBreached b) {
            index.put(lookup('X', b.key()), b);
        }
    }

    /**
     * Journals the entries a sub-workflow step's steps journaled elsewhere ({@link RunEffects#runSubWorkflow}),
     * numbered anew in this journal, and applies them as they were when journaled there (paid calls, retries, tool
     * calls, gates, warnings), indexing them as a loaded journal's: the interpreter then walks the sub-workflow finding
     * its steps done, its decisions made and its model answers kept. They are journaled, not emitted as events.
     *
     * @param entries the step-level entries, in seq order
     * @throws IllegalArgumentException for a run-level entry (started, resumed, suspended, ended)
     */
    synchronized void adopt(List<JournalEntry> entries) {
        if (entries.isEmpty()) return;
        Map<String, JournalEntry> index = replay instanceof java.util.concurrent.ConcurrentHashMap<String, JournalEntry> c
                ? c : new java.util.concurrent.ConcurrentHashMap<>(replay == null ? Map.of() : replay);
        for (JournalEntry given : entries) {
            if (given instanceof JournalEntry.RunStarted || given instanceof JournalEntry.RunResumed
                    || given instanceof JournalEntry.RunSuspended || given instanceof JournalEntry.RunEnded) {
                throw new IllegalArgumentException("a sub-workflow's entries are its steps', not a run's: " + given.type());
            }
            com.fasterxml.jackson.databind.node.ObjectNode json = dev.devora.orchestration.journal.JournalJson.toJson(given);
            json.put("seq", next());
            JournalEntry e = dev.devora.orchestration.journal.JournalJson.fromJson(json);
            append(e);
            if (e instanceof JournalEntry.CallRecorded c) {
                accounting.call(StepTag.of(c.instance(), c.step()), c.call());
                if (budget != null) budget.spentBefore(c.call().usage());
                if (c.answer() != null) {
                    index.put(answerLookup(c.key(), c.call().agent(), c.answer().ordinal()), c);
                    keptAnswers = true;
                }
            } else if (e instanceof JournalEntry.RetryScheduled r) {
                accounting.retry(StepTag.of(r.instance(), r.step()));
            } else {
                indexDone(e, index);
            }
        }
        replay = index;
    }

    /**
     * What a run of a sub-workflow step elsewhere needs of this journal ({@link SubWorkflowCall#recorded}): the
     * entries of its nested steps at its instance, the answers and timeouts of their requests, the run's warnings,
     * and the run's other model calls without their answers.
     *
     * @param path     the sub-workflow step's path
     * @param instance its instance
     * @return the entries, in seq order
     */
    List<JournalEntry> recordedWithin(String path, String instance) {
        String prefix = path + "/";
        String deeper = instance + "#";
        List<JournalEntry> out = new ArrayList<>();
        java.util.Set<String> requests = new java.util.HashSet<>();
        for (JournalEntry e : store.entries(runId)) {
            if (e instanceof JournalEntry.WaitAnswered a) {
                if (requests.contains(a.requestId())) out.add(e);
                continue;
            }
            if (e instanceof JournalEntry.WaitTimedOut t) {
                if (requests.contains(t.requestId())) out.add(e);
                continue;
            }
            if (e instanceof JournalEntry.WarningRecorded) {
                out.add(e);
                continue;
            }
            dev.devora.orchestration.journal.StepRef step = JournalEntries.step(e);
            if (step == null) continue;
            String at = JournalEntries.instance(e);
            if (step.path().startsWith(prefix) && (at.equals(instance) || at.startsWith(deeper))) {
                out.add(e);
                if (e instanceof JournalEntry.WaitRequested w) requests.add(w.requestId());
            } else if (e instanceof JournalEntry.CallRecorded c) { // paid: it counts against the run's budgets
                out.add(new JournalEntry.CallRecorded(c.seq(), c.at(), c.step(), c.instance(), c.call(), null));
            }
        }
        return out;
    }

    /** Sub-workflow steps whose run elsewhere failed, with the failure: their steps not done end the run with it. */
    private volatile List<FailedElsewhere> failedElsewhere;

    private record FailedElsewhere(String prefix, String instance, dev.devora.orchestration.OrchestrationException failure) {
    }

    /**
     * Records that a sub-workflow step's run elsewhere failed: walking it, the interpreter restores what it finished
     * and, at the first leaf, route or gate it did not finish, throws the failure instead of running it again here.
     */
    synchronized void failedElsewhere(String path, String instance, dev.devora.orchestration.OrchestrationException failure) {
        List<FailedElsewhere> next = failedElsewhere == null ? new ArrayList<>() : new ArrayList<>(failedElsewhere);
        next.add(new FailedElsewhere(path + "/", instance, failure));
        failedElsewhere = List.copyOf(next);
    }

    /** The failure of a sub-workflow run elsewhere that a step not done at this path and instance ends with; or null. */
    dev.devora.orchestration.OrchestrationException failureElsewhere(String path, String instance) {
        List<FailedElsewhere> failed = failedElsewhere;
        if (failed == null) return null;
        for (FailedElsewhere f : failed) {
            if (path.startsWith(f.prefix) && (instance.equals(f.instance) || instance.startsWith(f.instance + "#"))) {
                return f.failure;
            }
        }
        return null;
    }

    private static String lookup(char type, String key) {
        return type + key;
    }

    private static String toolLookup(String key, String tool, String digest, int occurrence) {
        return "T" + key + '\u0000' + tool + '\u0000' + digest + '\u0000' + occurrence;
    }

    /**
     * The recorded result of a tool call at a step execution: journaled by this process (an earlier attempt of the
     * step) or before the run was resumed; or null.
     */
    JournalEntry.ToolCalled toolCalled(String key, String tool, String digest, int occurrence) {
        String lookup = toolLookup(key, tool, digest, occurrence);
        Map<String, JournalEntry.ToolCalled> ofStep = toolsCalled.isEmpty() ? null : toolsCalled.get(key);
        JournalEntry.ToolCalled done = ofStep == null ? null : ofStep.get(lookup);
        if (done != null || replay == null) return done;
        return (JournalEntry.ToolCalled) replay.get(lookup);
    }

    /** Journals a tool call's result, then accounts it. */
    void toolCalled(StepTag tag, String tool, String callId, String digest, int occurrence,
                    dev.devora.orchestration.tool.ToolResult result, long nanos) {
        JournalEntry.ToolCalled e = new JournalEntry.ToolCalled(next(), now(), tag.ref(), tag.instance(), tool, callId,
                digest, occurrence, result.content(), result.error(), result.changedFiles(), nanos);
        append(e);
        toolsCalled.computeIfAbsent(e.key(), k -> new java.util.concurrent.ConcurrentHashMap<>())
                .put(toolLookup(e.key(), tool, digest, occurrence), e);
        accounting.toolCall(tag, result.error());
    }

    /** Whether a stored journal is being replayed (lookups can find something). */
    boolean replaying() {
        return replay != null;
    }

    /** The recorded completion of a step execution; or null. */
    JournalEntry.StepCompleted completed(String key) {
        return replay == null ? null : (JournalEntry.StepCompleted) replay.get(lookup('S', key));
    }

    JournalEntry.BranchChosen branch(String key) {
        return replay == null ? null : (JournalEntry.BranchChosen) replay.get(lookup('B', key));
    }

    JournalEntry.RouteChosen route(String key) {
        return replay == null ? null : (JournalEntry.RouteChosen) replay.get(lookup('R', key));
    }

    JournalEntry.LoopDecided loop(String key) {
        return replay == null ? null : (JournalEntry.LoopDecided) replay.get(lookup('L', key));
    }

    JournalEntry.GateEvaluated gate(String key) {
        return replay == null ? null : (JournalEntry.GateEvaluated) replay.get(lookup('G', key));
    }

    // ---- writing ----

    private long next() {
        return SEQ.incrementAndGet(this);
    }

    private void append(JournalEntry entry) {
        if (!readOnly) write(entry, null);
    }

    /**
     * Stores an entry. A store refuses an entry with {@link IllegalStateException} when the run already has its seq:
     * another engine (another process, or a second resume of the same run) is writing this journal. This engine then
     * stops writing it at all (its end included), so the entries it could not write never land between the other
     * engine's, and the run fails with a {@link RunStoreException} saying so.
     */
    private void write(JournalEntry entry, RunSummary summary) {
        RunStoreException refused = conflict;
        if (refused != null) throw refused;
        try {
            store.append(runId, entry, summary);
        } catch (IllegalStateException e) {
            refused = new RunStoreException("run " + runId + ": the store refused journal entry " + entry.seq() + " ("
                    + entry.type() + "): " + e.getMessage() + "; this engine stops writing the run's journal (a seq the "
                    + "run already has means another engine is writing it: was it resumed twice at once?)", e);
            conflict = refused;
            throw refused;
        }
    }

    /** Appends an entry that changes the run's status, with the summary so far. */
    private synchronized void appendWithStatus(JournalEntry entry, RunStatus status, boolean ended) {
        appendWithStatus(entry, status, ended, accounting.calls() == 0 ? Usage.ZERO : accounting.total());
    }

    private synchronized void appendWithStatus(JournalEntry entry, RunStatus status, boolean ended, Usage usage) {
        Instant at = entry.at();
        RunSummary next = new RunSummary(runId, workflowId, status, summary == null ? at : summary.startedAt(), at,
                ended ? at : null, usage, accounting.calls());
        summary = next;
        if (!readOnly) write(entry, next);
    }

    Instant now() {
        return clock.now();
    }

    void started(dev.devora.orchestration.workflow.Workflow workflow, com.fasterxml.jackson.databind.node.ObjectNode input,
                 RunOptions options) {
        Instant at = now();
        StepFingerprints fps = StepFingerprints.of(workflow);
        synchronized (this) {
            appendWithStatus(new JournalEntry.RunStarted(next(), at, workflowId, fps.workflow(), input, options,
                    fps.steps()), RunStatus.RUNNING, false);
        }
        if (events.enabled()) events.emit(new WorkflowEvent.RunStarted(runId, workflowId, at));
    }

    void resumed(dev.devora.orchestration.workflow.Workflow workflow, RunOptions options, int replayed) {
        Instant at = now();
        StepFingerprints fps = StepFingerprints.of(workflow);
        synchronized (this) {
            if (summary != null) {
                appendWithStatus(new JournalEntry.RunResumed(next(), at, "resumed", options, fps.steps()),
                        RunStatus.RUNNING, false);
            }
        }
        if (events.enabled()) events.emit(new WorkflowEvent.RunResumed(runId, workflowId, replayed, at));
    }

    void stepCompleted(StepTag tag, StepOutput output, boolean skipped, long nanos, boolean emit) {
        Instant at = now();
        JournalEntry.StepCompleted done = new JournalEntry.StepCompleted(next(), at, tag.ref(), tag.instance(), output,
                skipped, nanos);
        append(done);
        if (!toolsCalled.isEmpty()) toolsCalled.remove(done.key());
        accounting.executed(tag, nanos);
        if (emit && events.enabled()) {
            events.emit(new WorkflowEvent.StepCompleted(runId, tag.path(), tag.kind(), Duration.ofNanos(nanos), at));
        }
    }

    void branchChosen(StepTag tag, String branch, String reason) {
        Instant at = now();
        append(new JournalEntry.BranchChosen(next(), at, tag.ref(), tag.instance(), branch, reason));
        if (events.enabled()) {
            events.emit(branch == null ? new WorkflowEvent.StepSkipped(runId, tag.path(), reason, at)
                    : new WorkflowEvent.BranchChosen(runId, tag.path(), branch, reason, at));
        }
    }

    void routeChosen(StepTag tag, StepOutput answer, String route, String reason) {
        Instant at = now();
        append(new JournalEntry.RouteChosen(next(), at, tag.ref(), tag.instance(), answer, route, reason));
        if (events.enabled()) events.emit(new WorkflowEvent.BranchChosen(runId, tag.path(), route, reason, at));
    }

    void loopDecided(StepTag tag, int iteration, boolean exit) {
        append(new JournalEntry.LoopDecided(next(), now(), tag.ref(), tag.instance(), iteration, exit));
    }

    void gateEvaluated(StepTag tag, int attempt, GateVerdict verdict) {
        Instant at = now();
        JournalEntry.GateEvaluated e = new JournalEntry.GateEvaluated(next(), at, tag.ref(), tag.instance(), attempt,
                verdict);
        append(e);
        addGate(e);
        if (events.enabled()) events.emit(new WorkflowEvent.GateEvaluated(runId, tag.path(), attempt, verdict, at));
    }

    private void addGate(JournalEntry.GateEvaluated g) {
        synchronized (gates) {
            gates.add(new Keyed<>(g.step().orderKey(), g.attempt(), new GateRecord(g.step().path(), g.attempt(),
                    g.verdict())));
        }
    }

    /** A model call ended; an answered one is also emitted as {@code LlmCallCompleted}. */
    void call(StepTag tag, LlmCallRecord record) {
        call(tag, record, null);
    }

    /** A model call ended, with its answer kept for a replay of the step execution (or null). */
    void call(StepTag tag, LlmCallRecord record, JournalEntry.Answer answer) {
        Instant at = now();
        append(new JournalEntry.CallRecorded(next(), at, tag.ref(), tag.instance(), record, answer));
        accounting.call(tag, record);
        if (!record.aborted() && events.enabled()) {
            events.emit(new WorkflowEvent.LlmCallCompleted(runId, tag.path(), record.agent(), record.model(),
                    record.usage(), record.latency(), record.requestId(), at));
        }
    }

    void retry(StepTag tag, int nextAttempt, long delayMillis, Throwable cause) {
        Instant at = now();
        append(new JournalEntry.RetryScheduled(next(), at, tag.ref(), tag.instance(), nextAttempt, delayMillis,
                String.valueOf(cause)));
        accounting.retry(tag);
        if (events.enabled()) {
            events.emit(new WorkflowEvent.StepRetried(runId, tag.path(), nextAttempt, Duration.ofMillis(delayMillis),
                    cause, at));
        }
    }

    /** Records a warning once per path and message (a replayed or re-run step does not repeat it); logs it. */
    void warn(String path, String message, boolean makesPartial) {
        if (!addWarning(path, message, makesPartial)) return;
        append(new JournalEntry.WarningRecorded(next(), now(), path, message, makesPartial));
        log.warn("run {} step '{}': {}", runId, path, message);
    }

    private boolean addWarning(String path, String message, boolean makesPartial) {
        if (makesPartial) partial = true;
        synchronized (warnings) {
            for (Keyed<RunWarning> w : warnings) {
                if (w.value.path().equals(path) && w.value.message().equals(message)) return false;
            }
            warnings.add(new Keyed<>(path, warnings.size(), new RunWarning(path, message)));
        }
        return true;
    }

    /** Whether the loaded journal kept model answers to replay (set once, by {@link #load}). */
    private volatile boolean keptAnswers;

    /** The answer kept for an agent's call of a step execution, by its ordinal; or null. */
    JournalEntry.Answer keptAnswer(StepTag tag, String agent, int ordinal) {
        if (!keptAnswers) return null; // a fresh run, or none kept: no key is built on the model-call path
        JournalEntry.CallRecorded c = (JournalEntry.CallRecorded) replay.get(answerLookup(tag.key(), agent, ordinal));
        return c == null ? null : c.answer();
    }

    private static String answerLookup(String key, String agent, int ordinal) {
        return lookup('M', key + '\u0000' + agent + '\u0000' + ordinal);
    }

    /** Whether a request of this id was journaled (this process or before the run was resumed). */
    boolean waitRequested(String requestId) {
        return waits.containsKey(requestId) || (replay != null && replay.containsKey(lookup('W', requestId)));
    }

    /** The answer to a request; or null while it is pending. */
    com.fasterxml.jackson.databind.JsonNode answer(String requestId) {
        JournalEntry.WaitAnswered a = replay == null ? null : (JournalEntry.WaitAnswered) replay.get(lookup('A', requestId));
        return a == null ? null : a.answer();
    }

    /** How a request's wait ended by its timeout ({@code FAIL} or {@code ANSWER}); or null when it did not. */
    dev.devora.orchestration.agent.WaitTimeout.Action expired(String requestId) {
        JournalEntry.WaitTimedOut t = replay == null ? null : (JournalEntry.WaitTimedOut) replay.get(lookup('T', requestId));
        return t == null ? null : t.action();
    }

    /** The request as journaled; or null when it was not. */
    JournalEntry.WaitRequested request(String requestId) {
        JournalEntry.WaitRequested w = waits.get(requestId);
        if (w == null && replay != null) w = (JournalEntry.WaitRequested) replay.get(lookup('W', requestId));
        return w;
    }

    /** Journals a request the run now waits for, and emits {@code WaitStarted}. */
    void waitRequested(StepTag tag, String requestId, String kind, com.fasterxml.jackson.databind.JsonNode request,
                       dev.devora.orchestration.agent.WaitTimeout timeout) {
        Instant at = now();
        JournalEntry.WaitRequested e = new JournalEntry.WaitRequested(next(), at, tag.ref(), tag.instance(), requestId,
                kind, request, timeout);
        append(e);
        waits.put(requestId, e);
        if (events.enabled()) events.emit(new WorkflowEvent.WaitStarted(runId, tag.path(), requestId, kind, at));
    }

    /**
     * Journals an entry made outside the interpretation (an answer, a timeout) while the run is live in this engine,
     * with this journal's next seq, so it never collides with the run's own entries.
     */
    void appendFromOutside(java.util.function.LongFunction<JournalEntry> entry) {
        append(entry.apply(next()));
    }

    /**
     * The run's interpretation unwound on pending requests (none: it stopped before a step, for its host to go on with
     * it elsewhere): journaled with the status {@code WAITING}.
     */
    void waiting(java.util.List<String> requestIds) {
        Instant at = now();
        String reason = requestIds.isEmpty() ? "stopped before a step, to go on from there"
                : "waiting for " + String.join(", ", requestIds);
        synchronized (this) {
            if (summary != null && !readOnly) {
                appendWithStatus(new JournalEntry.RunSuspended(next(), at, reason), RunStatus.WAITING, false);
            }
        }
    }

    void suspended(String reason) {
        Instant at = now();
        synchronized (this) {
            if (summary != null && !readOnly && summary.status() != RunStatus.PAUSED) {
                appendWithStatus(new JournalEntry.RunSuspended(next(), at, reason), RunStatus.PAUSED, false);
            }
        }
    }

    void unpaused(RunOptions options) {
        Instant at = now();
        synchronized (this) {
            if (summary != null && !readOnly && summary.status() == RunStatus.PAUSED) {
                appendWithStatus(new JournalEntry.RunResumed(next(), at, "unpaused", options, Map.of()),
                        RunStatus.RUNNING, false);
            }
        }
    }

    /**
     * The run's end, with its total usage (the result's); a store that cannot write it is logged (the result is
     * complete all the same).
     *
     * @return the time of the end, for its {@code RunCompleted} event (the journal's, so the events read back agree)
     */
    Instant ended(RunStatus status, OrchestrationException failure, Usage total) {
        Instant at = now();
        if (conflict != null) { // the journal is another engine's now: its end is not this run's to write
            log.error("run {} of workflow '{}': its end was not journaled: {}", runId, workflowId, conflict.getMessage());
            return at;
        }
        try {
            synchronized (this) {
                if (summary != null) {
                    appendWithStatus(new JournalEntry.RunEnded(next(), at, status,
                            failure == null ? null : failure.getClass().getSimpleName(),
                            failure == null ? null : failure.getMessage()), status, true, total);
                }
            }
        } catch (RuntimeException e) {
            log.error("run {} of workflow '{}': its end could not be journaled: {}", runId, workflowId, e.toString());
        }
        return at;
    }

    // ---- SLAs ----

    /** When a step execution with an SLA first started, as journaled before the run was resumed; or null. */
    Instant slaStartedAt(String key) {
        JournalEntry e = replay == null ? null : replay.get(lookup('Z', key));
        return e == null ? null : e.at();
    }

    /** Whether the journal being replayed records an SLA breach of this step execution. */
    boolean slaBreachedBefore(String key) {
        return replay != null && replay.containsKey(lookup('X', key));
    }

    /** Journals that a step execution with an SLA starts now; returns when. */
    Instant slaStarted(StepTag tag) {
        Instant at = now();
        append(new JournalEntry.SlaStarted(next(), at, tag.ref(), tag.instance()));
        return at;
    }

    /** Journals a step execution's SLA breach, then emits {@code SlaBreached}. */
    void slaBreached(StepTag tag, Duration sla, Duration elapsed) {
        Instant at = now();
        append(new JournalEntry.SlaBreached(next(), at, tag.ref(), tag.instance(), sla, elapsed));
        log.info("run {} step '{}': took {} so far, over its sla of {}", runId, tag.path(), elapsed, sla);
        if (events.enabled()) events.emit(new WorkflowEvent.SlaBreached(runId, tag.path(), sla, elapsed, at));
    }

    // ---- projections ----

    boolean partial() {
        return partial;
    }

    List<GateRecord> gates() {
        return sorted(gates);
    }

    List<RunWarning> warnings() {
        return sorted(warnings);
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
}
