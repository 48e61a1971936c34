package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.testing.ResumeContract;

/**
 * The resume contract over the embedded PostgreSQL, each test with its own tables; a "restart" closes the store and
 * opens a new one over the same data source and tables.
 */
class PostgresResumeTest extends ResumeContract {
    private String prefix;

    @Override
    protected RunStore openStore() {
        prefix = EmbeddedPostgres.freshPrefix();
        return JdbcRunStore.builder(EmbeddedPostgres.dataSource()).tablePrefix(prefix).build();
    }

    @Override
    protected RunStore reopen(RunStore store) {
        store.close();
        return JdbcRunStore.builder(EmbeddedPostgres.dataSource()).tablePrefix(prefix).build();
    }
}
