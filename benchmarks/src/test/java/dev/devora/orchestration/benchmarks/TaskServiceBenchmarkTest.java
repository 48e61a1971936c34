package dev.devora.orchestration.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each task-service benchmark method once, on a small batch at zero latency, with what it measured checked. */
class TaskServiceBenchmarkTest {
    @Test
    void eachMethod_runsOnce_andDeliversWhatItCounts() throws Exception {
        TaskServiceBenchmark b = new TaskServiceBenchmark();
        b.clients = 3;
        b.latencyMs = 0;
        b.setUp();
        try {
            assertThat(b.submitToFirstEvent()).as("the first event only").isEqualTo(1);

            TaskServiceBenchmark.Delivered delivered = new TaskServiceBenchmark.Delivered();
            long events = b.liveEvents(delivered);
            assertThat(delivered.events).isEqualTo(events);
            long calls = b.model.calls();
            assertThat(calls).as("every run called the model").isGreaterThanOrEqualTo(3 * 3);
            // each run streams at least its start, one start and end per model call, and its completion
            assertThat(events).isGreaterThan(3 * 10);

            assertThat(b.memoryPerActiveRun()).isEqualTo(3);
            assertThat(b.model.calls()).as("the held runs went on once the gate opened").isGreaterThan(calls);
        } finally {
            b.tearDown();
        }
    }
}
