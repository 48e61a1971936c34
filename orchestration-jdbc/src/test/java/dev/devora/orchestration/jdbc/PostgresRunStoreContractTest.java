package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.testing.RunStoreContract;

/** The PostgreSQL store, on a real server, each test with its own tables, keeps the run store contract. */
class PostgresRunStoreContractTest extends RunStoreContract {
    @Override
    protected RunStore newStore() {
        return JdbcRunStore.builder(EmbeddedPostgres.dataSource()).tablePrefix(EmbeddedPostgres.freshPrefix()).build();
    }
}
