package dev.devora.orchestration.internal;

import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.TokenListener;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host's effects may stop a run before a step ({@link RunEffects#stopBeforeStep}, as a Temporal workflow does to
 * continue as new): the run unwinds {@code WAITING} with nothing pending, a parallel step whose one branch stopped
 * while the other finished unwinds too (instead of going on without the stopped branch's output), and resuming from
 * the journal ends the run as if it never stopped.
 */
class StopBeforeStepTest {
    static LlmProvider provider(AtomicBoolean stopNext) {
        return ScriptedLlmProvider.builder().otherwise(r -> {
            String path = r.attribute(LlmRequest.STEP_PATH);
            if (path.endsWith("l1")) stopNext.set(true); // the left branch stops before its second step
            return "done " + path;
        }).build();
    }

    static Workflow workflow(LlmProvider p) {
        LlmAgent writer = LlmAgent.builder("writer").role("a writer").provider(p).build();
        return Workflow.builder("stopping")
                .step(Steps.parallel("drafts",
                        Steps.sequence("left", Steps.agent("l1", writer).prompt("one"), Steps.agent("l2", writer).prompt("two")),
                        Steps.agent("right", writer).prompt("three")))
                .step(Steps.agent("summary", writer).prompt("{{l2}} / {{right}}"))
                .build();
    }

    /** The in-process effects, branches on the caller's thread (the second branch first), stopping once when asked. */
    static final class Stopping implements RunEffects {
        final AtomicBoolean stopNext;
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        final LocalEffects local = new LocalEffects(Runnable::run, () -> timer, Clock.systemUTC());

        Stopping(AtomicBoolean stopNext) {
            this.stopNext = stopNext;
        }

        @Override
        public boolean stopBeforeStep() {
            return stopNext.getAndSet(false);
        }

        @Override
        public void fork(Runnable branch) {
            local.fork(branch);
        }

        @Override
        public Future<?> schedule(Duration delay, Runnable action) {
            return local.schedule(delay, action);
        }

        @Override
        public void sleep(Duration delay) throws InterruptedException {
            local.sleep(delay);
        }

        @Override
        public Instant now() {
            return local.now();
        }

        @Override
        public long nanoTime() {
            return local.nanoTime();
        }

        @Override
        public <T> T runLeaf(String path, Supplier<T> leaf) {
            return local.runLeaf(path, leaf);
        }

        @Override
        public void awaitAll(CountDownLatch done) throws InterruptedException {
            local.awaitAll(done);
        }

        @Override
        public LlmResponse callModel(String path, LlmProvider provider, LlmRequest request, TokenListener tokens) {
            return local.callModel(path, provider, request, tokens);
        }
    }

    @Test
    void aBranchStoppedBeforeItsNextStep_unwindsTheParallelStep_andTheResumedRunEndsAsIfNeverStopped() {
        String expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            expected = engine.run(workflow(provider(new AtomicBoolean())), Map.of()).stateJson();
        }

        AtomicBoolean stopNext = new AtomicBoolean();
        Stopping effects = new Stopping(stopNext);
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow definition = workflow(provider(stopNext));
        try (WorkflowEngine host = WorkflowEngine.builder().effects(effects).runStore(store).build()) {
            WorkflowResult stopped = host.run(definition, Map.of(), RunOptions.builder().runId("run-1").build());
            assertThat(stopped.status()).as("stopped before l2, with the right branch done").isEqualTo(RunStatus.WAITING);
            assertThat(host.pending("run-1")).isEmpty();
            assertThat(stopped.outputs()).containsKey("right").doesNotContainKeys("l2", "summary");

            WorkflowResult resumed = host.resume(definition, "run-1");
            assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(resumed.stateJson()).isEqualTo(expected);
        } finally {
            effects.timer.shutdownNow();
        }
        assertThat(store.entries("run-1")).anySatisfy(e -> assertThat(e)
                .isInstanceOfSatisfying(dev.devora.orchestration.journal.JournalEntry.RunSuspended.class,
                        s -> assertThat(s.reason()).isEqualTo("stopped before a step, to go on from there")));
    }
}
