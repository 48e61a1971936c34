package dev.devora.orchestration.workflows;

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
import dev.devora.orchestration.workflows.internal.IncidentResponseRecipe;
import dev.devora.orchestration.workflows.internal.Rubric;
import dev.devora.orchestration.workflows.internal.StepPrompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Incident Response: the severity drives which squads investigate and whether a status update and an escalation are
 * written, each branch in the plan and the diagram; the investigators read the repository with the read-only
 * workspace tools and nothing is written into it; the blameless postmortem is reviewed against its rubric.
 */
class IncidentResponseWorkflowTest {
    @TempDir
    Path tmp;

    static final List<String> ALL_AGENT_STEPS = List.of("triage", "investigate-backend", "investigate-devops",
            "investigate-data", "investigate-qa", "write-status-update", "escalate", "mitigation-plan", "ticket",
            "postmortem", "postmortem-review");

    static Map<String, Object> input(String workspace, String severity) {
        return map("workspace", workspace, "severity", severity,
                "summary", "Checkout API returns HTTP 500 for 30% of requests since the 14:05 deployment",
                "symptoms", List.of("HTTP 500 on POST /checkout", "connection pool exhausted"),
                "affected_services", List.of("checkout-service"),
                "timeline", List.of("14:05: checkout-service 2.3.0 deployed", "14:12: error-rate alert fired"),
                "metrics", "error rate 31% (baseline 0.2%); DB connections 100/100");
    }

    /** An input of {@code severity} whose workspace is this module's folder (for the catalogue-wide tests). */
    static Map<String, Object> input(String severity) {
        return input(Path.of("").toAbsolutePath().toString(), severity);
    }

    /** The workflow with its investigators reading {@code repo} through the read-only workspace tools. */
    static PredefinedWorkflow onRepo(dev.devora.orchestration.llm.LlmProvider llm, Path repo) {
        PredefinedWorkflow base = Workflows.incidentResponse(llm).withEngine(Fixtures.ENGINE);
        AgentKit kit = new AgentKit(llm, WorkflowConfig.defaults()).withWorkspace(Workspace.readOnly(repo));
        return base.withDefinition(IncidentResponseRecipe.INSTANCE.build(kit, base.definition().input()));
    }

    static Stream<Arguments> severities() {
        return Stream.of(
                Arguments.of("SEV1", List.of("triage", "investigate-backend", "investigate-devops", "investigate-data",
                        "investigate-qa", "write-status-update", "escalate", "mitigation-plan", "postmortem", "postmortem-review")),
                Arguments.of("SEV2", List.of("triage", "investigate-backend", "investigate-devops", "write-status-update",
                        "mitigation-plan", "postmortem", "postmortem-review")),
                Arguments.of("SEV3", List.of("triage", "investigate-backend", "mitigation-plan", "postmortem", "postmortem-review")),
                Arguments.of("SEV4", List.of("triage", "ticket", "postmortem", "postmortem-review")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("severities")
    void theSeverity_takesItsBranch_andSkipsTheOthers_inTheRunAndInThePlan(String severity, List<String> expected) {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        PredefinedWorkflow wf = onRepo(llm, tmp);
        Map<String, Object> in = input(tmp.toString(), severity);
        WorkflowResult result = wf.run(InputSpec.toJson(in), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedSteps(events, "agent")).containsExactlyInAnyOrderElementsOf(expected);
        List<String> notTaken = ALL_AGENT_STEPS.stream().filter(s -> !expected.contains(s)).toList();
        assertThat(llm.requests()).extracting(r -> r.attribute(LlmRequest.STEP_PATH))
                .noneMatch(p -> notTaken.stream().anyMatch(s -> p.endsWith("/" + s) || p.equals(s)));
        List<String> skipped = Fixtures.skipped(events);
        for (String squad : List.of("backend", "devops", "data", "qa")) {
            boolean ran = expected.contains("investigate-" + squad);
            assertThat(skipped.stream().anyMatch(p -> p.endsWith(squad + "-investigation"))).as(squad + " skipped").isEqualTo(!ran);
        }
        assertThat(skipped.stream().anyMatch(p -> p.endsWith("escalation"))).isEqualTo(!expected.contains("escalate"));

        ExecutionPlan plan = wf.plan(in);
        List<String> planned = plan.calls().stream().map(c -> c.path().substring(c.path().lastIndexOf('/') + 1)).distinct().toList();
        assertThat(planned).containsAll(expected.stream().filter(s -> !s.equals("postmortem-review")).toList())
                .doesNotContainAnyElementsOf(notTaken);
    }

    @Test
    void sev1_runsTheFourInvestigationsInParallel_afterTriage_thenCommunicationInParallel_thenPlanAndPostmortem() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("investigate-backend").reply("## Suspected causes\nBACKEND-FINDING pool leak")
                .whenStep("investigate-devops").reply("## Suspected causes\nDEVOPS-FINDING pool size 100")
                .whenStep("investigate-data").reply("## Suspected causes\nDATA-FINDING long transactions")
                .whenStep("investigate-qa").reply("## Gaps\nQA-FINDING no pool test"));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = onRepo(llm, tmp).run(InputSpec.toJson(input(tmp.toString(), "SEV1")), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Fixtures.startedPaths(events, "agent")).contains(
                "investigations/backend-investigation/investigate-backend", "investigations/devops-investigation/investigate-devops",
                "investigations/data-investigation/investigate-data", "investigations/qa-investigation/investigate-qa",
                "communication/status-update/write-status-update", "communication/escalation/escalate",
                "fix-plan/mitigation-plan", "postmortem", "postmortem-loop/postmortem-loop-round/postmortem-review");
        List<String> order = Fixtures.startedSteps(events);
        assertThat(order.indexOf("triage")).isLessThan(order.indexOf("investigations"));
        assertThat(order.indexOf("investigations")).isLessThan(order.indexOf("communication"));
        assertThat(order.indexOf("communication")).isLessThan(order.indexOf("fix-plan"));
        assertThat(order.indexOf("fix-plan")).isLessThan(order.indexOf("postmortem"));
        assertThat(events.ofType(WorkflowEvent.StepStarted.class)).filteredOn(s -> s.path().equals("investigations"))
                .extracting(WorkflowEvent.StepStarted::kind).containsExactly("parallel");
        assertThat(events.ofType(WorkflowEvent.StepStarted.class)).filteredOn(s -> s.path().equals("communication"))
                .extracting(WorkflowEvent.StepStarted::kind).containsExactly("parallel");

        assertThat(Fixtures.agents(llm)).contains("incident-commander", "backend-developer", "monitoring-specialist",
                "database-engineer", "test-engineer", "qa-lead");
        assertThat(llm.requestsForStep("mitigation-plan").get(0).lastUserText())
                .contains("BACKEND-FINDING", "DEVOPS-FINDING", "DATA-FINDING", "QA-FINDING");
        assertThat(llm.requestsForStep("write-status-update").get(0).lastUserText()).contains("BACKEND-FINDING", "[SEV1]");
        assertThat(llm.requestsForStep("escalate").get(0).responseFormat().schema().path("properties").has("page")).isTrue();
        assertThat(llm.requestsForStep("postmortem").get(0).lastUserText())
                .contains("14:05: checkout-service 2.3.0 deployed", "error rate 31%", "QA-FINDING");
    }

    @Test
    void theSquadsAreTaggedOnTheirSteps_andTheAccountingAddsUp() {
        ScriptedLlmProvider llm = Fixtures.approving();
        WorkflowResult result = onRepo(llm, tmp).run(InputSpec.toJson(input(tmp.toString(), "SEV1")));

        assertThat(result.metrics().squads().keySet()).containsExactlyInAnyOrder("backend", "devops", "data", "qa");
        assertThat(result.metrics().llmCalls()).isEqualTo(llm.callCount()).isEqualTo(10);
        long prompt = llm.requests().stream().mapToLong(r -> r.messages().stream().mapToLong(m -> m.content().length()).sum() / 4 + 1).sum();
        assertThat(result.metrics().usage().promptTokens()).isEqualTo(prompt);
        long bySquads = result.metrics().squads().values().stream().mapToLong(s -> s.usage().totalTokens()).sum();
        assertThat(bySquads).isEqualTo(result.metrics().usage().totalTokens());
    }

    @Test
    void aLowerCaseSeverity_isNormalised_andDrivesTheSameBranch() {
        ScriptedLlmProvider llm = Fixtures.approving();
        WorkflowResult result = onRepo(llm, tmp).run(InputSpec.toJson(input(tmp.toString(), "sev4")));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("ticket")).hasSize(1);
        assertThat(llm.requestsForStep("investigate-backend")).isEmpty();
    }

    @Test
    void anOutageTask_isSuggestedThisWorkflow() {
        assertThat(Workflows.catalog().suggest("Production outage since the deploy: run the incident and the postmortem").id())
                .isEqualTo("incident-response");
    }

    @Test
    void theDiagramAndThePlanShowEveryBranch_onTheSeverity() {
        String mermaid = Workflows.catalog().workflow("incident-response").mermaid();
        assertThat(mermaid).contains("input.severity in SEV1, SEV2, SEV3", "input.severity in SEV1, SEV2",
                "input.severity = SEV1", "input.severity = SEV4", "investigate-backend", "investigate-qa", "escalate", "ticket");
    }

    @Test
    void layout_sev1_hasEveryFile_andSev4_onlyTheTicketAndThePostmortem() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("postmortem").reply("# Postmortem: checkout 500s\nPM-V1")
                .whenStep("ticket").reply("# Fix the pool leak\nTICKET-V1"));
        PredefinedWorkflow wf = onRepo(llm, tmp);
        Map<String, String> sev1 = wf.deliverableFiles(wf.run(InputSpec.toJson(input(tmp.toString(), "SEV1"))));
        assertThat(sev1.keySet()).containsExactlyInAnyOrder("incident/triage.json", "incident/investigation-backend.md",
                "incident/investigation-devops.md", "incident/investigation-data.md", "incident/investigation-qa.md",
                "incident/status-update.md", "incident/escalation.json", "incident/fix-plan.md", "POSTMORTEM.md",
                "incident/review.json");
        assertThat(sev1.get("POSTMORTEM.md")).contains("PM-V1");
        assertThat(sev1.get("incident/escalation.json")).contains("\"page\"");
        assertThat(sev1.get("incident/review.json")).contains("\"criteria\"", "\"blameless\"", "\"root_cause\"");

        Map<String, String> sev4 = wf.deliverableFiles(wf.run(InputSpec.toJson(input(tmp.toString(), "SEV4"))));
        assertThat(sev4.keySet()).containsExactlyInAnyOrder("incident/triage.json", "incident/fix-plan.md", "POSTMORTEM.md",
                "incident/review.json");
        assertThat(sev4.get("incident/fix-plan.md")).contains("TICKET-V1");
    }

    @Test
    void aRejectedPostmortem_isRevisedFromTheCurrentVersion_andTheLastRevisionIsPostmortemMd() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED))
                .whenStep("postmortem").reply("# Postmortem\nPM-V1")
                .whenStep("revised-postmortem").reply("# Postmortem\nPM-V2", "# Postmortem\nPM-V3"));
        PredefinedWorkflow wf = onRepo(llm, tmp);
        WorkflowResult result = wf.run(InputSpec.toJson(input(tmp.toString(), "SEV2")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("revised-postmortem")).extracting(LlmRequest::lastUserText).satisfiesExactly(
                round2 -> assertThat(round2).contains("PM-V1", "Protect POST /tasks"),
                round3 -> assertThat(round3).contains("PM-V2").doesNotContain("PM-V1"));
        LlmRequest review = llm.requestsForStep("postmortem-review").get(2);
        assertThat(review.lastUserText()).contains("PM-V3").doesNotContain("PM-V2");
        for (Rubric.Criterion c : Rubric.of("postmortem").criteria()) {
            assertThat(review.lastUserText()).contains("- " + c.id() + " (weight ");
            assertThat(review.responseFormat().schema().path("properties").path("criteria").path("properties").has(c.id())).isTrue();
        }
        assertThat(wf.deliverableFiles(result).get("POSTMORTEM.md")).contains("PM-V3");
    }

    @Test
    void inputErrors_nameTheFieldAndTheValue_beforeAnyCall() {
        ScriptedLlmProvider llm = Fixtures.approving();
        PredefinedWorkflow wf = onRepo(llm, tmp);
        assertThatThrownBy(() -> wf.run(input(tmp.toString(), "SEV5")))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.severity: must be one of [SEV1, SEV2, SEV3, SEV4], was \"SEV5\"");
        Map<String, Object> noDir = input(tmp.resolve("no-such-repo").toString(), "SEV1");
        assertThatThrownBy(() -> wf.run(noDir)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: is not a readable directory, was \"" + tmp.resolve("no-such-repo") + "\"");
        assertThatThrownBy(() -> wf.run(input(" ", "SEV1"))).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: must name the repository's directory, was blank");
        Map<String, Object> missing = input(tmp.toString(), "SEV1");
        missing.remove("severity");
        missing.put("timeline", List.of("14:05: deployed", " "));
        assertThatThrownBy(() -> wf.run(missing)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.severity").hasMessageContaining("input.timeline[1]");
        assertThat(llm.callCount()).isZero();
    }

    @Test
    void optionalInputsLeftOut_leaveNoDanglingLabel_andNoMetricIsPresentedAsMeasured() {
        Map<String, Object> in = map("workspace", tmp.toString(), "severity", "SEV3", "summary", "Search is slow");
        ScriptedLlmProvider llm = Fixtures.approving();
        onRepo(llm, tmp).run(InputSpec.toJson(in));
        assertThat(llm.requestsForStep("triage").get(0).lastUserText())
                .doesNotContain("Measured metrics", "Symptoms:", "Timeline:", "[ ]");
        assertThat(llm.requestsForStep("postmortem").get(0).lastUserText())
                .doesNotContain("Measured metrics", "DevOps investigation", "QA investigation");
    }

    @Test
    void everyStepPrompt_endsWithTheFormatOfItsAnswer() {
        StepPrompts prompts = StepPrompts.of("incident-response");
        assertThat(prompts.stepIds()).containsExactlyInAnyOrderElementsOf(
                Stream.concat(ALL_AGENT_STEPS.stream(), Stream.of("revised-postmortem")).toList());
        for (String step : prompts.stepIds()) {
            String prompt = prompts.get(step).strip();
            assertThat(prompt.substring(prompt.lastIndexOf("\n\n") + 2)).as(step).startsWith("Output: ");
        }
    }

    @Test
    void onACopyOfThisRepository_theInvestigatorReadsTheRealCode_andTheWorkspaceIsLeftUnchanged() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("orchestration-core")).isDirectory();
        Path repo = Files.createDirectories(tmp.resolve("devora"));
        for (String file : List.of("README.md", "pom.xml", "docs/ARCHITECTURE.md",
                "orchestration-workflows/src/main/java/dev/devora/orchestration/workflows/internal/IncidentResponseRecipe.java",
                "orchestration-workflows/src/main/resources/dev/devora/orchestration/workflows/prompts/incident-response.md")) {
            Files.createDirectories(repo.resolve(file).getParent());
            Files.copy(root.resolve(file), repo.resolve(file));
        }
        Map<String, String> before = tree(repo);
        String recipe = "orchestration-workflows/src/main/java/dev/devora/orchestration/workflows/internal/IncidentResponseRecipe.java";
        ToolCallingScript llm = new ToolCallingScript(Fixtures.approving(), "investigate-backend", List.of(
                List.of(new ToolCall("s1", "search_text", "{\"pattern\": \"IncidentResponseRecipe implements Recipe\"}")),
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"" + recipe + "\", \"fromLine\": 1, \"toLine\": 3}"),
                        new ToolCall("w1", "write_file", "{\"path\": \"HACKED.md\", \"content\": \"x\"}"))));

        WorkflowResult result = onRepo(llm, repo).run(InputSpec.toJson(input(repo.toString(), "SEV2")));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        List<LlmRequest> reader = llm.requestsForStep("investigate-backend");
        assertThat(reader).hasSize(3);
        assertThat(reader.get(0).tools()).extracting(t -> t.name()).contains("list_dir", "read_file", "search_text")
                .doesNotContain("write_file", "apply_patch");
        assertThat(reader.get(0).messages().get(1).content()).contains("README.md", "pom.xml", "orchestration-workflows/");
        List<LlmMessage> found = ToolCallingScript.toolResults(reader.get(1));
        assertThat(found.get(0).content()).contains("IncidentResponseRecipe.java:");
        List<LlmMessage> read = ToolCallingScript.toolResults(reader.get(2));
        assertThat(read.get(1).content()).contains("package dev.devora.orchestration.workflows.internal;");
        assertThat(read.get(2).content()).doesNotContain("written");
        assertThat(llm.requestsForStep("triage")).allSatisfy(r -> assertThat(r.tools()).isEmpty());
        assertThat(llm.requestsForStep("postmortem")).allSatisfy(r -> assertThat(r.tools()).isEmpty());
        assertThat(tree(repo)).as("the read-only workspace is unchanged").isEqualTo(before);
    }

    @Test
    void theTypedInput_isAcceptedByTheWorkflow() {
        var typed = new IncidentResponseInput(tmp.toString(), IncidentResponseInput.Severity.SEV1, "Checkout down",
                List.of("HTTP 500"), List.of("checkout-service"), List.of("14:05: deployed"), "error rate 31%");
        PredefinedWorkflow wf = onRepo(Fixtures.approving(), tmp);
        assertThat(typed.validate()).isEmpty();
        assertThat(wf.validate(typed.toJson())).isEmpty();
        assertThat(typed.toJson().path("severity").asText()).isEqualTo("SEV1");
        assertThat(typed.toJson().has("affected_services")).isTrue();
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                files.put(root.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
            }
        }
        return files;
    }
}
