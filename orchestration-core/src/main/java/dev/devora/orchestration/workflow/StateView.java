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

    /** The whole input as a JSON object. */
    JsonNode input();

    /** An input field as text ({@code ""} when absent). */
    String inputText(String field);

    /** Whether an input field is present and not null, blank, false, empty or zero. */
    boolean inputPresent(String field);

    /** A step's output, if the step has completed. */
    Optional<StepOutput> output(String stepId);

    /** A step's text output, or {@code ""}. */
    default String text(String stepId) {
        return output(stepId).map(StepOutput::text).orElse("");
    }

    /**
     * A JSON value from a reference: {@code "stepId"} for a step's JSON output, {@code "stepId.a.b"} for a path
     * inside it, {@code "input.field"} for an input field. A missing node when absent (never null).
     */
    JsonNode json(String reference);

    /** The current iteration of the innermost loop (1-based), or 0 outside loops. */
    int loopIteration();

    /** The innermost gate's latest verdict, if any. */
    Optional<GateVerdict> lastVerdict();
}
