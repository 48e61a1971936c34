package dev.devora.orchestration.opentelemetry.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;

import java.util.List;

/**
 * The module's metric instruments: the GenAI conventions' token usage and call duration histograms, and Devora's
 * cost counter (USD), runs by status, step durations and gate evaluations.
 *
 * <pre>{@code
 * Instruments metrics = new Instruments(openTelemetry.getMeter("dev.devora.orchestration"));
 * }</pre>
 */
public final class Instruments {
    final LongHistogram tokens;
    final DoubleHistogram callDuration;
    final DoubleCounter cost;
    final LongCounter runs;
    final DoubleHistogram stepDuration;
    final LongCounter gates;

    /**
     * The instruments of a meter.
     *
     * @param meter the meter
     */
    public Instruments(Meter meter) {
        this.tokens = meter.histogramBuilder(GenAi.TOKEN_USAGE).ofLongs().setUnit("{token}")
                .setDescription("Tokens of a model call, by type (input, output)")
                .setExplicitBucketBoundariesAdvice(List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L,
                        262144L, 1048576L, 4194304L))
                .build();
        this.callDuration = meter.histogramBuilder(GenAi.OPERATION_DURATION).setUnit("s")
                .setDescription("Duration of a model call")
                .setExplicitBucketBoundariesAdvice(List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
                        10.24, 20.48, 40.96, 81.92))
                .build();
        this.cost = meter.counterBuilder(GenAi.COST).ofDoubles().setUnit("USD")
                .setDescription("Cost of model calls in USD (the provider's, or estimated from its price)").build();
        this.runs = meter.counterBuilder(GenAi.RUNS).setUnit("{run}")
                .setDescription("Run passes ended, by workflow and status").build();
        this.stepDuration = meter.histogramBuilder(GenAi.STEP_DURATION).setUnit("s")
                .setDescription("Duration of a step execution, by workflow and kind").build();
        this.gates = meter.counterBuilder(GenAi.GATE_EVALUATIONS).setUnit("{evaluation}")
                .setDescription("Quality gate evaluations, by workflow and whether they passed").build();
    }

    static Attributes of(io.opentelemetry.api.common.AttributeKey<String> k1, String v1,
                         io.opentelemetry.api.common.AttributeKey<String> k2, String v2) {
        return Attributes.of(k1, v1 == null ? "" : v1, k2, v2 == null ? "" : v2);
    }
}
