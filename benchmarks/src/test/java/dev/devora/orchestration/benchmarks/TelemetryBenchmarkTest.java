package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.RunStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each telemetry variant of {@link TelemetryBenchmark} runs every shape; the SDK variant ends one span per part. */
@org.junit.jupiter.api.Timeout(60)
class TelemetryBenchmarkTest {
    @Test
    void everyVariant_runsEveryShape_andTheSdkOneTracesThem() {
        for (String variant : new String[] {"off", "noop", "sdk"}) {
            TelemetryBenchmark b = new TelemetryBenchmark();
            b.telemetry = variant;
            b.setUp();
            try {
                assertThat(b.s1().status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(b.s2().status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(b.s3().status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(b.s4().status()).isEqualTo(RunStatus.SUCCEEDED);
                if (variant.equals("sdk")) {
                    // S1: a run, 10 steps, 10 calls; S2–S4 at least a run span, a step and a call each
                    assertThat(b.endedSpans.get()).isGreaterThan(21 + 3 * 3);
                } else {
                    assertThat(b.endedSpans.get()).isZero();
                }
            } finally {
                b.tearDown();
            }
        }
    }
}
