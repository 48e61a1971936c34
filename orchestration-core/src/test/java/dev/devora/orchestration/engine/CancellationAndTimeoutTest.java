package dev.devora.orchestration.engine;

import dev.devora.orchestration.RunCancelledException;
import dev.devora.orchestration.RunTimeoutException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.event.WorkflowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CancellationAndTimeoutTest {
    private final ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(16);
    private final WorkflowEngine engine = WorkflowEngine.builder().executor(pool).retryPolicy(RetryPolicy.none()).build();

    @AfterEach
    void close() throws InterruptedException {
        engine.close();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** A finished step, then four slow parallel branches. */
    private static Workflow slowFanOut(ScriptedLlmProvider llm) {
        List<Step> slow = new ArrayList<>();
        for (int i = 0; i < 4; i++) slow.add(Steps.agent("slow" + i, LlmAgent.builder("slow" + i).provider(llm).build()).prompt("wait"));
        return Workflow.builder("slow")
                .step(Steps.agent("quick", LlmAgent.builder("quick").provider(llm).build()).prompt("go"))
                .step(Steps.parallel("fan", slow))
                .build();
    }

    private static ScriptedLlmProvider slowProvider() {
        return ScriptedLlmProvider.builder()
                .latency(r -> Duration.ofMillis("quick".equals(r.attribute("agent")) ? 0 : 10_000)).build();
    }

    /**
     * Runs each shape of this class once (timeout, step timeout, cancel) on a throw-away engine, so that the timings
     * below measure the engine and not a cold JVM loading its classes (which took over a second on a loaded machine).
     */
    @BeforeAll
    static void warmUp() throws Exception {
        ThreadPoolExecutor warmPool = (ThreadPoolExecutor) Executors.newFixedThreadPool(4);
        try (WorkflowEngine warm = WorkflowEngine.builder().executor(warmPool).retryPolicy(RetryPolicy.none()).build()) {
            ScriptedLlmProvider llm = slowProvider();
            warm.run(slowFanOut(llm), Map.of(), RunOptions.builder().timeout(Duration.ofMillis(30)).build());
            warm.run(Workflow.builder("warm-step").step(Steps.parallel("fan",
                    Steps.agent("s", LlmAgent.builder("slow").provider(llm).build()).prompt("w"))
                    .timeout(Duration.ofMillis(30))).build(), Map.of());
            WorkflowRun run = warm.start(slowFanOut(llm), null, RunOptions.NONE, new RecordingWorkflowListener());
            Thread.sleep(30);
            run.cancel();
            run.result().get(10, TimeUnit.SECONDS);
        } finally {
            warmPool.shutdownNow();
        }
    }

    /** Milliseconds between a step's start and its end (completed or failed), from the events' timestamps. */
    private static long stepMillis(RecordingWorkflowListener events, String path) {
        Instant start = null;
        Instant end = null;
        for (WorkflowEvent e : events.events()) {
            if (e instanceof WorkflowEvent.StepStarted s && s.path().equals(path)) start = s.at();
            if (e instanceof WorkflowEvent.StepFailed f && f.path().equals(path)) end = f.at();
            if (e instanceof WorkflowEvent.StepCompleted c && c.path().equals(path)) end = c.at();
        }
        assertThat(start).as("start of " + path).isNotNull();
        assertThat(end).as("end of " + path).isNotNull();
        return Duration.between(start, end).toMillis();
    }

    /** The run's own task completes its future just before returning to the pool: allow it a moment to leave. */
    private void assertNoThreadLeftRunning() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (pool.getActiveCount() > 0 && System.nanoTime() < deadline) Thread.sleep(1);
        assertThat(pool.getActiveCount()).isZero();
    }

    private void awaitInFlight(ScriptedLlmProvider llm, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (llm.inFlight() < n && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(llm.inFlight()).isEqualTo(n);
    }

    @Test
    void cancel_interruptsInFlightCallsWithin100ms_keepsFinishedOutputs_andLeavesNoThreadRunning() throws Exception {
        ScriptedLlmProvider llm = slowProvider();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowRun run = engine.start(slowFanOut(llm), null, RunOptions.NONE, events);
        awaitInFlight(llm, 4);

        long t0 = System.nanoTime();
        run.cancel();
        WorkflowResult result = run.result().get(2, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(ms).isLessThan(100);
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.failure().orElseThrow()).isInstanceOf(RunCancelledException.class);
        assertThat(result.outputs()).containsOnlyKeys("quick");
        assertThat(llm.interruptedCalls()).isEqualTo(4);
        assertThat(llm.inFlight()).isZero();
        assertNoThreadLeftRunning();
        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        events.assertWellFormed();
    }

    @Test
    void runTimeout_stopsRunningBranches_andFailsWithRunTimeoutException() throws Exception {
        ScriptedLlmProvider llm = slowProvider();
        long t0 = System.nanoTime();
        WorkflowResult result = engine.run(slowFanOut(llm), Map.of(),
                RunOptions.builder().timeout(Duration.ofMillis(200)).build());
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(ms).isBetween(150L, 200L + 300); // the timeout, plus a margin for a loaded machine
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).isInstanceOf(RunTimeoutException.class)
                .hasMessage("Run timed out after 200 ms");
        assertThat(result.outputs()).containsOnlyKeys("quick");
        assertThat(llm.inFlight()).isZero();
        assertNoThreadLeftRunning();
    }

    @Test
    void timeoutsBeyondWhatNanosecondsHold_areSimplyVeryLong_andTheRunSucceeds() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().otherwise(r -> "done").build();
        Duration forever = Duration.ofDays(365L * 1_000); // 1,000 years: Duration.toNanos() overflows
        Workflow wf = Workflow.builder("long").step(Steps.agent("only", LlmAgent.builder("a").provider(llm).build())
                .prompt("go").timeout(forever)).build();

        WorkflowResult result = engine.run(wf, Map.of(), RunOptions.builder().timeout(forever).build());

        assertThat(result.failure()).isEmpty();
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.outputs()).containsOnlyKeys("only");
    }

    @Test
    void stepTimeout_interruptsTheStepsCall_andNamesTheStep() {
        ScriptedLlmProvider llm = slowProvider();
        Workflow wf = Workflow.builder("step-timeout")
                .step(Steps.agent("quick", LlmAgent.builder("quick").provider(llm).build()).prompt("go"))
                .step(Steps.agent("stuck", LlmAgent.builder("slow").provider(llm).build()).prompt("wait")
                        .timeout(Duration.ofMillis(100)))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = engine.run(wf, null, RunOptions.NONE, events);

        assertThat(stepMillis(events, "stuck")).isLessThan(100 + 100); // the call is interrupted within 100 ms
        assertThat(result.failure().orElseThrow()).isInstanceOf(RunTimeoutException.class)
                .hasMessage("Step 'stuck' timed out after 100 ms");
        assertThat(((RunTimeoutException) result.failure().orElseThrow()).scope()).isEqualTo("stuck");
        // the stuck call was interrupted (on a loaded machine the timer may even fire before it starts)
        assertThat(llm.interruptedCalls()).isEqualTo(llm.callCount() - 1);
        assertThat(llm.inFlight()).isZero();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void parallelStepTimeout_cancelsAllItsBranches() {
        ScriptedLlmProvider llm = slowProvider();
        List<Step> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) slow.add(Steps.agent("s" + i, LlmAgent.builder("slow" + i).provider(llm).build()).prompt("w"));
        Workflow wf = Workflow.builder("pt").step(Steps.parallel("fan", slow).timeout(Duration.ofMillis(300))).build();

        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = engine.run(wf, null, RunOptions.NONE, events);

        assertThat(result.failure().orElseThrow()).hasMessage("Step 'fan' timed out after 300 ms");
        assertThat(stepMillis(events, "fan")).isLessThan(300 + 300);
        // every branch call that had started was interrupted; a branch not yet started is never called
        assertThat(llm.callCount()).isPositive();
        assertThat(llm.interruptedCalls()).isEqualTo(llm.callCount());
        assertThat(llm.inFlight()).isZero();
    }

    @Test
    void pause_letsRunningStepsFinish_butStartsNoNewStep_untilResume() throws Exception {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().latency(Duration.ofMillis(100)).build();
        LlmAgent a = LlmAgent.builder("a").provider(llm).build();
        Workflow wf = Workflow.builder("pausable")
                .step(Steps.agent("one", a).prompt("1"))
                .step(Steps.agent("two", a).prompt("2"))
                .build();
        WorkflowRun run = engine.start(wf, null, RunOptions.NONE, e -> { });
        awaitInFlight(llm, 1);
        run.pause();
        assertThat(run.status()).isEqualTo(RunStatus.PAUSED);
        Thread.sleep(300);

        assertThat(llm.callCount()).isEqualTo(1);
        assertThat(run.result()).isNotDone();
        run.resume();
        WorkflowResult result = run.result().get(2, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.callCount()).isEqualTo(2);
    }

    @Test
    void cancellingAPausedRun_endsIt() throws Exception {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().latency(Duration.ofMillis(50)).build();
        LlmAgent a = LlmAgent.builder("a").provider(llm).build();
        Workflow wf = Workflow.builder("p").step(Steps.agent("one", a).prompt("1")).step(Steps.agent("two", a).prompt("2")).build();
        WorkflowRun run = engine.start(wf, null, RunOptions.NONE, e -> { });
        run.pause();
        Thread.sleep(150);
        run.cancel();
        assertThat(run.result().get(2, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void blockingRun_onTheCallersThread_leavesItUninterrupted() {
        ScriptedLlmProvider llm = slowProvider();
        ExecutorService unused = Executors.newSingleThreadExecutor();
        unused.shutdown();
        engine.run(slowFanOut(llm), Map.of(), RunOptions.builder().timeout(Duration.ofMillis(50)).build());
        assertThat(Thread.interrupted()).isFalse();
    }
}
