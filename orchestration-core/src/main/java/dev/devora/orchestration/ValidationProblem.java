package dev.devora.orchestration;

import java.util.Objects;

/**
 * One problem found while validating a workflow definition or a run's input: where it is and what is wrong.
 *
 * <pre>{@code
 * new ValidationProblem("review/critique", "parallel step has no branches")
 * new ValidationProblem("input.api_type", "must be one of [REST, GraphQL], was \"SOAP\"")
 * }</pre>
 *
 * @param path    the step path ({@code review/critique/security}) or input path ({@code input.api_type})
 * @param message what is wrong, naming the offending value
 */
public record ValidationProblem(String path, String message) {
    /**
     * Checks that neither component is null.
     *
     * @param path    the step path ({@code review/critique/security}) or input path ({@code input.api_type})
     * @param message what is wrong, naming the offending value /
     */
    public ValidationProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
