package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.workflows.internal.InputJson;

/**
 * A typed input of a predefined workflow. Records implementing it convert to the seed's JSON input format
 * (snake_case field names, absent values omitted); validation happens when the workflow runs, reporting every
 * problem at once.
 *
 * <pre>{@code
 * ApiDevelopmentInput input = ApiDevelopmentInput.builder("TaskMaster API", "Task management").build();
 * JsonNode json = input.toJson();   // {"api_name": "TaskMaster API", ...}
 * }</pre>
 */
public interface WorkflowInput {
    /** The input as the JSON object the workflow validates. */
    default JsonNode toJson() {
        return InputJson.toJson(this);
    }
}
