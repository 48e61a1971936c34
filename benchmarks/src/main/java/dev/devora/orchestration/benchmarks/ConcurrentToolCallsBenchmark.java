package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.internal.DefaultExecutors;
import dev.devora.orchestration.workflow.Workflow;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code runs} concurrent runs (default 100), each one agent step ({@link ToolShapes#toolStep}) whose model (in
 * memory, zero latency) answers once with {@code calls} (8) calls of a tool that sleeps {@code toolMs} (20 ms),
 * then with a final text: the wall time from starting the first run to the end of the last. The critical path is
 * {@code toolMs}: a run's 8 calls may run at once (the engine hands all but the first to its executor), and so may
 * the runs.
 *
 * <p>{@code executor}: {@code default} is the engine's own executor, i.e. virtual threads on JDK 21+ and on JDK 17 a
 * pool of {@code threads} platform threads ({@code WorkflowEngine.Builder.maxPlatformThreads}, default 64), which the
 * runs themselves share with their tool calls; {@code virtual} injects a virtual-thread-per-task executor (JDK 21+
 * only; on 17 the trial fails with a message saying so). The tool's {@link ToolGauge} reports, per batch, the most
 * tool calls that were sleeping at once ({@code peakConcurrentCalls}: 800 when every call of every run overlaps,
 * at most the pool size when the pool is the limit) and the calls made ({@code toolCalls}, {@code runs × calls});
 * both are also printed ({@code tools:} lines). JMH reports these EVENTS counters as the <em>sum</em> over the
 * measured iterations: divide by the iteration count.
 *
 * <p>{@code plain} is the same batch written by hand ({@link PlainToolRun}: the same model and tool, the same
 * claiming of calls, no engine) on an executor of the same kind (the injected one, or a fresh
 * {@code DefaultExecutors.branchExecutor(threads)}): what the machine needs for 100 × 8 sleeping calls, against
 * which {@code batch} shows the engine's share.
 *
 * <p>Before timing, {@code jitWarmupRuns} (5,000) runs of the same step with a zero-latency tool, by the engine and
 * by the baseline, compile both paths ({@code -p jitWarmupRuns=0} to time them cold).
 *
 * <p>Single-shot: each iteration is one batch, after ended runs are purged and a full GC. Every run's status must be
 * SUCCEEDED and every call must have run, or the iteration fails.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ConcurrentToolCallsBenchmark -f 1 -wi 3 -i 10
 * ... ConcurrentToolCallsBenchmark -p threads=64,800           # JDK 17: the pool as the limit, and not
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar ... ConcurrentToolCallsBenchmark -p executor=default,virtual
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class ConcurrentToolCallsBenchmark {
    /** Runs started at once. */
    @Param("100")
    public int runs;

    /** Tool calls in the model's one tool round. */
    @Param("8")
    public int calls;

    /** How long each tool call sleeps. */
    @Param("20")
    public int toolMs;

    /** {@code default} (the engine's own executor) or {@code virtual} (injected; JDK 21+). */
    @Param("default")
    public String executor;

    /** Size of the engine's default pool on JDK 17 (ignored with virtual threads). */
    @Param("64")
    public int threads;

    /** Runs of the same step with a zero-latency tool, engine and plain, before timing: JIT warm-up (0 skips). */
    @Param("5000")
    public int jitWarmupRuns;

    ExecutorService injected;
    ExecutorService plainExecutor;
    PlainToolRun plain;
    WorkflowEngine engine;
    CountingListener listener;
    ToolGauge gauge;
    Workflow workflow;

    /** The tool calls of the measured batch, reported next to its time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Calls {
        public double peakConcurrentCalls;
        public double toolCalls;

        /** Clears the counters before each batch. */
        @Setup(Level.Iteration)
        public void reset() {
            peakConcurrentCalls = 0;
            toolCalls = 0;
        }

        void record(ToolGauge gauge, long wallNanos) {
            peakConcurrentCalls = gauge.peak();
            toolCalls = gauge.calls();
            System.out.printf("tools: %d calls, at most %d at once, batch %.1f ms%n", gauge.calls(), gauge.peak(),
                    wallNanos / 1e6);
        }
    }

    /** Builds the engine (default or injected executor), the model, the sleeping tool and the baseline; warms the JIT. */
    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        listener = new CountingListener();
        WorkflowEngine.Builder b = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).maxPlatformThreads(threads);
        switch (executor) {
            case "default":
                break;
            case "virtual":
                if (!DefaultExecutors.virtualThreadsAvailable()) {
                    throw new IllegalStateException("executor=virtual needs JDK 21+, this is "
                            + System.getProperty("java.version"));
                }
                injected = DefaultExecutors.branchExecutor(threads);
                b.executor(injected);
                break;
            default:
                throw new IllegalArgumentException("executor must be default or virtual, was " + executor);
        }
        engine = b.build();
        gauge = new ToolGauge();
        ScriptedToolProvider model = new ScriptedToolProvider(1, calls, ToolShapes.TOOL);
        dev.devora.orchestration.tool.Tool tool = ToolShapes.lookup(Duration.ofMillis(toolMs), gauge);
        workflow = ToolShapes.toolStep(model, tool);
        plainExecutor = injected != null ? injected : DefaultExecutors.branchExecutor(threads);
        plain = new PlainToolRun(model, tool, plainExecutor);
        warmUp(model);
    }

    /** Compiles the engine's and the baseline's tool path, so that 13 batches of 100 do not time the JIT. */
    private void warmUp(ScriptedToolProvider model) throws InterruptedException {
        dev.devora.orchestration.tool.Tool instant = ToolShapes.lookup(Duration.ZERO, null);
        Workflow hot = ToolShapes.toolStep(model, instant);
        PlainToolRun hotPlain = new PlainToolRun(model, instant, plainExecutor);
        for (int i = 0; i < jitWarmupRuns; i++) {
            if (engine.run(hot, Shapes.INPUT).status() != RunStatus.SUCCEEDED) {
                throw new IllegalStateException("a warm-up run did not succeed");
            }
            hotPlain.run();
        }
    }

    /** Each batch starts from a collected heap and an empty journal. */
    @Setup(Level.Iteration)
    public void collect() throws InterruptedException {
        engine.runStore().purge(Instant.MAX);
        gauge.reset();
        System.gc();
        Thread.sleep(100);
    }

    /** Closes the engine and the baseline's executor. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        engine.close();
        plainExecutor.shutdown();
        plainExecutor.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** {@code runs} engine runs started at once; returns when the last has ended. */
    @Benchmark
    public int batch(Calls measured) throws InterruptedException {
        long t0 = System.nanoTime();
        CountDownLatch done = new CountDownLatch(runs);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < runs; i++) {
            engine.start(workflow, Shapes.INPUT, listener).result().whenComplete((r, e) -> {
                if (e != null || r.status() != RunStatus.SUCCEEDED) failed.incrementAndGet();
                done.countDown();
            });
        }
        done.await();
        return checked(measured, t0, failed);
    }

    /** The same batch written by hand ({@link PlainToolRun}) on the same kind of executor: the machine's floor. */
    @Benchmark
    public int plain(Calls measured) throws InterruptedException {
        long t0 = System.nanoTime();
        CountDownLatch done = new CountDownLatch(runs);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < runs; i++) {
            plain.start().whenComplete((text, e) -> {
                if (e != null || !ScriptedToolProvider.FINAL_TEXT.equals(text)) failed.incrementAndGet();
                done.countDown();
            });
        }
        done.await();
        return checked(measured, t0, failed);
    }

    private int checked(Calls measured, long t0, AtomicInteger failed) {
        measured.record(gauge, System.nanoTime() - t0);
        if (failed.get() > 0) throw new IllegalStateException(failed + " of " + runs + " runs did not succeed");
        if (gauge.calls() != (long) runs * calls) {
            throw new IllegalStateException(gauge.calls() + " tool calls ran, expected " + runs + " × " + calls);
        }
        return runs;
    }
}
