package dev.devora.orchestration.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Temporal benchmark once: both engines give the same state for each shape, a small concurrent batch
 * succeeds, and the history report measures a real history.
 */
class TemporalBenchmarksTest {
    @Test
    void eachShape_givesTheSameStateOnTemporalAndInTheJvm() {
        TemporalBenchmark b = new TemporalBenchmark();
        b.setUp();
        try {
            assertThat(b.temporalS1()).isEqualTo(b.jvmS1()).contains("\"status\":\"SUCCEEDED\"");
            assertThat(b.temporalS2()).isEqualTo(b.jvmS2());
            assertThat(b.temporalS3()).isEqualTo(b.jvmS3());
            assertThat(b.temporalS4()).isEqualTo(b.jvmS4()).contains("\"sec\"");
        } finally {
            b.tearDown();
        }
    }

    @Test
    void aSmallConcurrentBatch_succeeds() throws Exception {
        TemporalConcurrentBenchmark b = new TemporalConcurrentBenchmark();
        b.runs = 5;
        b.latencyMs = 0;
        b.setUp();
        try {
            assertThat(b.temporal(new TemporalConcurrentBenchmark.Heap())).isEqualTo(5);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void theHistoryReport_measuresFullStacksHistory() throws Exception {
        TemporalHistoryReport.Measured m = TemporalHistoryReport.measure("full-stack-development",
                Path.of("..").resolve(TemporalHistoryReport.SAMPLES));
        assertThat(m.activities()).as("one per model call at least").isGreaterThan(10);
        assertThat(m.events()).isGreaterThan(3 * m.activities()).isLessThan(51_200);
        assertThat(m.payloadBytes()).isGreaterThan(0).isLessThan(m.historyBytes());
        assertThat(m.largestPayload()).isLessThan(2L << 20);
        assertThat(m.children()).as("Full Stack has no sub-workflow").isZero();

        TemporalHistoryReport.Measured launch = TemporalHistoryReport.measure("complete-project-launch",
                Path.of("..").resolve(TemporalHistoryReport.SAMPLES));
        assertThat(launch.children()).as("its sub-workflows are child workflows").isPositive();
        assertThat(launch.childEvents()).isPositive();
        assertThat(launch.childBytes()).isPositive();
    }
}
