package dev.devora.orchestration.openrouter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A server or proxy that echoes the {@code Authorization} header anywhere in what it sends back must not get the
 * key into anything kept: every carrier of server text (message, raw detail, flagged input, reasons, partial text,
 * upstream provider, request id, causes), the Java serialised form, and through the engine {@code result.failure()}
 * and {@code StepFailed} events. The key is always placed beyond the first 300 characters, where
 * {@link ProviderException#getMessage()} stops quoting the raw detail.
 */
class KeyScrubbingTest extends WireMockTestBase {
    /** Far enough into the text that the exception message (which quotes 300 characters of it) does not show it. */
    static final String PADDING = "x".repeat(350);
    static final String ECHO = PADDING + " you sent Authorization: Bearer " + KEY;

    /** Every log of each test, DEBUG included (the module's configuration), kept off the console and checked below. */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    /** No log line of any of these tests carries the key, in its message or its stack trace. */
    @AfterEach
    void noLogCarriesTheKey() {
        assertThat(logs.events()).allSatisfy(e -> assertThat(e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .as("%s %s", e.getLevel(), e.getLoggerName()).doesNotContain(KEY).doesNotContain("SENTINEL"));
    }

    @Test
    void metadataRaw_ofAJsonHttpError() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(502).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":502,\"message\":\"Provider returned error\",\"metadata\":{\"provider_name\":"
                        + "\"Proxy\",\"raw\":\"" + ECHO + "\"}}}")));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> noRetries().complete(simpleRequest()));

        assertThat(e.rawDetail()).hasValue(PADDING + " you sent Authorization: Bearer [redacted]");
        assertCarriesNoKey(e);
    }

    @Test
    void htmlBody_ofA5xx() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                .withBody("<html><body>" + ECHO + "</body></html>")));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> noRetries().complete(simpleRequest()));

        assertThat(e.rawDetail()).hasValueSatisfying(raw -> assertThat(raw).contains("Bearer [redacted]"));
        assertCarriesNoKey(e);
    }

    @Test
    void htmlBody_whoseKeyStraddlesTheLengthAtWhichTheBodyIsCut_leavesNoPartOfTheKey() {
        // the body is kept up to 500 characters: the key starts at character 477, so a cut leaves 23 of its characters
        String html = "<html>" + "x".repeat(464) + "Bearer " + KEY + "y".repeat(100) + "</html>";
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/html")
                .withBody(html)));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> noRetries().complete(simpleRequest()));

        assertThat(e.rawDetail()).hasValueSatisfying(raw -> assertThat(raw).endsWith("y…").contains("Bearer [redacted]y"));
        assertCarriesNoKey(e);
    }

    @Test
    void metadataRaw_ofAnErrorInsideA200() {
        server.stubFor(post(CHAT).willReturn(okJson("{\"id\":\"gen-1\",\"model\":\"openai/gpt-4o-mini\","
                + "\"provider\":\"Proxy\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
                + "\"finish_reason\":\"error\",\"error\":{\"code\":502,\"message\":\"upstream failed\","
                + "\"metadata\":{\"raw\":\"" + ECHO + "\"}}}]}")));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> noRetries().complete(simpleRequest()));

        assertThat(e.rawDetail()).hasValue(PADDING + " you sent Authorization: Bearer [redacted]");
        assertThat(e.partialText()).hasValue("Hel");
        assertCarriesNoKey(e);
    }

    @Test
    void flaggedInputAndReasons_ofAModerationError() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":403,\"message\":\"Your input was flagged\",\"metadata\":{\"reasons\":"
                        + "[\"harassment\",\"" + ECHO + "\"],\"flagged_input\":\"" + ECHO + "\"}}}")));

        ModerationException e = catchThrowableOfType(ModerationException.class,
                () -> noRetries().complete(simpleRequest()));

        assertThat(e.flaggedInput()).isEqualTo(PADDING + " you sent Authorization: Bearer [redacted]");
        assertThat(e.reasons()).first().isEqualTo("harassment");
        assertCarriesNoKey(e);
    }

    @Test
    void midStreamError_afterTheFirstToken() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(sse("data: {\"id\":\"gen-2\",\"model\":\"openai/gpt-4o-mini\",\"choices\":[{\"index\":0,"
                                + "\"delta\":{\"content\":\"Hel\"}}]}",
                        "data: {\"id\":\"gen-2\",\"error\":{\"code\":502,\"message\":\"cut\",\"metadata\":{\"raw\":\"" + ECHO
                                + "\"}},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}"))));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> noRetries().stream(simpleRequest(), t -> { }));

        assertThat(e.partialText()).hasValue("Hel");
        assertThat(e.rawDetail()).hasValue(PADDING + " you sent Authorization: Bearer [redacted]");
        assertCarriesNoKey(e);
    }

    @Test
    void aFlaggedInputThroughTheEngine_reachesNeitherTheFailureNorTheStepFailedEvent() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":403,\"message\":\"Your input was flagged\",\"metadata\":{\"reasons\":"
                        + "[\"harassment\"],\"flagged_input\":\"" + ECHO + "\"}}}")));
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result = runOneStepWorkflow(noRetries(), events);

        OrchestrationException failure = result.failure().orElseThrow();
        assertThat(causes(failure)).anySatisfy(t -> assertThat(t).isInstanceOf(ModerationException.class));
        assertCarriesNoKey(failure);
        List<WorkflowEvent.StepFailed> failed = events.ofType(WorkflowEvent.StepFailed.class);
        assertThat(failed).isNotEmpty();
        failed.forEach(f -> assertCarriesNoKey(f.error()));
        assertThat(result.stateJson()).doesNotContain("SENTINEL");
        assertThat(result.toJson().toString()).doesNotContain("SENTINEL");
        // the engine's line for the failed run names the failure, never the flagged input it quotes
        assertThat(logs.messages(Level.INFO)).singleElement().asString()
                .contains("of workflow 'echo' FAILED").contains("flagged by moderation").doesNotContain(PADDING);
    }

    @Test
    void aSuccessfulAnswerThatEchoesTheKey_isRedactedBeforeItIsKept() {
        server.stubFor(post(CHAT).willReturn(okJson("{\"id\":\"gen-3\",\"model\":\"openai/gpt-4o-mini\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ECHO + "\"},"
                + "\"finish_reason\":\"stop\"}]}")));

        String text = noRetries().complete(simpleRequest()).text();

        assertThat(text).isEqualTo(PADDING + " you sent Authorization: Bearer [redacted]");
    }

    @Test
    void aStreamedAnswerThatEchoesTheKey_isRedactedBeforeItsTokensReachTheListener() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withChunkedDribbleDelay(40, 200) // the key arrives cut across network reads
                .withBody(sse("data: {\"id\":\"gen-4\",\"model\":\"openai/gpt-4o-mini\",\"choices\":[{\"index\":0,"
                                + "\"delta\":{\"content\":\"" + PADDING + " Bearer " + KEY + "\"},\"finish_reason\":\"stop\"}]}",
                        "data: [DONE]"))));
        StringBuilder tokens = new StringBuilder();

        String text = noRetries().stream(simpleRequest(), tokens::append).text();

        assertThat(text).isEqualTo(PADDING + " Bearer [redacted]");
        assertThat(tokens).hasToString(text);
    }

    /** No trace of the key, not even a part of it, in any string the exception or its causes keep. */
    static void assertCarriesNoKey(Throwable top) {
        List<String> texts = new ArrayList<>();
        StringWriter trace = new StringWriter();
        top.printStackTrace(new PrintWriter(trace));
        texts.add(trace.toString());
        texts.add(new String(serialised(top), StandardCharsets.ISO_8859_1));
        for (Throwable t : causes(top)) {
            texts.add(String.valueOf(t.getMessage()));
            texts.add(t.toString());
            if (t instanceof ProviderException p) {
                texts.add(String.valueOf(p.providerMessage()));
                p.rawDetail().ifPresent(texts::add);
                p.partialText().ifPresent(texts::add);
                p.upstreamProvider().ifPresent(texts::add);
                p.requestId().ifPresent(texts::add);
                p.model().ifPresent(texts::add);
            }
            if (t instanceof ModerationException m) {
                texts.add(String.valueOf(m.flaggedInput()));
                texts.addAll(m.reasons());
            }
        }
        assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(KEY).doesNotContain("SENTINEL"));
    }

    static List<Throwable> causes(Throwable top) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable t = top; t != null && !out.contains(t); t = t.getCause()) {
            out.add(t);
            for (Throwable s : t.getSuppressed()) out.addAll(causes(s));
        }
        return out;
    }

    static byte[] serialised(Throwable t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + t.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }
}
