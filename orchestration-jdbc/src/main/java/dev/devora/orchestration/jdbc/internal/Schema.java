package dev.devora.orchestration.jdbc.internal;

import dev.devora.orchestration.journal.RunStoreException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The store's tables, named with a prefix, and their versioned migrations. Times are stored as nanoseconds since
 * the epoch (exact {@code Instant}s, sortable), amounts as decimal text (exact {@code BigDecimal}s), entries as
 * their {@code JournalJson} text (exact, key order kept: PostgreSQL's {@code jsonb} would reorder keys).
 */
public final class Schema {
    /** The schema version this code writes and reads. */
    public static final int CURRENT_VERSION = 1;

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}|");

    private final String prefix;

    /**
     * Tables named with a prefix.
     *
     * @param prefix the prefix, e.g. {@code "devora_"}: letters, digits and underscores, at most 30; may be empty
     * @throws IllegalArgumentException if the prefix is not such a name
     */
    public Schema(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("tablePrefix must be letters, digits and underscores (at most 30, not"
                    + " starting with a digit), was '" + prefix + "'");
        }
        this.prefix = prefix;
    }

    /**
     * The runs table.
     *
     * @return its name
     */
    public String runs() {
        return prefix + "runs";
    }

    /**
     * The journal table.
     *
     * @return its name
     */
    public String journal() {
        return prefix + "journal";
    }

    /**
     * The schema version table.
     *
     * @return its name
     */
    public String version() {
        return prefix + "schema_version";
    }

    private List<String> migration(int version) {
        if (version != 1) throw new IllegalArgumentException("no migration to version " + version);
        return List.of(
                "CREATE TABLE " + runs() + " ("
                        + "run_id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, status TEXT NOT NULL, "
                        + "started_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, ended_at BIGINT, "
                        + "prompt_tokens BIGINT NOT NULL, completion_tokens BIGINT NOT NULL, "
                        + "reasoning_tokens BIGINT NOT NULL, cached_tokens BIGINT NOT NULL, "
                        + "cost_usd TEXT, estimated_cost_usd TEXT, calls INTEGER NOT NULL)",
                "CREATE INDEX " + prefix + "runs_by_status ON " + runs() + " (status, started_at)",
                "CREATE INDEX " + prefix + "runs_by_workflow ON " + runs() + " (workflow_id, started_at)",
                "CREATE INDEX " + prefix + "runs_by_start ON " + runs() + " (started_at)",
                "CREATE TABLE " + journal() + " ("
                        + "run_id TEXT NOT NULL REFERENCES " + runs() + " (run_id) ON DELETE CASCADE, "
                        + "seq BIGINT NOT NULL, type TEXT NOT NULL, step_key TEXT, at BIGINT NOT NULL, "
                        + "data TEXT NOT NULL, PRIMARY KEY (run_id, seq))");
    }

    /**
     * Brings the database to {@link #CURRENT_VERSION} under the dialect's migration lock; does nothing when it is
     * there already, so two stores opening one database at once migrate it once.
     *
     * @param c       the writer connection, in auto-commit mode
     * @param dialect its dialect
     * @throws RunStoreException if the database holds a newer schema version than this code knows
     * @throws SQLException      if the database refuses
     */
    public void migrate(Connection c, Dialect dialect) throws SQLException {
        dialect.beginMigration(c);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + version() + " (version INTEGER NOT NULL)");
            int found = 0;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + version())) {
                if (rs.next()) found = rs.getInt(1);
            }
            if (found > CURRENT_VERSION) {
                throw new RunStoreException("table " + version() + ": schema version " + found + " is newer than"
                        + " this orchestration-jdbc supports (" + CURRENT_VERSION + "); use a newer version of the"
                        + " library", null);
            }
            for (int v = found + 1; v <= CURRENT_VERSION; v++) {
                for (String ddl : migration(v)) s.execute(ddl);
            }
            if (found < CURRENT_VERSION) {
                s.execute("DELETE FROM " + version());
                s.execute("INSERT INTO " + version() + " (version) VALUES (" + CURRENT_VERSION + ")");
            }
        } catch (SQLException | RuntimeException e) {
            try {
                dialect.endMigration(c, false);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        dialect.endMigration(c, true);
    }
}
