package dev.devora.orchestration.engine;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link WorkflowEngine#close()}: refuses new runs, lets running ones finish, then releases every thread it made. */
class EngineCloseTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    /** An agent that answers at once. */
    private static Agent quick(String name) {
        return Agent.of(name, call -> AgentResult.text(name + " done"));
    }

    /** An agent that waits until the latch opens (bounded, so a broken test cannot hang). */
    private static Agent waiting(CountDownLatch started, CountDownLatch release) {
        return Agent.of("waiting", call -> {
            started.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) return AgentResult.text("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return AgentResult.text("interrupted");
            }
            return AgentResult.text("released");
        });
    }

    /** Threads alive now that were not alive before and are named like the engine's own threads. */
    private static Set<String> engineThreadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && t.getName().startsWith("devora-"))
                .map(Thread::getName).collect(Collectors.toSet());
    }

    private static void awaitNoEngineThreadsSince(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (!engineThreadsStartedSince(before).isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(engineThreadsStartedSince(before)).as("threads of the closed engine still alive").isEmpty();
    }

    private static List<WorkflowRun> startRuns(WorkflowEngine engine, Workflow wf, int n) {
        List<WorkflowRun> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) runs.add(engine.start(wf, Map.of(), WorkflowListener.NONE));
        return runs;
    }

    @Test
    void runsInFlight_finish_withStepTimeoutsAfterClose_whenTheTimerAlreadyExisted() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        int n = 5;
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        Workflow wf = Workflow.builder("close-with-timer")
                .step(Steps.agent("first", quick("first")).prompt("go").timeout(Duration.ofMinutes(1))) // creates the timer
                .step(Steps.agent("wait", waiting(started, release)).prompt("wait"))
                .step(Steps.agent("last", quick("last")).prompt("go").timeout(Duration.ofMinutes(1)))
                .build();
        WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();
        List<WorkflowRun> runs = startRuns(engine, wf, n);
        assertThat(started.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();

        engine.close();
        release.countDown();

        for (WorkflowRun run : runs) {
            WorkflowResult result = run.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
            assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(result.text("last")).isEqualTo("last done");
        }
        awaitNoEngineThreadsSince(before);
    }

    @Test
    void runsInFlight_finish_withStepTimeoutsAfterClose_whenTheTimerDidNotExistYet() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        int n = 3;
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        Workflow wf = Workflow.builder("close-without-timer")
                .step(Steps.agent("wait", waiting(started, release)).prompt("wait"))
                .step(Steps.agent("last", quick("last")).prompt("go").timeout(Duration.ofMinutes(1))) // timer after close
                .build();
        WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();
        List<WorkflowRun> runs = startRuns(engine, wf, n);
        assertThat(started.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();

        engine.close();
        release.countDown();

        for (WorkflowRun run : runs) {
            WorkflowResult result = run.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
            assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        }
        awaitNoEngineThreadsSince(before);
    }

    @Test
    void aRunOnTheCallersThread_finishesAfterClose_andTheEngineThenHoldsNoThread() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Workflow wf = Workflow.builder("blocking")
                .step(Steps.agent("wait", waiting(started, release)).prompt("wait"))
                .step(Steps.parallel("fan", Steps.agent("a", quick("a")).prompt("a").timeout(Duration.ofMinutes(1)),
                        Steps.agent("b", quick("b")).prompt("b").timeout(Duration.ofMinutes(1))))
                .build();
        WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();
        WorkflowResult[] result = new WorkflowResult[1];
        Thread caller = new Thread(() -> result[0] = engine.run(wf, Map.of()), "caller");
        caller.start();
        assertThat(started.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();

        engine.close();
        release.countDown();
        caller.join(GENEROUS.toMillis());

        assertThat(result[0].status()).as(String.valueOf(result[0].failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result[0].text("b")).isEqualTo("b done");
        awaitNoEngineThreadsSince(before);
    }

    @Test
    void aClosedEngine_refusesNewRuns_withAClearException_andCloseIsIdempotent() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Workflow wf = Workflow.builder("after-close")
                .step(Steps.agent("one", quick("one")).prompt("go").timeout(Duration.ofMinutes(1))).build();
        WorkflowEngine engine = WorkflowEngine.builder().build();
        assertThat(engine.run(wf, Map.of()).status()).isEqualTo(RunStatus.SUCCEEDED);

        engine.close();
        engine.close();

        assertThatThrownBy(() -> engine.run(wf, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed").hasMessageContaining("after-close");
        assertThatThrownBy(() -> engine.start(wf, Map.of(), WorkflowListener.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(engine.plan(wf, Map.of()).calls()).hasSize(1); // a plan runs nothing and needs no thread
        awaitNoEngineThreadsSince(before);
    }
}
