package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.testing.RunStatisticsContract;

/** The statistics over the PostgreSQL store, on a real server, each test with its own tables. */
class PostgresRunStatisticsTest extends RunStatisticsContract {
    @Override
    protected RunStore newStore() {
        return JdbcRunStore.builder(EmbeddedPostgres.dataSource()).tablePrefix(EmbeddedPostgres.freshPrefix()).build();
    }
}
