package dev.devora.orchestration.openrouter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The key echoed in the forms a server may use that are not its plain UTF-8 bytes in a body: JSON escapes inside
 * the key ({@code \u002d}, {@code \/}), a response header, and a key cut across two streamed deltas. Whatever the
 * form, the key reaches no answer, token, catalogue entry, event, result JSON or log line (at TRACE).
 */
class KeyEchoFormsTest extends WireMockTestBase {
    /** {@link #KEY} with every '-' written as a JSON escape: the same string once parsed. */
    static final String KEY_ESCAPED = KEY.replace("-", "\\u002d");
    /** {@link #KEY} with every character written as a JSON escape. */
    static final String KEY_ALL_ESCAPED = KEY.chars().mapToObj(c -> String.format("\\u%04x", c))
            .collect(Collectors.joining());

    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final List<Logger> traced = new ArrayList<>();
    final List<Level> levels = new ArrayList<>();

    @BeforeEach
    void captureEveryLogAtTrace() {
        logs.start();
        for (String name : List.of("dev.devora", "io.github.resilience4j")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            traced.add(logger);
            levels.add(logger.getLevel());
            logger.setLevel(Level.TRACE);
            logger.addAppender(logs);
        }
    }

    @AfterEach
    void restoreLogs() {
        for (int i = 0; i < traced.size(); i++) {
            traced.get(i).detachAppender(logs);
            traced.get(i).setLevel(levels.get(i));
        }
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .doesNotContain("SENTINEL"));
    }

    static String answer(String id, String model, String content) {
        return "{\"id\":\"" + id + "\",\"model\":\"" + model + "\",\"provider\":\"Proxy\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}";
    }

    static void assertNoKey(LlmResponse r) {
        assertThat(r.toString()).doesNotContain("SENTINEL");
        assertThat(List.of(r.text(), String.valueOf(r.model()), String.valueOf(r.upstreamProvider()),
                String.valueOf(r.requestId()), String.valueOf(r.reasoning()), String.valueOf(r.json()),
                String.valueOf(r.toolCalls()), String.valueOf(r.reasoningDetails())))
                .allSatisfy(s -> assertThat(s).doesNotContain("SENTINEL"));
    }

    @Test
    void aKeyWithJsonEscapesInTheContent_isRedactedFromTheAnswer() {
        server.stubFor(post(CHAT).willReturn(okJson(answer("gen-1", "openai/gpt-4o-mini", "Bearer " + KEY_ESCAPED))));

        LlmResponse r = noRetries().complete(simpleRequest());

        assertThat(r.text()).isEqualTo("Bearer [redacted]");
        assertNoKey(r);
    }

    @Test
    void aKeyWrittenWholeInEscapes_inTheModelIdAndProvider_isRedacted() {
        server.stubFor(post(CHAT).willReturn(okJson(answer(KEY_ALL_ESCAPED, KEY_ALL_ESCAPED, "fine")
                .replace("\"Proxy\"", "\"" + KEY_ALL_ESCAPED + "\""))));

        assertNoKey(noRetries().complete(simpleRequest()));
    }

    @Test
    void aKeyWithSlashesEchoedAsEscapedSlashes_isRedacted() {
        String key = "sk/or/v1/SENTINEL/0123456789abcdef";
        server.stubFor(post(CHAT).willReturn(okJson(answer("gen-1", "openai/gpt-4o-mini",
                "Bearer " + key.replace("/", "\\/")))));

        LlmResponse r = providerBuilder().apiKey(key).retry(RetrySettings.NONE).build().complete(simpleRequest());

        assertThat(r.text()).isEqualTo("Bearer [redacted]");
    }

    @Test
    void aKeyEchoedInTheGenerationIdHeader_ofASuccessfulAnswer_isRedacted() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-generation-id", "Bearer " + KEY)
                .withBody("{\"model\":\"openai/gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                        + "\"assistant\",\"content\":\"Paris\"},\"finish_reason\":\"stop\"}]}")));

        LlmResponse r = noRetries().complete(simpleRequest());

        assertThat(r.requestId()).isEqualTo("Bearer [redacted]");
        assertNoKey(r);
    }

    @Test
    void aKeyEchoedInTheGenerationIdHeader_ofAStream_isRedacted() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withHeader("x-generation-id", KEY)
                .withBody(sse("data: {\"model\":\"openai/gpt-4o-mini\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"Paris\"},\"finish_reason\":\"stop\"}]}", "data: [DONE]"))));

        assertNoKey(noRetries().stream(simpleRequest(), t -> { }));
    }

    @Test
    void aKeyCutAcrossTwoStreamedDeltas_reachesNeitherTheListenerNorTheAnswer() {
        int cut = 12;
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(sse("data: {\"id\":\"gen-5\",\"model\":\"openai/gpt-4o-mini\",\"choices\":[{\"index\":0,"
                                + "\"delta\":{\"content\":\"Bearer " + KEY.substring(0, cut) + "\"}}]}",
                        "data: {\"id\":\"gen-5\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                                + KEY.substring(cut) + " end\"},\"finish_reason\":\"stop\"}]}",
                        "data: [DONE]"))));
        StringBuilder tokens = new StringBuilder();

        LlmResponse r = noRetries().stream(simpleRequest(), tokens::append);

        assertThat(r.text()).isEqualTo("Bearer [redacted] end");
        assertThat(tokens).hasToString(r.text());
    }

    @Test
    void anEscapedKeyInAStreamedDelta_andInTheStreamedModel_isRedacted() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(sse("data: {\"id\":\"gen-6\",\"model\":\"" + KEY_ESCAPED + "\",\"choices\":[{\"index\":0,"
                                + "\"delta\":{\"content\":\"Bearer " + KEY_ESCAPED + "\"},\"finish_reason\":\"stop\"}]}",
                        "data: [DONE]"))));
        StringBuilder tokens = new StringBuilder();

        LlmResponse r = noRetries().stream(simpleRequest(), tokens::append);

        assertThat(tokens).hasToString("Bearer [redacted]");
        assertNoKey(r);
    }

    @Test
    void anEscapedKeyInAnErrorsRawDetail_isRedacted() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(502).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":502,\"message\":\"bad " + KEY_ESCAPED + "\",\"metadata\":{"
                        + "\"provider_name\":\"" + KEY_ESCAPED + "\",\"raw\":\"" + "y".repeat(70_000) + KEY_ALL_ESCAPED
                        + "\"}}}")));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> noRetries().complete(simpleRequest()));

        KeyScrubbingTest.assertCarriesNoKey(e);
    }

    @Test
    void theCatalogue_keyInfoAndGenerationInfo_neverHoldTheKey_escapedOrNot() {
        server.stubFor(get(urlPathEqualTo("/api/v1/models")).willReturn(okJson("{\"data\":[{\"id\":\"a/" + KEY_ESCAPED
                + "\",\"name\":\"" + KEY_ALL_ESCAPED + "\",\"supported_parameters\":[\"" + KEY_ESCAPED + "\"],"
                + "\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0.000002\"}}]}")));
        server.stubFor(get(urlPathEqualTo("/api/v1/key")).willReturn(okJson("{\"data\":{\"label\":\"" + KEY_ESCAPED
                + "\",\"usage\":0.5}}")));
        server.stubFor(get(urlPathEqualTo("/api/v1/generation")).willReturn(okJson("{\"data\":{\"id\":\"" + KEY_ESCAPED
                + "\",\"model\":\"" + KEY_ALL_ESCAPED + "\",\"provider_name\":\"" + KEY + "\",\"finish_reason\":\""
                + KEY_ESCAPED + "\",\"native_finish_reason\":\"" + KEY_ESCAPED + "\"}}")));
        OpenRouterProvider llm = noRetries();

        assertThat(llm.catalog().models().toString()).doesNotContain("SENTINEL");
        assertThat(llm.keyInfo().toString()).doesNotContain("SENTINEL");
        assertThat(llm.generation("gen-1").toString()).doesNotContain("SENTINEL");
    }

    @Test
    void aKeyEchoedInAStatusLineOrHeaderTheJdkRejects_reachesNoExceptionNorItsCauses() throws Exception {
        for (String reply : List.of("HTTP/1.1 2x0 Bearer " + KEY + "\r\n\r\n",
                "HTTP/1.1 200 OK\r\nBad Header " + KEY + "\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: " + KEY + "\r\n\r\n")) {
            for (boolean streamed : new boolean[] {false, true}) {
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    Thread replier = new Thread(() -> reply(socket, reply));
                    replier.start();
                    OpenRouterProvider llm = providerBuilder().retry(RetrySettings.NONE)
                            .baseUrl("http://localhost:" + socket.getLocalPort() + "/api/v1").build();

                    ProviderException e = catchThrowableOfType(ProviderException.class, () -> {
                        if (streamed) llm.stream(simpleRequest(), t -> { });
                        else llm.complete(simpleRequest());
                    });

                    assertThat(e).as(reply + (streamed ? " streamed" : "")).isNotNull();
                    assertThat(e.kind()).isNotEqualTo(ProviderErrorKind.UNKNOWN);
                    KeyScrubbingTest.assertCarriesNoKey(e);
                    replier.join(5_000);
                }
            }
        }
    }

    /** Answers one connection with these raw bytes. */
    static void reply(ServerSocket socket, String reply) {
        try (Socket s = socket.accept()) {
            s.getInputStream().read(new byte[8192]);
            s.getOutputStream().write(reply.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            Thread.sleep(200);
        } catch (Exception ignored) {
            // the client closed first
        }
    }

    @Test
    void throughTheEngine_anEchoInTheHeaderOrAnEscapedEcho_reachesNoEventAndNoResultJson() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-generation-id", KEY)
                .withBody("{\"model\":\"" + KEY_ESCAPED + "\",\"provider\":\"" + KEY_ESCAPED + "\",\"choices\":[{"
                        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"key " + KEY_ESCAPED + "\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}")));
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result = runOneStepWorkflow(noRetries(), events);

        assertThat(result.toJson().toString()).doesNotContain("SENTINEL");
        assertThat(result.stateJson()).doesNotContain("SENTINEL");
        assertThat(events.events()).allSatisfy(e -> assertThat(e.toString()).doesNotContain("SENTINEL"));
        assertThat(events.ofType(WorkflowEvent.LlmCallCompleted.class)).isNotEmpty();
    }
}
