package dev.devora.orchestration.engine;

import dev.devora.orchestration.OutputTruncatedException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.ModelOptions;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.Role;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TruncatedAnswerTest {
    record Plan(String summary, List<String> steps) {
    }

    record Query(String term) {
    }

    private static final String CONTINUE = "Your answer was cut off at the output limit. Continue exactly where it "
            + "stopped, without repeating anything.";

    private static WorkflowResult run(LlmAgent agent) {
        Workflow wf = Workflow.builder("cut").step(Steps.agent("write", agent).prompt("Write the guide")).build();
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build()) {
            return engine.run(wf, Map.of());
        }
    }

    private static LlmAgent.Builder writer(ScriptedLlmProvider llm) {
        return LlmAgent.builder("writer").provider(llm)
                .model(ModelOptions.builder().model("scripted/long").maxTokens(4000).build());
    }

    private static OutputTruncatedException truncation(WorkflowResult result) {
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        StepFailedException failure = (StepFailedException) result.failure().orElseThrow();
        assertThat(failure.getCause()).isInstanceOf(OutputTruncatedException.class);
        return (OutputTruncatedException) failure.getCause();
    }

    @Test
    void textAnswerCutOnce_isContinued_partsJoined_twoCallsAccounted() {
        String part1 = "# Guide\n\nInstall the tool, then";
        String part2 = " run it with --help.";
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("writer").cutOff(part1).reply(part2).build();

        WorkflowResult result = run(writer(llm).build());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.output("write").orElseThrow().text()).isEqualTo(part1 + part2);
        assertThat(llm.callCount()).isEqualTo(2);
        List<LlmMessage> continuation = llm.requests().get(1).messages();
        assertThat(continuation).extracting(LlmMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(continuation.get(1).content()).isEqualTo("Write the guide");
        assertThat(continuation.get(2).content()).isEqualTo(part1);
        assertThat(continuation.get(3).content()).isEqualTo(CONTINUE);
        RunMetrics m = result.metrics();
        assertThat(m.llmCalls()).isEqualTo(2);
        assertThat(m.usage().completionTokens()).isEqualTo((part1.length() / 4 + 1) + (part2.length() / 4 + 1));
        long prompt1 = llm.requests().get(0).messages().stream().mapToLong(x -> x.content().length()).sum();
        long prompt2 = continuation.stream().mapToLong(x -> x.content().length()).sum();
        assertThat(m.usage().promptTokens()).isEqualTo((prompt1 / 4 + 1) + (prompt2 / 4 + 1));
    }

    @Test
    void streamingTextAnswer_isContinuedToo() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("writer").cutOff("a b ").reply("c d").build();

        WorkflowResult result = run(writer(llm).streaming(true).build());

        assertThat(result.output("write").orElseThrow().text()).isEqualTo("a b c d");
        assertThat(llm.callCount()).isEqualTo(2);
    }

    @Test
    void cutMoreOftenThanTheBound_failsWithOutputTruncated_namingAgentModelCapAndRemedy() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("writer").cutOffAlways("more ").build();

        WorkflowResult result = run(writer(llm).maxContinuations(2).build());

        assertThat(llm.callCount()).isEqualTo(3);
        OutputTruncatedException e = truncation(result);
        assertThat(e).hasMessage("Agent 'writer' (step 'write'): its answer was still cut off at the output limit"
                + " of model 'scripted/long' (maxTokens 4000) after 3 calls (2 continuations): raise maxTokens or"
                + " maxContinuations, or split the step into smaller parts");
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.agent()).isEqualTo("writer");
        assertThat(e.model()).isEqualTo("scripted/long");
        assertThat(e.maxTokens()).isEqualTo(4000);
        assertThat(e.partialText()).isEqualTo("more more more ");
        assertThat(e.getMessage()).doesNotContain("more more");
        assertThat(llm.requests().get(2).messages()).extracting(LlmMessage::role).containsExactly(
                Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.USER);
    }

    @Test
    void withoutMaxTokens_theMessageNamesTheModelsDefaultCap() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("writer").cutOffAlways("x").build();

        WorkflowResult result = run(LlmAgent.builder("writer").provider(llm).model("scripted/m").maxContinuations(1).build());

        assertThat(truncation(result).getMessage()).contains("the model's default cap", "after 2 calls (1 continuation)");
        assertThat(truncation(result).maxTokens()).isNull();
    }

    @Test
    void maxContinuationsZero_failsAtTheFirstCut() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("writer").cutOff("half").reply(" rest").build();

        WorkflowResult result = run(writer(llm).maxContinuations(0).build());

        assertThat(llm.callCount()).isEqualTo(1);
        assertThat(truncation(result).getMessage()).contains("after 1 call (0 continuations)");
    }

    @Test
    void cutJsonAnswer_failsAtOnce_withoutAFormatReAsk() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("writer")
                .cutOff("{\"summary\": \"migrate\", \"steps\": [\"dump\", \"res").reply("\"tore\"]}").build();

        WorkflowResult result = run(writer(llm).output(OutputSpec.json(Plan.class)).maxFormatRetries(2).build());

        assertThat(llm.callCount()).isEqualTo(1);
        OutputTruncatedException e = truncation(result);
        assertThat(e.getMessage()).contains("Agent 'writer'", "JSON answer was cut off", "maxTokens 4000",
                "not continued", "raise maxTokens", "split the step");
        assertThat(llm.requests()).noneMatch(r -> r.lastUserText().startsWith("Your reply could not be used"));
    }

    @Test
    void answerEndingNormally_makesOneCall() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("writer").reply("done").build();

        assertThat(run(writer(llm).build()).output("write").orElseThrow().text()).isEqualTo("done");
        assertThat(llm.callCount()).isEqualTo(1);
    }

    @Test
    void negativeMaxContinuations_isRejectedNamingTheValue() {
        assertThatThrownBy(() -> LlmAgent.builder("w").maxContinuations(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxContinuations must be ≥ 0, was -1");
        assertThat(LlmAgent.builder("w").provider(ScriptedLlmProvider.answeringDefaults()).build().maxContinuations())
                .isEqualTo(2);
        assertThat(LlmAgent.builder("w").provider(ScriptedLlmProvider.answeringDefaults()).maxContinuations(0).build()
                .toBuilder().build().maxContinuations()).isZero();
    }

    @Test
    void continuedAnswer_isReplayedOnResume_withoutModelCalls() {
        RunStore store = new InMemoryRunStore();
        ScriptedLlmProvider first = ScriptedLlmProvider.builder().whenAgent("writer").cutOff("part one,").reply(" part two")
                .whenAgent("reviewer").failAlways(ProviderErrorKind.INVALID_REQUEST).build();
        String runId;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).retryPolicy(RetryPolicy.none()).build()) {
            WorkflowResult failed = engine.run(twoSteps(first), Map.of());
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            runId = failed.runId();
        }
        assertThat(first.requestsForAgent("writer")).hasSize(2);

        ScriptedLlmProvider second = ScriptedLlmProvider.builder().whenAgent("writer").reply("must not be asked")
                .whenAgent("reviewer").reply("fine").build();
        WorkflowResult resumed;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            resumed = engine.resume(twoSteps(second), runId, ResumeOptions.DEFAULT, WorkflowListener.NONE);
        }

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.requestsForAgent("writer")).isEmpty();
        assertThat(resumed.output("draft").orElseThrow().text()).isEqualTo("part one, part two");
        assertThat(second.requestsForAgent("reviewer")).singleElement()
                .extracting(LlmRequest::lastUserText).asString().contains("part one, part two");
    }

    private static Workflow twoSteps(ScriptedLlmProvider llm) {
        LlmAgent writer = LlmAgent.builder("writer").provider(llm).build();
        LlmAgent reviewer = LlmAgent.builder("reviewer").provider(llm).build();
        return Workflow.builder("cut-resume")
                .step(Steps.agent("draft", writer).prompt("Write"))
                .step(Steps.agent("review", reviewer).prompt("Review: {{draft}}"))
                .build();
    }

    @Test
    void textAnswerAfterToolCalls_isContinuedWithTheToolExchangeInTheConversation() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .toolCalls(r -> ScriptedLlmProvider.toolResults(r).isEmpty()
                        ? List.of(new dev.devora.orchestration.llm.ToolCall("c1", "lookup", "{\"term\": \"x\"}"))
                        : List.of())
                .whenAgent("writer").cutOff("found: ").reply("42").build();
        LlmAgent agent = writer(llm).tool(dev.devora.orchestration.tool.Tools.of("lookup", "Looks a term up",
                Query.class, q -> "value of " + q.term())).build();

        WorkflowResult result = run(agent);

        assertThat(result.output("write").orElseThrow().text()).isEqualTo("found: 42");
        assertThat(llm.callCount()).isEqualTo(3);
        List<LlmMessage> continuation = llm.requests().get(2).messages();
        assertThat(continuation).extracting(LlmMessage::role).containsExactly(
                Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT, Role.USER);
        assertThat(continuation.get(3).content()).contains("value of x");
        assertThat(continuation.get(5).content()).isEqualTo(CONTINUE);
        assertThat(result.metrics().llmCalls()).isEqualTo(3);
    }
}
