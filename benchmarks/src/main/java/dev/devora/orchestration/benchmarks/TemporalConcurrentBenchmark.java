package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.temporal.TemporalRuns;
import dev.devora.orchestration.temporal.TemporalWorkers;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code runs} concurrent S2 runs (7 parallel reviewers, then 2 more calls; {@code latencyMs} per model call) on
 * Temporal's in-process test service with one worker: wall time of the batch (all started, then all results
 * awaited) and the heap of the JVM, which holds the worker <em>and</em> the test service with every history (a real
 * deployment's worker holds only its cached workflows). Compare with {@code ConcurrentRunsBenchmark.engine} at the
 * same {@code runs} and latency for the in-JVM engine.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TemporalConcurrentBenchmark -f 1 -wi 2 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TemporalConcurrentBenchmark {
    static final String QUEUE = "devora-concurrent";

    @Param("500")
    public int runs;

    @Param("20")
    public int latencyMs;

    TestWorkflowEnvironment env;
    TemporalRuns temporal;
    Workflow s2;

    /** Heap of the measured batch, reported next to its time (JMH sums these over iterations). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Heap {
        public double peakHeapMiB;
        public double peakAfterGcMiB;

        @Setup(Level.Iteration)
        public void reset() {
            peakHeapMiB = 0;
            peakAfterGcMiB = 0;
        }

        void record(HeapWatch watch) {
            peakHeapMiB = watch.peakUsed() / 1048576.0;
            peakAfterGcMiB = watch.peakAfterGc() / 1048576.0;
            System.out.printf("heap: peak used %.0f MiB, peak after GC %.0f MiB, %d GCs%n", peakHeapMiB,
                    peakAfterGcMiB, watch.collections());
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        StubProvider stub = StubProvider.withLatency(Duration.ofMillis(latencyMs));
        s2 = Shapes.s2(stub);
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(s2).provider(stub).build().registerOn(worker);
        env.start();
        temporal = TemporalRuns.of(env.getWorkflowClient(), QUEUE);
    }

    @Setup(Level.Iteration)
    public void collect() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        env.close();
    }

    @Benchmark
    public int temporal(Heap heap) {
        try (HeapWatch watch = HeapWatch.start()) {
            List<TemporalRuns.Run> started = new ArrayList<>(runs);
            for (int i = 0; i < runs; i++) started.add(temporal.start(s2, Shapes.INPUT));
            int succeeded = 0;
            for (TemporalRuns.Run run : started) {
                if (run.stateJson().contains("\"status\":\"SUCCEEDED\"")) succeeded++;
            }
            heap.record(watch);
            if (succeeded != runs) throw new IllegalStateException((runs - succeeded) + " of " + runs + " runs failed");
            return succeeded;
        }
    }
}
