package dev.devora.orchestration.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A person's answer to an approval request: approve, reject with feedback, or edit (approve a replaced output).
 *
 * <pre>{@code
 * engine.decide(workflow, runId, requestId, Decision.reject("cite the sources of the numbers"));
 * }</pre>
 *
 * @param verdict  what was decided
 * @param feedback why (for a rejection: what to change); "" when none
 * @param edited   the replacing output of an {@link Verdict#EDIT}; null otherwise
 */
public record Decision(Verdict verdict, String feedback, String edited) {
    /** What a person decided. */
    public enum Verdict {
        /** The work goes on as it is. */
        APPROVE,
        /** The work is sent back with feedback (in a gated loop: {@code {{gate.feedback}}}). */
        REJECT,
        /** The work goes on with the person's replacement as its output. */
        EDIT
    }

    /**
     * Checks the parts.
     *
     * @param verdict  what was decided
     * @param feedback why; null for ""
     * @param edited   the replacement of an edit; required for it, null otherwise
     * @throws IllegalArgumentException if an edit has no replacement, or another verdict has one
     */
    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        feedback = feedback == null ? "" : feedback;
        if ((verdict == Verdict.EDIT) != (edited != null)) {
            throw new IllegalArgumentException("decision " + verdict + ": edited must be "
                    + (verdict == Verdict.EDIT ? "the replacing output" : "null") + ", was "
                    + (edited == null ? "null" : "\"" + edited + "\""));
        }
    }

    /**
     * An approval.
     *
     * @return the decision
     */
    public static Decision approve() {
        return new Decision(Verdict.APPROVE, "", null);
    }

    /**
     * A rejection.
     *
     * @param feedback what to change
     * @return the decision
     */
    public static Decision reject(String feedback) {
        return new Decision(Verdict.REJECT, feedback, null);
    }

    /**
     * An approval of a replaced output.
     *
     * @param replacement the output to go on with
     * @return the decision
     */
    public static Decision edit(String replacement) {
        return new Decision(Verdict.EDIT, "", Objects.requireNonNull(replacement, "replacement"));
    }

    /**
     * This decision as the journaled answer.
     *
     * @return {@code {"verdict": "...", "feedback": "...", "edited": ...}}
     */
    public JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("verdict", verdict.name()).put("feedback", feedback);
        if (edited != null) n.put("edited", edited);
        return n;
    }

    /**
     * A decision from a journaled answer.
     *
     * @param answer the answer
     * @return the decision
     * @throws IllegalArgumentException naming the field if the answer is not a decision
     */
    public static Decision fromJson(JsonNode answer) {
        JsonNode v = answer == null ? null : answer.get("verdict");
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("an approval's answer needs a text field 'verdict' (APPROVE, REJECT or"
                    + " EDIT), was " + answer);
        }
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(v.asText().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an approval's 'verdict' must be APPROVE, REJECT or EDIT, was \""
                    + v.asText() + "\"", e);
        }
        JsonNode edited = answer.get("edited");
        return new Decision(verdict, answer.path("feedback").asText(""),
                edited == null || edited.isNull() ? null : edited.asText());
    }
}
