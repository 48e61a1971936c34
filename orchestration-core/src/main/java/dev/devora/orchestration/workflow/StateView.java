package dev.devora.orchestration.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.gate.GateVerdict;

import java.util.Optional;

/**
 * Read access to a run's state, for conditions, tasks and deliverable assembly: the input, the outputs finished so
 * far, and the innermost loop/gate context.
 *
 * <pre>{@code
 * Condition graphql = Condition.of("GraphQL was chosen", s -> s.inputText("api_type").equals("GraphQL"));
 * Task summary = ctx -> ctx.text("prd").lines().limit(5).collect(Collectors.joining("\n"));
 * }</pre>
 */
public interface StateView {

    /**
     * The whole input as a JSON object.
     *
     * @return the input
     */
    JsonNode input();

    /**
     * An input field as text ({@code ""} when absent).
     *
     * @param field the input field's name
     * @return the value as text
     */
    String inputText(String field);

    /**
     * Whether an input field is present and not null, blank, false, empty or zero.
     *
     * @param field the input field's name
     * @return true if the field holds a value
     */
    boolean inputPresent(String field);

    /**
     * A step's output, if the step has completed.
     *
     * @param stepId the step id (a sub-workflow's steps as {@code sub/child})
     * @return the output, or empty while the step has not completed
     */
    Optional<StepOutput> output(String stepId);

    /**
     * A step's text output, or {@code ""}.
     *
     * @param stepId the step id
     * @return the text
     */
    default String text(String stepId) {
        return output(stepId).map(StepOutput::text).orElse("");
    }

    /**
     * A JSON value from a reference: {@code "stepId"} for a step's JSON output, {@code "stepId.a.b"} for a path
     * inside it, {@code "input.field"} for an input field. A missing node when absent (never null).
     *
     * @param reference the reference, as in a template without the braces
     * @return the value, or a missing node
     */
    JsonNode json(String reference);

    /**
     * The current iteration of the innermost loop (1-based), or 0 outside loops.
     *
     * @return the iteration, or 0
     */
    int loopIteration();

    /**
     * The innermost gate's latest verdict, if any.
     *
     * @return the verdict, or empty before the first gate evaluation
     */
    Optional<GateVerdict> lastVerdict();
}
