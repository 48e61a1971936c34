package dev.devora.orchestration.journal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.agent.WaitTimeout;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.Usage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The entries of runs that wait (issue 11) read back from the journal's JSON equal, every field kept. */
class WaitEntriesJsonTest {
    private static final Instant AT = Instant.parse("2026-12-02T05:00:00Z");
    private static final StepRef STEP = new StepRef("approve", "00001", "agent", "owner", null);

    @Test
    void waitRequests_withEachTimeoutPolicy_timeouts_answers_andKeptModelAnswers_roundTrip() {
        var request = JsonNodeFactory.instance.objectNode().put("show", "Ship?").set("allowed",
                JsonNodeFactory.instance.arrayNode().add("approve"));
        List<JournalEntry> entries = List.of(
                new JournalEntry.WaitRequested(3, AT, STEP, "", "approve/approval-1", "approval", request, null),
                new JournalEntry.WaitRequested(4, AT, STEP, "i2", "approve/approval-2", "approval", request,
                        WaitTimeout.fail(Duration.ofMinutes(30))),
                new JournalEntry.WaitRequested(5, AT, STEP, "", "approve/approval-3", "approval", request,
                        WaitTimeout.answer(Duration.ofHours(2), JsonNodeFactory.instance.objectNode()
                                .put("verdict", "APPROVE"))),
                new JournalEntry.WaitRequested(6, AT, STEP, "", "approve/approval-4", "approval", request,
                        WaitTimeout.escalate(Duration.ofMillis(1500))),
                new JournalEntry.WaitTimedOut(7, AT, "approve/approval-4", WaitTimeout.Action.ESCALATE),
                new JournalEntry.WaitAnswered(8, AT, "approve/approval-4", JsonNodeFactory.instance.objectNode()
                        .put("verdict", "REJECT").put("feedback", "no")),
                new JournalEntry.CallRecorded(9, AT, STEP, "", new LlmCallRecord("approve", "owner", "m", Usage.of(3, 4),
                        Duration.ofMillis(5), "gen-1", false, List.of("deploy")),
                        new JournalEntry.Answer(2, 812, "let me deploy", List.of(new ToolCall("c1", "deploy",
                                "{\"build\":\"42\"}"), new ToolCall(null, "status", "{}")),
                                JsonNodeFactory.instance.arrayNode().add("r"))));
        for (JournalEntry e : entries) {
            assertThat(JournalJson.read(JournalJson.write(e))).as(e.type()).isEqualTo(e);
        }
        assertThat(((JournalEntry.WaitRequested) entries.get(1)).deadline()).isEqualTo(AT.plus(Duration.ofMinutes(30)));
        assertThat(((JournalEntry.WaitRequested) entries.get(0)).deadline()).isNull();
    }
}
