package dev.devora.orchestration.workflows;

import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowConfigTest {
    /** Captures the warnings these runs log (loops at their bound, scripted answers without a referenced field). */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    @Test
    void invalidConfig_isRejected_withEveryValueNamed() {
        assertThatThrownBy(() -> WorkflowConfig.builder().maxIterations(0).gateThreshold(120).gateThreshold("qa-release", -1)
                .instructions("wizard", "x").instructions("copywriter", " ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIterations must be ≥ 1, was 0")
                .hasMessageContaining("gateThreshold must be 0..100, was 120")
                .hasMessageContaining("gateThreshold of 'qa-release' must be 0..100, was -1")
                .hasMessageContaining("unknown role 'wizard'")
                .hasMessageContaining("instructions of 'copywriter' must not be blank");
        assertThatThrownBy(() -> ModelPolicy.defaults().toBuilder().tier(ModelTier.FAST, " "))
                .hasMessageContaining("model id of tier FAST must not be blank, was \" \"");
    }

    @Test
    void gateThreshold_perGate_decidesWhetherAReviewPasses() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenAgent("qa-lead")
                .answer(Fixtures.verdicts("{\"score\": 85, \"approved\": true, \"blockers\": [], \"issues\": [], \"feedback\": \"ok\"}")));
        WorkflowConfig strict = WorkflowConfig.builder().maxIterations(1).gateThreshold("qa-api-release", 90).build();
        WorkflowResult result = Fixtures.workflow("api-development", llm, strict)
                .run(InputSpec.toJson(ApiDevelopmentWorkflowTest.input("rest")));
        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(result.gateHistory().get(0).verdict().threshold()).isEqualTo(90);
    }

    @Test
    void extraGate_mustAlsoPass_atTheFinalGate() {
        WorkflowConfig config = WorkflowConfig.builder().maxIterations(1)
                .extraGate(QualityGates.rules("mentions-owasp").mentions("OWASP").build()).build();
        WorkflowResult result = Fixtures.workflow("api-development", Fixtures.approving(), config)
                .run(InputSpec.toJson(ApiDevelopmentWorkflowTest.input("rest")));
        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(result.gateHistory().get(0).verdict().feedback()).contains("OWASP");
    }

    @Test
    void budget_stopsTheRun_keepingWhatFinished() {
        // a call is admitted only if its prompt and maxTokens (8,000 on the fast tier) fit: 20,000 admits a few
        WorkflowConfig config = WorkflowConfig.builder().budget(RunOptions.builder().maxTokens(20_000).build()).build();
        WorkflowResult result = Fixtures.workflow("api-development", Fixtures.approving(), config)
                .run(InputSpec.toJson(ApiDevelopmentWorkflowTest.input("rest")));
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).isInstanceOf(BudgetExceededException.class);
        assertThat(result.outputs()).isNotEmpty();
        assertThat(result.metrics().usage().totalTokens()).isLessThanOrEqualTo(20_000);
    }

    @Test
    void aPredefinedDefinition_canBeExtended_andKeepsItsValidationAndReport() {
        ScriptedLlmProvider llm = Fixtures.approving();
        PredefinedWorkflow api = Fixtures.workflow("api-development", llm);
        var reviewer = dev.devora.orchestration.agent.LlmAgent.builder("security-auditor").role("security auditor").provider(llm).build();
        PredefinedWorkflow extended = api.withDefinition(api.definition().toBuilder()
                .step(Steps.agent("extra-security-review", reviewer).prompt("Review {{endpoints}}"))
                .deliverable("security.review", "extra-security-review").build());

        WorkflowResult result = extended.run(InputSpec.toJson(ApiDevelopmentWorkflowTest.input("rest")));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(extended.report(result).path("deliverables").path("security").path("review").isTextual()).isTrue();
        assertThat(llm.requestsForStep("extra-security-review")).hasSize(1);
        assertThatThrownBy(() -> extended.run(java.util.Map.of("api_name", "x"))).hasMessageContaining("input.api_type: is required");
    }
}
