package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.TokenListener;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.openrouter.RetrySettings;
import dev.devora.orchestration.openrouter.internal.SseEvent;
import dev.devora.orchestration.openrouter.internal.SseReader;
import dev.devora.orchestration.openrouter.internal.StreamAccumulator;
import dev.devora.orchestration.openrouter.internal.StreamAssembly;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * SSE parsing throughput on a ~1 MiB recorded-style stream ({@link SseCorpus}) from a {@code ByteArrayInputStream}:
 * time per whole stream in ms; MB/s = {@code streamBytes} / 10^6 / (ms / 1000), printed once in setup as
 * "sse: N bytes" to convert.
 *
 * <ul>
 *   <li>{@code sseReader}: {@code internal.SseReader} alone, every event's data bytes consumed (as the library reads them).</li>
 *   <li>{@code assemble}: what {@code ChatClient.readStream} runs on the body, minus HTTP: {@code StreamAssembly}
 *       (SseReader, {@code [DONE]}, {@code StreamChunk.parse}, {@code StreamAccumulator.accept}, the error checks,
 *       token delivery), then {@code toResponse}.</li>
 *   <li>{@code providerStream}: {@code OpenRouterProvider.stream(request, listener)} end to end on a
 *       {@link ReplayHttpClient} that hands the bytes to the provider's own body subscriber in 16 KiB slices: request
 *       mapping and serialisation, breaker and retry wrappers, the deadline watchdog, the interruptible body
 *       subscriber, SSE, JSON, assembly, token delivery to a listener.</li>
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SseBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SseBenchmark {
    @Param("1048576")
    public int size;

    private SseCorpus corpus;
    private OpenRouterProvider provider;
    private LlmRequest request;

    @Setup
    public void setUp() {
        corpus = SseCorpus.of(size);
        System.out.printf("%nsse: %d bytes, %d content chunks%n", corpus.bytes.length, corpus.chunks);
        provider = OpenRouterProvider.builder()
                .apiKey(OpenRouterBenchmark.KEY)
                .baseUrl("http://127.0.0.1:9/api/v1")
                .retry(RetrySettings.NONE)
                .httpClient(new ReplayHttpClient(corpus.bytes, "text/event-stream", 16 * 1024))
                .build();
        request = OpenRouterBenchmark.request();
    }

    @Benchmark
    public int sseReader(Blackhole bh) throws IOException {
        int events = 0;
        try (SseReader sse = new SseReader(new ByteArrayInputStream(corpus.bytes))) {
            for (SseEvent e; (e = sse.next()) != null; ) {
                bh.consume(e.dataBytes());
                events++;
            }
        }
        return events;
    }

    @Benchmark
    public LlmResponse assemble(Blackhole bh) throws IOException {
        return assemble(corpus.bytes, bh::consume);
    }

    @Benchmark
    public LlmResponse providerStream(Blackhole bh) {
        return provider.stream(request, bh::consume);
    }

    /** What {@code ChatClient.readStream} runs on the body, without the exchange: the same {@code StreamAssembly}. */
    static LlmResponse assemble(byte[] bytes, TokenListener tokens) throws IOException {
        StreamAccumulator acc = new StreamAccumulator(OpenRouterBenchmark.MODEL);
        try (SseReader sse = new SseReader(new ByteArrayInputStream(bytes))) {
            StreamAssembly.read(sse, acc, tokens::onToken, null, null, Clock.systemUTC());
        }
        String rest = acc.flush();
        if (!rest.isEmpty()) tokens.onToken(rest);
        return acc.toResponse(ResponseFormat.TEXT, Duration.ZERO, null);
    }
}
