package dev.devora.orchestration.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.testing.ScriptedLlmProvider;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A stub model for the predefined workflows: it answers a structured request with a sample of its schema
 * ({@link ScriptedLlmProvider#sample}, computed once per schema) and a text request with a short text, after a
 * fixed latency; while a gate is closed every call waits at it. Unlike {@code ScriptedLlmProvider} it keeps no
 * request, so a long benchmark does not grow the heap with them.
 */
final class SchemaStubProvider implements LlmProvider {
    private final long latencyNanos;
    private final Map<JsonNode, String> samples = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private volatile CountDownLatch gate;

    SchemaStubProvider(Duration latency) {
        this.latencyNanos = latency.toNanos();
    }

    /** Makes every call wait until {@link #open()}. */
    void close() {
        gate = new CountDownLatch(1);
    }

    /** Lets the waiting calls and every later one through. */
    void open() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) g.countDown();
    }

    long calls() {
        return calls.get();
    }

    @Override
    public String name() {
        return "schema-stub";
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        CountDownLatch g = gate;
        try {
            if (g != null) g.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the gate", e);
        }
        if (latencyNanos > 0) {
            long until = System.nanoTime() + latencyNanos;
            for (long left = latencyNanos; left > 0; left = until - System.nanoTime()) LockSupport.parkNanos(left);
        }
        calls.incrementAndGet();
        ResponseFormat format = request.responseFormat();
        String text = format != null && format.type() != ResponseFormat.Type.TEXT && format.schema() != null
                ? samples.computeIfAbsent(format.schema(), s -> ScriptedLlmProvider.sample(s).toString())
                : StubProvider.DEFAULT_TEXT;
        return LlmResponse.builder().text(text).finishReason(FinishReason.STOP).nativeFinishReason("stop")
                .usage(Usage.of(400, text.length() / 4 + 1)).model("stub/schema").upstreamProvider("stub").build();
    }
}
