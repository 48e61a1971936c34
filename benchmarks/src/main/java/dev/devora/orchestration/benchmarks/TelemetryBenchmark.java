package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.opentelemetry.DevoraTelemetry;
import dev.devora.orchestration.workflow.Workflow;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What OpenTelemetry costs the engine per run of each shape ({@link Shapes}) at zero model latency, as
 * {@link EngineBenchmark} measures it: {@code telemetry=off} is the engine alone; {@code noop} adds
 * {@code DevoraTelemetry}'s listener and traced provider on {@code OpenTelemetry.noop()} (the API without an SDK,
 * what an application without one pays); {@code sdk} on an SDK that samples every span and counts the ended ones
 * without exporting them (the module's own work: span building, attributes, events, metrics, not an exporter's).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TelemetryBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TelemetryBenchmark {
    @Param({"off", "noop", "sdk"})
    public String telemetry;

    private WorkflowEngine engine;
    private OpenTelemetrySdk sdk;
    private Workflow s1, s2, s3, s4;
    /** Spans the SDK ended ({@code telemetry=sdk}). */
    final AtomicLong endedSpans = new AtomicLong();

    @Setup
    public void setUp() {
        WorkflowEngine.Builder b = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).listener(new CountingListener());
        LlmProvider stub = StubProvider.instant();
        LlmProvider router = Shapes.router(java.time.Duration.ZERO);
        if (!"off".equals(telemetry)) {
            OpenTelemetry otel = OpenTelemetry.noop();
            if ("sdk".equals(telemetry)) {
                sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(new Counting(endedSpans)).build()).build();
                otel = sdk;
            }
            DevoraTelemetry t = DevoraTelemetry.create(otel);
            b.listener(t.listener());
            stub = t.provider(stub);
            router = t.provider(router);
        }
        engine = b.build();
        s1 = Shapes.s1(stub);
        s2 = Shapes.s2(stub);
        s3 = Shapes.s3(stub);
        s4 = Shapes.s4(router, stub);
    }

    @TearDown
    public void tearDown() {
        engine.close();
        if (sdk != null) sdk.close();
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

    /** Counts ended spans; exports nothing. */
    static final class Counting implements SpanProcessor {
        private final AtomicLong ended;

        Counting(AtomicLong ended) {
            this.ended = ended;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            ended.incrementAndGet();
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }
}
