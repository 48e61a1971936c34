package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.jdbc.JdbcRunStore;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.RunStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run store for a benchmark, by name: {@code memory} (an {@link InMemoryRunStore}), {@code sqlite} (a
 * {@link JdbcRunStore#sqlite} file in a temporary folder) or {@code postgresql} (an embedded PostgreSQL server
 * started for the trial); {@link #close()} removes what it made.
 */
final class StoreFixture implements AutoCloseable {
    final RunStore store;
    private final Path dir;
    private final EmbeddedPostgres postgres;

    private StoreFixture(RunStore store, Path dir, EmbeddedPostgres postgres) {
        this.store = store;
        this.dir = dir;
        this.postgres = postgres;
    }

    /** Opens the store a benchmark's {@code store} parameter names. */
    static StoreFixture open(String kind, int maxEndedInMemory) throws IOException {
        switch (kind) {
            case "memory":
                return new StoreFixture(new InMemoryRunStore(maxEndedInMemory), null, null);
            case "sqlite": {
                Path dir = Files.createTempDirectory("journal-bench");
                return new StoreFixture(JdbcRunStore.sqlite(dir.resolve("runs.db")), dir, null);
            }
            case "postgresql": {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                return new StoreFixture(JdbcRunStore.create(postgres.getPostgresDatabase()), null, postgres);
            }
            default:
                throw new IllegalArgumentException("store must be memory, sqlite or postgresql, was " + kind);
        }
    }

    @Override
    public void close() throws IOException {
        store.close();
        if (postgres != null) postgres.close();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
