package dev.devora.orchestration.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devora.orchestration.tool.Tools;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolNamesTest {
    private static final String LONG = "x".repeat(70);

    @Test
    void validNamesStay_invalidCharactersBecomeUnderscores() {
        Map<String, String> names = ToolNames.assign("", List.of("add", "get-weather", "files.read", "get-weather/v2"));
        assertThat(names).containsExactly(Map.entry("add", "add"), Map.entry("get-weather", "get-weather"),
                Map.entry("files.read", "files_read"), Map.entry("get-weather/v2", "get-weather_v2"));
    }

    @Test
    void changedNamesThatCollide_getAStableHash_whileAnUnchangedNameKeepsItsOwn() {
        Map<String, String> names = ToolNames.assign("", List.of("a.b", "a_b", "a/b"));
        assertThat(names.get("a_b")).isEqualTo("a_b");
        assertThat(names.get("a.b")).matches("a_b_[0-9a-f]{8}");
        assertThat(names.get("a/b")).matches("a_b_[0-9a-f]{8}").isNotEqualTo(names.get("a.b"));
        assertThat(ToolNames.assign("", List.of("a/b", "a_b", "a.b"))).as("independent of the order")
                .containsAllEntriesOf(names);
    }

    @Test
    void longNamesAreCutTo64WithAHash_distinctEvenWithACommonStart() {
        Map<String, String> names = ToolNames.assign("", List.of(LONG + "1", LONG + "2", "y".repeat(64)));
        assertThat(names.get(LONG + "1")).hasSize(64).startsWith("x".repeat(55) + "_");
        assertThat(names.get(LONG + "2")).hasSize(64).isNotEqualTo(names.get(LONG + "1"));
        assertThat(names.get("y".repeat(64))).isEqualTo("y".repeat(64));
        assertThat(ToolNames.assign("", List.of(LONG + "1"))).as("the same on every connect")
                .containsEntry(LONG + "1", names.get(LONG + "1"));
    }

    @Test
    void thePrefixGoesBeforeEveryName_andCountsInTheLength() {
        Map<String, String> names = ToolNames.assign("github_", List.of("add", "files.read", "y".repeat(60)));
        assertThat(names.get("add")).isEqualTo("github_add");
        assertThat(names.get("files.read")).isEqualTo("github_files_read");
        assertThat(names.get("y".repeat(60))).hasSize(64).startsWith("github_yyy").matches(".*_[0-9a-f]{8}");
    }

    @Test
    void everyAssignedNameIsOneCoreAccepts_andTheyAreDistinct() {
        List<String> originals = new ArrayList<>(List.of("", " ", "ü", "a b", "a\u0000b", "日本語ツール", ".", "_", "tool",
                "é".repeat(100), "a".repeat(64), "a".repeat(65), "a.b.c", "a-b-c", "a_b_c"));
        for (int round = 0; round < 3; round++) {
            Map<String, String> names = ToolNames.assign("p-", originals);
            names.values().forEach(Tools::checkName);
            assertThat(new HashSet<>(names.values())).hasSameSizeAs(originals);
            Collections.shuffle(originals);
        }
    }
}
