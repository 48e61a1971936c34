package dev.devora.orchestration.temporal.internal;

import dev.devora.orchestration.temporal.ClaimStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * {@link ClaimStore#jdbc}: payloads in a {@code devora_claims} table, {@code claim_key} (the SHA-256, hex) and
 * {@code payload} (bytes: {@code BYTEA} on PostgreSQL, {@code BLOB} elsewhere), made on first use. A key is written
 * once: a second put of the same bytes (a retried activity, another worker) finds it, or loses the race to insert it
 * and finds it then.
 *
 * <pre>{@code
 * ClaimStore store = new JdbcClaimStore(dataSource);
 * }</pre>
 */
public final class JdbcClaimStore implements ClaimStore {
    private static final String TABLE = "devora_claims";
    private final DataSource dataSource;
    private volatile boolean tableReady;

    /**
     * A store in this database.
     *
     * @param dataSource where the table is
     */
    public JdbcClaimStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public String put(byte[] bytes) {
        String key = ClaimStore.keyOf(bytes);
        try (Connection c = dataSource.getConnection()) {
            ensureTable(c);
            if (exists(c, key)) return key;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                    + " (claim_key, payload) VALUES (?, ?)")) {
                insert.setString(1, key);
                insert.setBytes(2, bytes);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!c.getAutoCommit()) c.rollback(); // PostgreSQL refuses more statements in a failed transaction
                if (!exists(c, key)) throw e; // another writer inserting the same key first is fine
            }
            if (!c.getAutoCommit()) c.commit();
            return key;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep a claimed payload in table " + TABLE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] get(String key) {
        if (key == null || !key.matches("[0-9a-f]{64}")) throw new IllegalStateException("not a claim key: " + key);
        try (Connection c = dataSource.getConnection()) {
            ensureTable(c);
            try (PreparedStatement select = c.prepareStatement("SELECT payload FROM " + TABLE + " WHERE claim_key = ?")) {
                select.setString(1, key);
                try (ResultSet r = select.executeQuery()) {
                    if (!r.next()) {
                        throw new IllegalStateException("no claimed payload " + key + " in table " + TABLE
                                + ": every worker and client must use the same store");
                    }
                    return r.getBytes(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read claimed payload " + key + " from table " + TABLE + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE claim_key = ?")) {
            select.setString(1, key);
            try (ResultSet r = select.executeQuery()) {
                return r.next();
            }
        }
    }

    private void ensureTable(Connection c) throws SQLException {
        if (tableReady) return;
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (claim_key VARCHAR(64) PRIMARY KEY, payload "
                    + (postgres ? "BYTEA" : "BLOB") + " NOT NULL)");
            if (!c.getAutoCommit()) c.commit();
        } catch (SQLException e) { // two first uses at once: PostgreSQL lets one of the two creations fail
            if (!c.getAutoCommit()) c.rollback();
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1 FROM " + TABLE + " WHERE 1 = 0").close(); // made by the other one?
            } catch (SQLException missing) {
                e.addSuppressed(missing);
                throw e;
            }
        }
        tableReady = true;
    }

    @Override
    public String toString() {
        return "ClaimStore.jdbc[" + TABLE + "]"; // never the data source: its URL may carry a password
    }
}
