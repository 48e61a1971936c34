package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.bool;
import static dev.devora.orchestration.workflows.internal.Schema.integer;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.oneOf;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;

/**
 * Workflow Scaling (engineering operations), on a repository: readiness for growth. The workspace outline → the
 * load targets computed in plain Java (target = current × {@code growth_multiplier}, or the {@code target_load}
 * given and each metric's multiplier) → the capacity analysis by the performance engineer reading the code with the
 * read-only workspace tools (stateful parts, database access patterns, caches, at {@code file:line}) → in parallel,
 * the ranked bottlenecks (performance) and the infrastructure review (DevOps) → in parallel, the scaling plan, the
 * autoscaling policy and the load-test plan at the target figures → the readiness review loop (the monitoring
 * specialist against the {@code scaling-readiness} rubric; on failure the plan and the load-test plan are replaced by
 * complete revisions).
 *
 * <pre>{@code
 * Workflow w = ScalingRecipe.INSTANCE.build(kit.withWorkspace(Workspace.readOnly(repo)), ScalingRecipe.INSTANCE.input());
 * }</pre>
 */
public final class ScalingRecipe implements Recipe {
    public static final ScalingRecipe INSTANCE = new ScalingRecipe();
    public static final String GATE = "scaling-readiness";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The load metrics accepted in {@code current_load} and {@code target_load}, with their units. */
    static final Map<String, String> LOAD = new LinkedHashMap<>();
    /** The SLOs accepted in {@code slos}. */
    static final List<String> SLOS = List.of("p95_latency_ms", "p99_latency_ms", "availability_percent", "error_rate_percent");

    static {
        LOAD.put("requests_per_second", "req/s");
        LOAD.put("concurrent_users", "users");
        LOAD.put("daily_active_users", "users/day");
        LOAD.put("writes_per_second", "writes/s");
        LOAD.put("messages_per_second", "msg/s");
        LOAD.put("data_size_gb", "GB");
    }

    private static final InputSpec INPUT = InputSpec.builder()
            .required("workspace", "the repository of the application to scale: an existing directory, read-only")
            .required("current_load", FieldType.OBJECT, "the load today, measured: {" + String.join(", ", LOAD.keySet()) + "}, at least one")
            .field(InputField.optional("growth_multiplier", FieldType.NUMBER, "the growth to prepare for, e.g. 5 for ×5 "
                    + "(give this or target_load)"))
            .field(InputField.optional("target_load", FieldType.OBJECT, "the absolute load to prepare for, same keys as "
                    + "current_load (give this or growth_multiplier)"))
            .field(InputField.optional("slos", FieldType.OBJECT, "service level objectives at the target load: {"
                    + String.join(", ", SLOS) + "}"))
            .field(InputField.optional("infrastructure", FieldType.STRING, "how the application runs today: hosting, "
                    + "instances, database, caches, queues"))
            .field(InputField.optional("horizon", FieldType.STRING, "when the target load is expected, e.g. \"in 12 months\""))
            .field(InputField.optional("budget", FieldType.STRING, "the infrastructure budget or cost constraint"))
            .build();

    private static final JsonNode BOTTLENECKS = object(
            prop("bottlenecks", array(object(
                    prop("rank", integer("1 = the first to break as load grows")),
                    prop("component", string("what limits growth: a service, a table, a cache, a lock, a dependency")),
                    prop("kind", oneOf("the kind of limit", "stateful", "database", "cache", "compute", "memory", "network",
                            "external-dependency", "queue", "storage")),
                    prop("evidence", string("file:line read, quoting the lines, or the infrastructure note it rests on")),
                    prop("limit_estimate", string("the load at which it breaks, e.g. 'about 400 req/s (estimate)'; an estimate")),
                    prop("reached_before_target", bool("true when it breaks before the target load")),
                    prop("fix", string("the change that removes or raises the limit"))))),
            prop("headroom", string("which target figures the current design can reach and which it cannot, as estimates")));

    private ScalingRecipe() {
    }

    @Override public String id() { return "scaling"; }
    @Override public String name() { return "Scaling"; }
    @Override public String description() {
        return "Prepare a repository's application for growth: capacity and bottlenecks from the code and the load figures, a scaling plan, an autoscaling policy and a load-test plan at the target load";
    }
    @Override public List<SquadId> squads() { return List.of(SquadId.PERFORMANCE, SquadId.DEVOPS); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input);
        if (input.path("workspace").asText("").isBlank()) c.problem("input.workspace", "must name the repository's directory, was blank");
        else c.directory("workspace");
        List<String> keys = List.copyOf(LOAD.keySet());
        c.numberMembers("current_load", 0, keys).numberMembers("target_load", 0, keys).numberMembers("slos", 0, SLOS);
        JsonNode current = input.path("current_load");
        if (current.isObject() && current.isEmpty()) c.problem("input.current_load", "must have at least one metric (known: " + keys + ")");
        boolean multiplier = input.has("growth_multiplier") && !input.path("growth_multiplier").isNull();
        boolean target = input.path("target_load").isObject();
        if (multiplier == target) {
            c.problem(multiplier ? "input.target_load" : "input.growth_multiplier",
                    multiplier ? "must not be given with growth_multiplier: give one of them"
                            : "or input.target_load is required: the growth to prepare for");
        }
        JsonNode g = input.path("growth_multiplier");
        if (g.isNumber() && (g.asDouble() < 1 || g.asDouble() > 1000)) {
            c.problem("input.growth_multiplier", "must be between 1 and 1000, was " + g.asText());
        }
        if (target && current.isObject()) {
            for (Map.Entry<String, JsonNode> e : input.path("target_load").properties()) {
                if (!LOAD.containsKey(e.getKey()) || !e.getValue().isNumber()) continue;
                JsonNode now = current.path(e.getKey());
                if (!now.isNumber()) {
                    c.problem("input.target_load." + e.getKey(), "has no current value: add current_load." + e.getKey());
                } else if (e.getValue().asDouble() < now.asDouble()) {
                    c.problem("input.target_load." + e.getKey(), "must be ≥ current_load." + e.getKey() + " ("
                            + PerformanceMeasurements.fmt(now.asDouble()) + "), was " + e.getValue().asText());
                }
            }
        }
        for (String pct : List.of("availability_percent", "error_rate_percent")) {
            JsonNode v = input.path("slos").path(pct);
            if (v.isNumber() && v.asDouble() > 100) c.problem("input.slos." + pct, "must be ≤ 100, was " + v.asText());
        }
        return c.problems();
    }

    /**
     * The load targets: each current metric with its target and multiplier (target = current × growth_multiplier, or
     * the target_load given), and a one-line summary per metric; computed here so no model does the arithmetic.
     */
    static ObjectNode targets(JsonNode input) {
        ObjectNode out = NODES.objectNode();
        JsonNode current = input.path("current_load");
        JsonNode g = input.path("growth_multiplier");
        boolean byMultiplier = g.isNumber();
        out.put("basis", byMultiplier ? "current_load × growth_multiplier " + PerformanceMeasurements.fmt(g.asDouble()) : "target_load given");
        ArrayNode rows = out.putArray("targets");
        StringBuilder summary = new StringBuilder();
        double max = 1;
        for (Map.Entry<String, String> m : LOAD.entrySet()) {
            JsonNode now = current.path(m.getKey());
            if (!now.isNumber()) continue;
            ObjectNode row = rows.addObject().put("metric", m.getKey()).put("unit", m.getValue()).put("current", now.asDouble());
            Double target = byMultiplier ? Double.valueOf(now.asDouble() * g.asDouble())
                    : input.path("target_load").path(m.getKey()).isNumber() ? Double.valueOf(input.path("target_load").path(m.getKey()).asDouble()) : null;
            if (target == null) {
                row.putNull("target");
                row.putNull("multiplier");
                summary.append("- ").append(m.getKey()).append(": ").append(PerformanceMeasurements.fmt(now.asDouble())).append(' ')
                        .append(m.getValue()).append(" now, no target given\n");
                continue;
            }
            double t = Math.round(target * 100) / 100.0;
            Double mult = now.asDouble() == 0 ? null : Math.round(t / now.asDouble() * 100) / 100.0;
            row.put("target", t);
            if (mult == null) row.putNull("multiplier"); else row.put("multiplier", mult);
            if (mult != null) max = Math.max(max, mult);
            summary.append("- ").append(m.getKey()).append(": ").append(PerformanceMeasurements.fmt(now.asDouble())).append(" → ")
                    .append(PerformanceMeasurements.fmt(t)).append(' ').append(m.getValue())
                    .append(mult == null ? "" : " (×" + PerformanceMeasurements.fmt(mult) + ")").append('\n');
        }
        out.put("max_multiplier", max);
        if (input.path("slos").isObject()) out.set("slos", input.path("slos")); else out.putNull("slos");
        out.put("slo_summary", sloSummary(input.path("slos")));
        out.put("summary", summary.toString().strip());
        return out;
    }

    /** "p95 latency ≤ 300 ms, availability ≥ 99.9 %", or "none given" (the plans then state the defaults they assume). */
    static String sloSummary(JsonNode slos) {
        List<String> parts = new java.util.ArrayList<>();
        if (slos.path("p95_latency_ms").isNumber()) parts.add("p95 latency ≤ " + PerformanceMeasurements.fmt(slos.path("p95_latency_ms").asDouble()) + " ms");
        if (slos.path("p99_latency_ms").isNumber()) parts.add("p99 latency ≤ " + PerformanceMeasurements.fmt(slos.path("p99_latency_ms").asDouble()) + " ms");
        if (slos.path("availability_percent").isNumber()) parts.add("availability ≥ " + PerformanceMeasurements.fmt(slos.path("availability_percent").asDouble()) + " %");
        if (slos.path("error_rate_percent").isNumber()) parts.add("error rate ≤ " + PerformanceMeasurements.fmt(slos.path("error_rate_percent").asDouble()) + " %");
        return parts.isEmpty() ? "none given: state the objectives you assume" : String.join(", ", parts);
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var outline = Steps.task("workspace-outline", "list the files of the workspace for the agents that read the code",
                ctx -> SourceSummary.tree(Path.of(ctx.inputText("workspace"))));
        var targets = Steps.task("load-targets", "compute the target load: current × growth, or the target given, per metric (plain Java)",
                ctx -> targets(ctx.input()));
        var capacity = Steps.agent("capacity-analysis", kit.codeReader(Roles.PERFORMANCE_ENGINEER)).squad("performance")
                .prompt(prompts.get("capacity-analysis"));
        var reviews = Steps.parallel("reviews",
                Steps.agent("bottlenecks", kit.codeReader(Roles.PERFORMANCE_ENGINEER, "scaling_bottlenecks", BOTTLENECKS))
                        .squad("performance").prompt(prompts.get("bottlenecks")),
                Steps.agent("infrastructure-review", kit.codeReader(Roles.INFRASTRUCTURE_ENGINEER)).squad("devops")
                        .prompt(prompts.get("infrastructure-review")));
        var plans = Steps.parallel("plans",
                Steps.agent("scaling-plan", kit.text(Roles.INFRASTRUCTURE_ENGINEER)).squad("devops").prompt(prompts.get("scaling-plan")),
                Steps.agent("autoscaling", kit.text(Roles.CONTAINER_ORCHESTRATOR)).squad("devops").prompt(prompts.get("autoscaling")),
                Steps.agent("load-test-plan", kit.text(Roles.LOAD_TESTER)).squad("performance").prompt(prompts.get("load-test-plan")));
        var readiness = ReviewLoop.builder("readiness-loop", GATE, Rubric.of(GATE), kit.config())
                .carry("plan-doc", "scaling-plan", Steps.agent("revised-scaling-plan", kit.text(Roles.INFRASTRUCTURE_ENGINEER))
                        .squad("devops").prompt(prompts.get("revised-scaling-plan")))
                .carry("load-test-doc", "load-test-plan", Steps.agent("revised-load-test-plan", kit.text(Roles.LOAD_TESTER))
                        .squad("performance").prompt(prompts.get("revised-load-test-plan")))
                .check(Steps.task("target-check", "check in plain Java that the current plan and load-test plan state each target figure",
                        ctx -> targetCheck(ctx.json("load-targets"), ctx.text("plan-doc"), ctx.text("load-test-doc"))))
                .review(Steps.agent("readiness-review", kit.json(Roles.MONITORING_SPECIALIST, "scaling_readiness_review",
                        OutputSchemas.review(Rubric.of(GATE)))).squad("devops").prompt(prompts.get("readiness-review")))
                .build();


        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(outline, targets, capacity, reviews, plans, readiness)
                .deliverable("targets", "load-targets")
                .deliverable("capacity", "capacity-analysis")
                .deliverable("bottlenecks", "bottlenecks")
                .deliverable("infrastructure_review", "infrastructure-review")
                .deliverable("plan", "plan-doc")
                .deliverable("autoscaling", "autoscaling")
                .deliverable("load_test_plan", "load-test-doc")
                .deliverable("review", "readiness-review")
                .deliverable("target_check", "target-check")
                .build();
    }

    /**
     * For each target figure, whether the plan and the load-test plan state it (as {@code 4000}, {@code 4,000} or
     * {@code 4 000}; {@code 4k} for thousands): a load test that never reaches the target proves nothing.
     */
    static ObjectNode targetCheck(JsonNode targets, String plan, String loadTest) {
        ObjectNode out = NODES.objectNode();
        ArrayNode rows = out.putArray("targets");
        boolean all = true;
        for (JsonNode t : targets.path("targets")) {
            if (!t.path("target").isNumber()) continue;
            double v = t.path("target").asDouble();
            boolean inPlan = states(plan, v);
            boolean inTest = states(loadTest, v);
            all &= inTest;
            rows.addObject().put("metric", t.path("metric").asText()).put("target", v).put("in_plan", inPlan).put("in_load_test_plan", inTest);
        }
        out.put("load_test_reaches_every_target", all);
        return out;
    }

    private static boolean states(String text, double v) {
        String plain = PerformanceMeasurements.fmt(v);
        List<String> forms = new java.util.ArrayList<>(List.of(plain));
        if (v == Math.rint(v) && v >= 1000) {
            long n = (long) v;
            forms.add(String.format(java.util.Locale.ROOT, "%,d", n));
            forms.add(String.format(java.util.Locale.ROOT, "%,d", n).replace(',', ' '));
            if (n % 1000 == 0) forms.add(n / 1000 + "k");
        }
        for (String f : forms) {
            if (java.util.regex.Pattern.compile("(?<![\\d.,])" + java.util.regex.Pattern.quote(f) + "(?![\\d]|[.,]\\d)",
                    java.util.regex.Pattern.CASE_INSENSITIVE).matcher(text).find()) return true;
        }
        return false;
    }

    @Override
    public String notes() {
        return "An engineering-operations workflow, run on a repository: `workspace` is the application's directory, "
                + "which the performance engineer and the infrastructure engineer read with the read-only workspace "
                + "tools; nothing is written into it. The target load is computed in plain Java before any call "
                + "(`scaling/targets.json`): each `current_load` metric times `growth_multiplier`, or the "
                + "`target_load` given with each metric's multiplier (give exactly one; a target below the current "
                + "value or without a current value is an input error), so the agents are given the figures rather "
                + "than asked for arithmetic. The performance engineer analyses the capacity from the code (stateful "
                + "parts, database access patterns, caches, each at a `file:line`); then, in parallel, ranks the "
                + "bottlenecks (the first to break first, each with its estimated limit) while the infrastructure "
                + "engineer reviews the infrastructure files and notes. In parallel again: the scaling plan "
                + "(horizontal and vertical scaling, data tier, caching, queues, cost notes), the autoscaling policy "
                + "(container orchestrator) and the load-test plan at the target figures and the SLOs (load tester). "
                + "Each review round, a plain-Java check says whether the current plan and load-test plan state each "
                + "target figure (`scaling/target-check.json`), and the monitoring specialist reviews readiness against "
                + "the `scaling-readiness` rubric with it; a rejection replaces the plan and the load-test plan with "
                + "complete revisions (bounded). Limits are estimates until the load-test plan is run.";
    }

    @Override
    public String reportNotice() {
        return "The target figures in `scaling/targets.json` were computed from the input; every limit and capacity in "
                + "the plan is an estimate until `scaling/load-test-plan.md` has been run at those figures.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("targets", "{basis, targets: [{metric, unit, current, target, multiplier}], max_multiplier, slos, slo_summary, summary}, "
                + "computed in Java (scaling/targets.json)");
        d.put("capacity", "the capacity analysis: stateful parts, database access patterns, caches, each at a `file:line`, "
                + "and what each means at the target load (scaling/capacity.md)");
        d.put("bottlenecks", "{bottlenecks: [{rank, component, kind, evidence, limit_estimate, reached_before_target, fix}], "
                + "headroom} (scaling/bottlenecks.json)");
        d.put("infrastructure_review", "the infrastructure review: hosting, instances, database, caches, queues, limits "
                + "(scaling/infrastructure-review.md)");
        d.put("plan", "the scaling plan: horizontal and vertical scaling, data tier, caching, queues, phases, cost notes; "
                + "the last version reviewed (scaling/plan.md)");
        d.put("autoscaling", "the autoscaling policy: metrics, thresholds, min and max replicas, the manifest "
                + "(scaling/autoscaling.md)");
        d.put("load_test_plan", "the load-test plan at the target figures and SLOs, with its k6 script; the last version "
                + "reviewed (scaling/load-test-plan.md)");
        d.put("review", "the monitoring specialist's last verdict against the scaling-readiness rubric (scaling/review.json)");
        d.put("target_check", "{targets: [{metric, target, in_plan, in_load_test_plan}], load_test_reaches_every_target}: "
                + "whether the last plans state each target figure, checked in Java (scaling/target-check.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("targets", "scaling/targets.json");
        f.put("capacity", "scaling/capacity.md");
        f.put("bottlenecks", "scaling/bottlenecks.json");
        f.put("infrastructure_review", "scaling/infrastructure-review.md");
        f.put("plan", "scaling/plan.md");
        f.put("autoscaling", "scaling/autoscaling.md");
        f.put("load_test_plan", "scaling/load-test-plan.md");
        f.put("review", "scaling/review.json");
        f.put("target_check", "scaling/target-check.json");
        return f;
    }
}
