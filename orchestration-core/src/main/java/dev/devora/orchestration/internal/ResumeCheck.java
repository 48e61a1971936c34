package dev.devora.orchestration.internal;

import dev.devora.orchestration.DefinitionChangedException;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunStoreException;
import dev.devora.orchestration.journal.StepRef;
import dev.devora.orchestration.workflow.Workflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a stored journal says about resuming it with a definition: how it started, the limits it last ran with,
 * whether it had finished, and from which entry on it must run again because a step it finished is defined
 * differently now. Each finished step is compared with the digests of the definition it ran under (the start's, or
 * the latest resumption's before it). Internal: not part of the API.
 *
 * <p>A run re-run from a changed step ({@code rerunChangedSteps}) keeps the entries it superseded (they are history,
 * and their calls were paid): the entries about steps from the cut that resumption made up to its {@code
 * run_resumed} are void. The cut is found again from the journal alone (the first entry whose step's digest differs
 * from the resumption's), so a later resume with the same definition replays what the re-run did, not what it
 * replaced.
 *
 * @param start    the run's start
 * @param limits   the limits it last ran with
 * @param finished whether it had succeeded (its result is only read back)
 * @param cutSeq   entries from this seq on run again; Long.MAX_VALUE for none
 * @param voided   seqs of earlier entries a re-run superseded: not replayed
 */
public record ResumeCheck(JournalEntry.RunStarted start, RunOptions limits, boolean finished, long cutSeq,
                          Set<Long> voided) {

    /** The run's start: its first entry. */
    public static JournalEntry.RunStarted start(String runId, List<JournalEntry> entries) {
        if (!(entries.get(0) instanceof JournalEntry.RunStarted s)) {
            throw new RunStoreException("the journal of run " + runId + " does not begin with run_started (its first "
                    + "entry is " + entries.get(0).type() + " #" + entries.get(0).seq() + ")", null);
        }
        return s;
    }

    /**
     * Checks a journal against the definition to resume it with.
     *
     * @throws IllegalArgumentException   if the run is of another workflow
     * @throws DefinitionChangedException if finished steps changed and they are not to be re-run
     */
    public static ResumeCheck of(Workflow workflow, String runId, List<JournalEntry> entries, boolean rerunChanged) {
        JournalEntry.RunStarted start = start(runId, entries);
        if (!start.workflowId().equals(workflow.id())) {
            throw new IllegalArgumentException("run " + runId + " is a run of workflow '" + start.workflowId()
                    + "', not of '" + workflow.id() + "'");
        }
        Map<String, String> now = StepFingerprints.of(workflow).steps();
        Map<String, String> then = start.stepFingerprints();
        RunOptions limits = start.options();
        RunStatus ended = null;
        List<JournalEntry> facts = new ArrayList<>(); // entries about steps, not voided, with the digests they ran under
        List<Map<String, String>> under = new ArrayList<>();
        Set<Long> voided = new HashSet<>();
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.RunResumed r && "resumed".equals(r.reason())) {
                long reRunFrom = firstChanged(facts, under, r.stepFingerprints());
                for (int i = facts.size() - 1; i >= 0 && facts.get(i).seq() >= reRunFrom; i--) {
                    voided.add(facts.get(i).seq());
                    facts.remove(i);
                    under.remove(i);
                }
                then = r.stepFingerprints();
                limits = r.options();
                ended = null;
            } else if (e instanceof JournalEntry.RunEnded end) {
                ended = end.status();
            } else if (finishedStep(e) != null || e instanceof JournalEntry.RetryScheduled
                    || e instanceof JournalEntry.WarningRecorded) {
                facts.add(e);
                under.add(then);
            }
        }
        Set<String> changed = new LinkedHashSet<>();
        long cut = firstChanged(facts, under, now);
        for (int i = 0; i < facts.size(); i++) {
            StepRef step = finishedStep(facts.get(i));
            if (step != null && !Objects.equals(under.get(i).get(step.path()), now.get(step.path()))) {
                changed.add(step.path());
            }
        }
        if (!changed.isEmpty() && !rerunChanged) {
            throw new DefinitionChangedException(runId, workflow.id(), new ArrayList<>(changed));
        }
        boolean finished = changed.isEmpty() && (ended == RunStatus.SUCCEEDED || ended == RunStatus.PARTIAL);
        return new ResumeCheck(start, limits, finished, cut, voided);
    }

    /** The seq of the first finished step or decision whose digest differs from {@code now}'s; or Long.MAX_VALUE. */
    private static long firstChanged(List<JournalEntry> facts, List<Map<String, String>> under, Map<String, String> now) {
        for (int i = 0; i < facts.size(); i++) {
            StepRef step = finishedStep(facts.get(i));
            if (step != null && !Objects.equals(under.get(i).get(step.path()), now.get(step.path()))) {
                return facts.get(i).seq();
            }
        }
        return Long.MAX_VALUE;
    }

    /** The step of an entry a resumed run replays (a finished step or a decision); or null. */
    private static StepRef finishedStep(JournalEntry e) {
        if (e instanceof JournalEntry.StepCompleted s) return s.step();
        if (e instanceof JournalEntry.BranchChosen b) return b.step();
        if (e instanceof JournalEntry.RouteChosen r) return r.step();
        if (e instanceof JournalEntry.LoopDecided l) return l.step();
        if (e instanceof JournalEntry.GateEvaluated g) return g.step();
        return null;
    }
}
