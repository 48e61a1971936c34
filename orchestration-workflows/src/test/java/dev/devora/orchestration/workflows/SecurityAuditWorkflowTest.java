package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
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

    @Test
    void rejectedPlan_isRevised_andTheRevisionBecomesThePlan() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, APPROVED))
                .whenStep("revised-plan").reply("{\"items\": [], \"quick_wins\": [\"block public access\"], \"roadmap\": \"revised\"}"));
        WorkflowResult result = Fixtures.workflow("security-audit", llm).run(InputSpec.toJson(input(List.of("code"))));
        assertThat(result.deliverables().path("remediation_plan").path("roadmap").asText()).isEqualTo("revised");
        assertThat(llm.requestsForStep("revised-plan").get(0).lastUserText()).contains("Protect POST /tasks");
    }

    @Test
    void unknownScope_isReported_withTheAllowedValues() {
        assertThatThrownBy(() -> Fixtures.workflow("security-audit", Fixtures.approving()).run(input(List.of("code", "physical"))))
                .hasMessageContaining("input.scope[1]: must be one of [code, api, infrastructure], was \"physical\"");
    }
}
