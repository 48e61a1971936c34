package dev.devora.orchestration.temporal;

import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The interpreter is deterministic workflow code: a recorded history replays on a fresh worker with the same
 * definitions (no model called), a history recorded by an earlier version of the interpreter still replays, and a
 * definition changed under a run is caught as non-determinism instead of silently diverging.
 */
class ReplayTest {
    static final String QUEUE = "devora-replay";

    /** Runs a shape on Temporal and returns its history. */
    static WorkflowExecutionHistory record(Function<LlmProvider, Workflow> shape) {
        LlmProvider llm = ConformanceTest.scripted();
        Workflow definition = shape.apply(llm);
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(QUEUE);
            TemporalWorkers.builder().workflow(definition).provider(llm).build().registerOn(worker);
            env.start();
            TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT);
            run.stateJson();
            return env.getWorkflowClient().fetchHistory(run.id());
        }
    }

    /** Replays a history on a fresh worker that has {@code definition}, with a provider that must not be called. */
    static void replay(WorkflowExecutionHistory history, Workflow definition, LlmProvider provider) throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(QUEUE);
            TemporalWorkers.builder().workflow(definition).provider(provider).build().registerOn(worker);
            WorkflowReplayer.replayWorkflowExecution(history, worker);
        }
    }

    static LlmProvider unused() {
        return dev.devora.orchestration.testing.ScriptedLlmProvider.builder().name("scripted")
                .otherwise(r -> {
                    throw new AssertionError("a replay called the model");
                }).build();
    }

    @Test
    void everyShape_replaysOnAFreshWorker_withoutCallingTheModel() throws Exception {
        for (Function<LlmProvider, Workflow> shape : java.util.List.<Function<LlmProvider, Workflow>>of(
                ConformanceTest::sequence, ConformanceTest::parallel, ConformanceTest::loop, ConformanceTest::route)) {
            WorkflowExecutionHistory history = record(shape);
            LlmProvider never = unused();
            replay(history, shape.apply(never), never);
        }
    }

    @Test
    void aHistoryRecordedByThisVersionOfTheInterpreter_stillReplays() throws Exception {
        // recorded from ConformanceTest.parallel (3 branches as workflow threads, then the aggregator)
        Path recorded = Path.of("src", "test", "resources", "histories", "s2-parallel.json");
        if (Boolean.getBoolean("devora.recordHistories")) { // -Ddevora.recordHistories=true records it again
            Files.createDirectories(recorded.getParent());
            Files.writeString(recorded, record(ConformanceTest::parallel).toJson(true));
        }
        assertThat(recorded).as("the recorded history (record it with -Ddevora.recordHistories=true)").exists();
        WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(recorded));
        LlmProvider never = unused();
        replay(history, ConformanceTest.parallel(never), never);
    }

    @Test
    void aDefinitionChangedUnderARun_isCaughtAsNonDeterminism() throws Exception {
        WorkflowExecutionHistory history = record(ConformanceTest::sequence);
        LlmProvider never = unused();
        Workflow longer = ConformanceTest.sequence(never).toBuilder()
                .step(Steps.agent("a4", ConformanceTest.agent("writer-4", never)).prompt("Improve:\n{{a3}}")).build();
        assertThatThrownBy(() -> replay(history, longer, never))
                .hasMessageContaining(NonDeterministicException.class.getName())
                .hasMessageContaining("does not match command type COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK");
    }
}
