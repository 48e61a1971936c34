package dev.devora.orchestration.server.internal;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.workflows.PredefinedWorkflow;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs this service started (or resumed) in this process: their handle (status, progress, cancel, pause), their
 * numbered events and the predefined workflow they run (for its deliverables and report). Runs from before a restart
 * are not here: the routes read them from the engine's store. Neither is a run whose pass here ended waiting and
 * that went on without this service (the engine continued it by itself when a wait's timeout expired, or another
 * process did): the store says it no longer waits, so its store and journal are the truth. Only the
 * {@value #KEEP_ENDED} passes that ended last are kept; the store and journal answer for older ones.
 *
 * <pre>{@code
 * StartedRuns runs = new StartedRuns(engine.runStore());
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

    /** How many ended passes are kept, with their numbered events, after they end. */
    public static final int KEEP_ENDED = 256;

    private final Map<String, Started> runs = new ConcurrentHashMap<>();
    private final java.util.ArrayDeque<Started> ended = new java.util.ArrayDeque<>();
    private final RunStore store;

    /**
     * The runs started here.
     *
     * @param store the engine's run store, which says whether a run that waited went on elsewhere
     */
    public StartedRuns(RunStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Records a run (replacing an earlier pass of the same run); once its pass ends it counts among the ended. */
    public void put(Started started) {
        runs.put(started.run().id(), started);
        started.run().result().whenComplete((r, e) -> ended(started));
    }

    /**
     * Keeps the {@link #KEEP_ENDED} passes that ended last: an older one is forgotten (unless a newer pass of its run
     * replaced it already), so a long-lived service does not keep every run's events; its store and journal answer
     * for it from then on.
     */
    private void ended(Started started) {
        synchronized (ended) {
            ended.addLast(started);
            while (ended.size() > KEEP_ENDED) {
                Started oldest = ended.removeFirst();
                runs.remove(oldest.run().id(), oldest);
            }
        }
    }

    /** {@return the run, if this service started it and its pass here is still the truth about it} */
    public Optional<Started> get(String runId) {
        Started s = runs.get(runId);
        if (s != null && s.run().result().isDone() && s.run().status() == RunStatus.WAITING
                && store.run(runId).map(r -> r.status() != RunStatus.WAITING).orElse(false)) {
            return Optional.empty(); // it went on without this service
        }
        return Optional.ofNullable(s);
    }

    /** {@return how many runs this service keeps (running, and the ended ones kept)} */
    public int size() {
        return runs.size();
    }
}
