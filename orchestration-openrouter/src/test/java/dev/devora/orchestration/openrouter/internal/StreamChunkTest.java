package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamChunkTest {

    private static StreamChunk parse(String json) throws IOException {
        return StreamChunk.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheFieldsTheAnswerIsMadeOf_andSkipsTheRest() throws IOException {
        StreamChunk c = parse("""
                {"id":"gen-1","provider":"OpenAI","model":"openai/gpt-4o","object":"chat.completion.chunk",
                 "created":1,"system_fingerprint":{"nested":[1,2,{"x":null}]},
                 "choices":[{"index":0,"logprobs":null,"delta":{"role":"assistant","content":"caf\\u00e9 \\"é\\" 😀",
                   "reasoning":"think","reasoning_details":[{"type":"reasoning.text","text":"t"}],
                   "tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":"{\\""}}]},
                   "finish_reason":null,"native_finish_reason":"stop"}],
                 "usage":{"prompt_tokens":3,"completion_tokens":4,"cost":0.00012}}""");

        assertThat(c.id()).isEqualTo("gen-1");
        assertThat(c.provider()).isEqualTo("OpenAI");
        assertThat(c.model()).isEqualTo("openai/gpt-4o");
        assertThat(c.error()).isNull();
        assertThat(UsageMapper.map(c.usage()).completionTokens()).isEqualTo(4);
        StreamChunk.Choice choice = c.choice();
        assertThat(choice.finishReason()).isNull();
        assertThat(choice.nativeFinishReason()).isEqualTo("stop");
        assertThat(choice.delta().content()).isEqualTo("café \"é\" 😀");
        assertThat(choice.delta().reasoning()).isEqualTo("think");
        assertThat(choice.delta().reasoningDetails()).hasSize(1);
        assertThat(choice.delta().toolCalls().get(0).path("function").path("arguments").asText()).isEqualTo("{\"");
    }

    @Test
    void choiceWithIndexZero_isChosenWhereverItIs_elseTheFirst() throws IOException {
        assertThat(parse("{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"b\"}},{\"index\":0,\"delta\":{\"content\":\"a\"}}]}")
                .choice().delta().content()).isEqualTo("a");
        assertThat(parse("{\"choices\":[3,{\"index\":\"2\",\"delta\":{\"content\":\"b\"}},{\"index\":5}]}")
                .choice().delta().content()).isEqualTo("b");
        assertThat(parse("{\"choices\":[]}").choice()).isNull();
        assertThat(parse("{\"choices\":null}").choice()).isNull();
    }

    @Test
    void wholeMessage_contentParts_andOddTypes_areTolerated() throws IOException {
        StreamChunk message = parse("{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"x\"},"
                + "{\"type\":\"image\"},{\"text\":\"y\"}]},\"finish_reason\":\"stop\"}]}");
        assertThat(message.choice().delta().content()).isEqualTo("xy");
        assertThat(message.choice().finishReason()).isEqualTo("stop");

        StreamChunk odd = parse("{\"id\":42,\"model\":{\"not\":\"text\"},\"provider\":null,\"usage\":\"n/a\","
                + "\"choices\":[{\"delta\":{\"content\":null,\"tool_calls\":{},\"reasoning\":[1]},\"error\":\"x\"}]}");
        assertThat(odd.id()).isEqualTo("42");
        assertThat(odd.model()).isNull();
        assertThat(odd.provider()).isNull();
        assertThat(odd.usage()).isNull();
        assertThat(odd.choice().delta().content()).isEmpty();
        assertThat(odd.choice().delta().toolCalls()).isNull();
        assertThat(odd.choice().delta().reasoning()).isNull();
        assertThat(odd.choice().error()).isNull();
    }

    @Test
    void errors_asObjectOrBareString_andInsideTheChoice() throws IOException {
        assertThat(parse("{\"error\":{\"code\":502,\"message\":\"upstream\"}}").error().path("code").asInt()).isEqualTo(502);
        assertThat(parse("{\"error\":\"overloaded\"}").error().path("message").asText()).isEqualTo("overloaded");
        assertThat(parse("{\"error\":null}").error()).isNull();
        StreamChunk c = parse("{\"choices\":[{\"finish_reason\":\"error\",\"error\":{\"message\":\"cut\"}}]}");
        assertThat(c.choice().error().path("message").asText()).isEqualTo("cut");
    }

    @Test
    void notAnObject_isNull_andBrokenJson_isAJacksonError() throws IOException {
        assertThat(parse("42")).isNull();
        assertThat(parse("[{\"id\":\"x\"}]")).isNull();
        assertThatThrownBy(() -> parse("{\"id\":\"gen-1\",\"choices\":[{\"delta\":{\"content\":\"tru"))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> parse("{\"id\":")).isInstanceOf(JsonProcessingException.class);
    }
}
