package dev.devora.orchestration.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolsTest {
    record Add(int a, int b) {
    }

    @Test
    void aRecordTool_hasTheRecordsSchema_andRunsWithTypedArguments() throws Exception {
        Tool add = Tools.of("add", "Adds two numbers", Add.class, args -> args.a() + args.b());
        assertThat(add.definition().parametersSchema().toString())
                .contains("\"a\"").contains("\"b\"").contains("\"required\"");
        ToolResult r = add.call(new ToolInvocation("c1", "add",
                JsonNodeFactory.instance.objectNode().put("a", 2).put("b", 3), "run", "step"));
        assertThat(r).isEqualTo(ToolResult.ok("5"));
    }

    record Slice(String text, java.util.Optional<Integer> from, java.util.Optional<List<String>> tags) {
    }

    @Test
    void optionalComponents_areOptionalInTheSchema_andReadAbsentAsEmpty_presentAsTheirValue() throws Exception {
        Tool slice = Tools.of("slice", "Cuts text", Slice.class,
                args -> args.text().substring(args.from().orElse(0)) + args.tags().map(t -> " " + t).orElse(""));
        assertThat(slice.definition().parametersSchema().path("required").toString()).isEqualTo("[\"text\"]");
        var nodes = JsonNodeFactory.instance;
        assertThat(slice.call(new ToolInvocation("c1", "slice", nodes.objectNode().put("text", "hello"), null, null)))
                .isEqualTo(ToolResult.ok("hello"));
        var given = nodes.objectNode().put("text", "hello").put("from", 3);
        given.putArray("tags").add("x");
        assertThat(slice.call(new ToolInvocation("c2", "slice", given, null, null))).isEqualTo(ToolResult.ok("lo [x]"));
        assertThat(slice.call(new ToolInvocation("c3", "slice", nodes.objectNode().put("text", "hello").putNull("from"),
                null, null))).isEqualTo(ToolResult.ok("hello"));
    }

    @Test
    void names_areChecked_andUniqueInAToolbox() {
        assertThatThrownBy(() -> Tools.of("read file", "x", Add.class, a -> ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'read file'");
        Tool one = Tools.of("add", "x", Add.class, a -> "");
        assertThatThrownBy(() -> Toolbox.of("math", one, one)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two tools named 'add'");
        Toolbox box = Toolbox.of("math", one);
        assertThat(box.find("add")).containsSame(one);
        assertThat(Toolbox.merge("all", List.of(box)).tools()).containsExactly(one);
    }

    @com.fasterxml.jackson.annotation.JsonClassDescription("Where to look")
    record Find(@com.fasterxml.jackson.annotation.JsonPropertyDescription("text to find, literal") String text,
                @com.fasterxml.jackson.annotation.JsonPropertyDescription("most hits to return") java.util.Optional<Integer> max,
                int plain) {
    }

    @Test
    void descriptionsOfTheRecordAndItsComponents_areInTheSchema() {
        com.fasterxml.jackson.databind.JsonNode schema = Tools.of("find", "Finds", Find.class, f -> "")
                .definition().parametersSchema();
        assertThat(schema.path("description").asText()).isEqualTo("Where to look");
        assertThat(schema.at("/properties/text/description").asText()).isEqualTo("text to find, literal");
        assertThat(schema.at("/properties/text/type").asText()).isEqualTo("string");
        assertThat(schema.at("/properties/max/description").asText()).isEqualTo("most hits to return");
        assertThat(schema.at("/properties/max/type").asText()).isEqualTo("integer");
        assertThat(schema.at("/properties/plain").has("description")).isFalse();
        assertThat(schema.path("required").toString()).isEqualTo("[\"text\",\"plain\"]");
    }

    @Test
    void theWorkspaceTools_describeTheirArguments() {
        java.nio.file.Path here = java.nio.file.Path.of(".").toAbsolutePath();
        dev.devora.orchestration.tool.workspace.Workspace.readOnly(here).toolbox().tools().forEach(t -> {
            com.fasterxml.jackson.databind.JsonNode props = t.definition().parametersSchema().path("properties");
            props.fields().forEachRemaining(p -> assertThat(p.getValue().path("description").asText())
                    .as(t.definition().name() + "." + p.getKey()).isNotBlank());
        });
    }
}
