package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.llm.ToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolCallAssemblerTest {

    static com.fasterxml.jackson.databind.JsonNode json(String s) throws Exception {
        return Json.parse(s);
    }

    @Test
    void wholeCalls_withTheSameIndex_stayDistinct() throws Exception {
        assertThat(ToolCallAssembler.whole(json("""
                [{"index":0,"id":"a","type":"function","function":{"name":"f","arguments":"{\\"x\\":1}"}},
                 {"index":0,"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]""")))
                .containsExactly(new ToolCall("a", "f", "{\"x\":1}"), new ToolCall("b", "g", "{}"));
    }

    @Test
    void fragmentsWithoutIndex_areMatchedByIdOrAppendedToTheLastCall() throws Exception {
        ToolCallAssembler a = new ToolCallAssembler();
        a.addFragments(json("[{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\"\"}}]"));
        a.addFragments(json("[{\"function\":{\"arguments\":\":1}\"}}]"));
        a.addFragments(json("[{\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"\"}}]"));
        a.addFragments(json("[{\"id\":\"a\",\"function\":{\"arguments\":\"\"}}]"));

        assertThat(a.build()).containsExactly(new ToolCall("a", "f", "{\"x\":1}"), new ToolCall("b", "g", "{}"));
    }

    @Test
    void aNewIdAtAnIndexAlreadyTaken_startsANewCall() throws Exception {
        ToolCallAssembler a = new ToolCallAssembler();
        a.addFragments(json("[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]"));
        a.addFragments(json("[{\"index\":0,\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"y\\\":2}\"}}]"));

        assertThat(a.build()).containsExactly(new ToolCall("a", "f", "{}"), new ToolCall("b", "g", "{\"y\":2}"));
    }

    @Test
    void missingOrBlankIds_getStableReplacements_andNamelessFragmentsAreDropped() throws Exception {
        ToolCallAssembler a = new ToolCallAssembler();
        a.addFragments(json("[{\"index\":0,\"id\":null,\"function\":{\"name\":\"f\"}},{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]"));

        assertThat(a.build()).containsExactly(new ToolCall("call_1", "f", "{}"));
    }

    @Test
    void argumentsSentAsAnObject_areKeptAsJsonText() throws Exception {
        assertThat(ToolCallAssembler.whole(json("[{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":{\"x\":1}}}]")))
                .containsExactly(new ToolCall("a", "f", "{\"x\":1}"));
    }
}
