package dev.devora.orchestration.cassette.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTest {

    @Test
    void equalTexts_giveNoDiff() {
        LineDiff diff = LineDiff.of(List.of("a", "b"), List.of("a", "b"));
        assertThat(diff.changed()).isZero();
        assertThat(diff.render()).isEmpty();
    }

    @Test
    void onlyChangedLines_areShown_withTwoLinesOfContext_andGapsMarked() {
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 20; i++) expected.add("line " + i);
        List<String> actual = new ArrayList<>(expected);
        actual.set(9, "line ten");        // a change in the middle
        actual.remove(19);                // the last line removed
        actual.add(0, "new first line");  // a line added at the top

        LineDiff diff = LineDiff.of(expected, actual);

        assertThat(diff.changed()).isEqualTo(4);
        assertThat(diff.render()).isEqualTo("--- recorded\n+++ actual\n"
                + "+ new first line\n  line 1\n  line 2\n"
                + "  …\n  line 8\n  line 9\n- line 10\n+ line ten\n  line 11\n  line 12\n"
                + "  …\n  line 18\n  line 19\n- line 20\n");
    }

    @Test
    void longLines_areCutAroundTheirFirstDifference() {
        String head = "x".repeat(1_000);
        String tail = "y".repeat(1_000);
        LineDiff diff = LineDiff.of(List.of(head + "OLD" + tail), List.of(head + "NEW" + tail));

        String[] lines = diff.render().split("\n");
        assertThat(lines[2]).startsWith("- …").contains("xOLDy").endsWith("… (2003 characters)");
        assertThat(lines[3]).startsWith("+ …").contains("xNEWy").endsWith("… (2003 characters)");
        assertThat(lines[2].length()).isLessThan(200);
    }

    @Test
    void longDiffs_stopAfterSixtyLines_andSayHowManyMoreChanged() {
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("old " + i);
            actual.add("new " + i);
        }
        String rendered = LineDiff.of(expected, actual).render();

        assertThat(rendered.split("\n")).hasSize(2 + LineDiff.MAX_LINES + 1);
        assertThat(rendered).endsWith("… 140 more changed lines not shown\n");
    }
}
