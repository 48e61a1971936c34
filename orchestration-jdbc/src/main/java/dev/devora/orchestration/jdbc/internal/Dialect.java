package dev.devora.orchestration.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * What differs between the databases the store supports: how a session is set up and how the schema migration is
 * locked. The tables and statements themselves are the same SQL on both.
 */
public enum Dialect {
    /** SQLite: one file, one writer at a time, WAL so readers run beside it. */
    SQLITE {
        @Override
        public void prepareSession(Connection c, boolean writer, Duration busyTimeout) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
                s.execute("PRAGMA foreign_keys = ON");
                if (writer) {
                    walMode(s, busyTimeout);
                    s.execute("PRAGMA synchronous = NORMAL");
                }
            }
        }

        /**
         * Switches the file to WAL. SQLite does not call its busy handler for this pragma: while another connection
         * (a store opening the same new file at the same moment) holds a lock it fails at once with SQLITE_BUSY, so
         * it is tried again until the busy timeout has passed.
         */
        private void walMode(Statement s, Duration busyTimeout) throws SQLException {
            long deadline = System.nanoTime() + busyTimeout.toNanos();
            while (true) {
                try {
                    s.execute("PRAGMA journal_mode = WAL");
                    return;
                } catch (SQLException e) {
                    boolean busy = e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY");
                    if (!busy || System.nanoTime() > deadline) throw e;
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        @Override
        public void beginMigration(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE"); // takes the write lock now: a second process waits (busy timeout)
            }
        }

        @Override
        public void endMigration(Connection c, boolean commit) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute(commit ? "COMMIT" : "ROLLBACK");
            }
        }
    },

    /** PostgreSQL: shared by many processes; the migration holds a transaction-scoped advisory lock. */
    POSTGRESQL {
        @Override
        public void prepareSession(Connection c, boolean writer, Duration busyTimeout) {
            // nothing: PostgreSQL's defaults (read committed, durable commits) are what the store needs
        }

        @Override
        public void beginMigration(Connection c) throws SQLException {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            }
        }

        @Override
        public void endMigration(Connection c, boolean commit) throws SQLException {
            if (commit) c.commit();
            else c.rollback();
            c.setAutoCommit(true);
        }
    };

    /** The advisory lock key of the schema migration ("devora" in ASCII). */
    static final long MIGRATION_LOCK = 0x6465766f7261L;

    /**
     * The dialect of a connection's database, from its metadata.
     *
     * @param c a connection
     * @return the dialect
     * @throws SQLException             if the metadata cannot be read
     * @throws IllegalArgumentException if the database is neither SQLite nor PostgreSQL, naming it
     */
    public static Dialect of(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String product = meta.getDatabaseProductName();
        if ("SQLite".equalsIgnoreCase(product)) return SQLITE;
        if ("PostgreSQL".equalsIgnoreCase(product)) return POSTGRESQL;
        throw new IllegalArgumentException("dataSource: database '" + product + "' (" + meta.getDriverName()
                + ") is not supported; JdbcRunStore supports SQLite and PostgreSQL");
    }

    /**
     * Sets up a connection the store opened.
     *
     * @param c           the connection
     * @param writer      whether it is the store's writer connection
     * @param busyTimeout how long SQLite waits for another writer's lock
     * @throws SQLException if a setting is refused
     */
    public abstract void prepareSession(Connection c, boolean writer, Duration busyTimeout) throws SQLException;

    /**
     * Starts the migration transaction, holding a lock no other store opening the same database can take.
     *
     * @param c the writer connection, in auto-commit mode
     * @throws SQLException if the lock cannot be taken
     */
    public abstract void beginMigration(Connection c) throws SQLException;

    /**
     * Ends the migration transaction, releasing its lock; the connection is in auto-commit mode again.
     *
     * @param c      the connection
     * @param commit whether to commit (else roll back)
     * @throws SQLException if the database refuses
     */
    public abstract void endMigration(Connection c, boolean commit) throws SQLException;
}
