package dev.devora.orchestration.engine;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The options of a route step can read the router's answer (its choice and reasoning) as {@code {{routeId}}}. */
class RouterOutputTest {
    private static final String ANSWER = "security: the change touches session tokens and the login flow";

    private final WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();
    private final ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("router").reply(ANSWER).build();

    @AfterEach
    void close() {
        engine.close();
    }

    private LlmAgent agent(String name) {
        return LlmAgent.builder(name).provider(llm).build();
    }

    @Test
    void theChosenExpertSeesTheRoutersAnswer_andLaterStepsSeeTheExpertsOutput() {
        Workflow wf = Workflow.builder("triaged")
                .step(Steps.route("triage", agent("router")).prompt("Who should review the change?")
                        .option("security", "a security review",
                                Steps.sequence("security-review",
                                        Steps.agent("threats", agent("security-expert"))
                                                .prompt("Review the change. The triage said: {{triage}}")))
                        .option("performance", "a performance review",
                                Steps.agent("perf", agent("perf-expert")).prompt("Why you: {{triage}}")))
                .step(Steps.agent("summary", agent("writer")).prompt("Summarise {{triage}}"))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("threats")).singleElement()
                .satisfies(r -> assertThat(r.lastUserText()).isEqualTo("Review the change. The triage said: " + ANSWER));
        assertThat(llm.requestsForStep("perf")).isEmpty();
        // after the route step, its output is the chosen option's, as before
        assertThat(result.text("triage")).isEqualTo(result.text("threats"));
        assertThat(llm.requestsForStep("summary").get(0).lastUserText()).isEqualTo("Summarise " + result.text("threats"));
        assertThat(engine.plan(wf, Map.of()).calls()).extracting(ExecutionPlan.PlannedCall::path).contains("triage/security-review/threats");
    }
}
