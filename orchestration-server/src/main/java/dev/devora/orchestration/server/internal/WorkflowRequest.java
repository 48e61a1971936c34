package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.server.ApiException;
import dev.devora.orchestration.workflows.WorkflowCatalog;

import java.util.Locale;

/**
 * The {@code {"workflow", "input"}} of a request that names a predefined workflow and its input (a run, a plan),
 * checked the same way for every route: the id names a catalogue workflow, the input is an object. The input's own
 * fields are the workflow's to validate.
 *
 * <pre>{@code
 * WorkflowRequest r = WorkflowRequest.of(Json.body(ctx), Workflows.catalog());
 * PredefinedWorkflow w = workflows.byId(r.workflowId(), r.input());
 * }</pre>
 *
 * @param workflowId the catalogue workflow's id
 * @param input      its input, a JSON object
 */
public record WorkflowRequest(String workflowId, JsonNode input) {
    /**
     * Reads and checks the two fields.
     *
     * @param body    the request's body
     * @param catalog the workflows this service runs
     * @return the request
     * @throws ApiException 422 {@code invalid_request} for a missing or non-text {@code workflow} or a non-object
     *                      {@code input}, 404 {@code workflow_not_found} listing the known ids
     */
    public static WorkflowRequest of(JsonNode body, WorkflowCatalog catalog) {
        JsonNode workflowId = body.get("workflow");
        if (workflowId == null || !workflowId.isTextual() || workflowId.asText().isBlank()) {
            throw new ApiException(422, "invalid_request", "'workflow' must name a workflow id, e.g. api-development, was "
                    + (workflowId == null ? "missing" : workflowId.toString()), "workflow");
        }
        String id = workflowId.asText();
        if (!catalog.ids().contains(id)) {
            throw new ApiException(404, "workflow_not_found", "no workflow '" + id + "' (known: "
                    + String.join(", ", catalog.ids()) + ")", "workflow");
        }
        JsonNode input = body.path("input");
        if (!input.isObject()) {
            throw new ApiException(422, "invalid_request", "'input' must be a JSON object of the workflow's input fields, was "
                    + (input.isMissingNode() ? "missing" : input.getNodeType().name().toLowerCase(Locale.ROOT)), "input");
        }
        return new WorkflowRequest(id, input);
    }
}
