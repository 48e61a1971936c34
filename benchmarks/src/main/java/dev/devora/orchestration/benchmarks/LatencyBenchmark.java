package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.internal.DefaultExecutors;
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
import java.util.concurrent.ExecutorService;
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
 * <p>Engine overhead, free of the machine's timer slack: for the sequential shapes every model call is on the
 * critical path and runs on the benchmark thread, so {@code wall time - time spent inside the stub's calls} is
 * exactly what the engine added to the run. Each iteration prints it as a line
 * {@code overhead: <shape> wall <ms>/run, in model calls <ms>/run, outside them <µs>/run (<%> of the critical path)}
 * (for S2 the stub time is the sum over 9 calls, 8 of them concurrent, so that line is not meaningful: compare
 * with {@code plainS2} instead).
 *
 * <p>{@code plainS4} is S4 written by hand and timed the same way: the control that shows how much of the engine's
 * share is the machine running any code cold right after a wait.
 *
 * <p>{@code plainS2} is the hand-written S2 ({@link PlainS2}) on the same executor: the floor of a 8-way
 * fan-out of "20 ms" calls plus one more on this machine, thread wake-ups included. For the sequential shapes
 * (S1, S3, S4) the floor is {@code stubCall} times the calls on the path, since the engine runs them on the caller's
 * thread.
 *
 * <p>The engine uses the executor of {@link DefaultExecutors#branchExecutor} (what an engine builds by default:
 * virtual threads on JDK 21+, a 64-thread pool on JDK 17) and a {@link CountingListener}.
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

    /**
     * Zero-latency runs of every shape made in setup, on an engine with the same executor and a zero-latency stub,
     * so that the engine's code is JIT-compiled as in a long-running service before the timed runs. At 20 ms per
     * call a few seconds of warm-up make only a few hundred runs, not enough for C2: with {@code -p jitWarmupRuns=0}
     * the engine's share of each run is then milliseconds of interpreted and C1 code.
     */
    @Param("20000")
    public int jitWarmupRuns;

    private ExecutorService executor;
    private WorkflowEngine engine;
    private PlainS2 plain;
    private StubProvider stub;
    private StubProvider router;
    private LlmRequest request;
    private Workflow s1, s2, s3, s4;
    private long wallNanos;
    private long runs;
    private long stubNanosAtStart;
    private String shape;

    @Setup
    public void setUp() {
        Duration latency = Duration.ofMillis(latencyMs);
        executor = DefaultExecutors.branchExecutor(64);
        engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).listener(new CountingListener())
                .executor(executor).build();
        stub = StubProvider.withLatency(latency);
        plain = new PlainS2(stub, executor);
        if (jitWarmupRuns > 0) {
            StubProvider instant = StubProvider.instant();
            Workflow[] shapes = {Shapes.s1(instant), Shapes.s2(instant), Shapes.s3(instant),
                    Shapes.s4(Shapes.router(Duration.ZERO), instant)};
            PlainS2 instantPlain = new PlainS2(instant, executor);
            try {
                for (int i = 0; i < jitWarmupRuns; i++) {
                    engine.run(shapes[i & 3], Shapes.INPUT);
                    if ((i & 3) == 1) instantPlain.run();
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        request = LlmRequest.builder().message(LlmMessage.user("ping")).build();
        s1 = Shapes.s1(stub);
        s2 = Shapes.s2(stub);
        s3 = Shapes.s3(stub);
        router = Shapes.router(latency);
        s4 = Shapes.s4(router, stub);
    }

    @Setup(org.openjdk.jmh.annotations.Level.Iteration)
    public void startIteration() {
        wallNanos = 0;
        runs = 0;
        shape = null;
        stubNanosAtStart = stub.nanosInCalls() + router.nanosInCalls();
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
    public void endIteration() {
        if (runs == 0 || shape == null) return;
        double wall = wallNanos / (double) runs;
        double inCalls = (stub.nanosInCalls() + router.nanosInCalls() - stubNanosAtStart) / (double) runs;
        int path = switch (shape) { case "s1" -> Shapes.S1_PATH; case "s2" -> Shapes.S2_PATH; case "s3" -> Shapes.S3_PATH;
            default -> Shapes.S4_PATH; }; // s4, plainS4
        System.out.printf("overhead: %s wall %.3f ms/run, in model calls %.3f ms/run, outside them %.1f µs/run (%.3f%% of the "
                + "%d ms critical path)%n", shape, wall / 1e6, inCalls / 1e6, (wall - inCalls) / 1e3,
                100 * (wall - inCalls) / (path * latencyMs * 1e6), path * latencyMs);
    }

    private WorkflowResult timed(String name, Workflow workflow) {
        long t0 = System.nanoTime();
        WorkflowResult r = engine.run(workflow, Shapes.INPUT);
        wallNanos += System.nanoTime() - t0;
        runs++;
        shape = name;
        return r;
    }

    @TearDown
    public void tearDown() {
        engine.close();
        executor.shutdown();
    }

    @Benchmark
    public LlmResponse stubCall() {
        return stub.complete(request);
    }

    @Benchmark
    public String plainS2() throws InterruptedException {
        return plain.run();
    }

    /**
     * Control for the engine's share: S4 written by hand (render the routing prompt, call the router, match its
     * answer, render and call the chosen option), timed like the shapes, so its {@code overhead:} line shows what
     * the machine charges plain code for running right after a 20 ms wait.
     */
    @Benchmark
    public String plainS4() {
        long t0 = System.nanoTime();
        String topic = (String) Shapes.INPUT.get("topic");
        String answer = router.complete(LlmRequest.builder().message(ROUTER_SYSTEM)
                .message(LlmMessage.user("Which review does " + topic + " need most?" + ROUTE_OPTIONS)).build()).text();
        String chosen = null;
        for (String option : OPTIONS) if (option.equalsIgnoreCase(answer.strip())) chosen = option;
        String out = stub.complete(LlmRequest.builder().message(REVIEWER_SYSTEM)
                .message(LlmMessage.user("Review the " + chosen + " of " + topic + ".")).build()).text();
        wallNanos += System.nanoTime() - t0;
        runs++;
        shape = "plainS4";
        return out;
    }

    private static final LlmMessage ROUTER_SYSTEM = LlmMessage.system("You are the triage lead.\n\nBe concise.");
    private static final LlmMessage REVIEWER_SYSTEM = LlmMessage.system("You are the security engineer.\n\nBe concise.");
    private static final String[] OPTIONS = {"performance", Shapes.S4_CHOICE, "api"};
    private static final String ROUTE_OPTIONS = "\n\nChoose exactly one of these options and answer with its name only:"
            + "\n- performance: latency and throughput review\n- security: threat model and abuse cases"
            + "\n- api: API ergonomics and compatibility";

    @Benchmark
    public WorkflowResult s1() {
        return timed("s1", s1);
    }

    @Benchmark
    public WorkflowResult s2() {
        return timed("s2", s2);
    }

    @Benchmark
    public WorkflowResult s3() {
        return timed("s3", s3);
    }

    @Benchmark
    public WorkflowResult s4() {
        return timed("s4", s4);
    }
}
