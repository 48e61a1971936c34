package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.server.ApiException;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflows.SquadInfo;
import dev.devora.orchestration.workflows.Suggestion;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import dev.devora.orchestration.workflows.WorkflowInfo;
import io.javalin.http.Context;

import java.util.Locale;

/**
 * {@code POST /api/v1/tasks {"task": "..."}}: the catalogue's suggestion for a free-text task, by the keyword
 * router ({@link WorkflowCatalog#suggest(String)}, no model call), reported with the workflow's id, squads, the
 * reason and the input spec to fill, and the request to send next ({@code POST /api/v1/runs}). It starts nothing:
 * a task is not a workflow input, and its text is data — never a prompt template (a task holding
 * {@code {{input.x}}} is matched by its words and echoed as it is).
 *
 * <pre>{@code
 * POST /api/v1/tasks {"task": "Write the OpenAPI spec of our billing API"}
 * 200 {"task": "...", "started": false, "suggestion": {"kind": "workflow", "id": "api-development", ...},
 *      "workflow": {"id": "api-development", "squads": [...], "input": [...]},
 *      "next": {"method": "POST", "path": "/api/v1/runs", "body": {"workflow": "api-development", "input": {}}}}
 * }</pre>
 */
public final class TaskRoutes {
    /** The longest task accepted, in characters. */
    public static final int MAX_TASK_CHARS = 10_000;

    private final WorkflowCatalog catalog;
    private final String base;

    /**
     * The route over a catalogue.
     *
     * @param catalog the workflows and squads
     * @param base    where the API is, e.g. {@code /api/v1}
     */
    public TaskRoutes(WorkflowCatalog catalog, String base) {
        this.catalog = catalog;
        this.base = base;
    }

    /**
     * Answers a task with the suggestion.
     *
     * @param ctx the request
     * @throws ApiException 400 for a body that is not a JSON object, 422 for a missing, blank, too long or
     *                      non-text {@code task}
     */
    public void suggest(Context ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "invalid_json", "the body is not JSON: " + e.getOriginalMessage(), null);
        }
        if (body == null || !body.isObject()) throw new ApiException(400, "invalid_json", "the body must be a JSON object", null);
        JsonNode task = body.get("task");
        if (task == null || !task.isTextual()) {
            throw new ApiException(422, "invalid_request", "'task' must be the task in free text, was "
                    + (task == null ? "missing" : task.getNodeType().name().toLowerCase(Locale.ROOT)), "task");
        }
        String text = task.asText();
        if (text.isBlank()) throw new ApiException(422, "invalid_request", "'task' is blank: describe the task", "task");
        if (text.length() > MAX_TASK_CHARS) {
            throw new ApiException(422, "invalid_request", "'task' has " + text.length() + " characters, more than the "
                    + "limit of " + MAX_TASK_CHARS, "task");
        }
        Suggestion s = catalog.suggest(text);
        ObjectNode out = Json.NODES.objectNode().put("task", text).put("started", false);
        out.putObject("suggestion").put("kind", s.kind().name().toLowerCase(Locale.ROOT)).put("id", s.id())
                .put("reason", s.reason()).put("method", s.method().name().toLowerCase(Locale.ROOT));
        if (s.kind() == Suggestion.Kind.WORKFLOW && catalog.ids().contains(s.id())) {
            WorkflowInfo w = catalog.workflow(s.id());
            ObjectNode wf = out.putObject("workflow").put("id", w.id()).put("name", w.name())
                    .put("description", w.description());
            w.squads().forEach(wf.putArray("squads")::add);
            wf.set("input", inputSpec(w));
            ObjectNode next = out.putObject("next").put("method", "POST").put("path", base + "/runs");
            next.putObject("body").put("workflow", w.id()).putObject("input");
        } else {
            SquadInfo squad = catalog.squads().stream().filter(q -> q.id().equals(s.id())).findFirst().orElse(null);
            if (squad != null) {
                ObjectNode sq = out.putObject("squad").put("id", squad.id()).put("name", squad.name())
                        .put("mission", squad.mission());
                squad.workflows().forEach(sq.putArray("workflows")::add);
            }
        }
        Json.respond(ctx, 200, out);
    }

    /** The input spec of a workflow, as {@code GET /workflows/{id}} writes it. */
    static ArrayNode inputSpec(WorkflowInfo w) {
        ArrayNode fields = Json.NODES.arrayNode();
        for (InputField f : w.input().fields()) {
            ObjectNode field = fields.addObject().put("name", f.name()).put("type", f.type().name().toLowerCase(Locale.ROOT))
                    .put("required", f.required()).put("description", f.description());
            if (f.defaultValue() != null) field.set("default", f.defaultValue());
            if (!f.allowedValues().isEmpty()) f.allowedValues().forEach(field.putArray("allowed")::add);
        }
        return fields;
    }

    @Override
    public String toString() {
        return "TaskRoutes[" + base + "/tasks]";
    }
}
