package dev.devora.orchestration.internal;

import dev.devora.orchestration.DefinitionChangedException;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunStoreException;
import dev.devora.orchestration.journal.StepRef;
import dev.devora.orchestration.workflow.Workflow;

import java.util.ArrayList;
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
 * @param start    the run's start
 * @param limits   the limits it last ran with
 * @param finished whether it had succeeded (its result is only read back)
 * @param cutSeq   entries from this seq on run again; Long.MAX_VALUE for none
 */
public record ResumeCheck(JournalEntry.RunStarted start, RunOptions limits, boolean finished, long cutSeq) {

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
        Set<String> changed = new LinkedHashSet<>();
        long cut = Long.MAX_VALUE;
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.RunResumed r && "resumed".equals(r.reason())) {
                then = r.stepFingerprints();
                limits = r.options();
                ended = null;
            } else if (e instanceof JournalEntry.RunEnded end) {
                ended = end.status();
            }
            StepRef step = finishedStep(e);
            if (step != null && !Objects.equals(then.get(step.path()), now.get(step.path()))) {
                changed.add(step.path());
                cut = Math.min(cut, e.seq());
            }
        }
        if (!changed.isEmpty() && !rerunChanged) {
            throw new DefinitionChangedException(runId, workflow.id(), new ArrayList<>(changed));
        }
        boolean finished = changed.isEmpty() && (ended == RunStatus.SUCCEEDED || ended == RunStatus.PARTIAL);
        return new ResumeCheck(start, limits, finished, cut);
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
