package dev.devora.orchestration.workflows;

import java.util.List;

/**
 * Input of Performance Audit (an engineering-operations workflow, run on a repository, from measured metrics).
 *
 * <pre>{@code
 * var input = new PerformanceAuditInput("/src/shop", "reports/lighthouse.json",
 *         new PerformanceAuditInput.WebVitals(3100.0, 260.0, 0.18, null, 650.0), "dist/stats.json",
 *         new PerformanceAuditInput.Budgets(90.0, 2500.0, 200.0, null, 0.1, null, null, null, null, 250.0),
 *         List.of("/", "/checkout"));
 * }</pre>
 *
 * @param workspace        the repository of the application audited, read-only (JSON {@code workspace}, required; an
 *     existing directory)
 * @param lighthouseReport path of a Lighthouse JSON report, relative to the workspace or absolute (JSON
 *     {@code lighthouse_report}, optional; null: no Lighthouse measurement)
 * @param webVitals        measured Web Vitals, e.g. the p75 of real users (JSON {@code web_vitals}, optional; null:
 *     none)
 * @param bundleStats      path of webpack stats, an esbuild metafile or an {@code {asset: bytes}} JSON, relative to the
 *     workspace or absolute (JSON {@code bundle_stats}, optional; null: no bundle measurement)
 * @param budgets          performance budgets compared with the measured values (JSON {@code budgets}, optional; null:
 *     only the Core Web Vitals thresholds)
 * @param pages            pages or routes the measurements concern (JSON {@code pages}, optional; null leaves its line
 *     out)
 */
public record PerformanceAuditInput(String workspace, String lighthouseReport, WebVitals webVitals, String bundleStats,
                                    Budgets budgets, List<String> pages) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "performance-audit";
    }

    /**
     * Measured Web Vitals; null members are not measured.
     *
     * <pre>{@code
     * var vitals = new PerformanceAuditInput.WebVitals(3100.0, 260.0, 0.18, 1900.0, 650.0);
     * }</pre>
     *
     * @param lcpMs  Largest Contentful Paint, ms
     * @param inpMs  Interaction to Next Paint, ms
     * @param cls    Cumulative Layout Shift (unitless)
     * @param fcpMs  First Contentful Paint, ms
     * @param ttfbMs Time to First Byte, ms
     */
    public record WebVitals(Double lcpMs, Double inpMs, Double cls, Double fcpMs, Double ttfbMs) {
    }

    /**
     * Performance budgets; null members have no budget.
     *
     * <pre>{@code
     * var budgets = new PerformanceAuditInput.Budgets(90.0, 2500.0, 200.0, null, 0.1, null, null, null, null, 250.0);
     * }</pre>
     *
     * @param performanceScore  the minimum Lighthouse performance score, /100
     * @param lcpMs             Largest Contentful Paint, ms
     * @param inpMs             Interaction to Next Paint, ms
     * @param maxPotentialFidMs Max Potential First Input Delay, ms
     * @param cls               Cumulative Layout Shift
     * @param fcpMs             First Contentful Paint, ms
     * @param ttfbMs            Time to First Byte, ms
     * @param tbtMs             Total Blocking Time, ms
     * @param speedIndexMs      Speed Index, ms
     * @param bundleKb          total size of the bundle's assets (source maps excluded), KB
     */
    public record Budgets(Double performanceScore, Double lcpMs, Double inpMs, Double maxPotentialFidMs, Double cls,
                          Double fcpMs, Double ttfbMs, Double tbtMs, Double speedIndexMs, Double bundleKb) {
    }
}
