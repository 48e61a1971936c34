package dev.devora.orchestration.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where runs are kept: each run's append-only journal and its summary. The engine appends every entry before it
 * emits the matching event, so a step counts as done once its entry is stored; {@code WorkflowEngine.resume}
 * reads the journal back and replays it.
 *
 * <p>Implementations must be thread-safe: the parallel branches of one run, and many runs, append at the same
 * time. {@link #append} must not return before the entry (and the summary given with it) is stored as durably as
 * the store promises (the JDBC store: surviving the kill of the process); entries of one run are read back in
 * {@link JournalEntry#seq()} order. An entry whose seq a run already has is a duplicate: a store rejects it with
 * {@link IllegalStateException} and keeps the first.
 *
 * <p>The default store, {@link InMemoryRunStore}, keeps runs for the life of the process. The module
 * {@code orchestration-jdbc} keeps them in SQLite or PostgreSQL.
 *
 * <pre>{@code
 * RunStore store = new InMemoryRunStore();
 * try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
 *     WorkflowResult first = engine.run(workflow, input);            // journaled as it goes
 *     WorkflowResult again = engine.resume(workflow, first.runId());  // replays: no model is called again
 * }
 * }</pre>
 */
public interface RunStore extends AutoCloseable {

    /**
     * Appends one entry to a run's journal and, when given, replaces the run's summary, atomically.
     *
     * <p>The engine gives a summary with the entries that change a run's status ({@link JournalEntry.RunStarted},
     * {@link JournalEntry.RunSuspended}, {@link JournalEntry.RunResumed}, {@link JournalEntry.RunEnded}), with the
     * usage and calls so far; between them, a store that reports the usage of a running run adds each
     * {@link JournalEntry.CallRecorded}'s usage to the last summary itself ({@link RunSummary#withCall}), so the hot
     * path builds no summary per call.
     *
     * @param runId   the run
     * @param entry   the entry; its seq is new for the run
     * @param summary the run's summary after this entry; or null when the entry does not change the run's status
     * @throws IllegalStateException   if the run already has an entry with this seq
     * @throws RunStoreException       if the store cannot write
     */
    void append(String runId, JournalEntry entry, RunSummary summary);

    /**
     * A run's journal, in seq order.
     *
     * @param runId the run
     * @return its entries; empty if the store has no such run
     * @throws RunStoreException if the store cannot read (an unreadable entry included)
     */
    List<JournalEntry> entries(String runId);

    /**
     * A run's summary.
     *
     * @param runId the run
     * @return the summary, if the store has the run
     * @throws RunStoreException if the store cannot read
     */
    Optional<RunSummary> run(String runId);

    /**
     * Stored runs, newest start first.
     *
     * @param query which runs
     * @return at most {@code query.limit()} summaries
     * @throws RunStoreException if the store cannot read
     */
    List<RunSummary> runs(RunQuery query);

    /**
     * Deletes the runs that ended before a time, with their journals. Runs that have not ended are kept.
     *
     * @param endedBefore the time
     * @return how many runs were deleted
     * @throws RunStoreException if the store cannot write
     */
    int purge(Instant endedBefore);

    /** Releases the store's resources; the default does nothing. */
    @Override
    default void close() {
    }
}
