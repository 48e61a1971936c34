package dev.devora.orchestration.temporal;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that keeps no workflow in its cache rebuilds the run from its history at every workflow task, as a
 * worker that replaced a crashed one does between two model calls: no model call that completed is made again, and
 * the run ends with the same state as on the in-JVM engine.
 */
class WorkerRestartTest {
    static final String QUEUE = "devora-restart";

    /** Counts the calls it answers, like the scripted provider. */
    static final class Counting implements LlmProvider {
        final LlmProvider delegate = ConformanceTest.scripted();
        final AtomicInteger completed = new AtomicInteger();

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            LlmResponse r = delegate.complete(request);
            completed.incrementAndGet();
            return r;
        }
    }

    @Test
    void aWorkerThatRebuildsTheRunAtEveryStep_makesEachModelCallOnce_andEndsAsInTheJvm() throws Exception {
        for (java.util.function.Function<LlmProvider, Workflow> shape : java.util.List.<java.util.function.Function<LlmProvider, Workflow>>of(
                ConformanceTest::sequence, ConformanceTest::parallel, ConformanceTest::loop)) {
            Counting local = new Counting();
            String expected;
            try (WorkflowEngine engine = WorkflowEngine.create()) {
                expected = engine.run(shape.apply(local), ConformanceTest.INPUT).stateJson();
            }
            Counting remote = new Counting();
            Workflow definition = shape.apply(remote);
            TestEnvironmentOptions noCache = TestEnvironmentOptions.newBuilder()
                    .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build()).build();
            try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(noCache)) {
                Worker worker = env.newWorker(QUEUE);
                TemporalWorkers.builder().workflow(definition).provider(remote).build().registerOn(worker);
                env.start();
                String state = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT).stateJson();
                assertThat(state).isEqualTo(expected);
            }
            assertThat(remote.completed.get()).as("each model call made once, however often the run was rebuilt")
                    .isEqualTo(local.completed.get());
        }
    }
}
