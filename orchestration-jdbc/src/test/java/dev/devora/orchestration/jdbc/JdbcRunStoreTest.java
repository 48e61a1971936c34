package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStoreException;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.testing.RunStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the JDBC store adds to the contract: its schema, its errors, and reading back after a restart. */
class JdbcRunStoreTest {
    @TempDir
    Path dir;

    private static final Instant T0 = RunStoreContract.T0;

    private static RunSummary summary(String runId) {
        return RunStoreContract.started(runId, "review", T0);
    }

    private static void appendAll(JdbcRunStore store, String runId) {
        List<JournalEntry> all = RunStoreContract.oneOfEachType();
        store.append(runId, all.get(0), summary(runId));
        for (JournalEntry e : all.subList(1, all.size())) store.append(runId, e, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aNewStoreOnTheSameDatabase_readsEveryRunBack(String kind) {
        Target db = Target.of(kind, dir);
        RunSummary ended = summary("r1").withStatus(RunStatus.FAILED, T0.plusSeconds(9), true);
        try (JdbcRunStore store = db.open()) {
            appendAll(store, "r1");
            store.append("r1", new JournalEntry.WarningRecorded(15, T0, "x", "late", false), ended);
        }

        try (JdbcRunStore reopened = db.open()) {
            List<JournalEntry> expected = new ArrayList<>(RunStoreContract.oneOfEachType());
            expected.add(new JournalEntry.WarningRecorded(15, T0, "x", "late", false));
            assertThat(reopened.entries("r1")).isEqualTo(expected);
            assertThat(reopened.run("r1")).contains(ended);
            assertThat(reopened.runs(RunQuery.builder().status(RunStatus.FAILED).build())).containsExactly(ended);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aDatabaseOfANewerSchemaVersion_isRefused_andLeftAsItIs(String kind) throws Exception {
        Target db = Target.of(kind, dir);
        try (JdbcRunStore store = db.open()) {
            appendAll(store, "r1");
        }
        db.execute("UPDATE " + db.prefix() + "schema_version SET version = 2");

        assertThatThrownBy(db::open).isInstanceOf(RunStoreException.class)
                .hasMessageContaining("table " + db.prefix() + "schema_version: schema version 2 is newer than this"
                        + " orchestration-jdbc supports (1)");
        assertThat(db.count("SELECT COUNT(*) FROM " + db.prefix() + "journal"))
                .isEqualTo(RunStoreContract.oneOfEachType().size());
        assertThat(db.count("SELECT MAX(version) FROM " + db.prefix() + "schema_version")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void storesOpeningOneDatabaseAtOnce_createTheSchemaOnce(String kind) throws Exception {
        Target db = Target.of(kind, dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JdbcRunStore>> opened = new ArrayList<>();
            for (int i = 0; i < 4; i++) opened.add(pool.submit((Callable<JdbcRunStore>) db::open));
            for (Future<JdbcRunStore> f : opened) f.get().close();
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.count("SELECT COUNT(*) FROM " + db.prefix() + "schema_version")).isEqualTo(1);
        assertThat(db.count("SELECT MAX(version) FROM " + db.prefix() + "schema_version")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anUnreadableStoredEntry_isAnErrorNamingTheRunTheEntryAndTheField(String kind) throws Exception {
        Target db = Target.of(kind, dir);
        try (JdbcRunStore store = db.open()) {
            appendAll(store, "r1");
            db.execute("UPDATE " + db.prefix() + "journal SET data = REPLACE(data, '\"iteration\":3', '\"iteration\":\"three\"')"
                    + " WHERE seq = 6");

            assertThatThrownBy(() -> store.entries("r1")).isInstanceOf(RunStoreException.class)
                    .hasMessageContaining("run r1, stored journal entry 6")
                    .hasMessageContaining("field 'iteration' must be an integer, was \"three\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anEntryOfARunWithoutASummary_isRefusedNamingTheRun(String kind) {
        Target db = Target.of(kind, dir);
        try (JdbcRunStore store = db.open()) {
            assertThatThrownBy(() -> store.append("ghost", RunStoreContract.oneOfEachType().get(1), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("run ghost is not stored: its first journal entry (seq 2, step_completed) must come"
                            + " with the run's summary");
            assertThat(store.entries("ghost")).isEmpty();
        }
    }

    @Test
    void appendsAfterClose_fail() {
        JdbcRunStore store = JdbcRunStore.sqlite(dir.resolve("runs.db"));
        store.close();
        assertThatThrownBy(() -> appendAll(store, "r1")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the run store is closed");
    }

    @Test
    void anInvalidTablePrefix_isRefusedNamingIt() {
        DataSource ds = dev.devora.orchestration.jdbc.internal.SqliteFile.dataSource(dir.resolve("runs.db"));
        assertThatThrownBy(() -> JdbcRunStore.builder(ds).tablePrefix("x; DROP TABLE runs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tablePrefix").hasMessageContaining("was 'x; DROP TABLE runs'");
    }

    @Test
    void aDatabaseOtherThanSqliteOrPostgresql_isRefusedNamingIt() {
        DatabaseMetaData meta = proxy(DatabaseMetaData.class, (m, a) -> switch (m) {
            case "getDatabaseProductName" -> "H2";
            case "getDriverName" -> "H2 JDBC Driver";
            default -> null;
        });
        Connection conn = proxy(Connection.class, (m, a) -> "getMetaData".equals(m) ? meta : null);
        DataSource ds = proxy(DataSource.class, (m, a) -> "getConnection".equals(m) ? conn : null);

        assertThatThrownBy(() -> JdbcRunStore.create(ds)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataSource: database 'H2' (H2 JDBC Driver) is not supported; JdbcRunStore supports"
                        + " SQLite and PostgreSQL");
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (p, m, a) -> answer.answer(m.getName(), a)));
    }
}
