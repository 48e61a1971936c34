package dev.devora.orchestration.workflows;

import dev.devora.orchestration.OutputTruncatedException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.internal.Rubric;
import dev.devora.orchestration.workflows.internal.StepPrompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessibilityWorkflowTest {
    /** Captures the warnings these runs log (loops at their bound, scripted answers without a referenced field). */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    static Map<String, Object> input() {
        return map("product_name", "TaskMaster", "pages", List.of("/login", "/board: kanban drag and drop"),
                "tech_stack", List.of("React"), "markup_samples", List.of("<div onclick=\"save()\">Save</div>"));
    }

    @Test
    void audit_thenFixesAndTestsInParallel_thenVerification_thenStatement() {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("accessibility-compliance", llm).run(InputSpec.toJson(input()), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedPaths(events, "agent")).containsExactlyInAnyOrder("audit", "remediation/fixes",
                "remediation/a11y-tests", "verification-loop/verification-loop-round/verification", "conformance-statement");
        assertThat(llm.requestsForStep("audit").get(0).lastUserText()).contains("WCAG 2.2 level AA", "<div onclick");
        assertThat(result.deliverables().path("fixes").path("files").isArray()).isTrue();
        assertThat(result.deliverables().path("testing").path("test_suites").isArray()).isTrue();
        assertThat(result.deliverables().path("conformance_statement").isTextual()).isTrue();
    }

    static final String FINDINGS = "{\"summary\": \"one barrier\", \"findings\": [{\"id\": \"A11Y-001\", \"title\": \"Save is a div\", "
            + "\"category\": \"2.1.1 Keyboard\", \"severity\": \"high\", \"location\": \"src/Board.tsx:12\", \"evidence\": \"<div onclick>\", "
            + "\"impact\": \"keyboard users cannot save\", \"remediation\": \"use a button\", \"effort\": \"S\"}]}";

    static String fixes(String version) {
        return "{\"files\": [{\"path\": \"src/Board.tsx\", \"language\": \"tsx\", \"content\": \"<button>Save</button> // FIX-" + version + "\"}], "
                + "\"notes\": \"- A11Y-001: div replaced by a button in src/Board.tsx (NOTES-" + version + ")\"}";
    }

    static String tests(String version) {
        return "{\"files\": [{\"path\": \"tests/a11y/board.spec.ts\", \"language\": \"ts\", \"content\": \"test('A11Y-001') // TEST-" + version + "\"}]}";
    }

    static ScriptedLlmProvider scripted(java.util.function.UnaryOperator<ScriptedLlmProvider.Builder> first) {
        return Fixtures.approving(b -> first.apply(b).whenStep("audit").reply(FINDINGS)
                .whenStep("fixes").reply(fixes("V1")).whenStep("a11y-tests").reply(tests("V1")));
    }

    @Test
    void failedVerification_reworksTheCurrentFixesAndTests_andTheLastVersionIsWrittenAtItsRepositoryPaths() {
        ScriptedLlmProvider llm = scripted(b -> b.whenStep("verification").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED))
                .whenStep("refix").reply(fixes("V2"), fixes("V3"))
                .whenStep("retest").reply(tests("V2"), tests("V3")));
        PredefinedWorkflow w = Fixtures.workflow("accessibility-compliance", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input()));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.gateHistory()).extracting(g -> g.verdict().passed()).containsExactly(false, false, true);
        assertThat(llm.requestsForStep("refix")).extracting(LlmRequest::lastUserText).satisfiesExactly(
                round2 -> assertThat(round2).contains("FIX-V1", "NOTES-V1", "Protect POST /tasks", "Save is a div"),
                round3 -> assertThat(round3).contains("FIX-V2", "NOTES-V2").doesNotContain("FIX-V1"));
        assertThat(llm.requestsForStep("retest")).extracting(LlmRequest::lastUserText).satisfiesExactly(
                round2 -> assertThat(round2).contains("TEST-V1"),
                round3 -> assertThat(round3).contains("TEST-V2").doesNotContain("TEST-V1"));
        assertThat(llm.requestsForStep("verification").get(2).lastUserText()).contains("FIX-V3", "TEST-V3").doesNotContain("FIX-V2");
        Map<String, String> files = w.deliverableFiles(result);
        assertThat(files.get("src/Board.tsx")).endsWith("FIX-V3");
        assertThat(files.get("tests/a11y/board.spec.ts")).endsWith("TEST-V3");
        assertThat(files.get("accessibility/fixes.md")).contains("NOTES-V3");
    }

    @Test
    void verification_readsTheFindingsTheCurrentFixesAndTests_andScoresTheWcagRubric() {
        ScriptedLlmProvider llm = scripted(b -> b);
        Fixtures.workflow("accessibility-compliance", llm).run(InputSpec.toJson(input()));

        LlmRequest verification = llm.requestsForStep("verification").get(0);
        assertThat(verification.lastUserText()).contains("Save is a div", "FIX-V1", "NOTES-V1", "TEST-V1", "WCAG 2.2 level AA",
                "Pass mark: 80/100");
        for (Rubric.Criterion c : Rubric.of("wcag-verification").criteria()) {
            assertThat(verification.lastUserText()).contains("- " + c.id() + " (weight ");
            assertThat(verification.responseFormat().schema().path("properties").path("criteria").path("properties").has(c.id())).isTrue();
        }
        assertThat(llm.requestsForStep("fixes").get(0).lastUserText()).as("the fixes see the markup they correct").contains("onclick", "Save</div>");
    }

    @Test
    void files_areOneSourceTree_findingsAndVerdictOneJsonEach_andTheStatement() {
        ScriptedLlmProvider llm = scripted(b -> b);
        PredefinedWorkflow w = Fixtures.workflow("accessibility-compliance", llm);
        Map<String, String> files = w.deliverableFiles(w.run(InputSpec.toJson(input())));

        assertThat(files).containsOnlyKeys("accessibility/findings.json", "accessibility/summary.md", "src/Board.tsx",
                "accessibility/fixes.md", "tests/a11y/board.spec.ts", "accessibility/review.json", "ACCESSIBILITY.md");
        assertThat(files.get("accessibility/findings.json")).startsWith("[").contains("A11Y-001");
        assertThat(files.get("accessibility/review.json")).contains("\"criteria\"", "\"findings_fixed\"");
    }

    @Test
    void verificationThatNeverPasses_isBounded() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("verification").answer(Fixtures.verdicts(REJECTED)));
        WorkflowResult result = Fixtures.workflow("accessibility-compliance", llm).run(InputSpec.toJson(input()));
        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(llm.requestsForStep("verification")).hasSize(3);
    }

    @Test
    void sourceCodePath_givesTheAuditTheFileTreeAndTheWorkspace_onlyWhenGiven(@org.junit.jupiter.api.io.TempDir java.nio.file.Path repo) throws Exception {
        java.nio.file.Files.writeString(repo.resolve("Login.tsx"), "<img src=\"logo.png\">");
        Map<String, Object> in = input();
        in.put("source_code_path", repo.toString());
        RecordingWorkflowListener with = new RecordingWorkflowListener();
        ScriptedLlmProvider llm = Fixtures.approving();
        Fixtures.workflow("accessibility-compliance", llm).run(InputSpec.toJson(in), with);
        assertThat(Fixtures.startedSteps(with, "task")).contains("source-tree").doesNotContain("no-source");
        assertThat(llm.requestsForStep("audit").get(0).lastUserText()).contains("Login.tsx").doesNotContain("<img src=\"logo.png\">");
        assertThat(llm.requestsForStep("audit").get(0).tools()).isNotEmpty();

        RecordingWorkflowListener without = new RecordingWorkflowListener();
        Fixtures.workflow("accessibility-compliance", Fixtures.approving()).run(InputSpec.toJson(input()), without);
        assertThat(Fixtures.startedSteps(without, "task")).contains("no-source").doesNotContain("source-tree", "source-summary");
    }

    @Test
    void levelAndPages_areValidated() {
        Map<String, Object> bad = input();
        bad.put("conformance_level", "AAAA");
        bad.put("pages", List.of());
        assertThatThrownBy(() -> Fixtures.workflow("accessibility-compliance", Fixtures.approving()).run(bad))
                .hasMessageContaining("input.conformance_level: must be one of [A, AA, AAA], was \"AAAA\"")
                .hasMessageContaining("input.pages: must have at least one item");
    }

    @Test
    void everyStepPrompt_endsWithTheFormatOfItsAnswer() {
        StepPrompts prompts = StepPrompts.of("accessibility-compliance");
        for (String step : prompts.stepIds()) {
            String prompt = prompts.get(step).strip();
            assertThat(prompt.substring(prompt.lastIndexOf("\n\n") + 2)).as(step).startsWith("Output: ");
        }
    }

    @Test
    void cutOffFixes_failTheRunNamingTheStep_whileACutOffStatementIsContinued() {
        ScriptedLlmProvider cutJson = scripted(b -> b.whenStep("fixes").cutOffAlways("{\"files\": [{\"path\": \"src/Board.tsx\", \"content\": \"<but"));
        WorkflowResult failed = Fixtures.workflow("accessibility-compliance", cutJson).run(InputSpec.toJson(input()));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        StepFailedException e = (StepFailedException) failed.failure().orElseThrow();
        assertThat(e.getMessage()).contains("fixes");
        assertThat(e.getCause()).isInstanceOf(OutputTruncatedException.class);
        assertThat(cutJson.requestsForStep("verification")).isEmpty();

        ScriptedLlmProvider cutText = scripted(b -> b.whenStep("conformance-statement").cutOff("# Accessibility conformance statement\n## Conf")
                .reply("ormance status\nPartially conformant."));
        WorkflowResult continued = Fixtures.workflow("accessibility-compliance", cutText).run(InputSpec.toJson(input()));
        assertThat(continued.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(continued.deliverables().path("conformance_statement").asText())
                .isEqualTo("# Accessibility conformance statement\n## Conformance status\nPartially conformant.");
    }

    @Test
    void optionalInputsLeftOut_leaveNoDanglingLabel() {
        Map<String, Object> in = input();
        in.remove("markup_samples");
        ScriptedLlmProvider llm = scripted(b -> b);
        Fixtures.workflow("accessibility-compliance", llm).run(InputSpec.toJson(in));

        assertThat(llm.requestsForStep("audit").get(0).lastUserText()).doesNotContain("Markup:", "Known issues:", "[ ]");
        assertThat(llm.requestsForStep("fixes").get(0).lastUserText()).doesNotContain("Markup:");
    }
}
