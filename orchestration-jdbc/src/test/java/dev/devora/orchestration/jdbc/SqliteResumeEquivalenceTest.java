package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.testing.ResumeEquivalenceContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Resume equivalence at every model call over SQLite: each failure point has its own file, and the "restart" closes
 * the store and opens a new one on it, so every replayed entry has made the JSON round trip.
 */
class SqliteResumeEquivalenceTest extends ResumeEquivalenceContract {
    @TempDir
    Path dir;

    private final Map<RunStore, Path> files = new IdentityHashMap<>();
    private int opened;

    @Override
    protected RunStore openStore() {
        Path file = dir.resolve("runs-" + (++opened) + ".db");
        RunStore store = JdbcRunStore.sqlite(file);
        files.put(store, file);
        return store;
    }

    @Override
    protected RunStore reopen(RunStore store) {
        Path file = files.remove(store);
        store.close();
        return JdbcRunStore.sqlite(file);
    }
}
