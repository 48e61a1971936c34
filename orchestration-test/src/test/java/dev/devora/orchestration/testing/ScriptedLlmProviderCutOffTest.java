package dev.devora.orchestration.testing;

import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptedLlmProviderCutOffTest {
    private static LlmRequest request(String agent) {
        return LlmRequest.builder().model("scripted/m").message(LlmMessage.user("write"))
                .attribute(LlmRequest.AGENT, agent).build();
    }

    @Test
    void cutOffReplies_endWithLength_thenTheNextRepliesStop() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("coder").cutOff("class A {", " int x;").reply(" }").build();

        LlmResponse first = llm.complete(request("coder"));
        LlmResponse second = llm.complete(request("coder"));
        LlmResponse third = llm.complete(request("coder"));
        LlmResponse fourth = llm.complete(request("coder"));

        assertThat(first.text()).isEqualTo("class A {");
        assertThat(first.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(first.nativeFinishReason()).isEqualTo("length");
        assertThat(second.text()).isEqualTo(" int x;");
        assertThat(second.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(third.text()).isEqualTo(" }");
        assertThat(third.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(fourth.finishReason()).isEqualTo(FinishReason.STOP); // the last reply repeats
        assertThat(first.usage().completionTokens()).isEqualTo("class A {".length() / 4 + 1);
    }

    @Test
    void cutOffAlways_cutsEveryCall_andOtherRulesAreUntouched() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("coder").cutOffAlways("part")
                .whenAgent("writer").reply("whole").build();

        assertThat(llm.complete(request("coder")).finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(llm.complete(request("coder")).finishReason()).isEqualTo(FinishReason.LENGTH);
        LlmResponse other = llm.complete(request("writer"));
        assertThat(other.text()).isEqualTo("whole");
        assertThat(other.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(llm.complete(request("nobody")).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void streamedCutOffReply_streamsThePartial_andEndsWithLength() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("coder").cutOffAlways("a b c").build();
        List<String> tokens = new ArrayList<>();

        LlmResponse r = llm.stream(request("coder"), tokens::add);

        assertThat(String.join("", tokens)).isEqualTo("a b c");
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    }
}
