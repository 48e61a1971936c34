package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.jdbc.internal.Dialect;
import dev.devora.orchestration.jdbc.internal.GroupCommitWriter;
import dev.devora.orchestration.jdbc.internal.JournalReads;
import dev.devora.orchestration.jdbc.internal.ReadConnections;
import dev.devora.orchestration.jdbc.internal.RunRows;
import dev.devora.orchestration.jdbc.internal.Schema;
import dev.devora.orchestration.jdbc.internal.SqliteFile;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunStoreException;
import dev.devora.orchestration.journal.RunSummary;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RunStore} over plain JDBC: SQLite (the embedded default, one file) or PostgreSQL (shared by many
 * processes), detected from the connection's metadata. It creates its tables at open and migrates them under a
 * lock (a {@code schema_version} table; a database of a newer version is refused), lists runs by status, workflow
 * and start time from indexes, and purges ended runs.
 *
 * <p><b>Durability.</b> {@link #append} returns once its transaction is committed. On SQLite ({@link #sqlite}: WAL
 * journal, {@code synchronous=NORMAL}) a committed entry is in the WAL file, so a killed process ({@code kill -9},
 * a crash) loses nothing that was appended; a power loss or OS crash may lose the entries committed since the last
 * checkpoint synced the WAL (the database stays consistent: those runs resume from an earlier step). On PostgreSQL
 * a commit is durable as the server is configured ({@code synchronous_commit}).
 *
 * <p><b>Throughput and latency.</b> The store writes through one connection it owns, with group commit: an append
 * that finds no write under way writes at once (one transaction, no hand-off to another thread); appends that
 * arrive while one is written are committed together in the next transaction (at most {@code maxBatch}), so many
 * concurrent runs pay one commit per batch rather than per entry and never compete for SQLite's single write lock
 * ({@code SQLITE_BUSY} cannot arise between the store's own threads; against other processes writing the same file
 * SQLite waits up to the busy timeout). An entry's JSON is written on the appending thread, outside the lock. Reads
 * run on other connections from the {@code DataSource} (a few kept open between reads, see
 * {@link Builder#idleReadConnections}); in WAL mode they run beside the writer. A
 * batch that fails is rolled back and written again entry by entry, so a duplicate seq fails only its own append
 * ({@link IllegalStateException}) and the others of its batch are stored.
 *
 * <p><b>Spend of a running run.</b> The engine gives a summary only with status changes; the store adds each model
 * call appended without one ({@code call_recorded}) to the run's row in the same transaction, from the summary it
 * last wrote (kept in memory for runs that have not ended, read back once otherwise). So {@link #run} and
 * {@link #runs} show a running run's tokens and cost so far from the indexed row, for one row update per model
 * call, rather than a scan of the journal at every read.
 *
 * <pre>{@code
 * try (JdbcRunStore store = JdbcRunStore.sqlite(Path.of("runs.db"));
 *      WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
 *     WorkflowResult result = engine.run(workflow, input);
 * }
 * // PostgreSQL: any DataSource, e.g. a pool
 * JdbcRunStore shared = JdbcRunStore.builder(dataSource).tablePrefix("devora_").build();
 * }</pre>
 */
public final class JdbcRunStore implements RunStore {
    /** The default number of entries committed in one transaction at most. */
    public static final int DEFAULT_MAX_BATCH = 512;
    /** The default number of read connections kept open between reads. */
    public static final int DEFAULT_IDLE_READ_CONNECTIONS = 2;

    private final Dialect dialect;
    private final Schema schema;
    private final GroupCommitWriter writer;
    private final ReadConnections readConnections;
    private final JournalReads reads;
    private final String description;

    private JdbcRunStore(Builder b) {
        DataSource ds = b.dataSource;
        this.schema = new Schema(b.tablePrefix);
        Duration busy = b.busyTimeout;
        Connection first;
        try {
            first = ds.getConnection();
        } catch (SQLException e) {
            throw new RunStoreException("run store cannot connect to its database: " + e.getMessage(), e);
        }
        try {
            this.dialect = Dialect.of(first);
            dialect.prepareSession(first, true, busy);
            schema.migrate(first, dialect);
            first.setAutoCommit(false);
        } catch (SQLException e) {
            close(first);
            throw new RunStoreException("run store cannot set up its tables (" + schema.runs() + ", "
                    + schema.journal() + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(first);
            throw e;
        }
        Connection[] handed = {first};
        this.writer = new GroupCommitWriter(() -> {
            Connection c = handed[0];
            handed[0] = null;
            if (c != null) return c;
            c = ds.getConnection();
            try {
                dialect.prepareSession(c, true, busy);
                c.setAutoCommit(false);
                return c;
            } catch (SQLException e) {
                close(c);
                throw e;
            }
        }, schema, b.maxBatch);
        this.readConnections = new ReadConnections(() -> {
            Connection c = ds.getConnection();
            try {
                dialect.prepareSession(c, false, busy);
                return c;
            } catch (SQLException e) {
                close(c);
                throw e;
            }
        }, b.idleReadConnections);
        this.reads = new JournalReads(readConnections, schema);
        this.description = "JdbcRunStore[" + dialect.name().toLowerCase(java.util.Locale.ROOT) + ", tables "
                + schema.runs() + "/" + schema.journal() + "]";
    }

    /**
     * The embedded default: a SQLite file (created if missing, with its folder) in WAL mode with
     * {@code synchronous=NORMAL}, foreign keys on and a 30 s busy timeout. Needs {@code org.xerial:sqlite-jdbc} on
     * the class path.
     *
     * @param file the database file, e.g. {@code runs.db}
     * @return the store
     * @throws RunStoreException if the file cannot be opened or holds a newer schema
     * @throws IllegalStateException if the SQLite driver is not on the class path
     */
    public static JdbcRunStore sqlite(Path file) {
        return builder(SqliteFile.dataSource(file)).build();
    }

    /**
     * A store over a SQLite or PostgreSQL data source, with the default settings.
     *
     * @param dataSource where connections come from
     * @return the store
     * @throws RunStoreException        if the database cannot be reached or holds a newer schema
     * @throws IllegalArgumentException if the database is neither SQLite nor PostgreSQL
     */
    public static JdbcRunStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * A builder of a store over a data source.
     *
     * @param dataSource where connections come from (the store keeps one for writing while open)
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public void append(String runId, JournalEntry entry, RunSummary summary) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(entry, "entry");
        if (entry.seq() < 1) throw new IllegalArgumentException("entry seq must be ≥ 1, was " + entry.seq());
        RunRows.nanos(entry.at(), "entry.at");
        if (summary != null) {
            if (!summary.runId().equals(runId)) {
                throw new IllegalArgumentException("summary.runId must be the run's id '" + runId + "', was '"
                        + summary.runId() + "'");
            }
            RunRows.nanos(summary.startedAt(), "summary.startedAt");
            RunRows.nanos(summary.updatedAt(), "summary.updatedAt");
            if (summary.endedAt() != null) RunRows.nanos(summary.endedAt(), "summary.endedAt");
        }
        writer.append(runId, entry, summary);
    }

    @Override
    public List<JournalEntry> entries(String runId) {
        return reads.entries(Objects.requireNonNull(runId, "runId"));
    }

    @Override
    public Optional<RunSummary> run(String runId) {
        return reads.run(Objects.requireNonNull(runId, "runId"));
    }

    @Override
    public List<RunSummary> runs(RunQuery query) {
        return reads.runs(Objects.requireNonNull(query, "query"));
    }

    @Override
    public int purge(Instant endedBefore) {
        Objects.requireNonNull(endedBefore, "endedBefore");
        long bound = RunRows.clampedNanos(endedBefore);
        return writer.write("purge of the runs ended before " + endedBefore, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + schema.runs()
                    + " WHERE ended_at IS NOT NULL AND ended_at < ?")) {
                ps.setLong(1, bound);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Closes the writer connection and the idle read connections; appends after this fail with
     * {@link IllegalStateException}.
     */
    @Override
    public void close() {
        writer.close();
        readConnections.close();
    }

    /**
     * The database kind and table names (never the connection's URL or credentials).
     *
     * @return a description
     */
    @Override
    public String toString() {
        return description;
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // giving up the connection either way
        }
    }

    /**
     * Builder of {@link JdbcRunStore}.
     *
     * <pre>{@code
     * JdbcRunStore store = JdbcRunStore.builder(dataSource).tablePrefix("devora_").maxBatch(256).build();
     * }</pre>
     */
    public static final class Builder {
        private final DataSource dataSource;
        private String tablePrefix = "";
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Duration busyTimeout = Duration.ofSeconds(30);
        private int idleReadConnections = DEFAULT_IDLE_READ_CONNECTIONS;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * A prefix for the store's table and index names, so several stores (or other applications) share a
         * database or schema; default none.
         *
         * @param prefix letters, digits and underscores, at most 30, e.g. {@code "devora_"}
         * @return this builder
         * @throws IllegalArgumentException if the prefix is not such a name
         */
        public Builder tablePrefix(String prefix) {
            new Schema(prefix);
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * At most this many entries committed in one transaction (default {@value #DEFAULT_MAX_BATCH}).
         *
         * @param max the maximum, at least 1
         * @return this builder
         * @throws IllegalArgumentException if max is below 1
         */
        public Builder maxBatch(int max) {
            if (max < 1) throw new IllegalArgumentException("maxBatch must be ≥ 1, was " + max);
            this.maxBatch = max;
            return this;
        }

        /**
         * How many read connections the store keeps open between reads (default
         * {@value #DEFAULT_IDLE_READ_CONNECTIONS}): opening one costs milliseconds on PostgreSQL. With a pooling
         * data source, 0 gives every read connection back to the pool at once.
         *
         * @param count at least 0
         * @return this builder
         * @throws IllegalArgumentException if count is negative
         */
        public Builder idleReadConnections(int count) {
            if (count < 0) throw new IllegalArgumentException("idleReadConnections must be ≥ 0, was " + count);
            this.idleReadConnections = count;
            return this;
        }

        /**
         * SQLite only: how long a write waits for another process's write lock on the same file before it fails
         * (default 30 s).
         *
         * @param timeout the wait, positive
         * @return this builder
         * @throws IllegalArgumentException if the timeout is not positive
         */
        public Builder busyTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("busyTimeout must be positive, was " + timeout);
            }
            this.busyTimeout = timeout;
            return this;
        }

        /**
         * Opens the store: connects, checks the database kind, creates or migrates the tables.
         *
         * @return the store
         * @throws RunStoreException        if the database cannot be reached or holds a newer schema version
         * @throws IllegalArgumentException if the database is neither SQLite nor PostgreSQL
         */
        public JdbcRunStore build() {
            return new JdbcRunStore(this);
        }
    }
}
