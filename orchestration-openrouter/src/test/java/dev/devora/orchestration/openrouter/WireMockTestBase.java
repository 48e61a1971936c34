package dev.devora.orchestration.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.openrouter.internal.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * A WireMock server on localhost shared by the tests of one class, and a provider pointed at it with a sentinel
 * key, tiny retry delays recorded instead of slept, and short timeouts.
 */
abstract class WireMockTestBase {
    static final String KEY = "sk-or-v1-SENTINEL-0123456789abcdef";
    static final String CHAT = "/api/v1/chat/completions";

    static WireMockServer server;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(20).jettyAcceptors(1)
                .jettyStopTimeout(100L));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void resetServer() {
        server.resetAll();
        sleeps.clear();
    }

    String baseUrl() {
        return "http://localhost:" + server.port() + "/api/v1";
    }

    OpenRouterProvider.Builder providerBuilder() {
        return OpenRouterProvider.builder()
                .apiKey(KEY)
                .baseUrl(baseUrl())
                .defaultModel("openai/gpt-4o-mini")
                .requestTimeout(Duration.ofSeconds(5))
                .retry(RetrySettings.builder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(8)).build())
                .circuitBreaker(CircuitBreakerSettings.DISABLED)
                .sleeper(sleeps::add);
    }

    OpenRouterProvider provider() {
        return providerBuilder().build();
    }

    static LlmRequest simpleRequest() {
        return LlmRequest.builder().message(LlmMessage.user("What is the capital of France?")).build();
    }

    static List<LoggedRequest> chatRequests() {
        return server.findAll(postRequestedFor(urlEqualTo(CHAT)));
    }

    static int requestCount() {
        return server.findAll(anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())).size();
    }

    static JsonNode sentBody(int index) {
        try {
            return Json.parse(chatRequests().get(index).getBodyAsString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String sse(String... events) {
        StringBuilder sb = new StringBuilder();
        for (String e : events) sb.append(e).append("\n\n");
        return sb.toString();
    }

    /** A provider against the stub server that makes one attempt per call (the provider's retries off). */
    OpenRouterProvider noRetries() {
        return providerBuilder().retry(RetrySettings.NONE).build();
    }

    /** Runs a one-step workflow ('echo': agent 'writer' at step 'write') on {@code llm}, events to {@code listener}. */
    static dev.devora.orchestration.engine.WorkflowResult runOneStepWorkflow(dev.devora.orchestration.llm.LlmProvider llm,
            dev.devora.orchestration.event.WorkflowListener listener) {
        dev.devora.orchestration.agent.LlmAgent writer = dev.devora.orchestration.agent.LlmAgent.builder("writer")
                .role("writer").instructions("Write.").provider(llm).build();
        dev.devora.orchestration.workflow.Workflow workflow = dev.devora.orchestration.workflow.Workflow.builder("echo")
                .input(dev.devora.orchestration.workflow.InputSpec.builder().required("topic", "what to write about").build())
                .step(dev.devora.orchestration.workflow.Steps.agent("write", writer).prompt("Write about {{input.topic}}."))
                .build();
        try (dev.devora.orchestration.engine.WorkflowEngine engine = dev.devora.orchestration.engine.WorkflowEngine.create()) {
            return engine.run(workflow, dev.devora.orchestration.workflow.InputSpec.toJson(java.util.Map.of("topic", "keys")),
                    dev.devora.orchestration.engine.RunOptions.NONE, listener);
        }
    }
}
