package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.workflow.Workflow;
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
 * The engine's own cost per run of each shape ({@link Shapes}) at zero model latency: average time per
 * {@code engine.run(...)} in µs, and, with {@code -prof gc}, bytes allocated per run ({@code gc.alloc.rate.norm}).
 *
 * <p>Each run is a real one: input conversion and validation, a fresh run id, template rendering, one
 * {@code LlmRequest} per call built by the agent and tagged by the engine, accounting of the stub's usage and cost,
 * progress, every event delivered to a {@link CountingListener}, and the {@code WorkflowResult} with metrics and
 * deliverables. The engine uses its default executor (virtual threads on JDK 21+, a 64-thread pool on JDK 17) and
 * no retries; it is built once per trial.
 *
 * <p>{@code s2CallerRuns} is S2 on an engine whose executor runs each submitted branch at once on the submitting
 * thread ({@code Runnable::run}): the difference to {@code s2} is what handing 7 branches to the executor costs
 * when a model call takes no time (thread start/unpark, latch wake-up, cross-thread cache traffic).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EngineBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
    private WorkflowEngine engine;
    private WorkflowEngine callerRuns;
    private CountingListener listener;
    private Workflow s1, s2, s3, s4;

    @Setup
    public void setUp() {
        listener = new CountingListener();
        engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).listener(listener).build();
        callerRuns = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).listener(listener)
                .executor(Runnable::run).build();
        StubProvider stub = StubProvider.instant();
        s1 = Shapes.s1(stub);
        s2 = Shapes.s2(stub);
        s3 = Shapes.s3(stub);
        s4 = Shapes.s4(Shapes.router(java.time.Duration.ZERO), stub);
    }

    @TearDown
    public void tearDown() {
        engine.close();
        callerRuns.close();
    }

    @Benchmark
    public WorkflowResult s1() {
        return engine.run(s1, Shapes.INPUT);
    }

    @Benchmark
    public WorkflowResult s2() {
        return engine.run(s2, Shapes.INPUT);
    }

    @Benchmark
    public WorkflowResult s2CallerRuns() {
        return callerRuns.run(s2, Shapes.INPUT);
    }

    @Benchmark
    public WorkflowResult s3() {
        return engine.run(s3, Shapes.INPUT);
    }

    @Benchmark
    public WorkflowResult s4() {
        return engine.run(s4, Shapes.INPUT);
    }
}
