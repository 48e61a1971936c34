package dev.devora.orchestration.internal;

import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.StepRef;

/**
 * The step and instance of a journal entry made at a step execution (a completion, a decision, a model or tool
 * call, a retry, a request, an SLA's start or breach); run-level entries, warnings and answers have none.
 */
final class JournalEntries {
    private JournalEntries() {
    }

    /** {@return the step the entry was made at; or null} */
    static StepRef step(JournalEntry e) {
        if (e instanceof JournalEntry.StepCompleted x) return x.step();
        if (e instanceof JournalEntry.CallRecorded x) return x.step();
        if (e instanceof JournalEntry.ToolCalled x) return x.step();
        if (e instanceof JournalEntry.BranchChosen x) return x.step();
        if (e instanceof JournalEntry.RouteChosen x) return x.step();
        if (e instanceof JournalEntry.LoopDecided x) return x.step();
        if (e instanceof JournalEntry.GateEvaluated x) return x.step();
        if (e instanceof JournalEntry.RetryScheduled x) return x.step();
        if (e instanceof JournalEntry.WaitRequested x) return x.step();
        if (e instanceof JournalEntry.SlaStarted x) return x.step();
        if (e instanceof JournalEntry.SlaBreached x) return x.step();
        return null;
    }

    /** {@return the instance of the step execution the entry was made at (empty for none); or null without a step} */
    static String instance(JournalEntry e) {
        if (e instanceof JournalEntry.StepCompleted x) return x.instance();
        if (e instanceof JournalEntry.CallRecorded x) return x.instance();
        if (e instanceof JournalEntry.ToolCalled x) return x.instance();
        if (e instanceof JournalEntry.BranchChosen x) return x.instance();
        if (e instanceof JournalEntry.RouteChosen x) return x.instance();
        if (e instanceof JournalEntry.LoopDecided x) return x.instance();
        if (e instanceof JournalEntry.GateEvaluated x) return x.instance();
        if (e instanceof JournalEntry.RetryScheduled x) return x.instance();
        if (e instanceof JournalEntry.WaitRequested x) return x.instance();
        if (e instanceof JournalEntry.SlaStarted x) return x.instance();
        if (e instanceof JournalEntry.SlaBreached x) return x.instance();
        return null;
    }
}
