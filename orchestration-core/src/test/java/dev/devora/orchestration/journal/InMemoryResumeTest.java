package dev.devora.orchestration.journal;

import dev.devora.orchestration.testing.ResumeContract;

/** The resume contract over the default, in-memory store. */
class InMemoryResumeTest extends ResumeContract {
    @Override
    protected RunStore openStore() {
        return new InMemoryRunStore();
    }
}
