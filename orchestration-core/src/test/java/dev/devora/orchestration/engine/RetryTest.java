package dev.devora.orchestration.engine;

import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetryTest {
    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ofMillis(10))
            .maxDelay(Duration.ofMillis(40)).maxServerDelay(Duration.ofSeconds(1)).build();

    private static Workflow oneStep(ScriptedLlmProvider llm) {
        return Workflow.builder("one").step(Steps.agent("draft", LlmAgent.builder("writer").provider(llm).build())
                .prompt("write")).build();
    }

    @Test
    void retriableErrors_areRetriedWithBackoff_andCountedInMetricsAndEvents() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("writer").failTimes(2, ProviderErrorKind.RATE_LIMITED).reply("done").build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(FAST).build()) {
            result = engine.run(oneStep(llm), null, RunOptions.NONE, events);
        }
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.text("draft")).isEqualTo("done");
        assertThat(llm.callCount()).isEqualTo(3);
        assertThat(result.metrics().retries()).isEqualTo(2);
        assertThat(result.metrics().steps().get("draft").retries()).isEqualTo(2);
        assertThat(events.ofType(WorkflowEvent.StepRetried.class)).extracting(WorkflowEvent.StepRetried::nextAttempt)
                .containsExactly(2, 3);
        assertThat(events.ofType(WorkflowEvent.StepRetried.class).get(0).delay()).isBetween(Duration.ofMillis(5), Duration.ofMillis(40));
        events.assertWellFormed();
    }

    @Test
    void nonRetriableErrors_areNotRetried() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("writer").failAlways(ProviderErrorKind.AUTHENTICATION).build();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(FAST).build()) {
            result = engine.run(oneStep(llm), Map.of());
        }
        assertThat(llm.callCount()).isEqualTo(1);
        assertThat(result.failure().orElseThrow()).isInstanceOf(StepFailedException.class)
                .hasMessage("Step 'draft' failed after 1 attempt: authentication failed (HTTP 401): scripted authentication failed");
        assertThat(result.metrics().retries()).isZero();
    }

    @Test
    void exhaustedRetries_failTheStep_namingTheAttempts() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("writer").failAlways(ProviderErrorKind.SERVER_ERROR).build();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(FAST).build()) {
            result = engine.run(oneStep(llm), Map.of());
        }
        assertThat(llm.callCount()).isEqualTo(3);
        StepFailedException e = (StepFailedException) result.failure().orElseThrow();
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.stepPath()).isEqualTo("draft");
        assertThat(e).hasMessageStartingWith("Step 'draft' failed after 3 attempts: server error");
    }

    @Test
    void providerRetryAfter_isHonoured_andAnOverlongOneFailsAtOnce() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("writer").failWith(() -> ProviderException.builder(ProviderErrorKind.RATE_LIMITED, "slow down")
                        .httpStatus(429).retryAfter(Duration.ofMillis(150)).build()).reply("ok")
                .whenAgent("patient").failWith(() -> ProviderException.builder(ProviderErrorKind.RATE_LIMITED, "come back later")
                        .httpStatus(429).model("openai/gpt-5-mini").retryAfter(Duration.ofSeconds(20)).build()).reply("never")
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        Workflow wf = Workflow.builder("ra")
                .step(Steps.agent("draft", LlmAgent.builder("writer").provider(llm).build()).prompt("w"))
                .step(Steps.agent("wait", LlmAgent.builder("patient").provider(llm).build()).prompt("w"))
                .build();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(FAST).build()) {
            result = engine.run(wf, null, RunOptions.NONE, events);
        }
        assertThat(events.ofType(WorkflowEvent.StepRetried.class)).singleElement()
                .satisfies(r -> assertThat(r.delay()).isEqualTo(Duration.ofMillis(150)));
        assertThat(result.text("draft")).isEqualTo("ok");
        assertThat(result.failure().orElseThrow())
                .hasMessage("Step 'wait' failed after 1 attempt: rate limited by openai/gpt-5-mini (HTTP 429): "
                        + "come back later (retry after 20 s)");
    }

    @Test
    void stepMaxAttempts_overridesTheEnginePolicy() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("writer").failAlways(ProviderErrorKind.TIMEOUT).build();
        Workflow wf = Workflow.builder("one").step(Steps.agent("draft", LlmAgent.builder("writer").provider(llm).build())
                .prompt("write").maxAttempts(5)).build();
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(FAST).build()) {
            engine.run(wf, Map.of());
        }
        assertThat(llm.callCount()).isEqualTo(5);
    }
}
