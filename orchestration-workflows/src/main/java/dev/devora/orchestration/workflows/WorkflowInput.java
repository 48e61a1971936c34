package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.workflows.internal.InputJson;

/**
 * A typed input of a predefined workflow. Records implementing it convert to the workflows' JSON input format
 * (snake_case field names, absent values omitted); validation happens when the workflow runs, reporting every
 * problem at once.
 *
 * <pre>{@code
 * ApiDevelopmentInput input = new ApiDevelopmentInput("TaskMaster API", "Task management", ...);
 * JsonNode json = input.toJson();   // {"api_name": "TaskMaster API", ...}
 * input.validate().forEach(p -> System.out.println(p));   // e.g. input.target_qps: must be ≥ 1, was 0
 * }</pre>
 */
public interface WorkflowInput {
    /**
     * The id of the workflow this input is for.
     *
     * @return the workflow id, e.g. {@code "api-development"}
     */
    String workflowId();

    /**
     * Every problem of this input for its workflow (fields, types, allowed values, nested content); empty when valid.
     *
     * @return the problems, each with its input path
     */
    default java.util.List<dev.devora.orchestration.ValidationProblem> validate() {
        return InputJson.validate(workflowId(), toJson());
    }

    /**
     * The input as the JSON object the workflow validates.
     *
     * @return the JSON object: snake_case field names, null components left out
     */
    default JsonNode toJson() {
        return InputJson.toJson(this);
    }
}
