package dev.devora.orchestration.internal;

import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.journal.JournalEntry;

import java.util.List;

/**
 * What running a sub-workflow step elsewhere gave ({@link RunEffects#runSubWorkflow}): the entries its steps
 * journaled there (the run's own journal takes them, numbered anew, and the interpreter then walks the sub-workflow
 * finding them done, as a resumed run does), and the failure that ended it there, if it failed; a part that stopped
 * waiting has its requests among the entries and no failure.
 *
 * <pre>{@code
 * return new SubWorkflowOutcome(childEntries, null);
 * }</pre>
 *
 * @param entries the step-level entries journaled elsewhere, in seq order (no run-level ones: started, ended…)
 * @param failure what the run of the sub-workflow failed with there; null when it did not fail
 */
public record SubWorkflowOutcome(List<JournalEntry> entries, OrchestrationException failure) {
    /** Checks the entries are given. */
    public SubWorkflowOutcome {
        entries = List.copyOf(java.util.Objects.requireNonNull(entries, "entries"));
    }
}
