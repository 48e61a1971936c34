package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.server.ApiException;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import dev.devora.orchestration.workflows.WorkflowInfo;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Objects;

/**
 * The predefined workflows: {@code GET /api/v1/workflows} (id, name, description, squads and input spec of each) and
 * {@code GET /api/v1/workflows/{id}} (also its deliverables and its Mermaid graph); an unknown id is 404
 * {@code workflow_not_found} listing the known ones.
 *
 * <pre>{@code
 * new WorkflowRoutes(Workflows.catalog()).register(config, "/api/v1");
 * }</pre>
 */
public final class WorkflowRoutes {
    private final WorkflowCatalog catalog;

    /**
     * The routes over a catalogue.
     *
     * @param catalog the predefined workflows
     */
    public WorkflowRoutes(WorkflowCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Registers the routes.
     *
     * @param javalin the application's configuration
     * @param base    the API's base path, e.g. {@code /api/v1}
     */
    public void register(JavalinConfig javalin, String base) {
        javalin.routes.get(base + "/workflows", this::list);
        javalin.routes.get(base + "/workflows/{id}", this::one);
    }

    private void list(Context ctx) {
        ArrayNode list = Json.NODES.arrayNode();
        for (WorkflowInfo w : catalog.workflows()) list.add(workflowJson(w, false));
        Json.respond(ctx, 200, Json.NODES.objectNode().set("workflows", list));
    }

    private void one(Context ctx) {
        String id = ctx.pathParam("id");
        if (!catalog.ids().contains(id)) {
            throw new ApiException(404, "workflow_not_found", "no workflow '" + id + "' (known: "
                    + String.join(", ", catalog.ids()) + ")", "id");
        }
        Json.respond(ctx, 200, workflowJson(catalog.workflow(id), true));
    }

    private static ObjectNode workflowJson(WorkflowInfo w, boolean full) {
        ObjectNode o = Json.NODES.objectNode().put("id", w.id()).put("name", w.name()).put("description", w.description());
        w.squads().forEach(o.putArray("squads")::add);
        ArrayNode fields = o.putArray("input");
        for (InputField f : w.input().fields()) {
            ObjectNode field = fields.addObject().put("name", f.name()).put("type", f.type().name().toLowerCase(Locale.ROOT))
                    .put("required", f.required()).put("description", f.description());
            if (f.defaultValue() != null) field.set("default", f.defaultValue());
            if (!f.allowedValues().isEmpty()) f.allowedValues().forEach(field.putArray("allowed")::add);
        }
        if (full) {
            ObjectNode d = o.putObject("deliverables");
            w.deliverables().forEach(d::put);
            o.put("mermaid", w.mermaid());
        }
        return o;
    }
}
