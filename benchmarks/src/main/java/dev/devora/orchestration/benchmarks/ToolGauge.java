package dev.devora.orchestration.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts a benchmark tool's calls and how many ran at once: {@link #peak()} is the most calls inside the tool at
 * the same moment since the last {@link #reset()}, which shows whether the engine's executor ran a run's tool calls
 * concurrently or queued them.
 *
 * <pre>{@code
 * ToolGauge gauge = new ToolGauge();
 * Tool tool = ToolShapes.lookup(Duration.ofMillis(20), gauge);
 * // ... runs ...
 * System.out.println(gauge.calls() + " calls, at most " + gauge.peak() + " at once");
 * }</pre>
 */
public final class ToolGauge {
    private final LongAdder calls = new LongAdder();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    /** Marks a call entering the tool. */
    void enter() {
        calls.increment();
        int now = inside.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
    }

    /** Marks a call leaving the tool. */
    void exit() {
        inside.decrementAndGet();
    }

    /** Calls made since the last reset. */
    public long calls() {
        return calls.sum();
    }

    /** The most calls inside the tool at once since the last reset. */
    public int peak() {
        return peak.get();
    }

    /** Starts counting afresh (between batches, while no call runs). */
    public void reset() {
        calls.reset();
        peak.set(0);
    }
}
