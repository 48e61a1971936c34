package dev.devora.orchestration.temporal;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that goes away mid-run (shut down while its second model call is under way: it finishes that call, then
 * stops): its replacement replays the history, so no model call that completed on the first worker is made again,
 * and the run ends with the same state as if nothing had happened.
 */
class WorkerRestartTest {
    static final String QUEUE = "devora-restart";

    /** Answers like the scripted provider; the {@code blockAt}-th call (1-based) waits until {@link #release}. */
    static final class Counting implements LlmProvider {
        final LlmProvider delegate = ConformanceTest.scripted();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger completed = new AtomicInteger();
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final int blockAt;

        Counting(int blockAt) {
            this.blockAt = blockAt;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            if (started.incrementAndGet() == blockAt) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("the worker stopped", e);
                }
            }
            LlmResponse r = delegate.complete(request);
            completed.incrementAndGet();
            return r;
        }
    }

    @Test
    void aReplacementWorker_doesNotRepeatTheCompletedModelCall_andTheResultIsTheSame() throws Exception {
        String expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            expected = engine.run(ConformanceTest.sequence(ConformanceTest.scripted()), ConformanceTest.INPUT).stateJson();
        }
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Counting first = new Counting(2);
            WorkerFactory a = WorkerFactory.newInstance(env.getWorkflowClient());
            Workflow onA = ConformanceTest.sequence(first);
            TemporalWorkers.builder().workflow(onA).provider(first).build().registerOn(a.newWorker(QUEUE));
            a.start();
            TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(onA, ConformanceTest.INPUT);
            assertThat(first.blocked.await(30, TimeUnit.SECONDS)).as("the second call reached the first worker").isTrue();
            a.shutdown(); // it polls no more; the call under way finishes
            first.release.countDown();
            a.awaitTermination(30, TimeUnit.SECONDS);
            assertThat(a.isTerminated()).as("the first worker stopped").isTrue();
            assertThat(first.completed.get()).as("the first worker completed two calls").isEqualTo(2);

            Counting second = new Counting(0);
            WorkerFactory b = WorkerFactory.newInstance(env.getWorkflowClient());
            Workflow onB = ConformanceTest.sequence(second);
            TemporalWorkers.builder().workflow(onB).provider(second).build().registerOn(b.newWorker(QUEUE));
            b.start();
            try {
                assertThat(run.stateJson()).isEqualTo(expected);
            } finally {
                b.shutdownNow();
            }
            assertThat(second.completed.get()).as("the replacement made the one call left, none of the first two again")
                    .isEqualTo(1);
        }
    }
}
