package dev.devora.orchestration.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.agent.CallContext;
import dev.devora.orchestration.workflow.StateView;

import java.util.Objects;

/**
 * What a gate scores: the gated step's output, the threshold, which attempt this is, the run state, and the
 * engine's accounted model access.
 *
 * <pre>{@code
 * GateVerdict evaluate(GateInput in) {
 *     int words = in.text().split("\\s+").length;
 *     return words >= 300 ? GateVerdict.pass(name(), 100, in.threshold())
 *                         : GateVerdict.fail(name(), words / 3, in.threshold(), "write at least 300 words");
 * }
 * }</pre>
 *
 * @param subjectId the id of the gated step
 * @param text      the gated output as text
 * @param json      the gated output's JSON tree; or null
 * @param threshold the score needed to pass (0..100)
 * @param attempt   1 for the first evaluation of this gate in this scope, 2 after one retry…
 * @param state     the run state
 * @param context   run id, step path and accounted model access
 */
public record GateInput(String subjectId, String text, JsonNode json, int threshold, int attempt, StateView state,
                        CallContext context) {
    /**
     * Checks that the subject id is not null; normalises null text to "".
     *
     * @param subjectId the id of the gated step
     * @param text      the gated output as text
     * @param json      the gated output's JSON tree; or null
     * @param threshold the score needed to pass (0..100)
     * @param attempt   1 for the first evaluation of this gate in this scope, 2 after one retry…
     * @param state     the run state
     * @param context   run id, step path and accounted model access /
     */
    public GateInput {
        Objects.requireNonNull(subjectId, "subjectId");
        text = text == null ? "" : text;
    }
}
