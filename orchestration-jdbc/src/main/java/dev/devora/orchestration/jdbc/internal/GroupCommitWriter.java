package dev.devora.orchestration.jdbc.internal;

import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.JournalJson;
import dev.devora.orchestration.journal.RunStoreException;
import dev.devora.orchestration.journal.RunSummary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's only writer: one connection, and group commit. An appending thread queues its entry and, if no other
 * thread is writing, becomes the writer: it takes everything queued (up to {@code maxBatch}), writes it in one
 * transaction, wakes the threads whose entries it wrote, and goes on until its own entry is written. Threads that
 * find a writer at work park until it has written their entry. So one thread alone pays one transaction per entry
 * with no hand-off to another thread, and many threads share transactions (one commit for many entries) instead of
 * queuing for the database's write lock: SQLite's single writer never sees a second one from this store, and
 * {@code SQLITE_BUSY} cannot arise inside the process.
 *
 * <p>A batch that fails (a duplicate seq, an entry of a run without a summary, a lost connection) is rolled back
 * and written again entry by entry, each in its own transaction, so one bad entry fails only its own append.
 */
public final class GroupCommitWriter implements AutoCloseable {
    /** How a writer connection is obtained: opened, set up, migrated and in manual-commit mode. */
    @FunctionalInterface
    public interface ConnectionOpener {
        /**
         * Opens the writer connection.
         *
         * @return a connection in manual-commit mode
         * @throws SQLException if it cannot be opened
         */
        Connection open() throws SQLException;
    }

    /** A write done under the writer's lock on its connection (a purge); committed by the writer. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Runs the write.
         *
         * @param c the writer connection, in manual-commit mode
         * @return the result
         * @throws SQLException if the database refuses
         */
        T run(Connection c) throws SQLException;
    }

    /** Safety net only: a parked thread is woken explicitly when its entry is written or when it must write. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long a writer lets appends being encoded catch up with its batch, in yields (microseconds each). */
    private static final int MAX_YIELDS = 64;
    /** Runs whose summary the writer keeps to add model calls to without reading it back. */
    private static final int MAX_CACHED_SUMMARIES = 10_000;

    private final ConnectionOpener opener;
    private final RunRows rows;
    private final Schema schema;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<PendingAppend> queue = new ConcurrentLinkedQueue<>();
    /** Appends whose entry is being encoded, about to be queued. */
    private final AtomicInteger arriving = new AtomicInteger();
    // guarded by lock
    /** The last summary committed per run that has not ended (bounded, least recently used dropped). */
    private final Map<String, RunSummary> summaries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunSummary> eldest) {
            return size() > MAX_CACHED_SUMMARIES;
        }
    };
    private PreparedStatement selectRun;
    private Connection connection;
    private PreparedStatement upsert;
    private PreparedStatement insert;
    private boolean closed;

    /**
     * A writer that opens its connection when first needed (and again after losing it).
     *
     * @param opener   opens the connection
     * @param schema   the tables
     * @param maxBatch at most this many entries per transaction
     */
    public GroupCommitWriter(ConnectionOpener opener, Schema schema, int maxBatch) {
        this.opener = opener;
        this.schema = schema;
        this.rows = new RunRows(schema);
        this.maxBatch = maxBatch;
    }

    /**
     * Stores an entry (and summary) and returns once it is committed. Waits uninterruptibly: an entry handed over
     * is written or fails, never left in doubt; an interrupt that arrives meanwhile is kept for the caller.
     *
     * @param runId   the run
     * @param entry   the entry
     * @param summary the run's new summary; or null
     * @throws IllegalStateException    if the run has an entry with this seq, or the store is closed
     * @throws IllegalArgumentException if the run is not stored and no summary comes with the entry
     * @throws RunStoreException        if the database cannot write
     */
    public void append(String runId, JournalEntry entry, RunSummary summary) {
        PendingAppend mine;
        arriving.incrementAndGet();
        try {
            mine = new PendingAppend(runId, entry, JournalJson.write(entry), summary);
            queue.add(mine);
        } finally {
            arriving.decrementAndGet();
        }
        boolean interrupted = false;
        while (!mine.done) {
            if (lock.tryLock()) {
                try {
                    while (!mine.done) writeQueued();
                } catch (VirtualMachineError e) {
                    queue.remove(mine); // not written, and no one else will: the caller gets the error
                    throw e;
                } finally {
                    lock.unlock();
                    wakeNextWriter();
                }
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
                if (Thread.interrupted()) interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (mine.failure != null) throw mine.failure;
    }

    /**
     * Runs a write on the writer connection, between batches, and commits it.
     *
     * @param what what is written, for the error
     * @param work the write
     * @param <T>  its result
     * @return the result
     * @throws RunStoreException     if the database refuses
     * @throws IllegalStateException if the store is closed
     */
    public <T> T write(String what, Work<T> work) {
        lock.lock();
        try {
            Connection c = connection();
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                rollback(c, e);
                throw new RunStoreException(what + " failed: " + e.getMessage(), e);
            }
        } catch (SQLException e) {
            throw new RunStoreException(what + " failed: the writer connection cannot be opened: " + e.getMessage(), e);
        } finally {
            lock.unlock();
            wakeNextWriter();
        }
    }

    /** A thread whose entry came in while another wrote must now write it. */
    private void wakeNextWriter() {
        PendingAppend next = queue.peek();
        if (next != null) LockSupport.unpark(next.waiter);
    }

    private void writeQueued() {
        // appends being encoded now join this batch: on a busy machine they would otherwise each pay a commit
        for (int i = 0; i < MAX_YIELDS && arriving.get() > 0 && queue.size() < maxBatch; i++) Thread.yield();
        List<PendingAppend> batch = new ArrayList<>();
        for (PendingAppend p; batch.size() < maxBatch && (p = queue.poll()) != null; ) batch.add(p);
        if (batch.isEmpty()) return;
        try {
            writeBatch(batch);
        } catch (RuntimeException | Error e) { // a bug or the VM failing: each waiter learns it, none waits forever
            for (PendingAppend p : batch) {
                if (p.failure == null) p.failure = new RunStoreException(p.describe() + " could not be stored: " + e, e);
            }
            if (e instanceof VirtualMachineError) throw e;
        } finally {
            for (PendingAppend p : batch) {
                p.done = true;
                LockSupport.unpark(p.waiter);
            }
        }
    }

    private void writeBatch(List<PendingAppend> batch) {
        if (closed) {
            for (PendingAppend p : batch) p.failure = new IllegalStateException("the run store is closed");
            return;
        }
        Connection c;
        try {
            c = connection();
        } catch (SQLException e) {
            for (PendingAppend p : batch) {
                p.failure = new RunStoreException(p.describe() + " could not be stored: the writer connection cannot"
                        + " be opened: " + e.getMessage(), e);
            }
            return;
        }
        try {
            Map<String, RunSummary> written = new HashMap<>();
            for (PendingAppend p : batch) {
                RunSummary next = summaryAfter(p, written);
                if (next == null) continue;
                RunRows.bind(upsert, p.runId, next);
                upsert.addBatch();
                written.put(p.runId, next);
            }
            for (PendingAppend p : batch) bindEntry(p);
            if (!written.isEmpty()) upsert.executeBatch();
            insert.executeBatch();
            c.commit();
            remember(batch, written);
        } catch (SQLException e) {
            rollback(c, e);
            clearBatches();
            for (PendingAppend p : batch) writeAlone(p);
        }
    }

    /**
     * The run's summary after an entry: the one given with it; for a model call given without one, the last summary
     * plus the call (the engine sends summaries only with status changes); else none (the row stays as it is).
     */
    private RunSummary summaryAfter(PendingAppend p, Map<String, RunSummary> inBatch) throws SQLException {
        if (p.summary != null) return p.summary;
        if (!(p.entry instanceof JournalEntry.CallRecorded call)) return null;
        RunSummary last = inBatch.get(p.runId);
        if (last == null) last = summaries.get(p.runId);
        if (last == null) last = readSummary(p.runId);
        return last == null ? null : last.withCall(call.call().usage(), call.at());
    }

    private RunSummary readSummary(String runId) throws SQLException {
        selectRun.setString(1, runId);
        try (ResultSet rs = selectRun.executeQuery()) {
            return rs.next() ? RunRows.read(rs) : null;
        }
    }

    /** After a commit: the summaries written, for the calls that follow; an ended run's is dropped. */
    private void remember(List<PendingAppend> committed, Map<String, RunSummary> written) {
        summaries.putAll(written);
        for (PendingAppend p : committed) {
            if (p.entry instanceof JournalEntry.RunEnded) summaries.remove(p.runId);
        }
    }

    /** One entry in its own transaction; a failure is classified by reading what is there. */
    private void writeAlone(PendingAppend p) {
        try {
            Connection c = connection();
            try {
                RunSummary next = summaryAfter(p, Map.of());
                if (next != null) {
                    RunRows.bind(upsert, p.runId, next);
                    upsert.executeUpdate();
                }
                setEntry(p);
                insert.executeUpdate();
                c.commit();
                remember(List.of(p), next == null ? Map.of() : Map.of(p.runId, next));
            } catch (SQLException e) {
                rollback(c, e);
                p.failure = classify(c, p, e);
            }
        } catch (SQLException e) {
            p.failure = new RunStoreException(p.describe() + " could not be stored: the writer connection cannot be"
                    + " opened: " + e.getMessage(), e);
        }
    }

    private RuntimeException classify(Connection c, PendingAppend p, SQLException cause) {
        try {
            if (exists(c, "SELECT 1 FROM " + schema.journal() + " WHERE run_id = ? AND seq = ?", p.runId,
                    p.entry.seq())) {
                return new IllegalStateException("run " + p.runId + " already has journal entry " + p.entry.seq());
            }
            if (p.summary == null
                    && !exists(c, "SELECT 1 FROM " + schema.runs() + " WHERE run_id = ?", p.runId, null)) {
                return new IllegalArgumentException("run " + p.runId + " is not stored: its first journal entry (seq "
                        + p.entry.seq() + ", " + p.entry.type() + ") must come with the run's summary");
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        return new RunStoreException(p.describe() + " could not be stored: " + cause.getMessage(), cause);
    }

    private static boolean exists(Connection c, String sql, String runId, Long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            if (seq != null) ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            } finally {
                c.rollback(); // ends the read transaction
            }
        }
    }

    private void bindEntry(PendingAppend p) throws SQLException {
        setEntry(p);
        insert.addBatch();
    }

    private void setEntry(PendingAppend p) throws SQLException {
        insert.setString(1, p.runId);
        insert.setLong(2, p.entry.seq());
        insert.setString(3, p.entry.type());
        insert.setString(4, p.entry.key());
        insert.setLong(5, RunRows.nanos(p.entry.at(), "entry.at"));
        insert.setString(6, p.json);
    }

    private void clearBatches() {
        try {
            upsert.clearBatch();
            insert.clearBatch();
        } catch (SQLException e) {
            discardConnection();
        }
    }

    /** The open connection; a new one if there is none or the last one broke. */
    private Connection connection() throws SQLException {
        if (closed) throw new IllegalStateException("the run store is closed");
        if (connection != null) return connection;
        Connection c = opener.open();
        try {
            upsert = c.prepareStatement(rows.upsertSql());
            selectRun = c.prepareStatement(rows.selectOneSql());
            insert = c.prepareStatement("INSERT INTO " + schema.journal()
                    + " (run_id, seq, type, step_key, at, data) VALUES (?, ?, ?, ?, ?, ?)");
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        connection = c;
        return c;
    }

    private void rollback(Connection c, SQLException cause) {
        try {
            c.rollback();
            if (!c.isValid(5)) discardConnection();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            discardConnection();
        }
    }

    private void discardConnection() {
        Connection c = connection;
        connection = null;
        upsert = null;
        insert = null;
        selectRun = null;
        if (c != null) closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is given up either way
        }
    }

    /** Closes the connection; appends after this fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            discardConnection();
        } finally {
            lock.unlock();
            wakeNextWriter();
        }
    }
}
