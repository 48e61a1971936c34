package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.ExecutionPlan;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.tool.workspace.Workspace;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.internal.PerformanceAuditRecipe;
import dev.devora.orchestration.workflows.internal.PerformanceMeasurements;
import dev.devora.orchestration.workflows.internal.Rubric;
import dev.devora.orchestration.workflows.internal.StepPrompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Performance Audit: the measurements are read in Java from real-format files (a Lighthouse report, webpack and
 * esbuild stats) and are the only values the audit presents as measured; the performance engineer reads the
 * repository with the read-only tools; with nothing measured, the other branch says so and what to measure; bad
 * files are input errors before any call.
 */
class PerformanceAuditWorkflowTest {
    static final Path FIXTURES = Path.of("src/test/resources/performance-audit").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A measured input whose workspace is the fixtures' folder (for the catalogue-wide tests). */
    static Map<String, Object> input() {
        return map("workspace", FIXTURES.toString(), "lighthouse_report", "lighthouse.json", "bundle_stats", "esbuild-meta.json",
                "web_vitals", map("inp_ms", 310), "budgets", map("lcp_ms", 2500, "cls", 0.1, "bundle_kb", 250), "pages", List.of("/"));
    }

    /** A workspace with the fixtures copied under reports/ (paths given relative to it). */
    private Path workspace() throws IOException {
        Path ws = Files.createDirectories(tmp.resolve("shop"));
        Files.createDirectories(ws.resolve("reports"));
        Files.createDirectories(ws.resolve("src"));
        Files.writeString(ws.resolve("src/App.jsx"), "import hero from './hero.png';\nexport const App = () => <img src={hero} />;\n");
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path f : files.toList()) Files.copy(f, ws.resolve("reports").resolve(f.getFileName()));
        }
        return ws;
    }

    private static Map<String, Object> measured(Path ws) {
        return map("workspace", ws.toString(), "lighthouse_report", "reports/lighthouse.json",
                "bundle_stats", "reports/webpack-stats.json", "web_vitals", map("lcp_ms", 3900, "ttfb_ms", 620),
                "budgets", map("lcp_ms", 2500, "cls", 0.1, "bundle_kb", 250), "pages", List.of("/"));
    }

    static PredefinedWorkflow onRepo(dev.devora.orchestration.llm.LlmProvider llm, Path repo) {
        PredefinedWorkflow base = Workflows.performanceAudit(llm).withEngine(Fixtures.ENGINE);
        AgentKit kit = new AgentKit(llm, WorkflowConfig.defaults()).withWorkspace(Workspace.readOnly(repo));
        return base.withDefinition(PerformanceAuditRecipe.INSTANCE.build(kit, base.definition().input()));
    }

    @Test
    void withMeasurements_theStepsRunInOrder_theEngineerAnalysesTheMeasuredProblems_andTheLoadTesterReviews() throws IOException {
        Path ws = workspace();
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow wf = onRepo(llm, ws);
        WorkflowResult result = wf.run(InputSpec.toJson(measured(ws)), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        List<String> order = Fixtures.startedSteps(events, "agent", "task");
        assertThat(order).containsSubsequence("workspace-outline", "measurements", "analyse-measured", "recommendations",
                "audit-report", "audit-review", "audit").doesNotContain("analyse-unmeasured");
        assertThat(Fixtures.startedPaths(events, "agent")).contains("code-analysis/analyse-measured",
                "audit-loop/audit-loop-round/audit-review");
        assertThat(Fixtures.skipped(events)).isEmpty();
        assertThat(Fixtures.agents(llm)).containsOnly("performance-engineer", "load-tester");
        assertThat(llm.requestsForStep("audit-review")).allSatisfy(r -> assertThat(r.attribute(LlmRequest.AGENT)).isEqualTo("load-tester"));

        String analysis = llm.requestsForStep("analyse-measured").get(0).lastUserText();
        assertThat(analysis).contains("- lighthouse_report = reports/lighthouse.json (Lighthouse 12.2.1 report (lab) of https://shop.example.test/, mobile, fetched 2026-11-30T09:12:44.512Z)",
                        "- bundle_stats = reports/webpack-stats.json (webpack stats)", "- web_vitals (measured Web Vitals given in the input (field))",
                        "- lcp_ms 4712 ms [lighthouse_report]: poor, over budget 2500 ms", "- lcp_ms 3900 ms [web_vitals]: needs improvement, over budget 2500 ms",
                        "- ttfb_ms 413 ms [lighthouse_report]: good", "- bundle_kb 451 KB [bundle_stats]: no threshold, over budget 250 KB",
                        "Not measured: inp_ms");
        String problems = llm.requestsForStep("audit-report").get(0).lastUserText();
        assertThat(problems).contains("- tbt_ms 742 ms [lighthouse_report]: poor", "- cls 0.183 [lighthouse_report]: needs improvement, over budget 0.1")
                .doesNotContain("ttfb_ms");
        assertThat(llm.requestsForStep("recommendations").get(0).lastUserText()).contains("- lcp_ms 4712 ms [lighthouse_report]: poor");
        assertThat(llm.requestsForStep("analyse-measured").get(0).tools()).extracting(t -> t.name()).contains("read_file", "search_text")
                .doesNotContain("write_file", "apply_patch");
        assertThat(llm.requestsForStep("recommendations").get(0).responseFormat().schema()
                .path("properties").path("recommendations").path("items").path("properties").has("expected_effect_estimate")).isTrue();

        ExecutionPlan plan = wf.plan(measured(ws));
        assertThat(plan.calls()).extracting(c -> c.path()).contains("code-analysis/analyse-measured")
                .doesNotContain("code-analysis/analyse-unmeasured");
    }

    @Test
    void theMeasurementTable_comesFromTheFilesOnly_neverFromTheModelsText() throws Exception {
        Path ws = workspace();
        String fakeReport = "## Summary\nWe measured LCP 1234 ms and a bundle of 99 KB. MODEL-REPORT\n\n"
                + "## Measurements\n| Metric | Value |\n|---|---|\n| LCP | 1234 ms |\n";
        String recs = "{\"recommendations\": [{\"id\": \"PERF-1\", \"title\": \"Preload the hero image\", \"metric\": \"lcp_ms\", "
                + "\"problem\": \"LCP 4712 ms (lighthouse_report)\", \"location\": \"src/App.jsx:2\", \"change\": \"add fetchpriority=high\", "
                + "\"expected_effect_estimate\": \"LCP about -800 ms\", \"basis\": \"hero is the LCP element\", "
                + "\"verify_by\": \"a Lighthouse run\", \"effort\": \"S\", \"priority\": \"high\"}]}";
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("audit-report").reply(fakeReport)
                .whenStep("recommendations").reply(recs));
        PredefinedWorkflow wf = onRepo(llm, ws);
        WorkflowResult result = wf.run(InputSpec.toJson(measured(ws)));
        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);

        Map<String, String> files = wf.deliverableFiles(result);
        String audit = files.get("performance/audit.md");
        String measurementsSection = audit.substring(audit.indexOf("## Measurements"), audit.indexOf("## Analysis"));
        assertThat(measurementsSection)
                .contains("| Largest Contentful Paint | 4712 ms | measured | lighthouse_report: reports/lighthouse.json | poor",
                        "| Largest Contentful Paint | 3900 ms | measured | web_vitals (input) | needs improvement",
                        "| Cumulative Layout Shift | 0.183 | measured | lighthouse_report: reports/lighthouse.json",
                        "| Bundle size (all assets, source maps excluded) | 451 KB | measured | bundle_stats: reports/webpack-stats.json",
                        "250 KB ✗ over", "`main.4f3a9c.js`: 281 KB", "Not measured: Interaction to Next Paint.",
                        "- Interaction to Next Paint: field: the `web-vitals` library's onINP")
                .doesNotContain("1234", "99 KB", "MODEL-REPORT", "main.4f3a9c.js.map");
        String analysis = audit.substring(audit.indexOf("## Analysis"));
        assertThat(analysis).contains("MODEL-REPORT", "every other figure is an estimate", "### Measurements",
                "> **Check:** the analysis calls these figures measured, but no measurement above has them: 1234 ms, 99 KB.");
        assertThat(audit).contains("| PERF-1 | Preload the hero image | lcp_ms | src/App.jsx:2 | estimate: LCP about -800 ms |",
                "Expected effect (estimate, not measured)");

        JsonNode written = JSON.readTree(files.get("performance/measurements.json"));
        assertThat(written).isEqualTo(JSON.readTree(PerformanceMeasurements.measure(InputSpec.toJson(measured(ws))).toString()));
        ScriptedLlmProvider other = Fixtures.approving(b -> b.whenStep("analyse-measured").reply("## Causes\nLCP is 10 ms"));
        PredefinedWorkflow wf2 = onRepo(other, ws);
        assertThat(JSON.readTree(wf2.deliverableFiles(wf2.run(InputSpec.toJson(measured(ws)))).get("performance/measurements.json")))
                .as("the measurements do not depend on any model answer").isEqualTo(written);
    }

    @Test
    void withNothingMeasured_theOtherBranchRuns_andTheAuditSaysNothingWasMeasured_andWhatToMeasure() throws IOException {
        Path ws = workspace();
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow wf = onRepo(llm, ws);
        Map<String, Object> in = map("workspace", ws.toString(), "web_vitals", map());
        WorkflowResult result = wf.run(InputSpec.toJson(in), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("analyse-measured")).isEmpty();
        String prompt = llm.requestsForStep("analyse-unmeasured").get(0).lastUserText();
        assertThat(prompt).contains("Nothing was measured", "npx lighthouse", "webpack --json").doesNotContain("Budgets:");
        Map<String, String> files = wf.deliverableFiles(result);
        String audit = files.get("performance/audit.md");
        assertThat(audit).contains("**Nothing was measured**", "What to measure:", "- Lighthouse performance score: Lighthouse",
                        "- Bundle size (all assets, source maps excluded): bundle stats")
                .doesNotContain("| measured |");
        JsonNode m = JSON.readTree(files.get("performance/measurements.json"));
        assertThat(m.path("measured").asBoolean()).isFalse();
        assertThat(m.path("metrics")).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("not measured"));
        assertThat(m.path("not_measured")).hasSize(10);
        assertThat(wf.plan(in).calls()).extracting(c -> c.path()).contains("code-analysis/analyse-unmeasured")
                .doesNotContain("code-analysis/analyse-measured");
        assertThat(Workflows.catalog().workflow("performance-audit").mermaid())
                .contains("input.lighthouse_report, input.web_vitals or input.bundle_stats is given", "analyse-measured", "analyse-unmeasured");
    }

    @Test
    void theBundleFormats_webpackEsbuildAndPlain_areSummed_sourceMapsExcluded_againstTheBudget() throws Exception {
        Path ws = workspace();
        JsonNode webpack = PerformanceMeasurements.measure(InputSpec.toJson(map("workspace", ws.toString(),
                "bundle_stats", "reports/webpack-stats.json", "budgets", map("bundle_kb", 500))));
        assertThat(webpack.path("bundle").path("format").asText()).isEqualTo("webpack stats");
        assertThat(webpack.path("bundle").path("total_bytes").asLong()).isEqualTo(287744 + 112640 + 40960 + 20480);
        assertThat(webpack.path("bundle").path("js_kb").asDouble()).isEqualTo(391.0);
        assertThat(webpack.path("bundle").path("assets").asInt()).isEqualTo(4);
        assertThat(webpack.path("bundle").path("largest").get(0).path("name").asText()).isEqualTo("main.4f3a9c.js");
        JsonNode row = row(webpack, "bundle_kb");
        assertThat(row.path("within_budget").asBoolean()).isTrue();
        assertThat(row.path("value").asDouble()).isEqualTo(451.0);

        JsonNode esbuild = PerformanceMeasurements.measure(InputSpec.toJson(map("workspace", ws.toString(),
                "bundle_stats", FIXTURES.resolve("esbuild-meta.json").toString(), "budgets", map("bundle_kb", 50))));
        assertThat(esbuild.path("bundle").path("format").asText()).isEqualTo("esbuild metafile");
        assertThat(esbuild.path("bundle").path("total_kb").asDouble()).isEqualTo(80.0);
        assertThat(row(esbuild, "bundle_kb").path("within_budget").asBoolean()).isFalse();
        assertThat(esbuild.path("over_budget").get(0).asText()).startsWith("bundle_kb 80 KB > budget 50 KB");

        JsonNode plain = PerformanceMeasurements.measure(InputSpec.toJson(map("workspace", ws.toString(), "bundle_stats", "reports/assets.json")));
        assertThat(plain.path("bundle").path("total_kb").asDouble()).isEqualTo(60.0);
        assertThat(row(plain, "bundle_kb").path("budget").isNull()).isTrue();
        assertThat(row(plain, "lcp_ms").path("status").asText()).isEqualTo("not measured");

        JsonNode lh = PerformanceMeasurements.measure(InputSpec.toJson(map("workspace", ws.toString(), "lighthouse_report", "reports/lighthouse.json")));
        assertThat(row(lh, "performance_score").path("value").asDouble()).isEqualTo(47.0);
        assertThat(row(lh, "performance_score").path("rating").asText()).isEqualTo("poor");
        assertThat(row(lh, "ttfb_ms").path("value").asDouble()).isEqualTo(413.0);
        assertThat(row(lh, "ttfb_ms").path("rating").asText()).isEqualTo("good");
        assertThat(row(lh, "cls").path("read_from").asText()).isEqualTo("audits.cumulative-layout-shift.numericValue");
        assertThat(row(lh, "inp_ms").path("status").asText()).as("a navigation report has no INP").isEqualTo("not measured");
        assertThat(row(lh, "max_potential_fid_ms").path("value").asDouble()).isEqualTo(318.0);
    }

    @Test
    void figuresCalledMeasured_areCheckedAgainstTheMeasurements_secondsAndMegabytesIncluded() throws Exception {
        Path ws = workspace();
        JsonNode m = PerformanceMeasurements.measure(InputSpec.toJson(measured(ws)));
        String report = String.join("\n",
                "LCP 4.7 s (measured, lighthouse_report) and 4,712 ms in the lab.",
                "Measured TBT 742 ms, above the 600 ms poor threshold.",
                "The bundle measured 0.44 MB (451 KB), over the 250 KB budget.",
                "INP was not measured: about 300 ms expected (estimate).",
                "An LCP of 2.1 s would follow (estimate).",
                "We measured INP at 120 ms and TTFB at 9 s.");
        assertThat(PerformanceMeasurements.unsupportedMeasuredFigures(report, m)).containsExactly("120 ms", "9 s");
        assertThat(PerformanceMeasurements.unsupportedMeasuredFigures("LCP 4712 ms, measured", m)).isEmpty();
    }

    private static JsonNode row(JsonNode measurements, String metric) {
        for (JsonNode r : measurements.path("metrics")) if (r.path("metric").asText().equals(metric)) return r;
        throw new AssertionError("no row " + metric);
    }

    @Test
    void badFilesAndValues_areInputErrors_namingTheFieldAndThePath_beforeAnyCall() throws IOException {
        Path ws = workspace();
        ScriptedLlmProvider llm = Fixtures.approving();
        PredefinedWorkflow wf = onRepo(llm, ws);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("reports/missing.json", "input.lighthouse_report: no such file, was \"reports/missing.json\" (" + ws.resolve("reports/missing.json") + ")");
        cases.put("reports/truncated.json", "input.lighthouse_report: is not JSON (");
        cases.put("reports/package.json", "input.lighthouse_report: is not a Lighthouse report (a JSON object with `categories` and `audits`), was \"reports/package.json\"");
        cases.put("reports/no-performance.json", "input.lighthouse_report: is a Lighthouse report without a performance score or any of the audits read");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertThatThrownBy(() -> wf.run(map("workspace", ws.toString(), "lighthouse_report", c.getKey())))
                    .as(c.getKey()).isInstanceOf(InputValidationException.class).hasMessageContaining(c.getValue());
        }
        assertThatThrownBy(() -> wf.run(map("workspace", ws.toString(), "bundle_stats", "reports/package.json")))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.bundle_stats: is not bundle stats (webpack `assets[{name, size}]`, esbuild metafile")
                .hasMessageContaining("was \"reports/package.json\"");
        assertThatThrownBy(() -> wf.run(map("workspace", ws.toString(), "bundle_stats", "reports/lighthouse.json")))
                .isInstanceOf(InputValidationException.class).hasMessageContaining("input.bundle_stats: is not bundle stats");
        assertThatThrownBy(() -> wf.run(map("workspace", ws.toString(), "web_vitals", map("lcp_ms", -5, "cls", "low", "fid_ms", 20),
                "budgets", map("speed", 3, "performance_score", 120))))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.web_vitals.lcp_ms: must be between 0 and 600000, was -5")
                .hasMessageContaining("input.web_vitals.cls: must be a number, was \"low\"")
                .hasMessageContaining("input.web_vitals.fid_ms: is not a measured Web Vital read")
                .hasMessageContaining("input.budgets.speed: is not a known metric")
                .hasMessageContaining("input.budgets.performance_score: must be ≤ 100, was 120");
        assertThatThrownBy(() -> wf.run(map("workspace", tmp.resolve("nowhere").toString())))
                .isInstanceOf(InputValidationException.class).hasMessageContaining("input.workspace: is not a readable directory");
        assertThatThrownBy(() -> wf.run(map("workspace", " "))).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: must name the repository's directory, was blank");
        assertThat(llm.callCount()).isZero();
    }

    @Test
    void aRejectedReport_isRevisedFromTheCurrentVersion_andTheAuditHoldsTheLastRevision() throws IOException {
        Path ws = workspace();
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("audit-review").answer(Fixtures.verdicts(REJECTED, APPROVED))
                .whenStep("audit-report").reply("## Summary\nAUDIT-V1")
                .whenStep("revised-audit-report").reply("## Summary\nAUDIT-V2"));
        PredefinedWorkflow wf = onRepo(llm, ws);
        WorkflowResult result = wf.run(InputSpec.toJson(measured(ws)));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("revised-audit-report")).singleElement()
                .satisfies(r -> assertThat(r.lastUserText()).contains("AUDIT-V1", "Protect POST /tasks", "4712"));
        LlmRequest review = llm.requestsForStep("audit-review").get(1);
        assertThat(review.lastUserText()).contains("AUDIT-V2").doesNotContain("AUDIT-V1");
        for (Rubric.Criterion c : Rubric.of("performance-audit").criteria()) {
            assertThat(review.lastUserText()).contains("- " + c.id() + " (weight ");
        }
        assertThat(wf.deliverableFiles(result).get("performance/audit.md")).contains("AUDIT-V2").doesNotContain("AUDIT-V1");
    }

    @Test
    void layout_theFivePerformanceFiles_andTheAccountingAddsUp() throws IOException {
        Path ws = workspace();
        ScriptedLlmProvider llm = Fixtures.approving();
        PredefinedWorkflow wf = onRepo(llm, ws);
        WorkflowResult result = wf.run(InputSpec.toJson(measured(ws)));
        assertThat(wf.deliverableFiles(result).keySet()).containsExactlyInAnyOrder("performance/audit.md",
                "performance/measurements.json", "performance/code-analysis.md", "performance/recommendations.json",
                "performance/review.json");

        assertThat(result.metrics().squads().keySet()).containsExactly("performance");
        assertThat(result.metrics().llmCalls()).isEqualTo(llm.callCount()).isEqualTo(4);
        long prompt = llm.requests().stream().mapToLong(r -> r.messages().stream().mapToLong(m -> m.content().length()).sum() / 4 + 1).sum();
        assertThat(result.metrics().usage().promptTokens()).isEqualTo(prompt);
        assertThat(result.metrics().squads().get("performance").usage().totalTokens()).isEqualTo(result.metrics().usage().totalTokens());
    }

    @Test
    void onThisRepository_theEngineerReadsTheRealCode_withTheRealFixtureReport_andNoFileChanges() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("orchestration-core")).isDirectory();
        String before = treeHash(root);
        String recipe = "orchestration-workflows/src/main/java/dev/devora/orchestration/workflows/internal/PerformanceMeasurements.java";
        ToolCallingScript llm = new ToolCallingScript(Fixtures.approving(), "analyse-measured", List.of(
                List.of(new ToolCall("s1", "search_text", "{\"pattern\": \"class PerformanceMeasurements\"}")),
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"" + recipe + "\", \"fromLine\": 1, \"toLine\": 3}"),
                        new ToolCall("w1", "write_file", "{\"path\": \"HACKED.md\", \"content\": \"x\"}"))));
        Map<String, Object> in = map("workspace", root.toString(),
                "lighthouse_report", "orchestration-workflows/src/test/resources/performance-audit/lighthouse.json",
                "bundle_stats", FIXTURES.resolve("esbuild-meta.json").toString());

        PredefinedWorkflow wf = onRepo(llm, root);
        WorkflowResult result = wf.run(InputSpec.toJson(in));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        List<LlmRequest> reader = llm.requestsForStep("analyse-measured");
        assertThat(reader).hasSize(3);
        assertThat(reader.get(0).messages().get(1).content()).contains("orchestration-workflows/", "pom.xml", "4712");
        assertThat(ToolCallingScript.toolResults(reader.get(1)).get(0).content()).contains("PerformanceMeasurements.java:");
        List<LlmMessage> read = ToolCallingScript.toolResults(reader.get(2));
        assertThat(read.get(1).content()).contains("package dev.devora.orchestration.workflows.internal;");
        assertThat(read.get(2).content()).doesNotContain("written");
        assertThat(llm.requestsForStep("recommendations")).allSatisfy(r -> assertThat(r.tools()).isEmpty());
        assertThat(wf.deliverableFiles(result).get("performance/audit.md"))
                .contains("lighthouse_report: orchestration-workflows/src/test/resources/performance-audit/lighthouse.json", "80 KB");
        assertThat(root.resolve("HACKED.md")).doesNotExist();
        assertThat(treeHash(root)).as("the repository is unchanged").isEqualTo(before);
    }

    @Test
    void everyStepPrompt_endsWithTheFormatOfItsAnswer_andAnAuditTaskIsSuggestedThisWorkflow() {
        StepPrompts prompts = StepPrompts.of("performance-audit");
        assertThat(prompts.stepIds()).containsExactlyInAnyOrder("analyse-measured", "analyse-unmeasured", "recommendations",
                "audit-report", "revised-audit-report", "audit-review");
        for (String step : prompts.stepIds()) {
            String prompt = prompts.get(step).strip();
            assertThat(prompt.substring(prompt.lastIndexOf("\n\n") + 2)).as(step).startsWith("Output: ");
        }
        assertThat(Workflows.catalog().suggest("Run a Lighthouse performance audit: our LCP and bundle size are too high").id())
                .isEqualTo("performance-audit");
    }

    @Test
    void theTypedInput_isAcceptedByTheWorkflow() throws IOException {
        Path ws = workspace();
        var typed = new PerformanceAuditInput(ws.toString(), "reports/lighthouse.json",
                new PerformanceAuditInput.WebVitals(3100.0, 260.0, 0.18, null, 650.0), "reports/esbuild-meta.json",
                new PerformanceAuditInput.Budgets(90.0, 2500.0, 200.0, null, 0.1, null, null, null, null, 250.0), List.of("/"));
        PredefinedWorkflow wf = onRepo(Fixtures.approving(), ws);
        assertThat(typed.validate()).isEmpty();
        assertThat(wf.validate(typed.toJson())).isEmpty();
        assertThat(typed.toJson().path("web_vitals").path("lcp_ms").asDouble()).isEqualTo(3100.0);
        assertThat(typed.toJson().path("budgets").has("bundle_kb")).isTrue();
        assertThat(typed.toJson().path("budgets").has("tbt_ms")).as("nulls are omitted").isFalse();
    }

    /** A hash of every file under root except build output and the Git directory. */
    static String treeHash(Path root) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).filter(p -> {
                Path rel = root.relativize(p);
                for (Path part : rel) if (part.toString().equals("target") || part.toString().equals(".git")) return false;
                return true;
            }).forEach(p -> files.put(root.relativize(p).toString(), p));
        }
        for (Map.Entry<String, Path> f : files.entrySet()) {
            sha.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(f.getValue()));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
