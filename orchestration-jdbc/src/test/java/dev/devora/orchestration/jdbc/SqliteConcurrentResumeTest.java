package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.ResumeOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunStoreException;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processes resuming one run in one SQLite file (two stores on the file, as two processes have): the one whose
 * entry the file refuses stops writing the journal and fails with a {@link RunStoreException}; the other finishes,
 * and the file's journal resumes to the finished state without a call.
 */
class SqliteConcurrentResumeTest {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    @TempDir
    Path dir;

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

    @Test
    void aSecondProcessResumingWhileTheFirstIsInACall_isTheOneThatFinishes() throws Exception {
        Path file = dir.resolve("runs.db");
        String runId;
        try (JdbcRunStore store = JdbcRunStore.sqlite(file);
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            runId = engine.run(three(ScriptedLlmProvider.builder().whenStep("second")
                    .failAlways(ProviderErrorKind.INVALID_REQUEST)
                    .otherwise(r -> "ok " + r.attribute(LlmRequest.STEP_PATH)).build()), Map.of()).runId();
        }
        ScriptedLlmProvider slowA = answering(Duration.ofMillis(1500));
        ScriptedLlmProvider fastB = answering(Duration.ZERO);
        WorkflowResult resultA;
        WorkflowResult resultB;
        try (JdbcRunStore storeA = JdbcRunStore.sqlite(file);
             JdbcRunStore storeB = JdbcRunStore.sqlite(file);
             WorkflowEngine a = WorkflowEngine.builder().runStore(storeA).build();
             WorkflowEngine b = WorkflowEngine.builder().runStore(storeB).build()) {
            WorkflowRun runA = a.startResume(three(slowA), runId, ResumeOptions.DEFAULT, WorkflowListener.NONE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (slowA.inFlight() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(slowA.inFlight()).isEqualTo(1);
            resultB = b.resume(three(fastB), runId, ResumeOptions.DEFAULT, WorkflowListener.NONE);
            resultA = runA.result().get(30, TimeUnit.SECONDS);
        }
        assertThat(resultB.status()).as("B: %s", resultB.failure()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(resultA.failure().orElseThrow()).hasMessageContaining("another engine");
        assertThat(slowA.callCount()).isEqualTo(1);
        try (JdbcRunStore store = JdbcRunStore.sqlite(file);
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            List<JournalEntry> entries = store.entries(runId);
            assertThat(entries.stream().map(JournalEntry::seq).toList()).doesNotHaveDuplicates();
            assertThat(entries.get(entries.size() - 1)).isInstanceOfSatisfying(JournalEntry.RunEnded.class,
                    e -> assertThat(e.status()).isEqualTo(RunStatus.SUCCEEDED));
            assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
            ScriptedLlmProvider none = answering(Duration.ZERO);
            WorkflowResult again = engine.resume(three(none), runId);
            assertThat(again.stateJson()).isEqualTo(resultB.stateJson());
            assertThat(none.callCount()).isZero();
        }
    }
}
