package dev.devora.orchestration.journal;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine's side of the journal: what it writes, when, and what a store failure does. */
class JournalTest {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    private static Workflow twoSteps(ScriptedLlmProvider llm) {
        LlmAgent a = LlmAgent.builder("a").provider(llm).build();
        return Workflow.builder("two").step(Steps.agent("first", a).prompt("one"))
                .step(Steps.agent("second", a).prompt("two {{first}}")).build();
    }

    @Test
    void everyCompletionIsInTheStoreBeforeItsEventIsEmitted() {
        InMemoryRunStore store = new InMemoryRunStore();
        List<String> missing = new CopyOnWriteArrayList<>();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).listener(e -> {
            if (e instanceof WorkflowEvent.StepCompleted c && store.entries(c.runId()).stream().noneMatch(x ->
                    x instanceof JournalEntry.StepCompleted s && s.step().path().equals(c.path()))) {
                missing.add(c.path());
            }
            if (e instanceof WorkflowEvent.LlmCallCompleted c && store.entries(c.runId()).stream()
                    .noneMatch(x -> x instanceof JournalEntry.CallRecorded r && r.step().path().equals(c.path()))) {
                missing.add("call " + c.path());
            }
        }).build()) {
            WorkflowResult r = engine.run(twoSteps(ScriptedLlmProvider.answeringDefaults()), Map.of());
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            List<JournalEntry> entries = store.entries(r.runId());
            assertThat(entries.get(0)).isInstanceOf(JournalEntry.RunStarted.class);
            assertThat(entries.get(entries.size() - 1)).isInstanceOf(JournalEntry.RunEnded.class);
            assertThat(entries).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(store.run(r.runId()).orElseThrow().calls()).isEqualTo(2);
        }
        assertThat(missing).isEmpty();
    }

    /** A store that fails from its n-th append on. */
    private static final class FailingStore implements RunStore {
        final InMemoryRunStore inner = new InMemoryRunStore();
        final int failFrom;
        int appends;

        FailingStore(int failFrom) {
            this.failFrom = failFrom;
        }

        @Override
        public synchronized void append(String runId, JournalEntry entry, RunSummary summary) {
            if (++appends >= failFrom) throw new RunStoreException("disk full (test)", null);
            inner.append(runId, entry, summary);
        }

        @Override
        public List<JournalEntry> entries(String runId) {
            return inner.entries(runId);
        }

        @Override
        public Optional<RunSummary> run(String runId) {
            return inner.run(runId);
        }

        @Override
        public List<RunSummary> runs(RunQuery query) {
            return inner.runs(query);
        }

        @Override
        public int purge(Instant endedBefore) {
            return inner.purge(endedBefore);
        }
    }

    @Test
    void aStoreThatCannotWrite_failsTheRunWithItsError_andTheResultStillCompletes() {
        FailingStore store = new FailingStore(3); // start and the first call are written; the first step's end is not
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult r = engine.run(twoSteps(llm), Map.of());
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.failure()).get().isInstanceOf(RunStoreException.class)
                    .extracting(Throwable::getMessage).asString().contains("disk full");
            assertThat(llm.callCount()).as("the second step never started").isEqualTo(1);
        }
        assertThat(logs.messages(ch.qos.logback.classic.Level.ERROR)).anyMatch(m -> m.contains("could not be journaled"));
    }

    @Test
    void inMemoryStore_keepsUnfinishedRunsAndTheMostRecentEndedOnes() {
        InMemoryRunStore store = new InMemoryRunStore(3);
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            Workflow wf = twoSteps(ScriptedLlmProvider.answeringDefaults());
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) ids.add(engine.run(wf, Map.of()).runId());
            assertThat(store.runs(RunQuery.ALL)).extracting(RunSummary::runId)
                    .containsExactlyInAnyOrderElementsOf(ids.subList(2, 5));
            assertThat(store.entries(ids.get(0))).isEmpty();
            assertThat(store.purge(Instant.now().plusSeconds(1))).isEqualTo(3);
            assertThat(store.runs(RunQuery.ALL)).isEmpty();
        }
        assertThatThrownBy(() -> new InMemoryRunStore(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEndedRuns");
    }

    @Test
    void aRunIdThatIsStoredAlready_isRefused_andAnUnknownWorkflowCannotBeResumedById() {
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow wf = twoSteps(ScriptedLlmProvider.answeringDefaults());
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            engine.run(wf, Map.of(), RunOptions.builder().runId("fixed-id").build());
            assertThatThrownBy(() -> engine.run(wf, Map.of(), RunOptions.builder().runId("fixed-id").build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fixed-id")
                    .hasMessageContaining("resume");
            assertThat(engine.resume("fixed-id").status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        try (WorkflowEngine other = WorkflowEngine.builder().runStore(store).build()) {
            assertThatThrownBy(() -> other.resume("fixed-id")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'two'").hasMessageContaining("workflows(");
            try (WorkflowEngine knowing = WorkflowEngine.builder().runStore(store).workflows(wf).build()) {
                assertThat(knowing.resume("fixed-id").status()).isEqualTo(RunStatus.SUCCEEDED);
            }
        }
    }

    @Test
    void pauseAndResumeAreJournaled_andTheSummaryFollows() throws Exception {
        InMemoryRunStore store = new InMemoryRunStore();
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().latency(Duration.ofMillis(200)).build();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowRun run = engine.start(twoSteps(llm), Map.of(), e -> { });
            run.pause(); // maybe before the run's start is journaled: it is journaled as paused all the same
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (store.run(run.id()).map(RunSummary::status).orElse(null) != RunStatus.PAUSED
                    && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.PAUSED);
            run.resume();
            assertThat(run.result().get(30, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(store.entries(run.id())).filteredOn(e -> e instanceof JournalEntry.RunSuspended).hasSize(1);
            assertThat(store.entries(run.id())).filteredOn(e -> e instanceof JournalEntry.RunResumed r
                    && r.reason().equals("unpaused")).hasSize(1);
            assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        }
    }
}
