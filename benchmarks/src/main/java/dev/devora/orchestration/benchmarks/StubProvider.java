package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.Usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A model stand-in for benchmarks: answers every request with the same prebuilt {@link LlmResponse} (fixed text, a
 * {@link Usage} with tokens and a cost, a model name), optionally after a simulated latency.
 *
 * <p>The latency is a {@link LockSupport#parkNanos} loop until the deadline, so a call takes at least the latency
 * and wakes up as close after it as the scheduler allows; on a virtual thread it unmounts like a blocking HTTP call
 * would. Zero latency returns at once and allocates nothing, so a benchmark measures only the engine around it.
 *
 * <p>The response reports no latency of its own ({@link Duration#ZERO}), so the engine measures it, as it does for
 * providers that do not time their calls.
 */
public final class StubProvider implements LlmProvider {
    /** Default answer text: about the length of a short model reply. */
    public static final String DEFAULT_TEXT = "A short, fixed answer from the stub model: the design is sound, "
            + "ship it after adding rate-limit headers.";

    private final LlmResponse response;
    private final long latencyNanos;
    private final LongAdder calls = new LongAdder();
    private final LongAdder nanosInCalls = new LongAdder();

    /**
     * @param text    the answer's text
     * @param latency how long each call takes (zero for none)
     */
    public StubProvider(String text, Duration latency) {
        this.response = LlmResponse.builder()
                .text(text)
                .finishReason(FinishReason.STOP)
                .usage(new Usage(120, 40, 0, 0, new BigDecimal("0.000084")))
                .model("stub/model-1")
                .build();
        this.latencyNanos = latency.toNanos();
    }

    /** The default answer after the given latency. */
    public static StubProvider withLatency(Duration latency) {
        return new StubProvider(DEFAULT_TEXT, latency);
    }

    /** The default answer at once. */
    public static StubProvider instant() {
        return new StubProvider(DEFAULT_TEXT, Duration.ZERO);
    }

    @Override
    public String name() {
        return "stub";
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        calls.increment();
        if (latencyNanos > 0) {
            long t0 = System.nanoTime();
            try {
                sleep(latencyNanos);
            } finally {
                nanosInCalls.add(System.nanoTime() - t0);
            }
        }
        return response;
    }

    /** Calls answered so far. */
    public long calls() {
        return calls.sum();
    }

    /** Total time spent inside calls with a latency, as measured around the wait (0 at zero latency). */
    public long nanosInCalls() {
        return nanosInCalls.sum();
    }

    /** Parks until {@code nanos} have passed; an interrupt aborts the call as the provider contract requires. */
    static void sleep(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long left = nanos;
        while (left > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedCallException("stub call interrupted", new InterruptedException());
            }
            left = deadline - System.nanoTime();
        }
    }
}
