package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentationWorkflowTest {
    /** Captures the warnings these runs log (loops at their bound, scripted answers without a referenced field). */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    static Map<String, Object> input(List<String> types) {
        return map("project_name", "TaskMaster Pro", "project_type", "application", "tech_stack", List.of("React", "FastAPI"),
                "documentation_types", types, "target_audiences", List.of("developers", "contributors"), "include_diagrams", true);
    }

    @Test
    void eachRequestedDocument_isWrittenInParallel_andOnlyThose() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("write-readme").reply("# TaskMaster Pro\n\nTask management for teams. Install it with npm install.")
                .whenStep("write-adr").reply("{\"adrs\": [\"# ADR 1: Use PostgreSQL\", \"# ADR 2: Use FastAPI\"]}"));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("documentation-generation", llm)
                .run(InputSpec.toJson(input(List.of("readme", "adr"))), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedPaths(events, "agent")).containsExactlyInAnyOrder("analysis",
                "generation/doc-readme/write-readme", "generation/doc-adr/write-adr", "generation/doc-diagrams/write-diagrams",
                "docs-review-loop/docs-review-loop-round/review");
        assertThat(Fixtures.startedSteps(events, "task")).contains("no-source", "skip-architecture", "skip-installation", "publish");
        JsonNode docs = result.deliverables().path("documents");
        assertThat(docs.fieldNames()).toIterable().containsExactly("README.md", "adrs/");
        assertThat(docs.path("adrs/")).hasSize(2);
        assertThat(result.deliverables().path("diagrams").has("architecture.mmd")).isTrue();
        assertThat(result.deliverables().path("metadata").path("word_count").asInt()).isGreaterThan(10);
        assertThat(result.deliverables().path("metadata").path("readability_score").asDouble()).isBetween(0.0, 100.0);
    }

    @Test
    void withoutDiagrams_noDiagramIsDrawn_andHtmlOutputGetsAConversionNote() {
        ScriptedLlmProvider llm = Fixtures.approving();
        Map<String, Object> in = input(List.of("readme"));
        in.put("include_diagrams", false);
        in.put("output_format", "html");
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("documentation-generation", llm).run(InputSpec.toJson(in), events);
        assertThat(Fixtures.startedSteps(events)).contains("skip-diagrams").doesNotContain("write-diagrams");
        assertThat(result.deliverables().path("diagrams")).isEmpty();
        assertThat(result.deliverables().path("metadata").path("conversion_note").asText()).contains("html");
    }

    @Test
    void sourceCodePath_givesTheAnalysisTheFileTreeAndTheWorkspace_whileTheGenericDefinitionStillSummarises(@TempDir Path repo)
            throws IOException {
        Files.writeString(repo.resolve("pom.xml"), "<project><artifactId>taskmaster</artifactId></project>");
        Files.createDirectories(repo.resolve("src/main/java/app"));
        Files.writeString(repo.resolve("src/main/java/app/Main.java"), "class Main { public static void main(String[] a) {} }");
        Files.createDirectories(repo.resolve("node_modules/x"));
        Files.writeString(repo.resolve("node_modules/x/index.js"), "SHOULD NOT APPEAR");
        ScriptedLlmProvider llm = Fixtures.approving();
        Map<String, Object> in = input(List.of("readme"));
        in.put("source_code_path", repo.toString());
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", llm);
        docs.run(InputSpec.toJson(in), events);

        assertThat(Fixtures.startedSteps(events, "task")).contains("source-tree").doesNotContain("no-source", "source-summary");
        var analysis = llm.requestsForStep("analysis").get(0);
        assertThat(analysis.lastUserText()).contains("src/main/java/app/ (1)", "pom.xml")
                .doesNotContain("<artifactId>taskmaster</artifactId>", "public static void main", "node_modules");
        assertThat(analysis.tools()).extracting(t -> t.name()).contains("read_file", "search_text");

        ScriptedLlmProvider plain = Fixtures.approving();
        Fixtures.ENGINE.run(Fixtures.workflow("documentation-generation", plain).definition(), in);
        var summarised = plain.requestsForStep("analysis").get(0);
        assertThat(summarised.lastUserText()).as("definition() keeps the plain-Java summary")
                .contains("src/main/java/app/Main.java", "<artifactId>taskmaster</artifactId>", "public static void main")
                .doesNotContain("SHOULD NOT APPEAR");
        assertThat(summarised.tools()).isEmpty();
    }

    @Test
    void reviewFeedback_isSentBackToTheWriter_andTheRevisionIsPublished() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenAgent("documentation-reviewer").answer(Fixtures.verdicts(REJECTED, APPROVED))
                .whenStep("revise-docs").reply("{\"documents\": {\"README.md\": \"# Revised README\"}}"));
        WorkflowResult result = Fixtures.workflow("documentation-generation", llm).run(InputSpec.toJson(input(List.of("readme"))));

        assertThat(llm.requestsForStep("revise-docs")).hasSize(1);
        assertThat(llm.requestsForStep("revise-docs").get(0).lastUserText()).contains("Protect POST /tasks");
        assertThat(result.deliverables().path("documents").path("README.md").asText()).isEqualTo("# Revised README");
        assertThat(result.gateHistory()).extracting(g -> g.verdict().passed()).containsExactly(false, true);
    }

    @Test
    void aSecondRevision_startsFromTheFirstRevision_notOnlyFromTheDrafts() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenAgent("documentation-reviewer").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED))
                .whenStep("revise-docs").reply("{\"documents\": {\"README.md\": \"# Revision one\"}}",
                        "{\"documents\": {\"README.md\": \"# Revision two\"}}"));
        WorkflowResult result = Fixtures.workflow("documentation-generation", llm).run(InputSpec.toJson(input(List.of("readme"))));

        assertThat(llm.requestsForStep("revise-docs")).hasSize(2);
        assertThat(llm.requestsForStep("revise-docs").get(0).lastUserText()).doesNotContain("# Revision one");
        assertThat(llm.requestsForStep("revise-docs").get(1).lastUserText()).contains("# Revision one");
        assertThat(result.deliverables().path("documents").path("README.md").asText()).isEqualTo("# Revision two");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void reviewThatNeverPasses_stopsAtTheBound() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenAgent("documentation-reviewer").answer(Fixtures.verdicts(REJECTED)));
        WorkflowResult result = Fixtures.workflow("documentation-generation", llm, WorkflowConfig.builder().maxIterations(2).build())
                .run(InputSpec.toJson(input(List.of("readme"))));
        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(llm.requestsForAgent("documentation-reviewer")).hasSize(2);
    }

    @Test
    void unknownDocumentType_andMissingDirectory_areReported_withTheAllowedValues() {
        Map<String, Object> in = input(List.of("readme", "manual"));
        in.put("source_code_path", "/definitely/not/here");
        in.put("output_format", "docx");
        assertThatThrownBy(() -> Fixtures.workflow("documentation-generation", Fixtures.approving()).run(in))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.documentation_types[1]: must be one of [readme, architecture, installation, contributing, api_reference, adr], was \"manual\"")
                .hasMessageContaining("input.source_code_path: is not a readable directory")
                .hasMessageContaining("input.output_format: must be one of [markdown, html, pdf], was \"docx\"");
    }
}
