package dev.devora.orchestration.journal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.workflow.StepOutput;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalJsonTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:15:30.123456789Z");
    private static final StepRef STEP = new StepRef("polish/draft", "00004.00001", "agent", "writer", "docs");

    private static List<JournalEntry> everyType() {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("topic", "caching");
        input.putArray("tags").add(1).add(2.5).add("x");
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("score", 85);
        RunOptions limits = new RunOptions(Duration.ofMinutes(5), 1000L, new BigDecimal("1.50"), "run-1",
                new BigDecimal("0.0001"));
        GateVerdict verdict = new GateVerdict("qa", 60, 80, false, List.of(new CheckResult("tests", 40, false, "none")),
                List.of("no tests"), List.of("add tests"), "more detail");
        Usage usage = new Usage(120, 40, 5, 10, new BigDecimal("0.00012300"), null);
        Usage estimated = new Usage(3, 0, 0, 0, null, new BigDecimal("1E-7"));
        return List.of(
                new JournalEntry.RunStarted(1, AT, "durable", "abc", input, limits, Map.of("outline", "f1", "sections", "f2")),
                new JournalEntry.StepCompleted(2, AT, STEP, "#2", StepOutput.text("a draft"), false, 123_456),
                new JournalEntry.StepCompleted(3, AT, STEP, "", StepOutput.json(json), false, 1),
                new JournalEntry.StepCompleted(4, AT, STEP, "", new StepOutput("```json\n{\"score\": 85}\n```", json),
                        false, 1),
                new JournalEntry.StepCompleted(5, AT, STEP, "#1#3", null, true, 0),
                new JournalEntry.BranchChosen(6, AT, STEP, "", "fix", "needs a fix"),
                new JournalEntry.BranchChosen(7, AT, STEP, "#1", null, "no condition held"),
                new JournalEntry.RouteChosen(8, AT, STEP, "", StepOutput.text("security"), "security", "router answered"),
                new JournalEntry.LoopDecided(9, AT, STEP, "", 2, true),
                new JournalEntry.GateEvaluated(10, AT, STEP, "#2", 1, verdict),
                new JournalEntry.CallRecorded(11, AT, STEP, "#2", new LlmCallRecord("polish/draft", "writer",
                        "openai/gpt-4o", usage, Duration.ofMillis(1234), "gen-1", false)),
                new JournalEntry.CallRecorded(12, AT, STEP, "", new LlmCallRecord("polish/draft", null, null,
                        estimated, Duration.ZERO, null, true)),
                new JournalEntry.RetryScheduled(13, AT, STEP, "", 2, 250, "ProviderException: 503"),
                new JournalEntry.WarningRecorded(14, AT, "polish", "loop stopped at its bound", true),
                new JournalEntry.RunSuspended(15, AT, "paused"),
                new JournalEntry.RunResumed(16, AT, "resumed", RunOptions.NONE, Map.of("outline", "f1")),
                new JournalEntry.RunEnded(17, AT, RunStatus.FAILED, "BudgetExceededException", "over $1.50"),
                new JournalEntry.RunEnded(18, AT, RunStatus.SUCCEEDED, null, null),
                new JournalEntry.CallRecorded(19, AT, STEP, "", new LlmCallRecord("polish/draft", "writer",
                        "openai/gpt-4o", usage, Duration.ofMillis(5), null, false, List.of("read_file", "read_file"))),
                new JournalEntry.ToolCalled(20, AT, STEP, "#1", "write_file", "call-7", "0123456789ab", 2,
                        "created notes.md (2 bytes)", false, List.of("notes.md"), 987_654),
                new JournalEntry.ToolCalled(21, AT, STEP, "", "lookup", null, "ba9876543210", 0, "no such key", true,
                        List.of(), 0),
                new JournalEntry.SlaStarted(22, AT, STEP, "#1"),
                new JournalEntry.SlaBreached(23, AT, STEP, "", Duration.ofMinutes(8), Duration.ofNanos(480_000_000_001L)));
    }

    @Test
    void everyEntryType_readsBackEqual() {
        for (JournalEntry e : everyType()) {
            String json = JournalJson.write(e);
            assertThat(JournalJson.read(json)).as(json).isEqualTo(e);
            assertThat(json).contains("\"type\":\"" + e.type() + "\"");
            if (e.key() != null) assertThat(json).contains("\"key\":\"" + e.key() + "\"");
        }
    }

    @Test
    void keysCarryTheIterationsAroundTheStep() {
        List<JournalEntry> all = everyType();
        assertThat(all.get(1).key()).isEqualTo("polish/draft#2");
        assertThat(all.get(2).key()).isEqualTo("polish/draft");
        assertThat(all.get(8).key()).isEqualTo("polish/draft#2"); // the loop's decision after iteration 2
        assertThat(all.get(9).key()).isEqualTo("polish/draft#2#1");
        assertThat(all.get(0).key()).isNull();
    }

    @Test
    void aBrokenEntry_namesTheFieldAndTheValue() {
        assertThatThrownBy(() -> JournalJson.read("{\"type\":\"step_completed\",\"seq\":\"x\",\"at\":\"2026-12-01T00:00:00Z\"}"))
                .isInstanceOf(RunStoreException.class).hasMessageContaining("'seq'").hasMessageContaining("\"x\"");
        assertThatThrownBy(() -> JournalJson.read("{\"type\":\"teleported\",\"seq\":3,\"at\":\"2026-12-01T00:00:00Z\"}"))
                .isInstanceOf(RunStoreException.class).hasMessageContaining("'type'").hasMessageContaining("teleported");
        assertThatThrownBy(() -> JournalJson.read("{\"type\":\"run_ended\",\"seq\":3,\"at\":\"yesterday\",\"status\":\"DONE\"}"))
                .isInstanceOf(RunStoreException.class).hasMessageContaining("'at'").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> JournalJson.read("not json")).isInstanceOf(RunStoreException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> JournalJson.read("{\"type\":\"call_recorded\",\"seq\":3,\"at\":\"2026-12-01T00:00:00Z\","
                + "\"step\":{\"path\":\"a\",\"order\":\"00001\",\"kind\":\"agent\"},\"call\":{\"path\":\"a\","
                + "\"usage\":{\"prompt\":1,\"completion\":1,\"reasoning\":0,\"cached\":0,\"cost_usd\":\"1e999999\"}}}"))
                .isInstanceOf(RunStoreException.class).hasMessageContaining("cost_usd");
    }

    @Test
    void unpairedSurrogates_areWrittenEscaped_soAnyUtf8StoreKeepsThem_andReadBackExactly() {
        String text = "cut \uD83D, pair \uD83D\uDE00, low \uDE00";
        JournalEntry e = new JournalEntry.StepCompleted(2, AT, STEP, "", StepOutput.text(text), false, 1);
        String written = JournalJson.write(e);
        assertThat(written.chars().filter(c -> Character.isSurrogate((char) c))).as(written).isEmpty();
        assertThat(written).contains("cut \\ud83d");
        assertThat(JournalJson.read(new String(written.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(e);
        assertThat(JournalJson.write(new JournalEntry.StepCompleted(2, AT, STEP, "", StepOutput.text("ünïcode"),
                false, 1))).as("other characters are written as they are").contains("ünïcode");
    }
}
