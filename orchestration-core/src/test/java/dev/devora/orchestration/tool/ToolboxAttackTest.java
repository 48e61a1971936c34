package dev.devora.orchestration.tool;

import dev.devora.orchestration.llm.ToolDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tool implementations that break the contract are refused when registered, with an error naming them. */
class ToolboxAttackTest {

    private static Tool withDefinition(ToolDefinition d) {
        return new Tool() {
            @Override
            public ToolDefinition definition() {
                return d;
            }

            @Override
            public ToolResult call(ToolInvocation invocation) {
                return ToolResult.ok("");
            }

            @Override
            public String toString() {
                return "BrokenTool";
            }
        };
    }

    @Test
    void aToolWithoutADefinition_isATypedErrorNamingIt_notANullPointerException() {
        assertThatThrownBy(() -> Toolbox.builder("box").add(withDefinition(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BrokenTool").hasMessageContaining("definition() returned null");
    }

    @Test
    void aToolWithABadName_isRefusedNamingTheValue() {
        assertThatThrownBy(() -> Toolbox.builder("box").add(withDefinition(new ToolDefinition("rm -rf", "x", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rm -rf'");
    }
}
