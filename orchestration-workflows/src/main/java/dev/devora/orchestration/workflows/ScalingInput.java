package dev.devora.orchestration.workflows;

/**
 * Input of Scaling (an engineering-operations workflow, run on a repository: readiness for growth).
 *
 * <pre>{@code
 * var input = new ScalingInput("/src/shop", new ScalingInput.Load(120.0, 800.0, null, 15.0, null, 40.0), 5.0, null,
 *         new ScalingInput.Slos(300.0, null, 99.9, 1.0), "2 VMs behind a load balancer, PostgreSQL 14, no cache",
 *         "in 12 months", "$3k/month");
 * }</pre>
 *
 * @param workspace        the repository of the application to scale, read-only (JSON {@code workspace}, required;
 *     an existing directory)
 * @param currentLoad      the load today, measured (JSON {@code current_load}, required; at least one metric)
 * @param growthMultiplier the growth to prepare for, e.g. 5 for ×5 (JSON {@code growth_multiplier}, optional; give
 *     this or {@code targetLoad})
 * @param targetLoad       the absolute load to prepare for (JSON {@code target_load}, optional; give this or
 *     {@code growthMultiplier}; each metric at least its current value)
 * @param slos             service level objectives at the target load (JSON {@code slos}, optional; null leaves
 *     its line out)
 * @param infrastructure   how the application runs today (JSON {@code infrastructure}, optional; null leaves its line
 *     out)
 * @param horizon          when the target load is expected (JSON {@code horizon}, optional; null leaves its line out)
 * @param budget           the infrastructure budget or cost constraint (JSON {@code budget}, optional; null leaves
 *     its line out)
 */
public record ScalingInput(String workspace, Load currentLoad, Double growthMultiplier, Load targetLoad, Slos slos,
                           String infrastructure, String horizon, String budget) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "scaling";
    }

    /**
     * A load; null members are left out.
     *
     * <pre>{@code
     * var load = new ScalingInput.Load(120.0, 800.0, null, 15.0, null, 40.0);
     * }</pre>
     *
     * @param requestsPerSecond requests per second
     * @param concurrentUsers   concurrent users
     * @param dailyActiveUsers  daily active users
     * @param writesPerSecond   database writes per second
     * @param messagesPerSecond queue messages per second
     * @param dataSizeGb        size of the data, GB
     */
    public record Load(Double requestsPerSecond, Double concurrentUsers, Double dailyActiveUsers, Double writesPerSecond,
                       Double messagesPerSecond, Double dataSizeGb) {
    }

    /**
     * Service level objectives; null members are left out.
     *
     * <pre>{@code
     * var slos = new ScalingInput.Slos(300.0, null, 99.9, 1.0);
     * }</pre>
     *
     * @param p95LatencyMs        p95 latency, ms
     * @param p99LatencyMs        p99 latency, ms
     * @param availabilityPercent availability, %
     * @param errorRatePercent    the maximum error rate, %
     */
    public record Slos(Double p95LatencyMs, Double p99LatencyMs, Double availabilityPercent, Double errorRatePercent) {
    }
}
