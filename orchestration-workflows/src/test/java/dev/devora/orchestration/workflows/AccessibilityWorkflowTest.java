package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
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

    @Test
    void verificationLoop_sendsRemainingBarriersBackToTheFrontend_untilTheGatePasses() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("verification").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED)));
        WorkflowResult result = Fixtures.workflow("accessibility-compliance", llm).run(InputSpec.toJson(input()));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("refix")).hasSize(2);
        assertThat(result.gateHistory()).extracting(g -> g.verdict().passed()).containsExactly(false, false, true);
        assertThat(result.deliverables().path("fixes").path("revisions").isObject()).isTrue();
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
}
