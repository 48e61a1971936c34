package dev.devora.orchestration.testing;

import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.RunStore;

/** The reference store keeps the contract every store is held to. */
class InMemoryRunStoreContractTest extends RunStoreContract {
    @Override
    protected RunStore newStore() {
        return new InMemoryRunStore(100_000);
    }
}
