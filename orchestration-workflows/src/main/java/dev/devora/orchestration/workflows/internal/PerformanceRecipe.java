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
import static dev.devora.orchestration.workflows.internal.Schema.oneOf;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow 4, Performance Optimization: (an outline, when {@code source_code_path} is given: the profiling reads
 * the code with the workspace tools) → profiling and baseline load test (k6 scripts) in parallel → loop
 * { backend code and database optimisations in parallel, each a cumulative plan that the next round revises
 * (it reads its own previous iteration) → the load tester estimates the metrics after the plan } until every
 * estimate meets {@code target_metrics} (a plain-Java {@link TargetGate} over the estimates), bounded → monitoring
 * set-up. The engineers who propose the changes never grade them, and every number after the changes is labelled
 * an estimate.
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
            .field(InputField.optional("constraints", FieldType.LIST, "e.g. \"No breaking changes\""))
            .field(InputField.optional("budget", FieldType.STRING, "infrastructure budget").withDefault(NODES.textNode("not specified")))
            .field(InputField.optional("tech_stack", FieldType.LIST, "technologies, helps the profiling"))
            .field(InputField.optional("source_code_path", FieldType.STRING,
                            "optional: a local directory with the source code, read by the profiling with the workspace tools")
                    .withDefault(NODES.textNode("")))
            .build();
    /** What the profiling prompt gains when its agent reads {@code source_code_path} with the workspace tools. */
    static final String SOURCE_PART = "\n\nSource:\n{{source}}";

    /** The field of the estimate step's answer that {@link TargetGate} compares with {@code target_metrics}. */
    static final String ESTIMATED = "estimated_metrics";
    private static final JsonNode METRICS = object(
            prop("response_time_p95", number("estimated p95 latency after the changes, ms (an estimate, not a measurement)")),
            prop("throughput", number("estimated throughput after the changes, req/s (an estimate)")),
            prop("error_rate", number("estimated error rate after the changes, % (an estimate)")),
            prop("uptime", number("estimated uptime after the changes, % (an estimate)")));
    private static final JsonNode PROFILE = object(
            prop("bottlenecks", array(object(
                    prop("area", string("what is slow")), prop("layer", string("frontend, network, application, database or infrastructure")),
                    prop("evidence", string("evidence, or hypothesis and how to confirm it")),
                    prop("impact", string("expected effect on the target metrics")), prop("fix", string("the change"))))),
            prop("recommendations", strings("ordered recommendations")),
            prop("quick_wins", strings("hours-to-days optimisations with expected gain")),
            prop("long_term", strings("weeks-long improvements with expected gain")));
    private static final JsonNode BASELINE = object(
            prop("baseline", object(
                    prop("scenarios", array(object(
                            prop("name", string("smoke, average load, stress, spike or soak")),
                            prop("load", string("virtual users or arrival rate, ramp and duration")),
                            prop("expected", string("p95, throughput and error rate expected at this load from the current metrics given; to be measured")),
                            prop("script", string("its k6 script: load-tests/000N.js, N its position in test_scripts"))))),
                    prop("limits", string("where the system is expected to break and why")))),
            prop("test_scripts", strings("complete k6 scripts (JavaScript), one per scenario, in the order of baseline.scenarios")),
            prop("how_to_run", string("Markdown README of the load tests: environment, test data, the k6 commands, where results go, how to read them")));
    private static final JsonNode CODE = object(
            prop("changes", array(object(
                    prop("id", string("stable id kept across rounds, e.g. CODE-1")),
                    prop("status", string("new (this round), kept (from the plan so far) or revised")),
                    prop("location", string("file and function, or endpoint")),
                    prop("bottleneck", string("the profiled bottleneck it addresses")),
                    prop("change", string("what changes and why")),
                    prop("code", string("the new code, or a unified diff against the file")),
                    prop("expected_gain", string("expected effect on a target metric, e.g. p95 -150 ms on GET /orders (an estimate)")),
                    prop("evidence", string("the profile finding, baseline number or reasoning the expected gain rests on"))))),
            prop("caching", anyObject("cache strategy: layer → {what, ttl, invalidation}")));
    private static final JsonNode DATABASE = object(
            prop("changes", array(object(
                    prop("id", string("stable id kept across rounds, e.g. DB-1")),
                    prop("status", string("new (this round), kept (from the plan so far) or revised")),
                    prop("target", string("table, query or setting")),
                    prop("bottleneck", string("the profiled bottleneck it addresses")),
                    prop("change", string("index, rewritten query or setting, and why")),
                    prop("expected_gain", string("expected effect on a target metric, e.g. p95 -80 ms on the orders query (an estimate)")),
                    prop("evidence", string("the profile finding, query plan or reasoning the expected gain rests on"))))),
            prop("migration_sql", string("one SQL script applying every change in order, each preceded by a '-- DB-n: title' comment")));
    private static final JsonNode ESTIMATE = object(
            prop(ESTIMATED, METRICS),
            prop("basis", string("how each estimate was derived: the baseline number, the expected gain of each change applied, the assumptions")),
            prop("confidence", oneOf("how far these estimates can be trusted before they are measured", "low", "medium", "high")),
            prop("infrastructure_needed", strings("infrastructure changes still needed to reach the targets")),
            prop("estimated_improvement", object(prop("response_time", string("estimated, e.g. -50%")),
                    prop("throughput", string("estimated, e.g. +200%")), prop("cost_savings", string("estimated, e.g. -30%")))),
            prop("verification", strings("how to measure each estimate: the k6 script and threshold that confirm it")));
    private static final JsonNode MONITORING = object(
            prop("dashboards", array(anyObject("a Grafana dashboard (JSON model)"))),
            prop("alert_rules", string("Prometheus alerting rules file (YAML): groups of rules with expr, for, labels.severity (page or ticket) and annotations.runbook")),
            prop("apm_config", string("OpenTelemetry Collector configuration (YAML)")));

    private PerformanceRecipe() {
    }

    @Override public String id() { return "performance-optimization"; }
    @Override public String name() { return "Performance Optimization"; }
    @Override public String description() { return "Profile and write the load tests, optimise and estimate the gains until the estimates meet the target metrics, then set up monitoring"; }
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
                        Steps.agent("target-check", kit.json(Roles.LOAD_TESTER, "estimated_metrics", ESTIMATE)).squad("performance")
                                .prompt(prompts.get("target-check"))))
                .until(new TargetGate(GATE, ESTIMATED), kit.config().gateThresholds().getOrDefault(GATE, 100))
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
                .deliverable("load_testing.test_scripts", "baseline-load-test.test_scripts")
                .deliverable("load_testing.how_to_run", "baseline-load-test.how_to_run")
                .deliverable("optimizations.code_changes", "code-optimization.changes")
                .deliverable("optimizations.caching", "code-optimization.caching")
                .deliverable("optimizations.database", "db-optimization.changes")
                .deliverable("optimizations.database_sql", "db-optimization.migration_sql")
                .deliverable("estimates", "target-check")
                .deliverable("monitoring.dashboards", "monitoring.dashboards")
                .deliverable("monitoring.alert_rules", "monitoring.alert_rules")
                .deliverable("monitoring.apm_config", "monitoring.apm_config")
                .build();
    }

    @Override
    public String notes() {
        return "Profiling (performance engineer) and the baseline load test (load tester: scenarios, k6 scripts, how "
                + "to run them) run in parallel. Then a bounded optimisation loop: backend code and database "
                + "optimisations in parallel, each keeping a cumulative plan (round 2 and later read their own plan of "
                + "the round before and the gaps, and return the complete plan: changes kept, revised or new, each with "
                + "its expected gain and the evidence it rests on); then the load tester, not the engineers who proposed "
                + "the changes, estimates the metrics after the whole plan from the baseline. A plain-Java gate "
                + "compares these estimates with `target_metrics` (latency and error rate must be at or below, "
                + "throughput and uptime at or above) and feeds the gaps, labelled as estimates, to the next round. The "
                + "loop stops when every estimated metric meets its target (threshold 100, configurable as gate "
                + "`performance-targets`) or at `maxIterations`. Monitoring (Prometheus alert rules, Grafana dashboards, "
                + "OpenTelemetry configuration) closes the workflow. Every gain and metric after the changes is an "
                + "estimate, never a measurement: the deliverables say so (`estimates.json`, `expected_gain`) and the "
                + "k6 scripts in `load-tests/` are how to measure them. With `source_code_path`, the profiling also gets "
                + "an outline of the directory and reads the code with the read-only workspace tools, as the "
                + "documentation analysis does (bottlenecks cite the `file:line` read); without it the profiling works "
                + "from the description and metrics, and the other agents never have tools.";
    }

    @Override
    public String reportNotice() {
        return "The gains are estimates; measure them with the k6 scripts before relying on them. "
                + "`performance/estimates.json` holds the load tester's estimates after the last round, and every change's "
                + "`expected_gain` is its author's estimate: none of them was measured. Run the scripts in `load-tests/` "
                + "against a staging environment before and after applying the changes.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("analysis.bottlenecks", "[{area, layer, evidence, impact, fix}]");
        d.put("analysis.recommendations", "[text]");
        d.put("analysis.quick_wins", "[text]");
        d.put("analysis.long_term", "[text]");
        d.put("load_testing.baseline", "{scenarios: [{name, load, expected, script}], limits} (expected, from the current metrics)");
        d.put("load_testing.test_scripts", "[k6 script], one per scenario");
        d.put("load_testing.how_to_run", "how to run and read the load tests (Markdown)");
        d.put("optimizations.code_changes", "[{id, status, location, bottleneck, change, code, expected_gain, evidence}] (the cumulative plan of the last round)");
        d.put("optimizations.caching", "cache strategy (object)");
        d.put("optimizations.database", "[{id, status, target, bottleneck, change, expected_gain, evidence}] (the cumulative plan of the last round)");
        d.put("optimizations.database_sql", "SQL script applying the database changes");
        d.put("estimates", "{estimated_metrics: {response_time_p95, throughput, error_rate, uptime}, basis, confidence, "
                + "infrastructure_needed, estimated_improvement: {response_time, throughput, cost_savings}, verification} "
                + "(the load tester's estimates after the last round, not measurements)");
        d.put("monitoring.dashboards", "[Grafana dashboard JSON]");
        d.put("monitoring.alert_rules", "Prometheus alerting rules (YAML)");
        d.put("monitoring.apm_config", "OpenTelemetry Collector configuration (YAML)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("analysis", "performance/analysis.json");
        f.put("load_testing.baseline", "performance/baseline.json");
        f.put("load_testing.test_scripts", "load-tests/*.js");
        f.put("load_testing.how_to_run", "load-tests/README.md");
        f.put("optimizations.code_changes", "performance/code-changes.json");
        f.put("optimizations.caching", "performance/caching.json");
        f.put("optimizations.database", "performance/database-changes.json");
        f.put("optimizations.database_sql", "performance/database.sql");
        f.put("estimates", "performance/estimates.json");
        f.put("monitoring.dashboards", "monitoring/dashboards.json");
        f.put("monitoring.alert_rules", "monitoring/alerts.yml");
        f.put("monitoring.apm_config", "monitoring/otel-collector.yaml");
        return f;
    }
}
