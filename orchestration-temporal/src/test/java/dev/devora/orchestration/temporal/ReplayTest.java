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

    static Workflow draftAndCount(LlmProvider p, dev.devora.orchestration.workflow.Task count) {
        return Workflow.builder("draft-and-count")
                .step(Steps.agent("draft", ConformanceTest.agent("writer", p)).prompt("Write about {{input.topic}}."))
                .step(Steps.task("count", "counts the draft's words", count))
                .step(Steps.agent("report", ConformanceTest.agent("reporter", p)).prompt("{{count.words}} words"))
                .build();
    }

    @Test
    void aHistoryFromBeforeTasksRanAsActivities_replaysWithTheTaskInTheWorkflow_guardedByGetVersion() throws Exception {
        // recorded by the interpreter of commit c7f4e93, which ran a task step in the workflow: its history has the two
        // model calls as activities and nothing for the task. Replaying it now takes the DEFAULT_VERSION branch of
        // TemporalEffects' Workflow.getVersion guard; without the guard it schedules a task activity the history
        // does not have (a non-determinism error)
        Path recorded = Path.of("src", "test", "resources", "histories", "draft-and-count-inline-task.json");
        WorkflowExecutionHistory old = WorkflowExecutionHistory.fromJson(Files.readString(recorded));
        java.util.concurrent.atomic.AtomicInteger counted = new java.util.concurrent.atomic.AtomicInteger();
        LlmProvider never = unused();
        replay(old, draftAndCount(never, ctx -> {
            counted.incrementAndGet();
            return java.util.Map.of("words", ctx.text("draft").split("\\s+").length);
        }), never);
        assertThat(counted).as("the task ran in the workflow, as it did then").hasValue(1);

        WorkflowExecutionHistory now = record(p -> draftAndCount(p, ctx -> java.util.Map.of("words", 4)));
        assertThat(now.getEvents()).anySatisfy(e -> assertThat(e.getMarkerRecordedEventAttributes().getMarkerName())
                .isEqualTo("Version"));
        replay(now, draftAndCount(never, ctx -> {
            throw new AssertionError("a replay ran the task again");
        }), never);
    }
}
