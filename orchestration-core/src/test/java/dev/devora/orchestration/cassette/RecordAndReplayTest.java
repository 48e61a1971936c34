package dev.devora.orchestration.cassette;

import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RecordAndReplayTest {
    private static final Map<String, Object> INPUT = Map.of("topic", "caching");

    @TempDir
    Path dir;

    @Test
    void replay_ofARecordedRun_givesTheSameState_withoutTheRecordedProvider() throws IOException {
        ScriptedLlmProvider scripted = CassetteFixtures.provider(new Random(1), 5);
        RecordingProvider recorder = new RecordingProvider(scripted);
        Path file = dir.resolve("cassettes/run.json");
        WorkflowResult recorded;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            recorded = engine.run(CassetteFixtures.workflow(recorder, CassetteFixtures.SECTION_TWO), INPUT);
        }
        recorder.save(file);
        int callsWhileRecording = scripted.callCount();

        ReplayProvider replay = ReplayProvider.load(file);
        WorkflowResult replayed;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            replayed = engine.run(CassetteFixtures.workflow(replay, CassetteFixtures.SECTION_TWO), INPUT);
        }

        assertThat(recorded.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(replayed.stateJson()).isEqualTo(recorded.stateJson());
        assertThat(replayed.stateJson()).contains("final draft").contains("\"ratio\":0.25").contains("cost_usd");
        assertThat(scripted.callCount()).isEqualTo(callsWhileRecording).isEqualTo(10);
        assertThat(replay.unused()).isEmpty();
        replay.assertAllUsed();
        // the file is stable under a load and save
        assertThat(Cassette.load(file).toJson()).isEqualTo(Files.readString(file));
    }

    @Test
    void file_isByteIdentical_whenParallelBranchesFinishInAnotherOrder() throws IOException {
        Set<String> files = new HashSet<>();
        Set<List<String>> answerOrders = new HashSet<>();
        Random random = new Random(7);
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            for (int run = 0; run < 8; run++) {
                ScriptedLlmProvider scripted = CassetteFixtures.provider(random, 60);
                List<String> answered = Collections.synchronizedList(new ArrayList<>());
                LlmProvider answerOrder = new LlmProvider() {
                    @Override
                    public String name() {
                        return scripted.name();
                    }

                    @Override
                    public LlmResponse complete(LlmRequest request) {
                        LlmResponse response = scripted.complete(request);
                        answered.add(request.attribute(LlmRequest.STEP_PATH));
                        return response;
                    }
                };
                RecordingProvider recorder = new RecordingProvider(answerOrder);
                engine.run(CassetteFixtures.workflow(recorder, CassetteFixtures.SECTION_TWO), INPUT);
                Path file = dir.resolve("run" + run + ".json");
                recorder.save(file);
                files.add(Files.readString(file));
                answerOrders.add(List.copyOf(answered));
            }
        }
        // five branches with latencies drawn from 0-60 ms: eight runs answering in one order would be a 1 in 10^13 event
        assertThat(answerOrders).as("the branches must have finished in different orders").hasSizeGreaterThan(1);
        assertThat(files).hasSize(1);
        String file = files.iterator().next();
        assertThat(file).startsWith("{\n  \"format\": 1,\n").endsWith("}\n").doesNotContain("\r");
        // interactions by step path; within "polish/draft" in the order recorded
        List<String> paths = Cassette.load(dir.resolve("run0.json")).interactions().stream()
                .map(Interaction::stepPath).toList();
        assertThat(paths).containsExactly("facts", "outline", "polish/draft", "polish/draft", "polish/draft",
                "sections/extras/e1", "sections/extras/e2", "sections/s1", "sections/s2", "sections/s3");
        assertThat(Cassette.load(dir.resolve("run0.json")).interactions().stream()
                .filter(i -> i.stepPath().equals("polish/draft")).map(i -> i.response().text()))
                .containsExactly("draft one", "draft two\nsecond line", "final draft");
    }

    @Test
    void identicalPromptsInALoop_areServedInRecordedOrder() {
        ScriptedLlmProvider scripted = CassetteFixtures.provider(new Random(3), 0);
        RecordingProvider recorder = new RecordingProvider(scripted);
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            engine.run(CassetteFixtures.workflow(recorder, CassetteFixtures.SECTION_TWO), INPUT);
        }
        List<LlmRequest> draftRequests = scripted.requestsForStep("polish/draft");
        assertThat(draftRequests).hasSize(3);
        assertThat(Interaction.fingerprintOf(draftRequests.get(0))).isEqualTo(Interaction.fingerprintOf(draftRequests.get(2)));

        ReplayProvider replay = new ReplayProvider(recorder.cassette());
        List<String> answers = List.of(replay.complete(draftRequests.get(0)).text(),
                replay.complete(draftRequests.get(1)).text(), replay.complete(draftRequests.get(2)).text());
        assertThat(answers).containsExactly("draft one", "draft two\nsecond line", "final draft");

        PromptDriftException fourth = org.assertj.core.api.Assertions.catchThrowableOfType(PromptDriftException.class,
                () -> replay.complete(draftRequests.get(0)));
        assertThat(fourth.getMessage()).contains("step 'polish/draft'")
                .contains("3 calls were recorded and served").contains("asks the same as the last");
    }

    @Test
    void driftedPrompt_failsTheRunAtOnce_withTheStepPathAndADiffOfBothPrompts() {
        RecordingProvider recorder = new RecordingProvider(CassetteFixtures.provider(new Random(5), 0));
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            engine.run(CassetteFixtures.workflow(recorder, CassetteFixtures.SECTION_TWO), INPUT);
        }
        ReplayProvider replay = new ReplayProvider(recorder.cassette());
        WorkflowResult drifted;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            drifted = engine.run(CassetteFixtures.workflow(replay, "Section two, in French, of {{outline}}"), INPUT);
        }

        assertThat(drifted.status()).isEqualTo(RunStatus.FAILED);
        Throwable failure = drifted.failure().orElseThrow();
        assertThat(failure).isInstanceOf(StepFailedException.class);
        assertThat(((StepFailedException) failure).stepPath()).isEqualTo("sections/s2");
        assertThat(((StepFailedException) failure).attempts()).isEqualTo(1); // not retried
        PromptDriftException drift = (PromptDriftException) failure.getCause();
        assertThat(drift.isRetriable()).isFalse();
        assertThat(drift.kind()).isEqualTo(ProviderErrorKind.INVALID_REQUEST);
        assertThat(drift.stepPath()).isEqualTo("sections/s2");
        String outline = "answer of writer to 15 chars";
        assertThat(drift.diff()).isEqualTo("--- recorded\n+++ actual\n"
                + "  …\n"
                + "  \n" // the system prompt's last line
                + "  [user]\n"
                + "- Section 2 of " + outline + "\n"
                + "+ Section two, in French, of " + outline + "\n");
        assertThat(failure.getMessage()).contains("Step 'sections/s2' failed after 1 attempt")
                .contains("the request at step 'sections/s2' differs from the one recorded there (recorded call 1 of 1")
                .contains("- Section 2 of").contains("+ Section two, in French, of");
        // the branches that did not drift were served
        assertThat(drifted.outputs()).containsKey("outline");
    }

    @Test
    void callAtAStepWithNothingRecorded_saysSo() {
        ReplayProvider replay = new ReplayProvider(Cassette.of(List.of()));
        PromptDriftException e = org.assertj.core.api.Assertions.catchThrowableOfType(PromptDriftException.class,
                () -> replay.complete(LlmRequest.builder().message(dev.devora.orchestration.llm.LlmMessage.user("hi"))
                        .attribute(LlmRequest.STEP_PATH, "review/security").build()));
        assertThat(e.getMessage()).isEqualTo("invalid request: prompt drift: no call was recorded at step "
                + "'review/security' (the cassette is empty)");
        assertThat(e.diff()).isEmpty();
    }

    @Test
    void failedCalls_areNotRecorded_andTheRetriedStepReplays() {
        ScriptedLlmProvider scripted = ScriptedLlmProvider.builder()
                .whenStep("outline").failTimes(2, ProviderErrorKind.RATE_LIMITED).reply("the outline")
                .whenStep("draft").reply("final")
                .build();
        RecordingProvider recorder = new RecordingProvider(scripted);
        WorkflowResult recorded;
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(
                dev.devora.orchestration.engine.RetryPolicy.builder().maxAttempts(3)
                        .initialDelay(java.time.Duration.ofMillis(1)).build()).build()) {
            recorded = engine.run(CassetteFixtures.workflow(recorder, CassetteFixtures.SECTION_TWO), INPUT);
        }
        assertThat(recorded.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(scripted.requestsForStep("outline")).hasSize(3);
        assertThat(recorder.cassette().interactions().stream().filter(i -> i.stepPath().equals("outline")))
                .hasSize(1);
        ReplayProvider replay = new ReplayProvider(recorder.cassette());
        WorkflowResult replayed;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            replayed = engine.run(CassetteFixtures.workflow(replay, CassetteFixtures.SECTION_TWO), INPUT);
        }
        // the same outputs and usage; only the two retries, which the replay has no failure to repeat, are gone
        assertThat(replayed.stateJson()).isEqualTo(recorded.stateJson().replace("\"retries\":2", "\"retries\":0"));
        assertThat(recorded.stateJson()).contains("\"retries\":2");
    }

    @Test
    void runWithAUsdBudget_replaysWithThePricesTheProviderGaveWhileRecording() {
        dev.devora.orchestration.engine.RunOptions budget = dev.devora.orchestration.engine.RunOptions.builder()
                .maxCostUsd("1.00").build();
        RecordingProvider recorder = new RecordingProvider(CassetteFixtures.provider(new Random(9), 0));
        WorkflowResult recorded;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            recorded = engine.run(CassetteFixtures.workflow(recorder, CassetteFixtures.SECTION_TWO), INPUT, budget);
        }
        assertThat(recorded.status()).isEqualTo(RunStatus.SUCCEEDED);
        Cassette cassette = recorder.cassette();
        assertThat(cassette.prices()).isNotEmpty(); // the engine priced the calls to admit them under the budget

        WorkflowResult replayed;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            replayed = engine.run(CassetteFixtures.workflow(new ReplayProvider(cassette), CassetteFixtures.SECTION_TWO),
                    INPUT, budget);
        }
        assertThat(replayed.stateJson()).isEqualTo(recorded.stateJson());

        // without the prices, the replay would be refused at its start: a USD budget over a model without a price
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (WorkflowEngine engine = WorkflowEngine.create()) {
                engine.run(CassetteFixtures.workflow(new ReplayProvider(Cassette.of(cassette.interactions())),
                        CassetteFixtures.SECTION_TWO), INPUT, budget);
            }
        }).isInstanceOf(dev.devora.orchestration.InputValidationException.class).hasMessageContaining("maxCostUsd");
    }

    @Test
    void assertAllUsed_namesTheStepsWhoseCallsTheWorkflowNoLongerMakes() {
        RecordingProvider recorder = new RecordingProvider(CassetteFixtures.provider(new Random(5), 0));
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            engine.run(CassetteFixtures.workflow(recorder, CassetteFixtures.SECTION_TWO), INPUT);
        }
        ReplayProvider replay = new ReplayProvider(recorder.cassette());
        org.assertj.core.api.Assertions.assertThatThrownBy(replay::assertAllUsed)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("10 recorded calls were not made by the workflow:")
                .hasMessageContaining("step 'polish/draft' (3 calls)").hasMessageContaining("step 'outline' (1 call)");
    }
}
