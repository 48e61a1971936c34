package dev.devora.orchestration.workflows;


import java.util.List;

/**
 * Input of Performance Optimization (fields listed in docs/workflows.md).
 *
 * <pre>{@code
 * var input = new PerformanceInput("https://app.example.com", "api",
 *         new PerformanceInput.Current(900.0, 800, 1.2, 75.0, 3.5),
 *         new PerformanceInput.Target(200.0, 2000, 0.1, 99.9), List.of("No breaking changes"), "$2k/month", null,
 *         "/path/to/repo");
 * }</pre>
 *
 * @param applicationUrl  URL of the application (or its name) (JSON {@code application_url}, required)
 * @param applicationType kind of application (JSON {@code application_type}, required; one of web, api, mobile)
 * @param currentMetrics  {response_time_p95 (ms), throughput (req/s), error_rate (%), cpu_usage (%), memory_usage (GB)}
 *     (JSON {@code current_metrics}, required)
 * @param targetMetrics   {response_time_p95 (ms), throughput (req/s), error_rate (%), uptime (%)} (JSON
 *     {@code target_metrics}, required)
 * @param constraints     e.g. "No breaking changes" (JSON {@code constraints}, optional; null leaves it out)
 * @param budget          infrastructure budget (JSON {@code budget}, optional; null gives {@code not specified})
 * @param techStack       technologies, helps the profiling (JSON {@code tech_stack}, optional; null leaves it out)
 * @param sourceCodePath  optional: a local directory with the source code, read by the profiling with the workspace
 *     tools (JSON {@code source_code_path}, optional; null gives {@code })
 */
public record PerformanceInput(String applicationUrl, String applicationType, Current currentMetrics,
                               Target targetMetrics, List<String> constraints, String budget, List<String> techStack,
                               String sourceCodePath)
        implements WorkflowInput {
    /**
     * An input without a source directory (as before {@code source_code_path} existed).
     *
     * @param applicationUrl  URL of the application (or its name)
     * @param applicationType kind of application: web, api or mobile
     * @param currentMetrics  the current metrics
     * @param targetMetrics   the target metrics
     * @param constraints     constraints; null leaves it out
     * @param budget          infrastructure budget; null gives {@code not specified}
     * @param techStack       technologies; null leaves it out
     */
    public PerformanceInput(String applicationUrl, String applicationType, Current currentMetrics, Target targetMetrics,
                            List<String> constraints, String budget, List<String> techStack) {
        this(applicationUrl, applicationType, currentMetrics, targetMetrics, constraints, budget, techStack, null);
    }

    @Override
    public String workflowId() {
        return "performance-optimization";
    }

    /**
     * Current metrics: ms, req/s, %, %, GB.
     *
     * @param responseTimeP95 p95 response time in ms
     * @param throughput      requests per second
     * @param errorRate       errors in percent
     * @param cpuUsage        CPU usage in percent
     * @param memoryUsage     memory usage in GB
     */
    public record Current(Double responseTimeP95, Integer throughput, Double errorRate, Double cpuUsage, Double memoryUsage) {
    }

    /**
     * Target metrics: ms, req/s, %, %.
     *
     * @param responseTimeP95 target p95 response time in ms
     * @param throughput      target requests per second
     * @param errorRate       target errors in percent
     * @param uptime          target uptime in percent
     */
    public record Target(Double responseTimeP95, Integer throughput, Double errorRate, Double uptime) {
    }
}
