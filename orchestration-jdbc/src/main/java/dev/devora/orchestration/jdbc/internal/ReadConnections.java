package dev.devora.orchestration.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The connections reads run on: taken from the data source, and up to {@code keepIdle} of them kept open between
 * reads (opening a PostgreSQL connection forks a server process, milliseconds; a SQLite one reads the schema).
 * With a pooling data source, {@code keepIdle} 0 gives each connection back to the pool after each read.
 */
public final class ReadConnections implements AutoCloseable {
    /** How a read connection is opened: set up, in auto-commit mode. */
    @FunctionalInterface
    public interface Opener {
        /**
         * Opens a read connection.
         *
         * @return the connection
         * @throws SQLException if it cannot be opened
         */
        Connection open() throws SQLException;
    }

    /** What a read does with its connection. */
    @FunctionalInterface
    public interface Read<T> {
        /**
         * Reads.
         *
         * @param c the connection
         * @return what was read
         * @throws SQLException if the database fails
         */
        T run(Connection c) throws SQLException;
    }

    private final Opener opener;
    private final BlockingQueue<Connection> idle; // null when none is kept
    private volatile boolean closed;

    /**
     * Read connections from an opener.
     *
     * @param opener   opens a connection
     * @param keepIdle how many to keep open between reads, at least 0
     */
    public ReadConnections(Opener opener, int keepIdle) {
        this.opener = opener;
        this.idle = keepIdle == 0 ? null : new ArrayBlockingQueue<>(keepIdle);
    }

    /**
     * Runs a read on an idle connection, or a new one; a connection whose read failed is closed, not kept.
     *
     * @param read the read
     * @param <T>  its result
     * @return the result
     * @throws SQLException if the connection cannot be opened or the read fails
     */
    public <T> T read(Read<T> read) throws SQLException {
        Connection c = idle == null ? null : idle.poll();
        if (c == null || !isOpen(c)) c = opener.open();
        T result;
        try {
            result = read.run(c);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        if (closed || idle == null || !idle.offer(c)) closeQuietly(c);
        else if (closed && idle.remove(c)) closeQuietly(c); // close() ran meanwhile
        return result;
    }

    private static boolean isOpen(Connection c) {
        try {
            return !c.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // given up either way
        }
    }

    /** Closes the idle connections; reads after this open and close their own. */
    @Override
    public void close() {
        closed = true;
        if (idle == null) return;
        for (Connection c; (c = idle.poll()) != null; ) closeQuietly(c);
    }
}
