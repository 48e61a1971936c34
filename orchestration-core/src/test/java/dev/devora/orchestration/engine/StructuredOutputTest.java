package dev.devora.orchestration.engine;

import dev.devora.orchestration.OutputFormatException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.Role;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StructuredOutputTest {
    record Kpi(String name, int target) {
    }

    record Prd(String summary, List<String> features, List<Kpi> kpis) {
    }

    private static WorkflowResult run(ScriptedLlmProvider llm, int maxFormatRetries) {
        LlmAgent pm = LlmAgent.builder("pm").role("product manager").provider(llm)
                .output(OutputSpec.json(Prd.class)).maxFormatRetries(maxFormatRetries).build();
        Workflow wf = Workflow.builder("prd").step(Steps.agent("prd", pm).prompt("Write the PRD")).build();
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build()) {
            return engine.run(wf, Map.of());
        }
    }

    @Test
    void invalidJson_isSentBackWithTheParseError_andTheCorrectedReplyIsUsed() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("pm").reply(
                "Here you go: {\"summary\": \"x\", \"features\": [",
                "{\"summary\": \"Invoices\", \"features\": [\"send\"], \"kpis\": [{\"name\": \"paid\", \"target\": 90}]}")
                .build();

        WorkflowResult result = run(llm, 2);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        Prd prd = result.output("prd").orElseThrow().as(Prd.class);
        assertThat(prd.kpis()).containsExactly(new Kpi("paid", 90));
        LlmRequest reask = llm.requests().get(1);
        assertThat(reask.messages()).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(reask.lastUserText()).startsWith("Your reply could not be used: invalid JSON")
                .contains("line 1, column");
    }

    @Test
    void jsonThatMissesRequiredFields_isSentBackWithThePath() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("pm").reply(
                "{\"summary\": \"x\", \"features\": [\"a\"], \"kpis\": [{\"name\": \"k\"}]}",
                "{\"summary\": \"x\", \"features\": [\"a\"], \"kpis\": [{\"name\": \"k\", \"target\": 1}]}").build();

        WorkflowResult result = run(llm, 2);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requests().get(1).lastUserText()).contains("$.kpis[0].target: required property missing");
    }

    @Test
    void reAsksAreBounded_thenTheStepFailsWithATypedError() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("pm").reply("not json at all").build();

        WorkflowResult result = run(llm, 2);

        assertThat(llm.callCount()).isEqualTo(3);
        StepFailedException failure = (StepFailedException) result.failure().orElseThrow();
        assertThat(failure.getCause()).isInstanceOf(OutputFormatException.class)
                .hasMessageStartingWith("Agent 'pm' returned invalid JSON after 3 attempts");
        assertThat(((OutputFormatException) failure.getCause()).lastReply()).isEqualTo("not json at all");
    }

    @Test
    void recordOutput_sendsASchema_andTheSystemPromptDescribesIt() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        WorkflowResult result = run(llm, 0);

        LlmRequest request = llm.requests().get(0);
        assertThat(request.responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
        assertThat(request.responseFormat().schemaName()).isEqualTo("prd");
        assertThat(request.responseFormat().schema().path("required").toString())
                .isEqualTo("[\"summary\",\"features\",\"kpis\"]");
        assertThat(request.messages().get(0).content()).startsWith("You are the product manager.")
                .contains("JSON Schema");
        assertThat(result.output("prd").orElseThrow().isJson()).isTrue();
    }
}
