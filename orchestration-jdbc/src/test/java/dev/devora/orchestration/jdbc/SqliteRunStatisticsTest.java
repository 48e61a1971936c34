package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.testing.RunStatisticsContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The statistics over the SQLite store, each test on a new file: the same numbers as over the in-memory store. */
class SqliteRunStatisticsTest extends RunStatisticsContract {
    @TempDir
    Path dir;

    @Override
    protected RunStore newStore() {
        return JdbcRunStore.sqlite(dir.resolve("runs.db"));
    }
}
