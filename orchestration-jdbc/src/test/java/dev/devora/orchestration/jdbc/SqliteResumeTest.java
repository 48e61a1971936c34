package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.testing.ResumeContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The resume contract over a SQLite file; a "restart" closes the store and opens a new one on the same file. */
class SqliteResumeTest extends ResumeContract {
    @TempDir
    Path dir;

    @Override
    protected RunStore openStore() {
        return JdbcRunStore.sqlite(dir.resolve("runs.db"));
    }

    @Override
    protected RunStore reopen(RunStore store) {
        store.close();
        return JdbcRunStore.sqlite(dir.resolve("runs.db"));
    }
}
