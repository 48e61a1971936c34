package dev.devora.orchestration.jdbc.internal;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStoreException;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.llm.Usage;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How a {@link RunSummary} maps to a row of the runs table, and the statements that read and write it. */
public final class RunRows {
    private static final String COLUMNS = "run_id, workflow_id, status, started_at, updated_at, ended_at, "
            + "prompt_tokens, completion_tokens, reasoning_tokens, cached_tokens, cost_usd, estimated_cost_usd, calls";

    private final Schema schema;

    /**
     * Rows of a schema's runs table.
     *
     * @param schema the tables
     */
    public RunRows(Schema schema) {
        this.schema = schema;
    }

    /**
     * The insert-or-replace of a summary (the same SQL on SQLite and PostgreSQL).
     *
     * @return the SQL, with one parameter per column in {@link #bind} order
     */
    public String upsertSql() {
        return "INSERT INTO " + schema.runs() + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (run_id) DO UPDATE SET workflow_id = excluded.workflow_id, status = excluded.status,"
                + " started_at = excluded.started_at, updated_at = excluded.updated_at, ended_at = excluded.ended_at,"
                + " prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,"
                + " reasoning_tokens = excluded.reasoning_tokens, cached_tokens = excluded.cached_tokens,"
                + " cost_usd = excluded.cost_usd, estimated_cost_usd = excluded.estimated_cost_usd,"
                + " calls = excluded.calls";
    }

    /**
     * Sets the upsert's parameters.
     *
     * @param ps    the statement of {@link #upsertSql}
     * @param runId the run the summary was given for
     * @param r     the summary
     * @throws SQLException if the driver refuses
     */
    public static void bind(PreparedStatement ps, String runId, RunSummary r) throws SQLException {
        Usage u = r.usage();
        ps.setString(1, runId);
        ps.setString(2, r.workflowId());
        ps.setString(3, r.status().name());
        ps.setLong(4, nanos(r.startedAt(), "startedAt"));
        ps.setLong(5, nanos(r.updatedAt(), "updatedAt"));
        if (r.endedAt() == null) ps.setNull(6, Types.BIGINT);
        else ps.setLong(6, nanos(r.endedAt(), "endedAt"));
        ps.setLong(7, u.promptTokens());
        ps.setLong(8, u.completionTokens());
        ps.setLong(9, u.reasoningTokens());
        ps.setLong(10, u.cachedTokens());
        ps.setString(11, u.costUsd() == null ? null : u.costUsd().toString());
        ps.setString(12, u.estimatedCostUsd() == null ? null : u.estimatedCostUsd().toString());
        ps.setInt(13, r.calls());
    }

    /**
     * The select of one run's summary.
     *
     * @return the SQL, with the run id as its parameter
     */
    public String selectOneSql() {
        return "SELECT " + COLUMNS + " FROM " + schema.runs() + " WHERE run_id = ?";
    }

    /**
     * The select of a query's runs, newest start first (then by run id), at most its limit.
     *
     * @param q      the query
     * @param params receives the parameters in order
     * @return the SQL
     */
    public String selectSql(RunQuery q, List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(schema.runs());
        List<String> where = new ArrayList<>();
        if (!q.statuses().isEmpty()) {
            StringBuilder in = new StringBuilder("status IN (");
            for (RunStatus s : RunStatus.values()) { // a fixed order: the same query gives the same SQL
                if (!q.statuses().contains(s)) continue;
                if (in.charAt(in.length() - 1) != '(') in.append(", ");
                in.append('?');
                params.add(s.name());
            }
            where.add(in.append(')').toString());
        }
        if (q.workflowId() != null) {
            where.add("workflow_id = ?");
            params.add(q.workflowId());
        }
        if (q.startedAfter() != null) {
            where.add("started_at >= ?");
            params.add(clampedNanos(q.startedAfter()));
        }
        if (q.startedBefore() != null) {
            where.add("started_at < ?");
            params.add(clampedNanos(q.startedBefore()));
        }
        if (!where.isEmpty()) sql.append(" WHERE ").append(String.join(" AND ", where));
        sql.append(" ORDER BY started_at DESC, run_id ASC LIMIT ?");
        params.add(q.limit());
        return sql.toString();
    }

    /**
     * Reads the summary at the result's current row.
     *
     * @param rs a result of {@link #selectOneSql} or {@link #selectSql}
     * @return the summary
     * @throws SQLException      if the driver fails
     * @throws RunStoreException if the row holds a value no summary has, naming the run, column and value
     */
    public static RunSummary read(ResultSet rs) throws SQLException {
        String runId = rs.getString(1);
        String status = rs.getString(3);
        RunStatus parsed;
        try {
            parsed = RunStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new RunStoreException("run " + runId + ": column 'status' must be a run status, was '" + status
                    + "'", e);
        }
        long ended = rs.getLong(6);
        Instant endedAt = rs.wasNull() ? null : instant(ended);
        try {
            Usage usage = new Usage(rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                    decimal(runId, "cost_usd", rs.getString(11)), decimal(runId, "estimated_cost_usd", rs.getString(12)));
            return new RunSummary(runId, rs.getString(2), parsed, instant(rs.getLong(4)), instant(rs.getLong(5)),
                    endedAt, usage, rs.getInt(13));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RunStoreException("run " + runId + ": row is not a valid summary: " + e.getMessage(), e);
        }
    }

    private static BigDecimal decimal(String runId, String column, String text) {
        if (text == null) return null;
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new RunStoreException("run " + runId + ": column '" + column + "' must be a decimal amount, was '"
                    + text + "'", e);
        }
    }

    /**
     * A time as the stored number: nanoseconds since the epoch.
     *
     * @param t     the time
     * @param field the field it comes from, for the error
     * @return the nanoseconds
     * @throws IllegalArgumentException if the time is outside the years 1678 to 2261, naming the field and value
     */
    public static long nanos(Instant t, String field) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + " must be between the years 1678 and 2261 to be stored, was "
                    + t, e);
        }
    }

    /**
     * A bound (of a query, a purge) as the stored number; beyond the storable range it is clamped, since no stored
     * time lies beyond it either.
     *
     * @param t the bound
     * @return the nanoseconds since the epoch, clamped
     */
    public static long clampedNanos(Instant t) {
        if (t.getEpochSecond() >= Long.MAX_VALUE / 1_000_000_000L) return Long.MAX_VALUE;
        if (t.getEpochSecond() <= Long.MIN_VALUE / 1_000_000_000L) return Long.MIN_VALUE;
        return nanos(t, "query bound");
    }

    /**
     * A stored number as a time.
     *
     * @param nanos nanoseconds since the epoch
     * @return the time
     */
    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
