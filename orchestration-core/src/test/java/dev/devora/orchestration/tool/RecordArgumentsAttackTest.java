package dev.devora.orchestration.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.internal.JsonShapeValidator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Parameter records beyond flat ones: what the schema promises, the reading must keep. */
class RecordArgumentsAttackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Colour { RED, GREEN }

    record Note(String text, Optional<String> author) {
    }

    record Line(String sku, Optional<Integer> count, Colour colour) {
    }

    record Order(Note note, List<Line> lines, Optional<Note> extra) {
    }

    private static ToolResult call(Tool t, String json) throws Exception {
        JsonNode args = JSON.readTree(json);
        assertThat(JsonShapeValidator.validate(args, t.definition().parametersSchema()))
                .as("the schema accepts " + json).isEmpty();
        return t.call(new ToolInvocation("c", t.definition().name(), args, "run", "step"));
    }

    @Test
    void optionalComponentsOfNestedRecords_andOfRecordsInLists_readAsTheSchemaSays() throws Exception {
        Tool order = Tools.of("order", "Places an order", Order.class, o -> o.note().text() + "/"
                + o.note().author().orElse("anonymous") + " " + o.lines().stream()
                .map(l -> l.sku() + "x" + l.count().orElse(1) + ":" + l.colour()).toList()
                + " extra=" + o.extra().map(n -> n.text() + "/" + n.author().orElse("-")).orElse("none"));
        assertThat(call(order, "{\"note\":{\"text\":\"hi\"},\"lines\":[{\"sku\":\"A\",\"colour\":\"RED\"},"
                + "{\"sku\":\"B\",\"count\":3,\"colour\":\"GREEN\"}]}"))
                .isEqualTo(ToolResult.ok("hi/anonymous [Ax1:RED, Bx3:GREEN] extra=none"));
        assertThat(call(order, "{\"note\":{\"text\":\"hi\",\"author\":\"ada\"},\"lines\":[],"
                + "\"extra\":{\"text\":\"more\"}}"))
                .isEqualTo(ToolResult.ok("hi/ada [] extra=more/-"));
    }
    record Receipt(String id, Optional<String> note, List<Optional<Integer>> marks) {
    }

    @Test
    void aResultRecordWithOptionals_isWrittenAsJson_notAFailureAfterTheSideEffect() throws Exception {
        java.util.concurrent.atomic.AtomicInteger charged = new java.util.concurrent.atomic.AtomicInteger();
        Tool pay = Tools.of("pay", "Pays", Note.class, n -> {
            charged.incrementAndGet();
            return new Receipt("r-1", n.author(), List.of(Optional.of(1), Optional.empty()));
        });
        assertThat(call(pay, "{\"text\":\"x\",\"author\":\"ada\"}"))
                .isEqualTo(ToolResult.ok("{\"id\":\"r-1\",\"note\":\"ada\",\"marks\":[1,null]}"));
        assertThat(call(pay, "{\"text\":\"x\"}"))
                .isEqualTo(ToolResult.ok("{\"id\":\"r-1\",\"note\":null,\"marks\":[1,null]}"));
        assertThat(charged).hasValue(2);
    }
}
