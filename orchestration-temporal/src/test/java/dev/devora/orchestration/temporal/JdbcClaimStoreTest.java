package dev.devora.orchestration.temporal;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.LlmProvider;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ClaimStore#jdbc} on a real SQLite file and a real PostgreSQL server (zonky's embedded server): each payload
 * kept once by its digest, even when workers put it at the same time, a missing one named; and a run whose large
 * answer crosses Temporal's history through the SQLite store ends with the same state as in one JVM.
 */
class JdbcClaimStoreTest {
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) postgres.close();
    }

    static DataSource sqlite(Path file) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    static synchronized DataSource postgres() throws IOException {
        if (postgres == null) postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
        return postgres.getPostgresDatabase();
    }

    static int rows(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM devora_claims")) {
            r.next();
            return r.getInt(1);
        }
    }

    static void keepsEachPayloadOnce_andSaysWhenOneIsMissing(DataSource ds) throws Exception {
        ClaimStore store = ClaimStore.jdbc(ds);
        byte[] bytes = "the payload".getBytes(StandardCharsets.UTF_8);
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> puts = workers.invokeAll(List.of(() -> store.put(bytes), () -> store.put(bytes),
                    () -> ClaimStore.jdbc(ds).put(bytes), () -> ClaimStore.jdbc(ds).put(bytes)));
            for (Future<String> put : puts) assertThat(put.get()).isEqualTo(ClaimStore.keyOf(bytes));
        } finally {
            workers.shutdownNow();
        }
        String key = ClaimStore.keyOf(bytes);
        assertThat(ClaimStore.jdbc(ds).get(key)).as("another store on the same database reads it").isEqualTo(bytes);
        assertThat(rows(ds)).isEqualTo(1);
        byte[] large = new byte[3 * 1024 * 1024];
        for (int i = 0; i < large.length; i++) large[i] = (byte) (i * 31);
        assertThat(store.get(store.put(large))).isEqualTo(large);

        String other = ClaimStore.keyOf("another".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.get(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(other).hasMessageContaining("every worker and client must use the same store");
        assertThatThrownBy(() -> store.get("1 OR 1=1")).hasMessageContaining("not a claim key");
        assertThat(store.toString()).isEqualTo("ClaimStore.jdbc[devora_claims]");
    }

    @Test
    void onSqlite_eachPayloadIsKeptOnce_andAMissingOneIsNamed(@TempDir Path dir) throws Exception {
        keepsEachPayloadOnce_andSaysWhenOneIsMissing(sqlite(dir.resolve("claims.db")));
    }

    @Test
    void onPostgres_eachPayloadIsKeptOnce_andAMissingOneIsNamed() throws Exception {
        keepsEachPayloadOnce_andSaysWhenOneIsMissing(postgres());
    }

    @Test
    void aLargeAnswer_crossesTheHistoryThroughTheDatabase_andTheStateIsTheSame(@TempDir Path dir) throws Exception {
        String expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            expected = engine.run(ClaimChecksTest.longAnswer(ClaimChecksTest.model()), ConformanceTest.INPUT).stateJson();
        }
        DataSource ds = sqlite(dir.resolve("claims.db"));
        DataConverter converter = ClaimChecks.dataConverter(ClaimStore.jdbc(ds), 64 * 1024);
        try (TestWorkflowEnvironment env = ClaimChecksTest.environment(converter)) {
            LlmProvider p = ClaimChecksTest.model();
            Worker worker = env.newWorker(ClaimChecksTest.QUEUE);
            TemporalWorkers.builder().workflow(ClaimChecksTest.longAnswer(p)).provider(p).build().registerOn(worker);
            env.start();
            TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), ClaimChecksTest.QUEUE)
                    .start(ClaimChecksTest.longAnswer(p), ConformanceTest.INPUT);
            assertThat(run.stateJson()).isEqualTo(expected);
            List<Payload> payloads = ClaimChecksTest.payloads(env.getWorkflowClient().fetchHistory(run.id()));
            assertThat(payloads).allSatisfy(pl -> assertThat(pl.getSerializedSize()).isLessThanOrEqualTo(64 * 1024));
        }
        assertThat(rows(ds)).as("the answer and what carries it are in the table").isPositive();
    }
}
