package dev.devora.orchestration.internal;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.tool.Tools;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the engine estimates and fingerprints takes an agent's tools into account. */
class ToolAwareEstimatesTest {
    record Query(String text) {
    }

    private static final LlmProvider NONE = new LlmProvider() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            throw new AssertionError("not called");
        }
    };

    @Test
    void thePromptEstimate_countsTheOfferedToolsAndTheToolCallsArguments() {
        String schema = "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\",\"description\":\""
                + "x".repeat(4_000) + "\"}}}";
        ToolDefinition big = new ToolDefinition("search", "Searches", parse(schema));
        LlmRequest withTool = LlmRequest.builder().message(LlmMessage.user("abc")).tools(List.of(big)).build();
        assertThat(EngineCallContext.promptChars(withTool)).isGreaterThanOrEqualTo(4_000);

        LlmResponse asked = LlmResponse.builder().text("").toolCalls(List.of(new ToolCall("c", "search",
                "{\"q\":\"" + "y".repeat(2_000) + "\"}"))).build();
        LlmRequest afterCall = LlmRequest.builder().message(LlmMessage.user("abc")).message(LlmMessage.assistant(asked))
                .message(LlmMessage.tool("c", "found")).build();
        assertThat(EngineCallContext.promptChars(afterCall)).isGreaterThanOrEqualTo(2_000 + 3 + 5);

        LlmRequest plain = LlmRequest.builder().message(LlmMessage.user("abc")).build();
        assertThat(EngineCallContext.promptChars(plain)).isEqualTo(3);
    }

    @Test
    void agentsThatDifferOnlyInTheirTools_haveDifferentStepFingerprints_andAgentsWithoutToolsKeepTheirs() {
        LlmAgent bare = LlmAgent.builder("auditor").provider(NONE).build();
        LlmAgent withSearch = bare.toBuilder().tool(Tools.of("search", "Searches", Query.class, q -> "")).build();
        LlmAgent withRead = bare.toBuilder().tool(Tools.of("read", "Reads", Query.class, q -> "")).build();
        LlmAgent moreRounds = withSearch.toBuilder().maxToolRounds(20).build();
        assertThat(List.of(fingerprint(bare), fingerprint(withSearch), fingerprint(withRead), fingerprint(moreRounds)))
                .doesNotHaveDuplicates();
        assertThat(StepFingerprints.describe(Steps.agent("audit", bare).prompt("p"))).doesNotContain("tools=");
        assertThat(fingerprint(withSearch)).isEqualTo(fingerprint(bare.toBuilder()
                .tool(Tools.of("search", "Searches", Query.class, q -> "other code, same definition")).build()));
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static String fingerprint(LlmAgent agent) {
        return StepFingerprints.of(Workflow.builder("wf").step(Steps.agent("audit", agent).prompt("p")).build())
                .steps().get("audit");
    }
}
