package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.internal.RunReportMarkdown;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code reportMarkdown(result, context)}: the run's REPORT.md, section by section. */
class ReportMarkdownTest {
    private static final Instant STARTED = Instant.parse("2026-12-02T10:00:00Z");
    private static final ReportContext REAL = new ReportContext(STARTED, STARTED.plusSeconds(75), false);

    @Test
    void aSecurityAudit_withAGateFailedThenPassed_andFindings_showsEverySection() {
        String none = "{\"summary\": \"nothing found\", \"findings\": []}";
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("consolidated").reply(SecurityAuditWorkflowTest.FINDINGS)
                .whenStep("code-findings").reply(none).whenStep("api-findings").reply(none).whenStep("infra-findings").reply(none)
                .whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, APPROVED))
                .whenStep("revised-plan").reply("{\"items\": [], \"quick_wins\": [\"block public access\"], \"roadmap\": \"revised\"}"));
        PredefinedWorkflow audit = Fixtures.workflow("security-audit", llm);
        WorkflowResult result = audit.run(InputSpec.toJson(SecurityAuditWorkflowTest.input(List.of("code", "api", "infrastructure"))));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);

        String md = audit.reportMarkdown(result, REAL);

        assertThat(headings(md)).containsExactly("# Security Audit: run report", "## What was done", "## Quality gates",
                "## Findings", "## Cost", "## Deliverables", "## What to do next");
        assertThat(md).contains("**Status: SUCCEEDED** · run `" + result.runId() + "` · started 2026-12-02T10:00:00Z"
                + " · finished 2026-12-02T10:01:15Z · took ").doesNotContain("Offline run");
        assertThat(section(md, "What was done")).contains("| step | agent | model | status | time |")
                .contains("| consolidated | ").contains("| audits/code-audit/code-findings | ")
                .contains("| signoff-loop/signoff-loop-round/signoff | qa-lead | ");
        String gates = section(md, "Quality gates");
        assertThat(gates).contains("| gate | step | attempts | scores | threshold | result |")
                .containsPattern("\\| 2 \\| 40 → 95 \\| \\d+ \\| passed \\|")
                .doesNotContain("Failed checks of the last attempt"); // the last attempt passed
        String findings = section(md, "Findings");
        assertThat(findings).contains("| severity | critical | high | medium | low | info |").contains("| count | 1 | 0 | 1 | 0 | 0 |")
                .contains("| critical | SEC-A-001 | BOLA on /tasks/{id} | GET /tasks/{id} |").doesNotContain("SEC-I-001");
        assertThat(section(md, "Cost")).containsPattern("\\d+ model calls · [\\d,]+ tokens in, [\\d,]+ tokens out · ");
        String deliverables = section(md, "Deliverables");
        for (String f : audit.deliverableFiles(result).keySet()) assertThat(deliverables).contains(f.contains("/") ? f.substring(f.indexOf('/') + 1) : f);
        assertThat(section(md, "What to do next")).contains("1. Fix the 1 critical and 0 high findings first: SEC-A-001.")
                .doesNotContain(RunReportMarkdown.NOTHING_TO_FIX);
    }

    @Test
    void aGateEndingBelowItsThreshold_namesTheGateAndItsFailedChecks_asNextSteps() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("target-check").reply(PerformanceWorkflowTest.TOO_SLOW));
        PredefinedWorkflow perf = Fixtures.workflow("performance-optimization", llm);
        WorkflowResult result = perf.run(InputSpec.toJson(PerformanceWorkflowTest.input()));
        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);

        String md = perf.reportMarkdown(result, REAL);

        assertThat(section(md, "Quality gates")).contains("**below threshold**").contains("Failed checks of the last attempt of `")
                .contains("`response_time_p95` ");
        assertThat(section(md, "What to do next")).containsPattern("1\\. Gate `[^`]+` at \\S+ ended at \\d+ < \\d+ after \\d+ attempts: address `response_time_p95` ")
                .doesNotContain(RunReportMarkdown.NOTHING_TO_FIX).doesNotContain("Check the warning at");
    }

    @Test
    void aFailedRun_listsItsErrors_andWhatToDoNext() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("consolidated").failAlways(ProviderErrorKind.AUTHENTICATION));
        PredefinedWorkflow audit = Fixtures.workflow("security-audit", llm);
        WorkflowResult result = audit.run(InputSpec.toJson(SecurityAuditWorkflowTest.input(List.of("code"))));
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);

        String md = audit.reportMarkdown(result, REAL);

        assertThat(md).contains("**Status: FAILED**");
        assertThat(headings(md)).contains("## Errors").endsWith("## Errors", "## What to do next");
        assertThat(section(md, "Errors")).contains("- `consolidated` — authentication (ProviderException): Step 'consolidated' failed");
        assertThat(section(md, "What was done")).contains("| consolidated | ").contains(" | failed | ");
        assertThat(section(md, "What to do next")).contains("1. Step `consolidated` failed (authentication): ")
                .contains("Fix the cause, then resume or run again.").doesNotContain(RunReportMarkdown.NOTHING_TO_FIX);
    }

    @Test
    void anOfflineRun_saysSo_andTheCostsAreSimulated() {
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", Fixtures.approving());
        WorkflowResult result = docs.run(InputSpec.toJson(DocumentationWorkflowTest.input(List.of("readme"))));

        String md = docs.reportMarkdown(result, new ReportContext(null, null, true));

        assertThat(md).contains("> Offline run: no model was called. The content is simulated placeholder text and the costs are fake.")
                .doesNotContain("started ");
        assertThat(section(md, "Cost")).contains("(simulated: fake)");
        assertThat(section(md, "What to do next")).contains("1. " + RunReportMarkdown.NOTHING_TO_FIX)
                .contains("2. Run it with a real model to get real content and costs.");
        assertThat(headings(md)).doesNotContain("## Errors", "## Notes");
    }

    @Test
    void theRecipesNotice_isPrintedUnderNotes_andManyFiles_areGroupedByTopFolder() {
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", Fixtures.approving());
        WorkflowResult result = docs.run(InputSpec.toJson(DocumentationWorkflowTest.input(List.of("readme"))));
        Map<String, String> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20; i++) many.put("x" + i, "x" + i);
        String flat = RunReportMarkdown.render(result, REAL, "Docs", Map.of(), "The gains are estimates: measure them.");

        assertThat(headings(flat)).endsWith("## Notes");
        assertThat(section(flat, "Notes")).isEqualTo("The gains are estimates: measure them.");
        assertThat(flat).contains("\n1. " + RunReportMarkdown.NOTHING_TO_FIX);
        WorkflowResult big = new WorkflowResult(result.runId(), result.workflowId(), result.status(), result.input(),
                result.outputs(), bigTree(), result.gateHistory(), result.warnings(), null, result.metrics());
        String grouped = RunReportMarkdown.render(big, REAL, "Docs", Map.of(), "");
        assertThat(section(grouped, "Deliverables")).contains("20 files").contains("- `src/` (19 files): ").contains(", …")
                .contains("- `README.md`").doesNotContain("src/f18");
    }

    @Test
    void aWarning_isANextStep() {
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", Fixtures.approving());
        WorkflowResult result = docs.run(InputSpec.toJson(DocumentationWorkflowTest.input(List.of("readme"))));
        WorkflowResult warned = new WorkflowResult(result.runId(), result.workflowId(), result.status(), result.input(),
                result.outputs(), result.deliverables(), result.gateHistory(),
                List.of(new dev.devora.orchestration.engine.RunWarning("readme", "{{api}} has no value.")), null, result.metrics());

        String md = RunReportMarkdown.render(warned, REAL, "Docs", Map.of(), "");

        assertThat(section(md, "What to do next")).isEqualTo("1. Check the warning at `readme`: {{api}} has no value.");
    }

    private static com.fasterxml.jackson.databind.JsonNode bigTree() {
        com.fasterxml.jackson.databind.node.ObjectNode d = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        d.put("README", "# readme");
        com.fasterxml.jackson.databind.node.ArrayNode files = d.putArray("files");
        for (int i = 0; i < 19; i++) files.addObject().put("path", "src/f" + i + ".py").put("language", "python").put("content", "x = " + i);
        return d;
    }

    static List<String> headings(String md) {
        List<String> h = new ArrayList<>();
        for (String line : md.split("\n")) if (line.startsWith("# ") || line.startsWith("## ")) h.add(line);
        return h;
    }

    /** The text under {@code ## name}, up to the next {@code ## } heading, trimmed. */
    static String section(String md, String name) {
        int start = md.indexOf("\n## " + name + "\n");
        assertThat(start).as("section %s in:\n%s", name, md).isNotNegative();
        int from = start + name.length() + 5;
        int end = md.indexOf("\n## ", from);
        return md.substring(from, end < 0 ? md.length() : end).strip();
    }
}
