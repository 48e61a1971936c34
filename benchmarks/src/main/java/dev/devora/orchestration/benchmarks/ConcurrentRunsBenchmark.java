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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code runs} concurrent S2 runs (8 parallel reviewers then an aggregator, {@code latencyMs} per call, default
 * 20 ms): the wall time from starting the first run to the end of the last one, against a plain-Java baseline of
 * the same shape ({@link PlainS2}: direct stub calls submitted to the same executor), measured in the same JVM and
 * run. Targets: engine ≤ 1.2× the baseline at 500 runs, ≤ 1.5× at 10,000, heap under 1 GiB (the fork runs with
 * {@code -Xmx1g}, so finishing at all shows it fits).
 *
 * <p>{@code engine} starts every run with {@code engine.start(s2, input, listener)} and waits until every result
 * future has completed (a latch counted down by each future, so a finished run's result is not kept alive by the
 * benchmark; every status must be SUCCEEDED); {@code plain} starts every baseline run and waits the same way. Both use the executor of
 * {@link DefaultExecutors#branchExecutor} (virtual thread per task on JDK 21+; on JDK 17 a 64-thread pool, on
 * which these numbers mean little: run this on JDK 21+).
 *
 * <p>{@code listen=false} runs the engine without a listener (no event is built), to show what events cost.
 * {@code store} is where the engine journals its runs: {@code memory} (the default store), {@code sqlite} or
 * {@code postgresql} ({@link StoreFixture}); ended runs are purged between batches, untimed.
 *
 * <p>Single-shot: each iteration is one batch of {@code runs}, after a full GC. Heap is watched during each batch by
 * {@link HeapWatch}: {@code peakHeapMiB} (max sampled heap used, every 1 ms) and {@code peakAfterGcMiB} (max heap
 * used right after a collection during the batch, ≈ peak live data; 0 when no collection ran), {@code gcCount}.
 * They are printed for every iteration ({@code heap: ...} lines) and reported as JMH secondary results; note that
 * JMH reports these EVENTS counters as the <em>sum</em> over the measured iterations, so divide by the iteration
 * count for the mean per batch.
 *
 * <pre>
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar benchmarks/target/benchmarks.jar ConcurrentRunsBenchmark -f 1 -wi 3 -i 10
 * # the journal's cost: 500 runs on each store, in one run
 * ... ConcurrentRunsBenchmark.engine -p runs=500 -p store=memory,sqlite,postgresql -f 1 -wi 2 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class ConcurrentRunsBenchmark {
    @Param({"500", "10000"})
    public int runs;

    @Param("20")
    public int latencyMs;

    /** Whether the engine's runs have a listener (every event built and delivered) or none. */
    @Param("true")
    public boolean listen;

    /** Where the engine journals: {@code memory}, {@code sqlite} or {@code postgresql}. */
    @Param("memory")
    public String store;

    private StoreFixture stores;

    private ExecutorService executor;
    private WorkflowEngine engine;
    private CountingListener listener;
    private Workflow s2;
    private PlainS2 plain;

    /** Heap of the measured batch, reported next to its time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Heap {
        public double peakHeapMiB;
        public double peakAfterGcMiB;
        public double gcCount;

        @Setup(Level.Iteration)
        public void reset() {
            peakHeapMiB = 0;
            peakAfterGcMiB = 0;
            gcCount = 0;
        }

        void record(HeapWatch watch) {
            peakHeapMiB = watch.peakUsed() / 1048576.0;
            peakAfterGcMiB = watch.peakAfterGc() / 1048576.0;
            gcCount = watch.collections();
            System.out.printf("heap: peak used %.0f MiB, peak after GC %.0f MiB, %d GCs%n", peakHeapMiB,
                    peakAfterGcMiB, watch.collections());
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws java.io.IOException {
        executor = DefaultExecutors.branchExecutor(64);
        listener = new CountingListener();
        stores = StoreFixture.open(store, 100);
        engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).executor(executor).runStore(stores.store)
                .build();
        StubProvider stub = StubProvider.withLatency(Duration.ofMillis(latencyMs));
        s2 = Shapes.s2(stub);
        plain = new PlainS2(stub, executor);
    }

    /** Each batch starts from a collected heap, so the heap of one batch does not carry garbage of the last. */
    @Setup(Level.Iteration)
    public void collect() throws InterruptedException {
        stores.store.purge(java.time.Instant.MAX);
        System.gc();
        Thread.sleep(100);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException, java.io.IOException {
        engine.close();
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        stores.close();
    }

    @Benchmark
    public int engine(Heap heap) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(runs);
        AtomicInteger failed = new AtomicInteger();
        try (HeapWatch watch = HeapWatch.start()) {
            for (int i = 0; i < runs; i++) {
                engine.start(s2, Shapes.INPUT, listen ? listener : null).result().whenComplete((r, e) -> {
                    if (e != null || r.status() != RunStatus.SUCCEEDED) failed.incrementAndGet();
                    done.countDown();
                });
            }
            done.await();
            heap.record(watch);
        }
        if (failed.get() > 0) throw new IllegalStateException(failed + " of " + runs + " runs did not succeed");
        return runs;
    }

    @Benchmark
    public int plain(Heap heap) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(runs);
        AtomicInteger failed = new AtomicInteger();
        try (HeapWatch watch = HeapWatch.start()) {
            for (int i = 0; i < runs; i++) {
                plain.start().whenComplete((r, e) -> {
                    if (e != null || r == null) failed.incrementAndGet();
                    done.countDown();
                });
            }
            done.await();
            heap.record(watch);
        }
        if (failed.get() > 0) throw new IllegalStateException(failed + " of " + runs + " runs did not succeed");
        return runs;
    }
}
