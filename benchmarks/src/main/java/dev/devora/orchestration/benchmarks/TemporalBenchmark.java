package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.temporal.TemporalRuns;
import dev.devora.orchestration.temporal.TemporalWorkers;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What a run of each shape ({@link Shapes}) costs on Temporal against the in-JVM engine, at zero model latency and
 * in the same JVM: {@code temporalS1…S4} start the run on Temporal's in-process test service (one worker with the
 * four definitions, the stub provider answering the model-call activities) and wait for its {@code stateJson()};
 * {@code jvmS1…S4} run it on a {@code WorkflowEngine} and take its {@code stateJson()}. The difference is what the
 * durable engine adds per run: a workflow task per step boundary, an activity (schedule, start, complete: gRPC
 * round trips and history events) per model call, payload serialisation. The in-process service is not a real
 * cluster (no persistence, no network): a real one adds its database writes and network latency on top.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TemporalBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TemporalBenchmark {
    static final String QUEUE = "devora-benchmark";

    TestWorkflowEnvironment env;
    TemporalRuns runs;
    WorkflowEngine engine;
    Workflow s1, s2, s3, s4;

    @Setup
    public void setUp() {
        StubProvider stub = StubProvider.instant();
        LlmProvider router = router(java.time.Duration.ZERO);
        s1 = Shapes.s1(stub);
        s2 = Shapes.s2(stub);
        s3 = Shapes.s3(stub);
        s4 = Shapes.s4(router, stub);
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(s1).workflow(s2).workflow(s3).workflow(s4).provider(stub).provider(router)
                .build().registerOn(worker);
        env.start();
        runs = TemporalRuns.of(env.getWorkflowClient(), QUEUE);
        engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();
    }

    /**
     * S4's router under its own name: a worker finds a call's provider by name, and the router's stub answers
     * otherwise than the reviewers' one.
     */
    static LlmProvider router(java.time.Duration latency) {
        StubProvider stub = Shapes.router(latency);
        return new LlmProvider() {
            @Override
            public String name() {
                return "stub-router";
            }

            @Override
            public LlmResponse complete(LlmRequest request) {
                return stub.complete(request);
            }
        };
    }

    @TearDown
    public void tearDown() {
        engine.close();
        env.close();
    }

    @Benchmark
    public String temporalS1() {
        return runs.start(s1, Shapes.INPUT).stateJson();
    }

    @Benchmark
    public String temporalS2() {
        return runs.start(s2, Shapes.INPUT).stateJson();
    }

    @Benchmark
    public String temporalS3() {
        return runs.start(s3, Shapes.INPUT).stateJson();
    }

    @Benchmark
    public String temporalS4() {
        return runs.start(s4, Shapes.INPUT).stateJson();
    }

    @Benchmark
    public String jvmS1() {
        return engine.run(s1, Shapes.INPUT).stateJson();
    }

    @Benchmark
    public String jvmS2() {
        return engine.run(s2, Shapes.INPUT).stateJson();
    }

    @Benchmark
    public String jvmS3() {
        return engine.run(s3, Shapes.INPUT).stateJson();
    }

    @Benchmark
    public String jvmS4() {
        return engine.run(s4, Shapes.INPUT).stateJson();
    }
}
