package dev.devora.orchestration.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Budget admission on the paths the first checks did not take: calls that end in an {@code Error}. */
class BudgetAdmissionEdgesTest {
    private static final BigDecimal PRICE = new BigDecimal("0.0001");

    @Test
    void aProviderErrorCaughtByACustomAgent_releasesItsReservation_soTheNextCallIsAdmitted() throws Exception {
        // a provider that throws an Error (here an AssertionError) left its reservation in flight for ever: the
        // agent's next call, unbounded, waited for it until the run's timeout
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenPromptContains("boom").failWith(() -> {
            throw new AssertionError("provider bug");
        }).reply("unused").otherwise(r -> "fine").costPerToken(PRICE).build();
        Agent fallback = Agent.of("fallback", call -> {
            try {
                call.complete(llm, LlmRequest.builder().maxTokens(90).message(LlmMessage.user("boom")).build());
            } catch (AssertionError expected) {
                // a custom agent may fall back on anything
            }
            return AgentResult.text(call.complete(llm, LlmRequest.builder().message(LlmMessage.user("again")).build()).text());
        });
        Workflow wf = Workflow.builder("fallback").step(Steps.agent("ask", fallback).prompt("x")).build();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            result = engine.start(wf, JsonNodeFactory.instance.objectNode(), RunOptions.builder().maxCostUsd("1")
                            .timeout(Duration.ofSeconds(5)).build(), WorkflowListener.NONE)
                    .result().get(30, TimeUnit.SECONDS);
        }

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.outputs().get("ask").text()).isEqualTo("fine");
        assertThat(llm.callCount()).isEqualTo(2);
        assertThat(result.metrics().calls()).hasSize(1);
    }
}
