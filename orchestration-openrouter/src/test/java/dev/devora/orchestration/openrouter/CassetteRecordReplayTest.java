package dev.devora.orchestration.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.cassette.Cassette;
import dev.devora.orchestration.cassette.PromptDriftException;
import dev.devora.orchestration.cassette.RecordingProvider;
import dev.devora.orchestration.cassette.ReplayProvider;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.openrouter.internal.Json;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Record once through {@link OpenRouterProvider} against the local stub, then replay with the stub stopped: the
 * same state, no request, no key in the file; a changed prompt fails with the step path and both prompts.
 */
class CassetteRecordReplayTest extends WireMockTestBase {
    private static final Map<String, Object> INPUT = Map.of("topic", "caching");
    private static final String FACTS_PROMPT = "Facts of {{review}}";

    @TempDir
    Path dir;

    /** The engine's line for the failed replay, kept off the console and checked. */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    /** An agent step, a parallel step of two agents (one streaming), a JSON-output agent. */
    private static Workflow workflow(LlmProvider llm, String factsPrompt) throws IOException {
        JsonNode schema = Json.parse("{\"type\":\"object\",\"properties\":{\"count\":{\"type\":\"integer\"},"
                + "\"score\":{\"type\":\"number\"}},\"required\":[\"count\",\"score\"]}");
        return Workflow.builder("reviewed")
                .input(InputSpec.builder().required("topic", "what to review").build())
                .step(Steps.agent("outline", LlmAgent.builder("writer").instructions("Write plainly.").provider(llm).build())
                        .prompt("Outline {{input.topic}}"))
                .step(Steps.parallel("review",
                        Steps.agent("pros", LlmAgent.builder("pro").provider(llm).streaming(true).build())
                                .prompt("Pros of {{outline}}"),
                        Steps.agent("cons", LlmAgent.builder("con").provider(llm).build()).prompt("Cons of {{outline}}")))
                .step(Steps.agent("facts", LlmAgent.builder("analyst").provider(llm)
                        .output(OutputSpec.json("facts", schema)).build()).prompt(factsPrompt))
                .build();
    }

    private static String answer(String content) {
        return Bodies.REGULAR.replace("\"content\":\"Paris.\"", "\"content\":" + Json.MAPPER.valueToTree(content));
    }

    private void stubTheApi() {
        server.stubFor(post(CHAT).withRequestBody(containing("Outline caching"))
                .willReturn(okJson(answer("1. keys\n2. expiry"))));
        server.stubFor(post(CHAT).withRequestBody(containing("Pros of")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(sse(StreamTest.FIRST, StreamTest.TEXT, StreamTest.STOP, StreamTest.USAGE_EMPTY_CHOICES,
                        StreamTest.DONE))));
        server.stubFor(post(CHAT).withRequestBody(containing("Cons of")).willReturn(okJson(answer("stale reads"))));
        server.stubFor(post(CHAT).withRequestBody(containing("acts of"))
                .willReturn(okJson(answer("{\"count\": 2, \"score\": 0.50}"))));
    }

    /** Records the workflow through the provider against the stub; returns the live result. */
    private WorkflowResult record(Path file) throws IOException {
        stubTheApi();
        RecordingProvider recorder = new RecordingProvider(provider());
        WorkflowResult live;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            live = engine.run(workflow(recorder, FACTS_PROMPT), INPUT);
        }
        assertThat(live.status()).as("%s", live.failure()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(chatRequests()).hasSize(4);
        recorder.save(file);
        return live;
    }

    /** Runs {@code replayed} with the stub stopped; asserts no request reached it. */
    private WorkflowResult replayWithTheStubStopped(Path file, String factsPrompt) throws IOException {
        server.resetRequests();
        server.stop();
        try {
            ReplayProvider replay = ReplayProvider.load(file);
            try (WorkflowEngine engine = WorkflowEngine.create()) {
                return engine.run(workflow(replay, factsPrompt), INPUT);
            }
        } finally {
            server.start();
            assertThat(requestCount()).as("requests that reached the stub during the replay").isZero();
        }
    }

    @Test
    void replay_withTheStubStopped_givesTheRecordedState_andTheCassetteHoldsNoKey() throws IOException {
        Path file = dir.resolve("reviewed.json");
        WorkflowResult live = record(file);

        WorkflowResult replayed = replayWithTheStubStopped(file, FACTS_PROMPT);

        assertThat(replayed.status()).as("%s", replayed.failure()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(replayed.stateJson()).isEqualTo(live.stateJson());
        assertThat(replayed.stateJson()).contains("There are 47 files.").contains("\"score\":0.50")
                .contains("\"cost_usd\":\"0.00078245\"");
        String text = Files.readString(file);
        assertThat(text).doesNotContain(KEY).doesNotContain("SENTINEL").doesNotContain("Bearer")
                .doesNotContainIgnoringCase("authorization");
        assertThat(Cassette.load(file).interactions()).extracting(i -> i.stepPath())
                .containsExactly("facts", "outline", "review/cons", "review/pros");
    }

    @Test
    void replay_ofAChangedPrompt_failsWithTheStepPathAndBothPrompts() throws IOException {
        Path file = dir.resolve("reviewed.json");
        record(file);

        WorkflowResult drifted = replayWithTheStubStopped(file, "Key facts of {{review}}");

        assertThat(drifted.status()).isEqualTo(RunStatus.FAILED);
        StepFailedException failure = (StepFailedException) drifted.failure().orElseThrow();
        assertThat(failure.stepPath()).isEqualTo("facts");
        assertThat(failure.attempts()).isEqualTo(1);
        PromptDriftException drift = (PromptDriftException) failure.getCause();
        assertThat(drift.stepPath()).isEqualTo("facts");
        assertThat(failure.getMessage()).contains("step 'facts'")
                .containsPattern("\n- Facts of \\{.*There are 47 files\\.")
                .containsPattern("\n\\+ Key facts of \\{.*There are 47 files\\.");
        assertThat(drifted.outputs()).containsKeys("outline", "pros", "cons");
        // the log names the failure by its kind; the diff, which quotes prompts, stays in the failure
        assertThat(logs.events()).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("Step 'facts' failed after 1 attempt: invalid request"));
        assertThat(logs.events()).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("Key facts"));
    }
}
