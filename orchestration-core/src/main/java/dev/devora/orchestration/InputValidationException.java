package dev.devora.orchestration;

import java.util.List;

/**
 * A run's input does not match the workflow's {@code InputSpec}: missing required fields, wrong types, values
 * outside the allowed set, unknown fields. Thrown by {@code engine.run}/{@code engine.start} before any model is
 * called, listing every problem with its path ({@code input.api_type}).
 *
 * <pre>{@code
 * catch (InputValidationException e) {
 *     // "Input of workflow 'api-development' has 2 problems:
 *     //   - input.api_type: must be one of [REST, GraphQL], was "SOAP"
 *     //   - input.requirements: is required (the API's functional requirements)"
 * }
 * }</pre>
 */
public class InputValidationException extends WorkflowValidationException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for the input of one workflow.
     *
     * @param workflowId the id of the workflow whose input was checked, named in the message
     * @param problems   every problem found, with its input path; not empty
     */
    public InputValidationException(String workflowId, List<ValidationProblem> problems) {
        super("Input of workflow '" + workflowId + "'", problems);
    }

    /**
     * Problems of an input not yet tied to a workflow (e.g. a Java map that cannot be converted to JSON).
     *
     * @param problems every problem found, with its input path; not empty
     */
    public InputValidationException(List<ValidationProblem> problems) {
        super("Input", problems);
    }
}
