package dev.devora.orchestration.testing;

import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.RunStore;

/** The statistics over the reference store. */
class InMemoryRunStatisticsTest extends RunStatisticsContract {
    @Override
    protected RunStore newStore() {
        return new InMemoryRunStore(100_000);
    }
}
