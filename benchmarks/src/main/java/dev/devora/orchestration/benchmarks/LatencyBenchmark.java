package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.workflow.Workflow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Wall time of one run of each shape when every model call takes {@code latencyMs} (default 20 ms), in ms per run,
 * to compare with the shape's critical path: S1 10 calls = 200 ms, S2 2 calls = 40 ms (8 in parallel, then 1),
 * S3 6 calls = 120 ms, S4 2 calls = 40 ms. The target is every shape within 1% of its critical path.
 *
 * <p>{@code stubCall} is one bare stub call on the benchmark thread: the floor of one "20 ms" call on this machine
 * (timer slack of {@code parkNanos}), so that a shape's excess over its critical path can be split into sleep
 * overshoot ({@code calls on the path × (stubCall - 20 ms)}) and engine overhead.
 *
 * <p>The engine uses its default executor (virtual threads on JDK 21+, a 64-thread pool on JDK 17) and a
 * {@link CountingListener}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LatencyBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LatencyBenchmark {
    @Param("20")
    public int latencyMs;

    private WorkflowEngine engine;
    private StubProvider stub;
    private LlmRequest request;
    private Workflow s1, s2, s3, s4;

    @Setup
    public void setUp() {
        Duration latency = Duration.ofMillis(latencyMs);
        engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).listener(new CountingListener()).build();
        stub = StubProvider.withLatency(latency);
        request = LlmRequest.builder().message(LlmMessage.user("ping")).build();
        s1 = Shapes.s1(stub);
        s2 = Shapes.s2(stub);
        s3 = Shapes.s3(stub);
        s4 = Shapes.s4(Shapes.router(latency), stub);
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public LlmResponse stubCall() {
        return stub.complete(request);
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
    public WorkflowResult s3() {
        return engine.run(s3, Shapes.INPUT);
    }

    @Benchmark
    public WorkflowResult s4() {
        return engine.run(s4, Shapes.INPUT);
    }
}
