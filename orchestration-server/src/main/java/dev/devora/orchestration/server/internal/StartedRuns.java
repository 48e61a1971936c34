package dev.devora.orchestration.server.internal;

import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.workflows.PredefinedWorkflow;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs this service started (or resumed) in this process: their handle (status, progress, cancel, pause), their
 * numbered events and the predefined workflow they run (for its deliverables and report). Runs from before a restart
 * are not here: the routes read them from the engine's store.
 *
 * <pre>{@code
 * StartedRuns runs = new StartedRuns();
 * runs.put(new StartedRuns.Started(run, events, workflow));
 * runs.get(runId).ifPresent(s -> s.run().cancel());
 * }</pre>
 */
public final class StartedRuns {
    /**
     * One started run.
     *
     * @param run      its handle
     * @param events   its numbered events
     * @param workflow the predefined workflow it runs
     */
    public record Started(WorkflowRun run, RunEvents events, PredefinedWorkflow workflow) {
    }

    private final Map<String, Started> runs = new ConcurrentHashMap<>();

    /** Records a run (replacing an earlier pass of the same run). */
    public void put(Started started) {
        runs.put(started.run().id(), started);
    }

    /** {@return the run, if this service started it} */
    public Optional<Started> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /** {@return how many runs this service started} */
    public int size() {
        return runs.size();
    }
}
