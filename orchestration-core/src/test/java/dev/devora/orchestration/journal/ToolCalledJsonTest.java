package dev.devora.orchestration.journal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ToolCalled entries carry whatever a tool answered: odd strings must come back from the journal's JSON unchanged. */
class ToolCalledJsonTest {
    private static final Instant AT = Instant.parse("2026-12-02T03:00:00Z");
    private static final StepRef STEP = new StepRef("work", "00001", "agent", "worker", null);

    private static JournalEntry.ToolCalled called(String tool, String callId, String result, List<String> files) {
        return new JournalEntry.ToolCalled(7, AT, STEP, "", tool, callId, "0123456789ab", 0, result, false, files, 1);
    }

    @Test
    void oddStrings_inResultsIdsAndFileNames_readBackEqual() {
        String odd = "lone high \uD800 and low \uDC00, line sep \u2028 para sep \u2029, NUL \u0000, BOM \uFEFF,"
                + " emoji \uD83D\uDE00, quote \" backslash \\ tab \t cr \r, </script>";
        for (JournalEntry.ToolCalled e : List.of(
                called("t", odd, odd, List.of(odd, "dir/ä ö.txt")),
                called("t", "", "", List.of()),
                called("t", null, "x".repeat(3_000_000), List.of()))) {
            String json = JournalJson.write(e);
            assertThat(json).as("one line, for line-based stores; U+2028 may stay raw: no line reader splits on it")
                    .doesNotContain("\n").doesNotContain("\r");
            JournalEntry back = JournalJson.read(json);
            assertThat(back).isEqualTo(e);
        }
    }
}
