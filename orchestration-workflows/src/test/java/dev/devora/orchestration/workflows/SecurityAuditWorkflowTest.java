package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.OutputTruncatedException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.internal.Rubric;
import dev.devora.orchestration.workflows.internal.StepPrompts;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityAuditWorkflowTest {
    static final String FINDINGS = "{\"summary\": \"two issues\", \"findings\": ["
            + "{\"id\": \"SEC-A-001\", \"title\": \"BOLA on /tasks/{id}\", \"category\": \"API1:2023\", \"severity\": \"critical\", "
            + "\"location\": \"GET /tasks/{id}\", \"evidence\": \"no owner check\", \"impact\": \"read any task\", "
            + "\"remediation\": \"check ownership\", \"effort\": \"S\"},"
            + "{\"id\": \"SEC-I-001\", \"title\": \"Public bucket\", \"category\": \"CIS 2.1.5\", \"severity\": \"medium\", "
            + "\"location\": \"s3://uploads\", \"evidence\": \"ACL public-read\", \"impact\": \"data leak\", "
            + "\"remediation\": \"block public access\", \"effort\": \"S\"}]}";

    static Map<String, Object> input(List<String> scope) {
        return map("target_name", "TaskMaster", "description", "Task SaaS holding customer data",
                "tech_stack", List.of("FastAPI", "PostgreSQL", "AWS"), "scope", scope,
                "api_specification", "openapi: 3.1.0 ...", "infrastructure", List.of("S3 bucket uploads with public-read ACL"));
    }

    @Test
    void threeAuditsRunInParallel_thenConsolidation_severityCounts_fixesInParallel_plan_andSignoff() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("consolidated").reply(FINDINGS));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("security-audit", llm).run(InputSpec.toJson(input(List.of("code", "api", "infrastructure"))), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedPaths(events, "agent")).containsExactlyInAnyOrder(
                "audits/code-audit/code-findings", "audits/api-audit/api-findings", "audits/infra-audit/infra-findings",
                "consolidated", "fixes/code-fixes", "fixes/infra-fixes", "remediation-plan",
                "signoff-loop/signoff-loop-round/signoff");
        JsonNode counts = result.deliverables().path("severity_counts");
        assertThat(counts.path("critical").asInt()).isEqualTo(1);
        assertThat(counts.path("medium").asInt()).isEqualTo(1);
        assertThat(counts.path("at_or_above_threshold").asInt()).isEqualTo(1);
        assertThat(result.deliverables().path("findings")).hasSize(2);
        assertThat(result.deliverables().path("remediation_plan").path("items").isArray()).isTrue();
        assertThat(llm.requestsForStep("signoff").get(0).lastUserText()).contains("\"critical\":1");
    }

    @Test
    void auditsOutOfScope_areSkipped_withEmptyFindings() {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("security-audit", llm).run(InputSpec.toJson(input(List.of("api"))), events);

        assertThat(Fixtures.startedSteps(events, "agent")).contains("api-findings").doesNotContain("code-findings", "infra-findings");
        assertThat(result.deliverables().path("audits").path("code").path("findings")).isEmpty();
        assertThat(result.deliverables().path("audits").path("code").path("summary").asText()).contains("not in scope");
    }

    static String plan(String roadmap) {
        return "{\"items\": [{\"finding_id\": \"SEC-A-001\", \"action\": \"" + roadmap + " action\", \"owner_role\": \"backend-developer\", "
                + "\"priority\": \"P0\", \"deadline_days\": 2, \"verification\": \"test GET /tasks/{id} as another user\"}], "
                + "\"quick_wins\": [\"block public access\"], \"roadmap\": \"" + roadmap + "\"}";
    }

    static ScriptedLlmProvider scripted(java.util.function.UnaryOperator<ScriptedLlmProvider.Builder> first) {
        return Fixtures.approving(b -> first.apply(b)
                .whenStep("consolidated").reply(FINDINGS)
                .whenStep("code-fixes").reply("## SEC-A-001: BOLA\n```diff\n+ CODE-PATCH-V1 owner check\n```")
                .whenStep("infra-fixes").reply("## SEC-I-001: Public bucket\n```diff\n+ INFRA-PATCH-V1 block_public_acls = true\n```")
                .whenStep("remediation-plan").reply(plan("PLAN-V1")));
    }

    @Test
    void rejectedRemediation_isRevisedFromTheCurrentVersion_andTheLastRevisionIsTheDeliverable() {
        ScriptedLlmProvider llm = scripted(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED))
                .whenStep("revised-plan").reply(plan("PLAN-V2"), plan("PLAN-V3"))
                .whenStep("revised-code-fixes").reply("## SEC-A-001: BOLA\nCODE-PATCH-V2", "## SEC-A-001: BOLA\nCODE-PATCH-V3")
                .whenStep("revised-infra-fixes").reply("## SEC-I-001\nINFRA-PATCH-V2", "## SEC-I-001\nINFRA-PATCH-V3"));
        PredefinedWorkflow w = Fixtures.workflow("security-audit", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(List.of("code", "api", "infrastructure"))));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("revised-plan")).extracting(LlmRequest::lastUserText).satisfiesExactly(
                round2 -> assertThat(round2).contains("PLAN-V1", "Protect POST /tasks", "BOLA on /tasks/{id}"),
                round3 -> assertThat(round3).contains("PLAN-V2").doesNotContain("PLAN-V1"));
        assertThat(llm.requestsForStep("revised-code-fixes")).extracting(LlmRequest::lastUserText).satisfiesExactly(
                round2 -> assertThat(round2).contains("CODE-PATCH-V1"),
                round3 -> assertThat(round3).contains("CODE-PATCH-V2").doesNotContain("CODE-PATCH-V1"));
        assertThat(llm.requestsForStep("revised-infra-fixes").get(1).lastUserText()).contains("INFRA-PATCH-V2").doesNotContain("INFRA-PATCH-V1");
        assertThat(llm.requestsForStep("signoff").get(2).lastUserText()).contains("PLAN-V3", "CODE-PATCH-V3", "INFRA-PATCH-V3")
                .doesNotContain("PLAN-V2", "CODE-PATCH-V2");
        assertThat(result.deliverables().path("remediation_plan").path("roadmap").asText()).isEqualTo("PLAN-V3");
        Map<String, String> files = w.deliverableFiles(result);
        assertThat(files.get("security/fixes/code.md")).contains("CODE-PATCH-V3");
        assertThat(files.get("security/fixes/infrastructure.md")).contains("INFRA-PATCH-V3");
        assertThat(files.get("security/remediation-plan.json")).contains("PLAN-V3");
    }

    @Test
    void signoff_readsTheFindingsTheFixesAndThePlan_andScoresTheSecuritySignoffRubric() {
        ScriptedLlmProvider llm = scripted(b -> b);
        Map<String, Object> in = input(List.of("code", "api", "infrastructure"));
        in.put("compliance", List.of("OWASP ASVS L2"));
        Fixtures.workflow("security-audit", llm).run(InputSpec.toJson(in));

        LlmRequest signoff = llm.requestsForStep("signoff").get(0);
        assertThat(signoff.lastUserText()).contains("BOLA on /tasks/{id}", "Public bucket", "\"critical\":1",
                "CODE-PATCH-V1", "INFRA-PATCH-V1", "PLAN-V1", "OWASP ASVS L2", "Pass mark: 80/100");
        for (Rubric.Criterion c : Rubric.of("security-signoff").criteria()) {
            assertThat(signoff.lastUserText()).contains("- " + c.id() + " (weight ");
            assertThat(signoff.responseFormat().schema().path("properties").path("criteria").path("properties").has(c.id())).isTrue();
        }
        assertThat(signoff.attribute(LlmRequest.AGENT)).isEqualTo("qa-lead");
    }

    @Test
    void files_areOneJsonPerStructuredResult_andOneMarkdownPatchFilePerFixArea() {
        ScriptedLlmProvider llm = scripted(b -> b);
        PredefinedWorkflow w = Fixtures.workflow("security-audit", llm);
        Map<String, String> files = w.deliverableFiles(w.run(InputSpec.toJson(input(List.of("code", "api", "infrastructure")))));

        assertThat(files).containsKeys("security/findings.json", "security/summary.md", "security/severity-counts.json",
                "security/audits/code.json", "security/audits/api.json", "security/audits/infrastructure.json",
                "security/fixes/code.md", "security/fixes/infrastructure.md", "security/remediation-plan.json",
                "security/signoff.json");
        assertThat(files.keySet()).allMatch(p -> p.startsWith("security/"));
        assertThat(files.keySet()).noneMatch(p -> p.contains("severity_counts/") || p.contains("signoff/") || p.contains("remediation_plan/"));
        assertThat(files.get("security/severity-counts.json")).contains("\"critical\" : 1", "\"at_or_above_threshold\" : 1");
        assertThat(files.get("security/findings.json")).startsWith("[").contains("SEC-A-001", "SEC-I-001");
        assertThat(files.get("security/signoff.json")).contains("\"criteria\"", "\"fix_quality\"");
    }

    @Test
    void unknownScope_isReported_withTheAllowedValues() {
        assertThatThrownBy(() -> Fixtures.workflow("security-audit", Fixtures.approving()).run(input(List.of("code", "physical"))))
                .hasMessageContaining("input.scope[1]: must be one of [code, api, infrastructure], was \"physical\"");
    }

    @Test
    void everyStepPrompt_endsWithTheFormatOfItsAnswer() {
        StepPrompts prompts = StepPrompts.of("security-audit");
        for (String step : prompts.stepIds()) {
            String prompt = prompts.get(step).strip();
            assertThat(prompt.substring(prompt.lastIndexOf("\n\n") + 2)).as(step).startsWith("Output: ");
        }
    }

    @Test
    void cutOffFindings_failTheRunNamingTheStep_whileACutOffTextFixIsContinued() {
        ScriptedLlmProvider cutJson = scripted(b -> b.whenStep("consolidated").cutOffAlways("{\"summary\": \"two issues\", \"findings\": [{\"id\": \"SEC"));
        WorkflowResult failed = Fixtures.workflow("security-audit", cutJson).run(InputSpec.toJson(input(List.of("code"))));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        StepFailedException e = (StepFailedException) failed.failure().orElseThrow();
        assertThat(e.getMessage()).contains("consolidated");
        assertThat(e.getCause()).isInstanceOf(OutputTruncatedException.class);
        assertThat(cutJson.requestsForStep("remediation-plan")).isEmpty();

        ScriptedLlmProvider cutText = scripted(b -> b.whenStep("code-fixes").cutOff("## SEC-A-001: BOLA\n```diff\n+ owner")
                .reply(" check CODE-REST\n```"));
        WorkflowResult continued = Fixtures.workflow("security-audit", cutText).run(InputSpec.toJson(input(List.of("code"))));
        assertThat(continued.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(cutText.requestsForStep("code-fixes")).hasSize(2);
        assertThat(continued.deliverables().path("fixes").path("code").asText()).isEqualTo("## SEC-A-001: BOLA\n```diff\n+ owner check CODE-REST\n```");
    }

    @Test
    void optionalInputsLeftOut_leaveNoDanglingLabel() {
        Map<String, Object> in = input(List.of("code", "infrastructure"));
        in.remove("infrastructure");
        ScriptedLlmProvider llm = scripted(b -> b);
        Fixtures.workflow("security-audit", llm).run(InputSpec.toJson(in));

        assertThat(llm.requestsForStep("code-findings").get(0).lastUserText()).doesNotContain("Compliance frameworks", "Code excerpts", "[ ]");
        assertThat(llm.requestsForStep("infra-findings").get(0).lastUserText()).doesNotContain("Infrastructure:");
        assertThat(llm.requestsForStep("signoff").get(0).lastUserText()).doesNotContain("Compliance frameworks");
    }
}
