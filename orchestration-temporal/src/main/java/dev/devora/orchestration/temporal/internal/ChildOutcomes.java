package dev.devora.orchestration.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.internal.SubWorkflowOutcome;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.JournalJson;
import dev.devora.orchestration.journal.RunStore;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sub-workflow step's child workflow returns to its run, in one place: written by the child
 * ({@link #write}: {@code {"status", "entries": [JournalJson lines], "failure"}}, the entries its steps journaled after
 * what it was given, the run-level ones left out) and read by the run ({@link #read}), from the child's result or,
 * for a cancelled child, from its {@code DevoraChildEnded} signal. The format is in recorded histories: change it only
 * in a way that reads the old one.
 *
 * <pre>{@code
 * SubWorkflowOutcome outcome = ChildOutcomes.read(ChildOutcomes.write(store, runId, after, result));
 * }</pre>
 */
final class ChildOutcomes {
    private ChildOutcomes() {
    }

    /** {@return the child's outcome: its step-level entries after seq {@code after}, its status and failure} */
    static String write(RunStore store, String runId, long after, WorkflowResult result) {
        ObjectNode outcome = LlmJson.MAPPER.createObjectNode().put("status", result.status().name());
        ArrayNode entries = outcome.putArray("entries");
        for (JournalEntry e : store.entries(runId)) {
            if (e.seq() > after && !(e instanceof JournalEntry.RunStarted || e instanceof JournalEntry.RunResumed
                    || e instanceof JournalEntry.RunSuspended || e instanceof JournalEntry.RunEnded)) {
                entries.add(JournalJson.write(e));
            }
        }
        outcome.set("failure", NestedFailures.write(result.failure().orElse(null)));
        return outcome.toString();
    }

    /** {@return the outcome a child wrote, for its step to adopt} */
    static SubWorkflowOutcome read(String outcome) {
        JsonNode json = LlmJson.read(outcome, JsonNode.class);
        List<JournalEntry> entries = new ArrayList<>();
        for (JsonNode line : json.path("entries")) entries.add(JournalJson.read(line.asText()));
        return new SubWorkflowOutcome(entries, NestedFailures.read(json.get("failure")));
    }
}
