package dev.devora.orchestration.workflows;


import java.util.List;

/**
 * Input of Performance Optimization (fields listed in docs/workflows.md).
 *
 * <pre>{@code
 * var input = new PerformanceInput("https://app.example.com", "api",
 *         new PerformanceInput.Current(900.0, 800, 1.2, 75.0, 3.5),
 *         new PerformanceInput.Target(200.0, 2000, 0.1, 99.9), List.of("No breaking changes"), "$2k/month", null);
 * }</pre>
 */
public record PerformanceInput(String applicationUrl, String applicationType, Current currentMetrics,
                               Target targetMetrics, List<String> constraints, String budget, List<String> techStack)
        implements WorkflowInput {
    @Override
    public String workflowId() {
        return "performance-optimization";
    }

    /** Current metrics: ms, req/s, %, %, GB. */
    public record Current(Double responseTimeP95, Integer throughput, Double errorRate, Double cpuUsage, Double memoryUsage) {
    }

    /** Target metrics: ms, req/s, %, %. */
    public record Target(Double responseTimeP95, Integer throughput, Double errorRate, Double uptime) {
    }
}
