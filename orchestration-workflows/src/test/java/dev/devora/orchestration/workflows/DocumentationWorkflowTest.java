package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** An analysis answer whose parts the writers and the reviewer must receive. */
    static final String ANALYSIS = "{\"summary\": \"## Purpose\\nTaskMaster Pro tracks team tasks (ANALYSIS-SUMMARY).\", "
            + "\"prerequisites\": [\"Node.js 20 (PREREQ-NODE)\"], "
            + "\"commands\": [{\"purpose\": \"install\", \"command\": \"npm ci --workspace web\", \"source\": \"package.json:7\"}, "
            + "{\"purpose\": \"test\", \"command\": \"pytest -q backend/tests\", \"source\": \"pyproject.toml:31\"}], "
            + "\"unknowns\": [\"TODO: the production URL (UNKNOWN-URL)\"]}";

    static String set(String readme) {
        return "{\"readme\": \"" + readme + "\", \"contributing\": \"\", \"architecture\": \"\", \"installation\": \"\", "
                + "\"api_reference\": \"\", \"adrs\": [], \"diagrams\": {\"architecture_mmd\": \"flowchart LR\\n  web --> api\", "
                + "\"dataflow_mmd\": \"\"}}";
    }

    @Test
    void eachRequestedDocument_isWrittenInParallel_andOnlyThose() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("write-readme").reply("# TaskMaster Pro\n\nTask management for teams. Install it with npm install.")
                .whenStep("write-adr").reply("{\"adrs\": [\"# 1. Use PostgreSQL\\n\\n## Status\\nAccepted\", \"# ADR 2: Use FastAPI\"]}"));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("documentation-generation", llm)
                .run(InputSpec.toJson(input(List.of("readme", "adr"))), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedPaths(events, "agent")).containsExactlyInAnyOrder("analysis",
                "generation/doc-readme/write-readme", "generation/doc-adr/write-adr", "generation/doc-diagrams/write-diagrams",
                "docs-review-loop/docs-review-loop-round/review");
        assertThat(Fixtures.startedSteps(events, "task")).contains("no-source", "skip-architecture", "skip-installation", "drafts", "publish");
        JsonNode docs = result.deliverables().path("documents");
        assertThat(docs.fieldNames()).toIterable().containsExactly("README.md", "docs/adr/0001-use-postgresql.md",
                "docs/adr/0002-use-fastapi.md", "docs/diagrams/architecture.mmd", "docs/diagrams/dataflow.mmd");
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
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", llm);
        WorkflowResult result = docs.run(InputSpec.toJson(in), events);
        assertThat(Fixtures.startedSteps(events)).contains("skip-diagrams").doesNotContain("write-diagrams");
        assertThat(docs.deliverableFiles(result).keySet()).noneMatch(p -> p.endsWith(".mmd"));
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
    void withASourcePath_theReviewerMayReadTheCode_toJudgeAccuracy(@TempDir Path repo) throws IOException {
        Files.writeString(repo.resolve("package.json"), "{\"scripts\": {\"test\": \"vitest\"}}");
        ScriptedLlmProvider llm = Fixtures.approving();
        Map<String, Object> in = input(List.of("readme"));
        in.put("source_code_path", repo.toString());
        Fixtures.workflow("documentation-generation", llm).run(InputSpec.toJson(in));

        var review = llm.requestsForStep("review").get(0);
        assertThat(review.tools()).extracting(t -> t.name()).contains("list_dir", "read_file", "search_text");
        assertThat(review.messages().get(0).content()).contains("every install, build, test and run", "file:line");

        ScriptedLlmProvider noSource = Fixtures.approving();
        Fixtures.workflow("documentation-generation", noSource).run(InputSpec.toJson(input(List.of("readme"))));
        assertThat(noSource.requestsForStep("review").get(0).tools()).isEmpty();
    }

    @Test
    void theWritersOfCommands_getTheProjectsOwnCommands_fromTheAnalysis() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("analysis").reply(ANALYSIS));
        Fixtures.workflow("documentation-generation", llm)
                .run(InputSpec.toJson(input(List.of("readme", "installation", "contributing", "architecture"))));

        for (String step : List.of("write-readme", "write-installation", "write-contributing")) {
            assertThat(llm.requestsForStep(step).get(0).lastUserText()).as(step)
                    .contains("npm ci --workspace web", "pytest -q backend/tests", "package.json:7", "ANALYSIS-SUMMARY");
        }
        assertThat(llm.requestsForStep("write-readme").get(0).lastUserText()).contains("PREREQ-NODE", "docs/INSTALLATION.md");
        assertThat(llm.requestsForStep("write-architecture").get(0).lastUserText()).as("only what it needs")
                .contains("ANALYSIS-SUMMARY").doesNotContain("npm ci --workspace web", "UNKNOWN-URL");
    }

    @Test
    void theReviewersPrompt_holdsEveryDocumentAndThePartsOfTheAnalysisItsRubricNames() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("analysis").reply(ANALYSIS)
                .whenStep("write-readme").reply("# TaskMaster Pro\n\nREADME-DRAFT")
                .whenStep("write-contributing").reply("# Contributing\n\nCONTRIBUTING-DRAFT")
                .whenStep("write-architecture").reply("# Architecture\n\nARCHITECTURE-DRAFT")
                .whenStep("write-installation").reply("# Installation\n\nINSTALLATION-DRAFT")
                .whenStep("write-api-reference").reply("# API reference\n\nAPI-DRAFT")
                .whenStep("write-adr").reply("{\"adrs\": [\"# 1. Use PostgreSQL\\n\\nADR-DRAFT\"]}")
                .whenStep("write-diagrams").reply("{\"architecture_mmd\": \"flowchart LR\\n  ARCH-DIAGRAM --> api\", "
                        + "\"dataflow_mmd\": \"sequenceDiagram\\n  FLOW-DIAGRAM->>api: POST\"}"));
        Fixtures.workflow("documentation-generation", llm).run(InputSpec.toJson(
                input(List.of("readme", "architecture", "installation", "contributing", "api_reference", "adr"))));

        String review = llm.requestsForStep("review").get(0).lastUserText();
        assertThat(review).contains("README-DRAFT", "CONTRIBUTING-DRAFT", "ARCHITECTURE-DRAFT", "INSTALLATION-DRAFT",
                "API-DRAFT", "ADR-DRAFT", "ARCH-DIAGRAM", "FLOW-DIAGRAM");
        assertThat(review).contains("ANALYSIS-SUMMARY", "PREREQ-NODE", "npm ci --workspace web", "UNKNOWN-URL");
        assertThat(review).contains("accuracy (weight 30)", "completeness (weight 25)", "Pass mark: 80/100");
    }

    @Test
    void reviewFeedback_isSentBackToTheWriterWithTheCurrentDocuments_andTheRevisionIsPublished() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("write-readme").reply("# TaskMaster Pro\n\nREADME-DRAFT")
                .whenAgent("documentation-reviewer").answer(Fixtures.verdicts(REJECTED, APPROVED))
                .whenStep("revise-docs").reply(set("# Revised README")));
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", llm);
        WorkflowResult result = docs.run(InputSpec.toJson(input(List.of("readme"))));

        assertThat(llm.requestsForStep("revise-docs")).hasSize(1);
        assertThat(llm.requestsForStep("revise-docs").get(0).lastUserText()).contains("Protect POST /tasks", "README-DRAFT");
        assertThat(llm.requestsForStep("review").get(1).lastUserText()).contains("# Revised README").doesNotContain("README-DRAFT");
        assertThat(docs.deliverableFiles(result)).containsEntry("README.md", "# Revised README")
                .containsEntry("docs/diagrams/architecture.mmd", "flowchart LR\n  web --> api");
        assertThat(result.gateHistory()).extracting(g -> g.verdict().passed()).containsExactly(false, true);
    }

    @Test
    void aSecondRevision_startsFromTheFirstRevision_andTheLastOneIsPublished() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("write-readme").reply("# TaskMaster Pro\n\nREADME-DRAFT")
                .whenAgent("documentation-reviewer").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED))
                .whenStep("revise-docs").reply(set("# Revision one"), set("# Revision two")));
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", llm);
        WorkflowResult result = docs.run(InputSpec.toJson(input(List.of("readme"))));

        assertThat(llm.requestsForStep("revise-docs")).extracting(r -> r.lastUserText()).satisfiesExactly(
                round2 -> assertThat(round2).contains("README-DRAFT").doesNotContain("# Revision one"),
                round3 -> assertThat(round3).contains("# Revision one").doesNotContain("README-DRAFT"));
        assertThat(llm.requestsForStep("review")).extracting(r -> r.lastUserText()).satisfiesExactly(
                r1 -> assertThat(r1).contains("README-DRAFT"),
                r2 -> assertThat(r2).contains("# Revision one"),
                r3 -> assertThat(r3).contains("# Revision two"));
        assertThat(docs.deliverableFiles(result)).containsEntry("README.md", "# Revision two");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void theFilesWritten_areTheDocumentsAtTheirRepositoryPaths_theDiagramsAsMmd_andOneJsonPerStructuredResult() throws Exception {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("write-readme").reply("```markdown\n# TaskMaster Pro\n\n```bash\nnpm ci\n```\n```")
                .whenStep("write-adr").reply("{\"adrs\": [\"# 1. Use PostgreSQL for tasks\", \"# 2. Use FastAPI\"]}")
                .whenStep("write-diagrams").reply("{\"architecture_mmd\": \"```mermaid\\nflowchart LR\\n  web --> api\\n```\", "
                        + "\"dataflow_mmd\": \"sequenceDiagram\\n  web->>api: POST /tasks\"}"));
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", llm);
        WorkflowResult result = docs.run(InputSpec.toJson(
                input(List.of("readme", "architecture", "installation", "contributing", "api_reference", "adr"))));

        Map<String, String> files = docs.deliverableFiles(result);
        assertThat(files.keySet()).containsExactly("README.md", "CONTRIBUTING.md", "docs/ARCHITECTURE.md", "docs/INSTALLATION.md",
                "docs/API.md", "docs/adr/0001-use-postgresql-for-tasks.md", "docs/adr/0002-use-fastapi.md",
                "docs/diagrams/architecture.mmd", "docs/diagrams/dataflow.mmd", "docs-review.json", "docs-metadata.json");
        assertThat(files.get("README.md")).as("the wrapping fence is removed, the inner one kept")
                .isEqualTo("# TaskMaster Pro\n\n```bash\nnpm ci\n```");
        assertThat(files.get("docs/diagrams/architecture.mmd")).isEqualTo("flowchart LR\n  web --> api");
        ObjectMapper json = new ObjectMapper();
        JsonNode review = json.readTree(files.get("docs-review.json"));
        assertThat(review.path("criteria").fieldNames()).toIterable()
                .containsExactly("accuracy", "completeness", "usability", "examples", "style");
        assertThat(json.readTree(files.get("docs-metadata.json")).path("word_count").asInt()).isPositive();
    }

    @Test
    void nestedWithTextInputs_asProjectLaunchRunsIt_publishesTheTypesTheTextNames() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("write-readme").reply("# TaskMaster Pro\n\nREADME-DRAFT")
                .whenStep("write-contributing").reply("# Contributing\n\nCONTRIBUTING-DRAFT"));
        var recipe = dev.devora.orchestration.workflows.internal.DocumentationRecipe.INSTANCE;
        var nested = recipe.build(new dev.devora.orchestration.workflows.internal.AgentKit(llm, WorkflowConfig.defaults()),
                dev.devora.orchestration.workflows.internal.InputSpecs.relaxed(recipe.input()));
        WorkflowResult result = Fixtures.ENGINE.run(nested, Map.of("project_name", "TaskMaster Pro", "project_type", "application",
                "tech_stack", "React, FastAPI", "documentation_types", "readme, contributing", "include_diagrams", "true"));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.deliverables().path("documents").fieldNames()).toIterable()
                .containsExactly("README.md", "CONTRIBUTING.md", "docs/diagrams/architecture.mmd", "docs/diagrams/dataflow.mmd");
    }

    @Test
    void aCutOffDocument_isContinued_andPublishedWhole() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("write-readme").cutOff("# TaskMaster Pro\n\nTask management, part one").reply(", part two."));
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", llm);
        WorkflowResult result = docs.run(InputSpec.toJson(input(List.of("readme"))));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("write-readme")).hasSize(2);
        assertThat(docs.deliverableFiles(result)).containsEntry("README.md", "# TaskMaster Pro\n\nTask management, part one, part two.");
    }

    @Test
    void aCutOffRevisedSet_failsTheRun_namingTheStep_insteadOfPublishingHalfADocument() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenAgent("documentation-reviewer").answer(Fixtures.verdicts(REJECTED))
                .whenStep("revise-docs").cutOffAlways("{\"readme\": \"# TaskMaster Pro\\n\\nHalf a"));
        WorkflowResult result = Fixtures.workflow("documentation-generation", llm).run(InputSpec.toJson(input(List.of("readme"))));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        Throwable failure = result.failure().orElseThrow();
        assertThat(failure).isInstanceOf(dev.devora.orchestration.StepFailedException.class).hasMessageContaining("revise-docs");
        assertThat(failure.getCause()).isInstanceOf(dev.devora.orchestration.OutputTruncatedException.class)
                .hasMessageContaining("docs-review-loop-rework/revise-docs'").hasMessageContainingAll("JSON answer was cut off", "maxTokens 16000");
        assertThat(llm.requestsForStep("revise-docs")).as("a cut JSON answer is neither continued nor re-asked").hasSize(1);
        assertThat(result.deliverables().path("documents").path("README.md").asText()).doesNotContain("Half a");
    }

    @Test
    void existingDocs_reachTheAnalysis_andWithoutThemNoEmptyLabelIsLeft() {
        ScriptedLlmProvider with = Fixtures.approving();
        Map<String, Object> in = input(List.of("readme"));
        in.put("existing_docs", List.of("TaskMaster stores tasks in PostgreSQL (EXISTING-DOC)."));
        Fixtures.workflow("documentation-generation", with).run(InputSpec.toJson(in));
        assertThat(with.requestsForStep("analysis").get(0).lastUserText()).contains("Existing documentation", "EXISTING-DOC");

        ScriptedLlmProvider without = Fixtures.approving();
        Fixtures.workflow("documentation-generation", without).run(InputSpec.toJson(input(List.of("readme"))));
        assertThat(without.requestsForStep("analysis").get(0).lastUserText()).doesNotContain("Existing documentation", "[ ]");
    }

    @Test
    void reportMd_showsTheReviewRounds_theReviewersIssues_andTheDocumentsWritten() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenAgent("documentation-reviewer").answer(Fixtures.verdicts(REJECTED, REJECTED, REJECTED)));
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", llm);
        WorkflowResult result = docs.run(InputSpec.toJson(input(List.of("readme", "adr"))));

        String md = docs.reportMarkdown(result, ReportContext.NONE);
        assertThat(md).contains("docs-review", "tasks.py", "README.md", "docs/adr/");
    }

    @Test
    void everyStepPrompt_endsWithTheFormatOfItsAnswer() {
        var prompts = dev.devora.orchestration.workflows.internal.StepPrompts.of("documentation-generation");
        for (String step : prompts.stepIds()) {
            String prompt = prompts.get(step);
            String last = prompt.substring(prompt.lastIndexOf("\n\n") + 2);
            assertThat(last).as(step).startsWith("Output:");
        }
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
