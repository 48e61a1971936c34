package dev.devora.orchestration.internal;

import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.journal.JournalEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A stored run's events, read back from its journal: the same events a listener got for the journaled facts (steps
 * started, tokens streamed and progress are not journaled). Internal: not part of the API.
 */
public final class JournalEvents {
    private JournalEvents() {
    }

    /** The events of the entries, in journal order. */
    public static List<WorkflowEvent> of(String runId, List<JournalEntry> entries) {
        List<WorkflowEvent> events = new ArrayList<>(entries.size());
        Set<String> noBranch = new HashSet<>();
        java.util.Map<String, String> paths = new java.util.HashMap<>(); // request id -> the asking step
        String workflowId = "";
        Accounting.Tally usage = new Accounting.Tally(); // summed as the run's accounting sums them
        Instant since = null;
        int index = 0;
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.RunStarted s) {
                workflowId = s.workflowId();
                since = s.at();
                events.add(new WorkflowEvent.RunStarted(runId, workflowId, s.at()));
            } else if (e instanceof JournalEntry.RunResumed r && "resumed".equals(r.reason())) {
                since = r.at();
                events.add(new WorkflowEvent.RunResumed(runId, workflowId, index, r.at()));
            } else if (e instanceof JournalEntry.StepCompleted s) {
                if (!noBranch.contains(s.key())) {
                    events.add(new WorkflowEvent.StepCompleted(runId, s.step().path(), s.step().kind(),
                            Duration.ofNanos(s.nanos()), s.at()));
                }
            } else if (e instanceof JournalEntry.BranchChosen b) {
                if (b.branch() == null) {
                    noBranch.add(b.key());
                    events.add(new WorkflowEvent.StepSkipped(runId, b.step().path(), b.reason(), b.at()));
                } else {
                    events.add(new WorkflowEvent.BranchChosen(runId, b.step().path(), b.branch(), b.reason(), b.at()));
                }
            } else if (e instanceof JournalEntry.RouteChosen r) {
                events.add(new WorkflowEvent.BranchChosen(runId, r.step().path(), r.route(), r.reason(), r.at()));
            } else if (e instanceof JournalEntry.GateEvaluated g) {
                events.add(new WorkflowEvent.GateEvaluated(runId, g.step().path(), g.attempt(), g.verdict(), g.at()));
            } else if (e instanceof JournalEntry.CallRecorded c) {
                usage.add(c.call().usage());
                if (!c.call().aborted()) {
                    events.add(new WorkflowEvent.LlmCallCompleted(runId, c.step().path(), c.call().agent(),
                            c.call().model(), c.call().usage(), c.call().latency(), c.call().requestId(), c.at()));
                }
            } else if (e instanceof JournalEntry.ToolCalled t) {
                String path = t.step().path();
                Instant started = t.at().minusNanos(t.nanos());
                events.add(new WorkflowEvent.ToolCallStarted(runId, path, t.tool(), t.callId(), t.argumentsDigest(),
                        started));
                for (String file : t.changedFiles()) {
                    events.add(new WorkflowEvent.FileChanged(runId, path, t.tool(), t.callId(), file, t.at()));
                }
                events.add(new WorkflowEvent.ToolCallCompleted(runId, path, t.tool(), t.callId(), t.argumentsDigest(),
                        Duration.ofNanos(t.nanos()), t.error() ? ToolLoop.bounded(t.result()) : null, t.at()));
            } else if (e instanceof JournalEntry.WaitRequested w) {
                paths.put(w.requestId(), w.step().path());
                events.add(new WorkflowEvent.WaitStarted(runId, w.step().path(), w.requestId(), w.kind(), w.at()));
            } else if (e instanceof JournalEntry.WaitTimedOut t) {
                events.add(new WorkflowEvent.WaitTimedOut(runId, paths.get(t.requestId()), t.requestId(), t.action(),
                        t.at()));
            } else if (e instanceof JournalEntry.RetryScheduled r) {
                events.add(new WorkflowEvent.StepRetried(runId, r.step().path(), r.nextAttempt(),
                        Duration.ofMillis(r.delayMillis()), new OrchestrationException(r.cause()), r.at()));
            } else if (e instanceof JournalEntry.SlaBreached b) {
                events.add(new WorkflowEvent.SlaBreached(runId, b.step().path(), b.sla(), b.elapsed(), b.at()));
            } else if (e instanceof JournalEntry.RunEnded end) {
                Duration wall = since == null ? Duration.ZERO : Duration.between(since, end.at());
                events.add(new WorkflowEvent.RunCompleted(runId, workflowId, end.status(), usage.toUsage(), wall,
                        end.at()));
            }
            index++;
        }
        return events;
    }
}
