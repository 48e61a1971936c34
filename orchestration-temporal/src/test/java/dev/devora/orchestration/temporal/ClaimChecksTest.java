package dev.devora.orchestration.temporal;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Large outputs stay out of the history: with {@link ClaimChecks}' converter a 600 KB answer crosses as a key, the
 * run's state is the same as in one JVM, and a replay on a fresh worker reads the answer back from the store.
 */
class ClaimChecksTest {
    static final String QUEUE = "devora-claims";
    static final String LONG = "a long transcript line. ".repeat(25_000); // 600,000 characters

    static Workflow longAnswer(LlmProvider p) {
        return Workflow.builder("long-answer")
                .step(Steps.agent("transcript", ConformanceTest.agent("scribe", p)).prompt("Transcribe {{input.topic}}"))
                .step(Steps.agent("summary", ConformanceTest.agent("writer", p)).prompt("Summarize in one line."))
                .build();
    }

    static LlmProvider model() {
        return ScriptedLlmProvider.builder().name("scripted").whenAgent("scribe").reply(LONG).build();
    }

    static TestWorkflowEnvironment environment(DataConverter converter) {
        return TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(converter).build())
                .build());
    }

    static List<Payload> payloads(WorkflowExecutionHistory history) {
        List<Payload> all = new ArrayList<>();
        for (HistoryEvent e : history.getEvents()) {
            if (e.hasActivityTaskScheduledEventAttributes()) {
                all.addAll(e.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList());
            }
            if (e.hasActivityTaskCompletedEventAttributes()) {
                all.addAll(e.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList());
            }
            if (e.hasWorkflowExecutionCompletedEventAttributes()) {
                all.addAll(e.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloadsList());
            }
        }
        return all;
    }

    @Test
    void aLargeAnswer_crossesAsAKey_theStateIsTheSame_andAReplayReadsItBack() throws Exception {
        WorkflowResult expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            expected = engine.run(longAnswer(model()), ConformanceTest.INPUT);
        }
        ClaimStore store = ClaimStore.inMemory();
        DataConverter converter = ClaimChecks.dataConverter(store, 64 * 1024);
        WorkflowExecutionHistory history;
        try (TestWorkflowEnvironment env = environment(converter)) {
            LlmProvider p = model();
            Worker worker = env.newWorker(QUEUE);
            TemporalWorkers.builder().workflow(longAnswer(p)).provider(p).build().registerOn(worker);
            env.start();
            TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(longAnswer(p), ConformanceTest.INPUT);
            String state = run.stateJson();
            assertThat(state).isEqualTo(expected.stateJson()).contains(LONG);
            history = env.getWorkflowClient().fetchHistory(run.id());
        }
        List<Payload> payloads = payloads(history);
        assertThat(payloads).isNotEmpty().allSatisfy(p -> assertThat(p.getSerializedSize())
                .as("every payload in the history is small").isLessThanOrEqualTo(64 * 1024));
        assertThat(payloads).anySatisfy(p -> assertThat(p.getMetadataOrThrow("encoding").toString(StandardCharsets.UTF_8))
                .isEqualTo("devora/claim-check"));
        assertThat(history.toJson(false)).doesNotContain("a long transcript line. a long transcript line.");

        try (TestWorkflowEnvironment fresh = environment(converter)) {
            LlmProvider never = ReplayTest.unused();
            Worker worker = fresh.newWorker(QUEUE);
            TemporalWorkers.builder().workflow(longAnswer(never)).provider(never).build().registerOn(worker);
            WorkflowReplayer.replayWorkflowExecution(history, worker);
        }
    }

    @Test
    void aDirectoryStore_keepsEachPayloadOnce_byItsDigest_andSaysWhenOneIsMissing(@TempDir Path dir) throws Exception {
        ClaimStore store = ClaimStore.directory(dir.resolve("claims"));
        byte[] bytes = "the payload".getBytes(StandardCharsets.UTF_8);
        String key = store.put(bytes);
        assertThat(store.put(bytes)).isEqualTo(key).isEqualTo(ClaimStore.keyOf(bytes));
        assertThat(store.get(key)).isEqualTo(bytes);
        try (var files = Files.list(dir.resolve("claims"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(key);
        }
        String other = ClaimStore.keyOf("another".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.get(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("every worker and client must use the same store");
        assertThatThrownBy(() -> store.get("../etc/passwd")).hasMessageContaining("not a claim key");
    }

    @Test
    void aThresholdBelowOneKibibyte_isRefused() {
        assertThatThrownBy(() -> ClaimChecks.dataConverter(ClaimStore.inMemory(), 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thresholdBytes").hasMessageContaining("100");
    }
}
