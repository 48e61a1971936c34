package dev.devora.orchestration.journal;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.ResumeOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two engines resuming the same stored run at once (two processes on one database, or a retry of a resume that is
 * still going): the store refuses the second writer of a seq, and the engine that was refused stops writing the
 * journal at once, its end included, so that the other run finishes and the journal stays a true record that
 * resumes to the uninterrupted run's state.
 */
class ConcurrentResumeTest {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    private static Workflow three(ScriptedLlmProvider llm) {
        LlmAgent a = LlmAgent.builder("a").provider(llm).build();
        return Workflow.builder("three").step(Steps.agent("first", a).prompt("one"))
                .step(Steps.agent("second", a).prompt("two {{first}}"))
                .step(Steps.agent("third", a).prompt("three {{second}}")).build();
    }

    private static ScriptedLlmProvider answering(Duration latency) {
        return ScriptedLlmProvider.builder().otherwise(r -> "ok " + r.attribute(LlmRequest.STEP_PATH))
                .latency(latency).build();
    }

    /** A run that failed at "second", journaled in {@code store}. */
    private static String failedAtSecond(RunStore store) {
        ScriptedLlmProvider failing = ScriptedLlmProvider.builder().whenStep("second")
                .failAlways(ProviderErrorKind.INVALID_REQUEST).otherwise(r -> "ok " + r.attribute(LlmRequest.STEP_PATH))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            return engine.run(three(failing), Map.of()).runId();
        }
    }

    private static String uninterruptedState() {
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            return engine.run(three(answering(Duration.ZERO)), Map.of()).stateJson();
        }
    }

    /** Runs what it is given only when told to. */
    private static final class HeldExecutor implements Executor {
        final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable command) {
            held.add(command);
        }

    }

    private static void assertJournalResumesToTheUninterruptedRun(RunStore store, String runId) {
        List<Long> seqs = store.entries(runId).stream().map(JournalEntry::seq).toList();
        assertThat(seqs).doesNotHaveDuplicates();
        JournalEntry last = store.entries(runId).get(seqs.size() - 1);
        assertThat(last).isInstanceOfSatisfying(JournalEntry.RunEnded.class,
                e -> assertThat(e.status()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        ScriptedLlmProvider none = answering(Duration.ZERO);
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult again = engine.resume(three(none), runId);
            assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(again.stateJson()).isEqualTo(uninterruptedState());
        }
        assertThat(none.callCount()).isZero();
    }

    @Test
    void bothLoadedBeforeEitherWrites_theSecondClaimIsRefusedBeforeAnyCall_theFirstFinishes() throws Exception {
        InMemoryRunStore store = new InMemoryRunStore();
        String runId = failedAtSecond(store);
        ScriptedLlmProvider llmA = answering(Duration.ZERO);
        ScriptedLlmProvider llmB = answering(Duration.ZERO);
        HeldExecutor heldA = new HeldExecutor();
        HeldExecutor heldB = new HeldExecutor();
        try (WorkflowEngine a = WorkflowEngine.builder().runStore(store).executor(heldA).build();
             WorkflowEngine b = WorkflowEngine.builder().runStore(store).executor(heldB).build()) {
            WorkflowRun runA = a.startResume(three(llmA), runId, ResumeOptions.DEFAULT, WorkflowListener.NONE);
            WorkflowRun runB = b.startResume(three(llmB), runId, ResumeOptions.DEFAULT, WorkflowListener.NONE);
            new Thread(heldA.held.poll()).start(); // both loaded the journal; A goes first
            WorkflowResult resultA = runA.result().get(30, TimeUnit.SECONDS);
            new Thread(heldB.held.poll()).start();
            WorkflowResult resultB = runB.result().get(30, TimeUnit.SECONDS);

            assertThat(resultA.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(resultB.status()).isEqualTo(RunStatus.FAILED);
            assertThat(resultB.failure().orElseThrow()).isInstanceOf(RunStoreException.class)
                    .hasMessageContaining(runId).hasMessageContaining("another engine");
            assertThat(llmB.callCount()).as("the refused engine calls nothing").isZero();
        }
        assertJournalResumesToTheUninterruptedRun(store, runId);
    }

    @Test
    void secondResumesWhileTheFirstIsInACall_theFirstStopsWritingAtItsNextEntry_theSecondFinishes() throws Exception {
        InMemoryRunStore store = new InMemoryRunStore();
        String runId = failedAtSecond(store);
        ScriptedLlmProvider slowA = answering(Duration.ofMillis(1500));
        ScriptedLlmProvider fastB = answering(Duration.ZERO);
        try (WorkflowEngine a = WorkflowEngine.builder().runStore(store).build();
             WorkflowEngine b = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowRun runA = a.startResume(three(slowA), runId, ResumeOptions.DEFAULT, WorkflowListener.NONE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (slowA.inFlight() == 0 && System.nanoTime() < deadline) Thread.sleep(5); // A claimed, is in "second"
            assertThat(slowA.inFlight()).isEqualTo(1);
            WorkflowResult resultB = b.resume(three(fastB), runId, ResumeOptions.DEFAULT, WorkflowListener.NONE);
            WorkflowResult resultA = runA.result().get(30, TimeUnit.SECONDS);

            assertThat(resultB.status()).as("B: %s", resultB.failure()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(resultA.status()).isEqualTo(RunStatus.FAILED);
            assertThat(String.valueOf(resultA.failure().orElseThrow())).contains("another engine");
            assertThat(slowA.callCount()).as("A stopped at its first refused entry").isEqualTo(1);
        }
        assertJournalResumesToTheUninterruptedRun(store, runId);
    }
}
