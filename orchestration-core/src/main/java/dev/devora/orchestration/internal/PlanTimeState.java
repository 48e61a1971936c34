package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.StateView;
import dev.devora.orchestration.workflow.StepOutput;

import java.util.Optional;
import java.util.Set;

/**
 * The state a plan knows before any call: the input only. Evaluating a {@link Condition} against it resolves the
 * conditions that read nothing but known input fields; reading anything else (a step output, the loop iteration, a
 * gate verdict, or an input field computed from outputs in a sub-workflow) makes the condition unknown.
 */
final class PlanTimeState implements StateView {
    /** What a condition resolves to at plan time. */
    enum Outcome { TRUE, FALSE, UNKNOWN }

    /** Thrown when a condition reads what a plan cannot know. */
    private static final class NotKnown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotKnown() {
            super(null, null, false, false);
        }
    }

    private final JsonNode input;
    private final Set<String> unknownFields;

    /** @param unknownFields input fields whose values depend on step outputs (a sub-workflow's input) */
    PlanTimeState(JsonNode input, Set<String> unknownFields) {
        this.input = input;
        this.unknownFields = unknownFields;
    }

    Outcome evaluate(Condition condition) {
        try {
            return condition.test(this) ? Outcome.TRUE : Outcome.FALSE;
        } catch (RuntimeException notKnown) { // NotKnown, or a predicate that fails without the run's state
            return Outcome.UNKNOWN;
        }
    }

    private String known(String field) {
        if (unknownFields.contains(field)) throw new NotKnown();
        return field;
    }

    @Override
    public JsonNode input() {
        if (!unknownFields.isEmpty()) throw new NotKnown();
        return input;
    }

    @Override
    public String inputText(String field) {
        return FrameState.inputText(input, known(field));
    }

    @Override
    public boolean inputPresent(String field) {
        return FrameState.inputPresent(input, known(field));
    }

    @Override
    public Optional<StepOutput> output(String stepId) {
        throw new NotKnown();
    }

    @Override
    public JsonNode json(String reference) {
        String[] parts = reference.split("\\.");
        if (!"input".equals(parts[0]) || parts.length < 2) throw new NotKnown();
        JsonNode node = input.path(known(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            String p = parts[i];
            node = node.isArray() && p.chars().allMatch(Character::isDigit) ? node.path(Integer.parseInt(p)) : node.path(p);
        }
        return node;
    }

    @Override
    public int loopIteration() {
        throw new NotKnown();
    }

    @Override
    public Optional<GateVerdict> lastVerdict() {
        throw new NotKnown();
    }
}
