package dev.devora.orchestration.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ListenersLoggingAndSecretsTest {
    private static final String SECRET = "sk-or-v1-SENTINEL-0123456789abcdef";

    /** Keeps the listener bugs these tests provoke (logged with stack traces) off the console unless a test fails. */
    @RegisterExtension
    final CapturedLogs quiet = CapturedLogs.create();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level previous;

    @BeforeEach
    void captureLogs() {
        previous = root.getLevel();
        root.setLevel(Level.TRACE);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
        root.setLevel(previous);
    }

    /** A provider holding a secret, delegating to a scripted one. */
    private static final class KeyedProvider implements LlmProvider {
        private final ApiKey key = ApiKey.of(SECRET);
        private final LlmProvider delegate;

        KeyedProvider(LlmProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "keyed";
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            assertThat(key.reveal()).isEqualTo(SECRET);
            return delegate.complete(request);
        }

        @Override
        public String toString() {
            return "KeyedProvider[key=" + key + "]";
        }
    }

    @Test
    void aListenerThatThrows_doesNotBreakTheRun_andIsLoggedOnce() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        LlmAgent a = LlmAgent.builder("a").provider(llm).build();
        Workflow wf = Workflow.builder("w").step(Steps.agent("one", a).prompt("1"))
                .step(Steps.parallel("p", Steps.agent("two", a).prompt("2"), Steps.agent("three", a).prompt("3"))).build();
        AtomicInteger seen = new AtomicInteger();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.builder().listener(e -> {
            seen.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }).build()) {
            result = engine.run(wf, null, RunOptions.NONE, events);
        }
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(seen.get()).isEqualTo(events.events().size());
        events.assertWellFormed();
        assertThat(logs.list).filteredOn(l -> l.getLevel() == Level.WARN && l.getFormattedMessage().contains("listener"))
                .hasSize(1);
    }

    @Test
    void aSecretKey_neverShowsInToString_exceptionMessages_orLogs_acrossSuccessRetryAndFailure() {
        ScriptedLlmProvider scripted = ScriptedLlmProvider.builder()
                .whenAgent("flaky").failTimes(1, ProviderErrorKind.SERVER_ERROR).reply("ok")
                .whenAgent("broken").failAlways(ProviderErrorKind.AUTHENTICATION)
                .build();
        KeyedProvider provider = new KeyedProvider(scripted);
        LlmAgent ok = LlmAgent.builder("fine").provider(provider).build();
        LlmAgent flaky = LlmAgent.builder("flaky").provider(provider).build();
        LlmAgent broken = LlmAgent.builder("broken").provider(provider).build();
        Workflow wf = Workflow.builder("secrets")
                .step(Steps.agent("ok", ok).prompt("a"))
                .step(Steps.agent("retry", flaky).prompt("b"))
                .step(Steps.agent("fail", broken).prompt("c"))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.builder()
                .initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(2)).build()).build()) {
            result = engine.run(wf, null, RunOptions.NONE, events);
            assertThat(engine.toString()).doesNotContain(SECRET);
        }

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(events.ofType(WorkflowEvent.StepRetried.class)).hasSize(1);
        StringBuilder everything = new StringBuilder();
        everything.append(provider).append(ok).append(result).append(result.toJson()).append(wf);
        result.failure().ifPresent(f -> {
            for (Throwable t = f; t != null; t = t.getCause()) everything.append(t.getMessage()).append(t);
        });
        events.events().forEach(e -> everything.append(e));
        logs.list.forEach(l -> everything.append(l.getFormattedMessage()).append(l.getMDCPropertyMap())
                .append(l.getThrowableProxy() == null ? "" : l.getThrowableProxy().getMessage()));
        for (ProviderErrorKind kind : ProviderErrorKind.values()) {
            everything.append(ProviderException.builder(kind, "m").model("x").build().getMessage());
        }

        assertThat(everything.toString()).doesNotContain(SECRET).contains("authentication failed");
        assertThat(logs.list).anySatisfy(l -> assertThat(l.getMDCPropertyMap()).containsKey("runId"));
        assertThat(ApiKey.of(SECRET).toString()).isEqualTo("ApiKey[redacted]");
    }

    @Test
    void aFailedRunsLogLine_namesTheStepAndTheKind_butNotTheProvidersMessageNorItsRawBody() {
        String message = "UPSTREAM-MESSAGE-7f3a";
        String raw = "UPSTREAM-RAW-BODY-9c1e";
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenStep("draft").failWith(() -> ProviderException
                .builder(ProviderErrorKind.SERVER_ERROR, message).model("m/x").httpStatus(502).rawDetail(raw).build()).reply("not reached").build();
        Workflow wf = Workflow.builder("wf").step(Steps.agent("draft", LlmAgent.builder("w").provider(llm).build())
                .prompt("go")).build();

        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build()) {
            result = engine.run(wf, Map.of());
        }

        assertThat(result.failure()).get().extracting(Throwable::getMessage).asString().contains(message).contains(raw);
        assertThat(logs.list).filteredOn(l -> l.getFormattedMessage().contains("FAILED")).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .endsWith("FAILED: Step 'draft' failed after 1 attempt: server error by m/x (HTTP 502)"
                        + " (the provider's message is in the run's failure)");
        assertThat(logs.list).allSatisfy(l -> assertThat(l.getFormattedMessage() + l.getThrowableProxy())
                .doesNotContain(message).doesNotContain(raw));
    }
}
