package dev.devora.orchestration.internal;

import dev.devora.orchestration.engine.RetryPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The step retry delay: exponential, capped, spread by the jitter over the random draw the run's effects give. */
class RetryBackoffTest {
    final RetryPolicy policy = RetryPolicy.DEFAULT; // 500 ms doubling to 8 s, 25 % jitter

    @Test
    void theDrawSpreadsTheDelay_byTheJitter_aroundTheExponentialInterval() {
        assertThat(LeafExecutor.backoff(policy, 1, 0.0)).isEqualTo(375);
        assertThat(LeafExecutor.backoff(policy, 1, 0.5)).isEqualTo(500);
        assertThat(LeafExecutor.backoff(policy, 1, 0.999_999)).isEqualTo(625);
        assertThat(LeafExecutor.backoff(policy, 2, 0.5)).isEqualTo(1000);
        assertThat(LeafExecutor.backoff(policy, 3, 0.5)).isEqualTo(2000);
    }

    @Test
    void theIntervalIsCappedAtTheMaximum_beforeTheJitter() {
        assertThat(LeafExecutor.backoff(policy, 10, 0.5)).isEqualTo(8000);
        assertThat(LeafExecutor.backoff(policy, 10, 0.0)).isEqualTo(6000);
    }
}
