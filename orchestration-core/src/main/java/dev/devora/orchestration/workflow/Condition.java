package dev.devora.orchestration.workflow;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A predicate over the run state with a sentence saying what it tests. The description shows in events, plans,
 * Mermaid diagrams and {@code toString()}.
 *
 * <pre>{@code
 * Condition rest = Condition.inputEquals("api_type", "REST");              // "input.api_type = REST"
 * Condition fast = Condition.of("p95 latency ≤ 200 ms",
 *         s -> s.json("measure").path("p95_ms").asDouble() <= 200);
 * }</pre>
 *
 * @param description what the predicate tests, as a sentence
 * @param test        the predicate
 */
public record Condition(String description, Predicate<StateView> test) {
    /**
     * Checks that neither component is null.
     *
     * @param description what the predicate tests, as a sentence
     * @param test        the predicate /
     */
    public Condition {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(test, "test");
    }

    /**
     * A condition from a predicate.
     *
     * @param description what the predicate tests, as a sentence (shown in events, plans and diagrams)
     * @param test        the predicate over the run state
     * @return the condition
     */
    public static Condition of(String description, Predicate<StateView> test) {
        return new Condition(description, test);
    }

    /**
     * True when the input field equals the value (compared as text, ignoring case).
     *
     * @param field the input field's name
     * @param value the value to compare with
     * @return the condition
     */
    public static Condition inputEquals(String field, String value) {
        return new Condition("input." + field + " = " + value,
                s -> s.inputText(field).equalsIgnoreCase(value));
    }

    /**
     * True when the input field is present and not blank, false, empty or zero.
     *
     * @param field the input field's name
     * @return the condition
     */
    public static Condition inputPresent(String field) {
        return new Condition("input." + field + " is given", s -> s.inputPresent(field));
    }

    /**
     * True when the JSON output of a step has {@code true} at the path (dot-separated).
     *
     * @param stepId the id of the step whose JSON output is read
     * @param path   a dot-separated path into it, e.g. {@code review.approved}
     * @return the condition
     */
    public static Condition jsonTrue(String stepId, String path) {
        return new Condition(stepId + "." + path + " is true", s -> s.json(stepId + "." + path).asBoolean(false));
    }

    /**
     * True when a step's text output contains the text, ignoring case.
     *
     * @param stepId the id of the step whose output is read
     * @param text   the text to look for
     * @return the condition
     */
    public static Condition outputContains(String stepId, String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return new Condition(stepId + " mentions \"" + text + "\"",
                s -> s.text(stepId).toLowerCase(java.util.Locale.ROOT).contains(lower));
    }

    /**
     * Evaluates the condition.
     *
     * @param state the run state
     * @return true if the condition holds
     */
    public boolean test(StateView state) {
        return test.test(state);
    }

    /**
     * The opposite condition, described as "not (...)".
     *
     * @return the negated condition
     */
    public Condition negate() {
        return new Condition("not (" + description + ")", test.negate());
    }

    @Override
    public String toString() {
        return description;
    }
}
