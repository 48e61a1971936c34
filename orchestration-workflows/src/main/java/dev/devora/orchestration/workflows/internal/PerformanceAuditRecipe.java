package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.TaskContext;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.oneOf;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;

/**
 * Workflow Performance Audit (engineering operations), on a repository, with <em>measured</em> metrics: the
 * workspace outline → the measurements, read in plain Java ({@link PerformanceMeasurements}: the Lighthouse report,
 * the Web Vitals and the bundle stats given, compared with the budgets and the Core Web Vitals thresholds, each
 * value marked measured with its source file, or not measured) → the code analysis by the performance engineer with
 * the read-only workspace tools (the causes of the measured problems at {@code file:line}; with nothing measured, the
 * likely hotspots as hypotheses and what to measure) → the recommendations (each with the metric it targets and an
 * expected effect labelled an estimate) → the audit report and its review loop (the load tester against the
 * {@code performance-audit} rubric) → {@code performance/audit.md}, assembled in Java: the measurement table from
 * the measurements only, then the report, then the recommendations with their estimates labelled.
 *
 * <pre>{@code
 * Workflow w = PerformanceAuditRecipe.INSTANCE.build(kit.withWorkspace(Workspace.readOnly(repo)),
 *         PerformanceAuditRecipe.INSTANCE.input());
 * }</pre>
 */
public final class PerformanceAuditRecipe implements Recipe {
    public static final PerformanceAuditRecipe INSTANCE = new PerformanceAuditRecipe();
    public static final String GATE = "performance-audit";
    /** The metric ids a recommendation may target. */
    static final String[] TARGETS = PerformanceMeasurements.METRICS.stream().map(PerformanceMeasurements.Metric::id).toArray(String[]::new);

    private static final InputSpec INPUT = InputSpec.builder()
            .required("workspace", "the repository of the application audited: an existing directory, read-only")
            .field(InputField.optional("lighthouse_report", FieldType.STRING, "path of a Lighthouse JSON report "
                    + "(`lighthouse --output=json`), relative to the workspace or absolute"))
            .field(InputField.optional("web_vitals", FieldType.OBJECT, "measured Web Vitals (e.g. p75 of real users): "
                    + "{lcp_ms, inp_ms, cls, fcp_ms, ttfb_ms}"))
            .field(InputField.optional("bundle_stats", FieldType.STRING, "path of bundle stats: webpack `--json` stats, "
                    + "an esbuild metafile or a plain {asset: bytes} JSON, relative to the workspace or absolute"))
            .field(InputField.optional("budgets", FieldType.OBJECT, "performance budgets, e.g. {lcp_ms: 2500, cls: 0.1, "
                    + "bundle_kb: 250, performance_score: 90}; keys: " + String.join(", ", PerformanceMeasurements.BUDGETS)))
            .field(InputField.optional("pages", FieldType.LIST, "pages or routes the measurements concern, e.g. \"/checkout\""))
            .build();

    private static final JsonNode RECOMMENDATIONS = object(
            prop("recommendations", array(object(
                    prop("id", string("stable id, e.g. PERF-1")),
                    prop("title", string("the change in a few words")),
                    prop("metric", oneOf("the metric it targets", TARGETS)),
                    prop("problem", string("the measured problem it addresses, quoting the measured value and its source; "
                            + "or 'not measured' and the hypothesis")),
                    prop("location", string("file:line read in the code analysis")),
                    prop("change", string("what to change and how")),
                    prop("expected_effect_estimate", string("the expected effect on the metric, an estimate, e.g. "
                            + "'LCP about -600 ms (estimate)'; never presented as measured")),
                    prop("basis", string("what the estimate rests on (the measured value, the bytes saved, the reasoning)")),
                    prop("verify_by", string("the measurement that will confirm it (Lighthouse run, Web Vitals p75, bundle stats)")),
                    prop("effort", oneOf("effort", "S", "M", "L")),
                    prop("priority", oneOf("priority", "high", "medium", "low"))))));

    /** True when the input gives a Lighthouse report, Web Vitals or bundle stats. */
    static final Condition MEASURED = Condition.of("input.lighthouse_report, input.web_vitals or input.bundle_stats is given",
            s -> PerformanceMeasurements.given(s.input()));

    private PerformanceAuditRecipe() {
    }

    @Override public String id() { return "performance-audit"; }
    @Override public String name() { return "Performance Audit"; }
    @Override public String description() {
        return "Audit a web application's performance from measured metrics (Lighthouse, Web Vitals, bundle size): the causes in the code and estimated-effect recommendations";
    }
    @Override public List<SquadId> squads() { return List.of(SquadId.PERFORMANCE); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).nonBlankStrings("pages", false);
        if (input.path("workspace").asText("").isBlank()) {
            c.problem("input.workspace", "must name the repository's directory, was blank");
            return c.problems();
        }
        c.directory("workspace");
        PerformanceMeasurements.check(input, c);
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var outline = Steps.task("workspace-outline", "list the files of the workspace for the performance engineer",
                ctx -> SourceSummary.tree(Path.of(ctx.inputText("workspace"))));
        var measurements = Steps.task("measurements", "read the Lighthouse report, Web Vitals and bundle stats given and "
                + "compare them with the budgets and the Core Web Vitals thresholds (plain Java)",
                ctx -> PerformanceMeasurements.measure(ctx.input()));
        var analysis = Steps.when("code-analysis", MEASURED,
                        Steps.agent("analyse-measured", kit.codeReader(Roles.PERFORMANCE_ENGINEER)).squad("performance")
                                .prompt(prompts.get("analyse-measured")))
                .otherwise(Steps.agent("analyse-unmeasured", kit.codeReader(Roles.PERFORMANCE_ENGINEER)).squad("performance")
                        .prompt(prompts.get("analyse-unmeasured")));
        var recommendations = Steps.agent("recommendations", kit.json(Roles.PERFORMANCE_ENGINEER, "performance_recommendations",
                RECOMMENDATIONS)).squad("performance").prompt(prompts.get("recommendations"));
        var report = Steps.agent("audit-report", kit.text(Roles.PERFORMANCE_ENGINEER)).squad("performance")
                .prompt(prompts.get("audit-report"));
        var review = ReviewLoop.builder("audit-loop", GATE, Rubric.of(GATE), kit.config())
                .carry("audit-draft", "audit-report", Steps.agent("revised-audit-report", kit.text(Roles.PERFORMANCE_ENGINEER))
                        .squad("performance").prompt(prompts.get("revised-audit-report")))
                .review(Steps.agent("audit-review", kit.json(Roles.LOAD_TESTER, "performance_audit_review",
                        OutputSchemas.review(Rubric.of(GATE)))).squad("performance").prompt(prompts.get("audit-review")))
                .build();
        var audit = Steps.task("audit", "assemble performance/audit.md: the measurement table from the measurements only, "
                + "the reviewed report, the recommendations with their estimates labelled", PerformanceAuditRecipe::audit);

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(outline, measurements, analysis, recommendations, report, review, audit)
                .deliverable("audit", "audit")
                .deliverable("measurements", "measurements")
                .deliverable("code_analysis", "code-analysis")
                .deliverable("recommendations", "recommendations.recommendations")
                .deliverable("review", "audit-review")
                .build();
    }

    /** performance/audit.md: the Java measurement section, the report (model-written), the recommendations table. */
    static String audit(TaskContext ctx) {
        JsonNode m = ctx.json("measurements");
        StringBuilder md = new StringBuilder("# Performance audit\n\n");
        JsonNode pages = ctx.input().path("pages");
        if (pages.isArray() && !pages.isEmpty()) {
            md.append("Pages: ");
            for (int i = 0; i < pages.size(); i++) md.append(i == 0 ? "" : ", ").append('`').append(pages.get(i).asText()).append('`');
            md.append("\n\n");
        }
        md.append(PerformanceMeasurements.table(m));
        md.append("\n## Analysis\n\nWritten by the performance engineer and reviewed; only the values in the Measurements "
                + "section above are measurements, every other figure is an estimate.\n\n");
        String report = ctx.text("audit-draft").strip();
        List<String> unsupported = PerformanceMeasurements.unsupportedMeasuredFigures(report, m);
        if (!unsupported.isEmpty()) {
            md.append("> **Check:** the analysis calls these figures measured, but no measurement above has them: ")
                    .append(String.join(", ", unsupported)).append(". Treat them as estimates.\n\n");
        }
        md.append(demote(report)).append("\n\n## Recommendations\n\n");
        JsonNode recs = ctx.json("recommendations").path("recommendations");
        if (!recs.isArray() || recs.isEmpty()) {
            md.append("No recommendation.\n");
        } else {
            md.append("| Id | Recommendation | Metric | Location | Expected effect (estimate, not measured) | Verify by | Effort | Priority |\n")
                    .append("|---|---|---|---|---|---|---|---|\n");
            for (JsonNode r : recs) {
                md.append("| ").append(cell(r, "id")).append(" | ").append(cell(r, "title")).append(" | ").append(cell(r, "metric"))
                        .append(" | ").append(cell(r, "location")).append(" | estimate: ").append(cell(r, "expected_effect_estimate"))
                        .append(" | ").append(cell(r, "verify_by")).append(" | ").append(cell(r, "effort")).append(" | ")
                        .append(cell(r, "priority")).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String cell(JsonNode r, String field) {
        return r.path(field).asText("").replace("|", "\\|").replace("\n", " ").strip();
    }

    /** The report's headings one level down, under {@code ## Analysis}; a leading level-one title is dropped. */
    static String demote(String text) {
        StringBuilder b = new StringBuilder();
        boolean first = true;
        boolean fenced = false;
        for (String line : text.split("\n", -1)) {
            if (first && line.startsWith("# ")) {
                first = false;
                continue;
            }
            first = false;
            if (line.startsWith("```")) fenced = !fenced;
            b.append(!fenced && line.matches("#{1,5} .*") ? "#" + line : line).append('\n');
        }
        return b.toString().strip();
    }

    @Override
    public String notes() {
        return "An engineering-operations workflow, run on a repository: `workspace` is the application's directory, "
                + "which the performance engineer reads with the read-only workspace tools; nothing is written into it. "
                + "Unlike `performance-optimization` (targets and estimates), this audit starts from **measured** "
                + "metrics, read in plain Java before any model call: a Lighthouse JSON report (`lighthouse_report`: "
                + "the performance score and the audits largest-contentful-paint, cumulative-layout-shift, "
                + "total-blocking-time, interaction-to-next-paint, max-potential-fid, first-contentful-paint, "
                + "speed-index, server-response-time, with their units), measured `web_vitals` (lcp_ms, inp_ms, cls, "
                + "fcp_ms, ttfb_ms, range-checked) and `bundle_stats` (webpack `assets[{name, size}]`, an esbuild "
                + "metafile's `outputs{path: {bytes}}` or a plain `{asset: bytes}` object; source maps excluded). "
                + "Paths are relative to the workspace or absolute; a missing file, a file that is not JSON or not in "
                + "the expected format is an input error naming the field and the path. Each value is compared with "
                + "its `budgets` entry and the Core Web Vitals thresholds (good / needs improvement / poor) and marked "
                + "`measured` with its source, or `not measured` with how to measure it (`performance/measurements.json`). "
                + "With measurements, the engineer looks in the code for the causes of the measured problems, each at "
                + "a `file:line`; without any, the workflow takes the other branch: likely hotspots as hypotheses and "
                + "a measurement plan, and the audit states that nothing was measured. The recommendations each name "
                + "the metric they target and an expected effect labelled an estimate. The load tester reviews the "
                + "report against the `performance-audit` rubric (measurements honest, causes evidenced, "
                + "recommendations actionable, coverage); a rejected report is replaced by a complete revision "
                + "(bounded). `performance/audit.md` is assembled in Java: its measurement table comes from the "
                + "measurements only, never from a model's text, and a plain-Java check flags, above the analysis, any figure "
                + "(ms, s, KB, MB) the analysis calls measured that matches no measured value, budget or threshold.";
    }

    @Override
    public String reportNotice() {
        return "Only the values in the Measurements section of `performance/audit.md` (and `performance/measurements.json`) "
                + "were measured; every expected effect is an estimate. Re-run Lighthouse and the bundle build after each "
                + "change and re-run the audit with the new files to confirm them.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("audit", "the audit: the measurement table (from the measurements only, or a statement that nothing was "
                + "measured and what to measure), the reviewed analysis, the recommendations with their estimated effects "
                + "(performance/audit.md)");
        d.put("measurements", "{measured, sources, metrics: [{metric, label, status: measured|not measured, value, unit, "
                + "source, read_from, rating, threshold, budget, within_budget}], bundle, over_budget, poor, not_measured, "
                + "what_to_measure, brief, problems (the two texts the agents are given)}, computed in Java (performance/measurements.json)");
        d.put("code_analysis", "the causes of the measured problems in the code, each at a `file:line`; with nothing "
                + "measured, the likely hotspots as hypotheses and a measurement plan (performance/code-analysis.md)");
        d.put("recommendations", "[{id, title, metric, problem, location, change, expected_effect_estimate, basis, "
                + "verify_by, effort, priority}] (performance/recommendations.json)");
        d.put("review", "the load tester's last verdict against the performance-audit rubric (performance/review.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("audit", "performance/audit.md");
        f.put("measurements", "performance/measurements.json");
        f.put("code_analysis", "performance/code-analysis.md");
        f.put("recommendations", "performance/recommendations.json");
        f.put("review", "performance/review.json");
        return f;
    }
}
