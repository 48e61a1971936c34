package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.workflow.Workflow;
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

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The engine's cost per tool round and per tool call at zero latency: one run of one agent step
 * ({@link ToolShapes#toolStep}) whose model ({@link ScriptedToolProvider}, in memory) asks for {@code rounds} rounds
 * of {@code calls} calls of a zero-latency {@code Tools.of} tool ({@link ToolShapes#lookup}), then answers with a
 * text; µs per {@code engine.run(...)} and, with {@code -prof gc}, bytes per run ({@code gc.alloc.rate.norm}).
 *
 * <p>{@code rounds=0} is the same step without a tool call (one model call, the tool only offered): the cost of a
 * round is the difference to it within the same run, divided by the rounds; the cost of a call the difference
 * between {@code calls=8} and {@code calls=1}, divided by the 7 extra calls per round. Each tool call is a real one:
 * arguments parsed and checked against the schema, the record built, the result journaled ({@code ToolCalled}),
 * {@code ToolCallStarted}/{@code ToolCallCompleted} delivered to a {@link CountingListener}, and the growing
 * conversation sent back to the model.
 *
 * <p>{@code executor}: {@code default} is the engine's own (virtual threads on JDK 21+, a 64-thread pool on 17; the
 * calls of one answer run concurrently, the first on the step's thread); {@code caller} runs each forked call at
 * once on the submitting thread ({@code Runnable::run}), to isolate the hand-off. {@code store}: where the journal
 * goes, {@code memory} (the default store) or {@code sqlite} ({@link StoreFixture}); ended runs are purged before
 * each iteration, untimed.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ToolRoundBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * ... ToolRoundBenchmark -p store=sqlite -p calls=8 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ToolRoundBenchmark {
    /** Tool rounds before the final answer. */
    @Param({"0", "1", "4"})
    public int rounds;

    /** Tool calls in each round. */
    @Param({"1", "8"})
    public int calls;

    /** {@code default} (the engine's executor) or {@code caller} (forked calls run on the submitting thread). */
    @Param("default")
    public String executor;

    /** Where the engine journals: {@code memory} or {@code sqlite}. */
    @Param("memory")
    public String store;

    StoreFixture stores;
    WorkflowEngine engine;
    CountingListener listener;
    ScriptedToolProvider model;
    Workflow workflow;

    /** Opens the store, builds the engine (with the chosen executor), the scripted model and the step. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        listener = new CountingListener();
        stores = StoreFixture.open(store, 100);
        WorkflowEngine.Builder b = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).listener(listener)
                .runStore(stores.store);
        switch (executor) {
            case "default":
                break;
            case "caller":
                b.executor(Runnable::run);
                break;
            default:
                throw new IllegalArgumentException("executor must be default or caller, was " + executor);
        }
        engine = b.build();
        model = new ScriptedToolProvider(rounds, calls, ToolShapes.TOOL);
        workflow = ToolShapes.toolStep(model, ToolShapes.lookup(Duration.ZERO, null));
    }

    /** Ended runs are dropped before each iteration, so no iteration pays for the journals of the last. */
    @Setup(Level.Iteration)
    public void purge() {
        stores.store.purge(Instant.MAX);
    }

    /** Closes the engine and removes the store. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        engine.close();
        stores.close();
    }

    /** One run of the step: {@code rounds} tool rounds of {@code calls} calls, then the final answer. */
    @Benchmark
    public WorkflowResult run() {
        return engine.run(workflow, Shapes.INPUT);
    }
}
