package dev.devora.orchestration.jdbc.internal;

import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.JournalJson;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStoreException;
import dev.devora.orchestration.journal.RunSummary;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The store's reads, on connections other than the writer's (in WAL mode SQLite runs them beside the writer). */
public final class JournalReads {
    private final ReadConnections connections;
    private final Schema schema;
    private final RunRows rows;

    /**
     * Reads of a schema's tables.
     *
     * @param connections where reads get their connection
     * @param schema      the tables
     */
    public JournalReads(ReadConnections connections, Schema schema) {
        this.connections = connections;
        this.schema = schema;
        this.rows = new RunRows(schema);
    }

    /**
     * A run's journal in seq order.
     *
     * @param runId the run
     * @return its entries; empty if there is no such run
     * @throws RunStoreException if the database fails or an entry is unreadable, naming the run and the entry
     */
    public List<JournalEntry> entries(String runId) {
        String sql = "SELECT seq, data FROM " + schema.journal() + " WHERE run_id = ? ORDER BY seq";
        try {
            return connections.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, runId);
                    List<JournalEntry> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(read(runId, rs.getLong(1), rs.getString(2)));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw new RunStoreException("journal of run " + runId + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static JournalEntry read(String runId, long seq, String json) {
        JournalEntry e;
        try {
            e = JournalJson.read(json);
        } catch (RunStoreException bad) {
            throw new RunStoreException("run " + runId + ", stored journal entry " + seq + ": " + bad.getMessage(), bad);
        }
        if (e.seq() != seq) {
            throw new RunStoreException("run " + runId + ", stored journal entry " + seq + ": field 'seq' must be "
                    + seq + " (its row's), was " + e.seq(), null);
        }
        return e;
    }

    /**
     * A run's summary.
     *
     * @param runId the run
     * @return the summary, if stored
     * @throws RunStoreException if the database fails or the row is invalid
     */
    public Optional<RunSummary> run(String runId) {
        try {
            return connections.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(rows.selectOneSql())) {
                    ps.setString(1, runId);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(RunRows.read(rs)) : Optional.<RunSummary>empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw new RunStoreException("run " + runId + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The runs a query selects, newest start first.
     *
     * @param q the query
     * @return at most its limit
     * @throws RunStoreException if the database fails or a row is invalid
     */
    public List<RunSummary> runs(RunQuery q) {
        List<Object> params = new ArrayList<>();
        String sql = rows.selectSql(q, params);
        try {
            return connections.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
                    List<RunSummary> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(RunRows.read(rs));
                    }
                    return List.copyOf(out);
                }
            });
        } catch (SQLException e) {
            throw new RunStoreException("runs cannot be listed: " + e.getMessage(), e);
        }
    }
}
