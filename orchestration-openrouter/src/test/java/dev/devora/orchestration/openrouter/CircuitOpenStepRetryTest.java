package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The engine and the provider's breaker together: a step refused by an open breaker waits for its half-open. */
class CircuitOpenStepRetryTest extends WireMockTestBase {
    /** The breaker's state changes (INFO) stay off the console. */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    static final String A = CircuitBreakerTest.A;

    @Test
    void aStepRefusedByAnOpenBreakerWithoutFallback_isRetriedByTheEngineWhenTheBreakerHalfOpens_andSucceeds() {
        Duration openFor = Duration.ofMillis(1500); // long enough for the set-up below on a busy machine
        server.stubFor(post(CHAT).willReturn(CircuitBreakerTest.error(500)));
        OpenRouterProvider llm = providerBuilder()
                .circuitBreaker(CircuitBreakerSettings.builder().windowSize(1).minimumCalls(1).openDuration(openFor).build())
                .build();
        catchThrowableOfType(ProviderException.class, () -> llm.complete(simpleRequest().toBuilder().model(A).build()));
        assertThat(llm.isCircuitOpen(A)).as("one failed call opened it").isTrue();
        server.resetAll();
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.withModel(A))));
        Workflow workflow = Workflow.builder("one").step(Steps.agent("draft",
                LlmAgent.builder("writer").provider(llm).model(A).build()).prompt("write")).build();
        // without the breaker's retry-after, 1 ms of engine backoff would retry too early and fail the step
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ofMillis(1))
                .maxDelay(Duration.ofMillis(1)).build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(policy).build()) {
            result = engine.run(workflow, null, RunOptions.NONE, events);
        }

        assertThat(result.failure()).isEmpty();
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        List<WorkflowEvent.StepRetried> retried = events.ofType(WorkflowEvent.StepRetried.class);
        assertThat(retried).hasSize(1);
        assertThat(retried.get(0).cause()).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ProviderErrorKind.CIRCUIT_OPEN));
        assertThat(retried.get(0).delay()).as("the breaker's retry-after, not the 1 ms backoff").isBetween(Duration.ofMillis(50), openFor);
        assertThat(chatRequests()).as("only the probe after the wait went out").hasSize(1);
        assertThat(llm.isCircuitOpen(A)).isFalse();
        events.assertWellFormed();
    }
}
