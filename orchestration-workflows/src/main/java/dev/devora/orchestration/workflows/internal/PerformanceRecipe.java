package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.anyObject;
import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.number;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow 4, Performance Optimization: (an outline, when {@code source_code_path} is given: the profiling reads
 * the code with the workspace tools) → profiling and baseline load test in parallel → loop
 * { backend code and database optimisations in parallel → projected metrics against {@code target_metrics} }
 * until every target is met (a plain-Java gate), bounded → monitoring set-up.
 *
 * <pre>{@code
 * Workflow w = PerformanceRecipe.INSTANCE.build(kit, PerformanceRecipe.INSTANCE.input());
 * }</pre>
 */
public final class PerformanceRecipe implements Recipe {
    public static final PerformanceRecipe INSTANCE = new PerformanceRecipe();
    public static final String GATE = "performance-targets";
    static final List<String> CURRENT = List.of("response_time_p95", "throughput", "error_rate", "cpu_usage", "memory_usage");
    static final List<String> TARGETS = List.of("response_time_p95", "throughput", "error_rate", "uptime");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("application_url", "URL of the application (or its name)")
            .choice("application_type", "kind of application", "web", "api", "mobile")
            .required("current_metrics", FieldType.OBJECT, "{response_time_p95 (ms), throughput (req/s), error_rate (%), cpu_usage (%), memory_usage (GB)}")
            .required("target_metrics", FieldType.OBJECT, "{response_time_p95 (ms), throughput (req/s), error_rate (%), uptime (%)}")
            .field(InputField.optional("constraints", FieldType.LIST, "e.g. \"No breaking changes\"").withDefault(NODES.arrayNode()))
            .field(InputField.optional("budget", FieldType.STRING, "infrastructure budget").withDefault(NODES.textNode("not specified")))
            .field(InputField.optional("tech_stack", FieldType.LIST, "technologies, helps the profiling").withDefault(NODES.arrayNode()))
            .field(InputField.optional("source_code_path", FieldType.STRING,
                            "optional: a local directory with the source code, read by the profiling with the workspace tools")
                    .withDefault(NODES.textNode("")))
            .build();
    /** What the profiling prompt gains when its agent reads {@code source_code_path} with the workspace tools. */
    static final String SOURCE_PART = "\n\nSource:\n{{source}}";

    private static final JsonNode METRICS = object(
            prop("response_time_p95", number("ms")), prop("throughput", number("req/s")),
            prop("error_rate", number("%")), prop("uptime", number("%")));
    private static final JsonNode PROFILE = object(
            prop("bottlenecks", array(object(
                    prop("area", string("what is slow")), prop("layer", string("frontend, network, application, database or infrastructure")),
                    prop("evidence", string("evidence, or hypothesis and how to confirm it")),
                    prop("impact", string("expected effect on the target metrics")), prop("fix", string("the change"))))),
            prop("recommendations", strings("ordered recommendations")),
            prop("quick_wins", strings("hours-to-days optimisations with expected gain")),
            prop("long_term", strings("weeks-long improvements with expected gain")));
    private static final JsonNode BASELINE = object(
            prop("baseline", anyObject("baseline metrics by scenario")),
            prop("limits", string("where the system breaks and why")),
            prop("test_scripts", strings("complete k6 scripts")));
    private static final JsonNode CODE = object(
            prop("code_changes", strings("patches or rewritten code, each with its file and expected gain")),
            prop("caching", anyObject("cache strategy: layer → {what, ttl, invalidation}")));
    private static final JsonNode DATABASE = object(prop("database", strings("SQL changes (indexes, rewritten queries, settings) with expected gain")));
    private static final JsonNode CHECK = object(
            prop("projected", METRICS),
            prop("method", string("how the projection was derived (measurements or estimates)")),
            prop("infrastructure", strings("infrastructure changes needed")),
            prop("estimated_improvement", object(prop("response_time", string("e.g. -50%")),
                    prop("throughput", string("e.g. +200%")), prop("cost_savings", string("e.g. -30%")))));
    private static final JsonNode MONITORING = object(
            prop("dashboards", array(anyObject("a Grafana dashboard (JSON model)"))),
            prop("alerts", array(object(prop("name", string("alert")), prop("expr", string("PromQL or equivalent")),
                    prop("for", string("duration")), prop("severity", string("page or ticket")), prop("action", string("what to do"))))),
            prop("apm_config", string("APM/OpenTelemetry configuration")));

    private PerformanceRecipe() {
    }

    @Override public String id() { return "performance-optimization"; }
    @Override public String name() { return "Performance Optimization"; }
    @Override public String description() { return "Profile, optimise and re-check until the target metrics are met, then set up monitoring"; }
    @Override public List<SquadId> squads() { return List.of(SquadId.PERFORMANCE, SquadId.BACKEND, SquadId.DEVOPS); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).numberMembers("current_metrics", 0, CURRENT)
                .numberMembers("target_metrics", 0, TARGETS).requiredNumberMembers("target_metrics", "response_time_p95")
                .nonBlankStrings("constraints", false).nonBlankStrings("tech_stack", false);
        c.directory("source_code_path");
        for (String pct : List.of("error_rate", "uptime")) {
            JsonNode v = input.path("target_metrics").path(pct);
            if (v.isNumber() && v.asDouble() > 100) c.problem("input.target_metrics." + pct, "must be ≤ 100 (a percentage), was " + v.asText());
        }
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        boolean readsSource = kit.workspace().isPresent();
        var profiling = Steps.parallel("profiling",
                Steps.agent("profile", kit.codeReader(Roles.PERFORMANCE_ENGINEER, "performance_analysis", PROFILE)).squad("performance")
                        .prompt(prompts.get("profile") + (readsSource ? SOURCE_PART : "")),
                Steps.agent("baseline-load-test", kit.json(Roles.LOAD_TESTER, "load_test_baseline", BASELINE)).squad("performance")
                        .prompt(prompts.get("baseline-load-test")));
        var tuning = Steps.loop("tuning", Steps.sequence("tuning-round",
                        Steps.parallel("optimize",
                                Steps.agent("code-optimization", kit.json(Roles.BACKEND_DEVELOPER, "code_optimizations", CODE))
                                        .squad("backend").prompt(prompts.get("code-optimization")),
                                Steps.agent("db-optimization", kit.json(Roles.DATABASE_ENGINEER, "database_optimizations", DATABASE))
                                        .squad("backend").prompt(prompts.get("db-optimization"))),
                        Steps.agent("target-check", kit.json(Roles.PERFORMANCE_ENGINEER, "target_check", CHECK)).squad("performance")
                                .prompt(prompts.get("target-check"))))
                .until(new TargetGate(GATE), kit.config().gateThresholds().getOrDefault(GATE, 100))
                .maxIterations(kit.config().maxIterations());
        var monitoring = Steps.agent("monitoring", kit.json(Roles.MONITORING_SPECIALIST, "performance_monitoring", MONITORING))
                .squad("devops").prompt(prompts.get("monitoring"));

        var steps = readsSource
                ? List.<Step>of(SourceSummary.step(kit, DocumentationRecipe.SOURCE_BUDGET, "No source directory was provided."), profiling, tuning, monitoring)
                : List.<Step>of(profiling, tuning, monitoring);
        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(steps.toArray(Step[]::new))
                .deliverable("analysis.bottlenecks", "profile.bottlenecks")
                .deliverable("analysis.recommendations", "profile.recommendations")
                .deliverable("analysis.quick_wins", "profile.quick_wins")
                .deliverable("analysis.long_term", "profile.long_term")
                .deliverable("load_testing.baseline", "baseline-load-test.baseline")
                .deliverable("load_testing.target", "target-check.projected")
                .deliverable("load_testing.limits", "baseline-load-test.limits")
                .deliverable("load_testing.test_scripts", "baseline-load-test.test_scripts")
                .deliverable("optimizations.code_changes", "code-optimization.code_changes")
                .deliverable("optimizations.database", "db-optimization.database")
                .deliverable("optimizations.infrastructure", "target-check.infrastructure")
                .deliverable("optimizations.caching", "code-optimization.caching")
                .deliverable("monitoring.dashboards", "monitoring.dashboards")
                .deliverable("monitoring.alerts", "monitoring.alerts")
                .deliverable("monitoring.apm_config", "monitoring.apm_config")
                .deliverable("estimated_improvement", "target-check.estimated_improvement")
                .build();
    }

    @Override
    public String notes() {
        return "Profiling (performance engineer) and the baseline load test (load tester) run in parallel. Then a "
                + "bounded optimisation loop: backend code and database optimisations in parallel, then the performance "
                + "engineer projects the metrics after the changes; a plain-Java gate compares the projection with "
                + "`target_metrics` (latency and error rate must be at or below, throughput and uptime at or above) and "
                + "feeds the gaps, with both numbers, to the next round. The loop stops when every target is met "
                + "(threshold 100, configurable as gate `performance-targets`) or at `maxIterations`. Monitoring (APM, "
                + "dashboards, alerts) closes the workflow. The numbers are projections by the model, not measurements: "
                + "run the generated k6 scripts to confirm them. With `source_code_path`, the profiling also gets an "
                + "outline of the directory and reads the code with the read-only workspace tools, as the documentation "
                + "analysis does (bottlenecks cite the `file:line` read); without it the profiling works from the "
                + "description and metrics, and the other agents never have tools.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("analysis.bottlenecks", "[{area, layer, evidence, impact, fix}]");
        d.put("analysis.recommendations", "[text]");
        d.put("analysis.quick_wins", "[text]");
        d.put("analysis.long_term", "[text]");
        d.put("load_testing.baseline", "baseline metrics by scenario (object)");
        d.put("load_testing.target", "projected metrics after the last round {response_time_p95, throughput, error_rate, uptime}");
        d.put("load_testing.limits", "where the system breaks (text)");
        d.put("load_testing.test_scripts", "[k6 script]");
        d.put("optimizations.code_changes", "[patch text] (last round)");
        d.put("optimizations.database", "[SQL change] (last round)");
        d.put("optimizations.infrastructure", "[infrastructure change]");
        d.put("optimizations.caching", "cache strategy (object)");
        d.put("monitoring.dashboards", "[Grafana dashboard JSON]");
        d.put("monitoring.alerts", "[{name, expr, for, severity, action}]");
        d.put("monitoring.apm_config", "APM configuration (text)");
        d.put("estimated_improvement", "{response_time, throughput, cost_savings}");
        return d;
    }
}
