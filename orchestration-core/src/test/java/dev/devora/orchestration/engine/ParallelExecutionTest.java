package dev.devora.orchestration.engine;

import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelExecutionTest {
    private final WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();

    @AfterEach
    void close() {
        engine.close();
    }

    private static LlmAgent agent(String name, ScriptedLlmProvider llm) {
        return LlmAgent.builder(name).role(name).provider(llm).build();
    }

    private static Workflow fanOut(ScriptedLlmProvider llm, int branches) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < branches; i++) steps.add(Steps.agent("b" + i, agent("a" + i, llm)).prompt("work " + i));
        return Workflow.builder("fan-out").step(Steps.parallel("all", steps)).build();
    }

    @Test
    void eightBranchesOf300ms_finishInUnderTwiceTheLatency() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().latency(Duration.ofMillis(300)).build();
        Workflow wf = fanOut(llm, 8);
        engine.run(wf, Map.of()); // warm-up: class loading must not count
        long t0 = System.nanoTime();
        WorkflowResult result = engine.run(wf, Map.of());
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ms).isLessThan(600);
        assertThat(llm.maxConcurrentCalls()).isEqualTo(8);
    }

    @Test
    void parallelOutput_mergesInDeclarationOrder_whateverTheCompletionOrder() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .latency(r -> Duration.ofMillis(r.attribute("agent").equals("a0") ? 120 : 5))
                .build();
        WorkflowResult result = engine.run(fanOut(llm, 4), Map.of());

        assertThat(result.output("all").orElseThrow().json().fieldNames())
                .toIterable().containsExactly("b0", "b1", "b2", "b3");
    }

    @Test
    void failFast_cancelsRunningSiblings_andInterruptsTheirCalls() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("a0").failAlways(ProviderErrorKind.INVALID_REQUEST)
                .latency(r -> Duration.ofMillis(r.attribute("agent").equals("a0") ? 50 : 5_000))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        long t0 = System.nanoTime();
        WorkflowResult result = engine.run(fanOut(llm, 4), null, RunOptions.NONE, events);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).isInstanceOf(StepFailedException.class)
                .hasMessageContaining("all/b0");
        assertThat(ms).isLessThan(2_000);
        // every sibling call that had started was interrupted; one not yet started was never made
        assertThat(llm.interruptedCalls()).isEqualTo(llm.callCount() - 1);
        assertThat(llm.inFlight()).isZero();
        events.assertWellFormed();
    }

    @Test
    void collectMode_letsEveryBranchFinish_andKeepsTheirOutputs() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("a1").failAlways(ProviderErrorKind.INVALID_REQUEST)
                .latency(Duration.ofMillis(20))
                .build();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 3; i++) steps.add(Steps.agent("b" + i, agent("a" + i, llm)).prompt("work " + i));
        Workflow wf = Workflow.builder("collect").step(Steps.parallel("all", steps).collectFailures()).build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.outputs()).containsKeys("b0", "b2").doesNotContainKey("b1");
        assertThat(llm.interruptedCalls()).isZero();
    }

    @Test
    void nestedParallelSteps_onASingleThreadPool_stillComplete() {
        java.util.concurrent.ExecutorService single = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (WorkflowEngine tiny = WorkflowEngine.builder().executor(single).build()) {
            ScriptedLlmProvider llm = ScriptedLlmProvider.builder().latency(Duration.ofMillis(5)).build();
            Workflow wf = Workflow.builder("nested").step(Steps.parallel("outer",
                    Steps.parallel("left", Steps.agent("l1", agent("x1", llm)).prompt("1"),
                            Steps.agent("l2", agent("x2", llm)).prompt("2")),
                    Steps.parallel("right", Steps.agent("r1", agent("x3", llm)).prompt("3"),
                            Steps.agent("r2", agent("x4", llm)).prompt("4")))).build();

            WorkflowResult result = tiny.run(wf, Map.of());

            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(result.outputs()).containsKeys("l1", "l2", "r1", "r2", "left", "right", "outer");
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void eventsOfAParallelRun_areWellFormed() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().latency(Duration.ofMillis(10)).build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        engine.run(fanOut(llm, 5), null, RunOptions.NONE, events);

        events.assertWellFormed();
        assertThat(events.ofType(WorkflowEvent.LlmCallCompleted.class)).hasSize(5);
    }
}
