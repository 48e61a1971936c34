package dev.devora.orchestration.journal;

import dev.devora.orchestration.testing.ResumeEquivalenceContract;

/** Resume equivalence at every model call, over the default, in-memory store. */
class InMemoryResumeEquivalenceTest extends ResumeEquivalenceContract {
    @Override
    protected RunStore openStore() {
        return new InMemoryRunStore();
    }
}
