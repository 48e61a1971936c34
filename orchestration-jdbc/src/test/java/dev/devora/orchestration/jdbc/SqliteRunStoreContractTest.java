package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.testing.RunStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The SQLite store, each test on a new file, keeps the run store contract. */
class SqliteRunStoreContractTest extends RunStoreContract {
    @TempDir
    Path dir;

    @Override
    protected RunStore newStore() {
        return JdbcRunStore.sqlite(dir.resolve("runs.db"));
    }
}
