package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.agent.ModelOptions;
import dev.devora.orchestration.engine.ExecutionPlan;
import dev.devora.orchestration.server.ApiException;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.SquadInfo;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.Workflows;
import dev.devora.orchestration.workflows.business.BusinessPhase;
import dev.devora.orchestration.workflows.business.BusinessTemplate;
import dev.devora.orchestration.workflows.roles.Role;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The rest of the catalogue: {@code GET /api/v1/squads} (mission, roles, workflows), {@code /agents} (the role
 * agents with their squad, model tier and the model the configuration gives them), {@code /templates} (the business
 * templates with their phases and planned times; each runs as the workflow of the same id), and
 * {@code POST /api/v1/plans} {@code {workflow, input}}: the dry-run plan of that input (no model call), its input
 * validated as a submission's (every problem listed, 422). A plan's prompts are left out unless the body says
 * {@code "prompts": true}.
 *
 * <pre>{@code
 * new CatalogRoutes(runs, config).register(javalinConfig, "/api/v1");     // inside DevoraApi.mount
 * }</pre>
 */
public final class CatalogRoutes {
    private final RunResults runs;
    private final WorkflowConfig config;
    private final WorkflowCatalog catalog = Workflows.catalog();

    /**
     * The catalogue routes.
     *
     * @param runs   the service's runs (for the engine and the workflows it builds)
     * @param config the workflows' configuration; or null for the defaults
     */
    public CatalogRoutes(RunResults runs, WorkflowConfig config) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.config = config == null ? WorkflowConfig.defaults() : config;
    }

    /**
     * Registers the routes.
     *
     * @param javalin the application's configuration
     * @param base    the API's base path, e.g. {@code /api/v1}
     */
    public void register(JavalinConfig javalin, String base) {
        javalin.routes.get(base + "/squads", this::squads);
        javalin.routes.get(base + "/agents", this::agents);
        javalin.routes.get(base + "/templates", this::templates);
        javalin.routes.post(base + "/plans", this::plan);
    }

    private void squads(Context ctx) {
        ArrayNode list = Json.NODES.arrayNode();
        for (SquadInfo s : catalog.squads()) {
            ObjectNode o = list.addObject().put("id", s.id()).put("name", s.name()).put("mission", s.mission());
            ArrayNode roles = o.putArray("roles");
            s.roles().forEach(r -> roles.add(r.id()));
            s.workflows().forEach(o.putArray("workflows")::add);
        }
        Json.respond(ctx, 200, Json.NODES.objectNode().set("squads", list));
    }

    private void agents(Context ctx) {
        ArrayNode list = Json.NODES.arrayNode();
        for (Role r : catalog.agents()) {
            ModelOptions options = config.modelPolicy().optionsFor(r);
            list.addObject().put("id", r.id()).put("title", r.title()).put("squad", r.squad().id())
                    .put("tier", r.tier().name().toLowerCase(Locale.ROOT)).put("summary", r.summary())
                    .put("model", options == null ? null : options.model());
        }
        Json.respond(ctx, 200, Json.NODES.objectNode().set("agents", list));
    }

    private void templates(Context ctx) {
        ArrayNode list = Json.NODES.arrayNode();
        for (BusinessTemplate t : BusinessTemplate.values()) {
            ObjectNode o = list.addObject().put("id", t.id()).put("name", t.displayName())
                    .put("secteur", t.secteur().id()).put("description", t.description())
                    .put("workflow", t.id()).put("planned_total_ms", t.plannedTotal().toMillis())
                    .put("planned_elapsed_ms", t.plannedElapsed().toMillis());
            ArrayNode phases = o.putArray("phases");
            for (BusinessPhase p : t.phases()) {
                phases.addObject().put("step", p.stepId()).put("title", p.title()).put("role", p.role().id())
                        .put("planned_ms", p.planned().toMillis()).put("deliverable", p.deliverable());
            }
        }
        Json.respond(ctx, 200, Json.NODES.objectNode().set("templates", list));
    }

    private void plan(Context ctx) {
        JsonNode body = Json.body(ctx);
        WorkflowRequest request = WorkflowRequest.of(body, catalog);
        String id = request.workflowId();
        JsonNode input = request.input();
        JsonNode prompts = body.path("prompts");
        if (!prompts.isMissingNode() && !prompts.isBoolean()) {
            throw new ApiException(422, "invalid_request", "'prompts' must be true or false, was " + prompts, "prompts");
        }
        PredefinedWorkflow workflow = runs.workflow(id, null);
        List<ValidationProblem> problems = workflow.validate(input);
        if (!problems.isEmpty()) {
            throw new ApiException(422, "invalid_input", problems.size() + " problem(s) in the input of '" + id + "': "
                    + problems.get(0), problems.get(0).path(), problems);
        }
        ExecutionPlan plan;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.MAPPER.convertValue(input, Map.class);
            plan = workflow.plan(map);
        } catch (InputValidationException e) {
            List<ValidationProblem> all = e.problems();
            throw new ApiException(422, "invalid_input", all.size() + " problem(s) in the input of '" + id + "': "
                    + (all.isEmpty() ? e.getMessage() : all.get(0)), all.isEmpty() ? "input" : all.get(0).path(), all);
        }
        Json.respond(ctx, 200, planJson(plan, prompts.asBoolean(false)));
    }

    private static ObjectNode planJson(ExecutionPlan plan, boolean withPrompts) {
        ObjectNode o = Json.NODES.objectNode().put("workflow", plan.workflowId());
        ArrayNode steps = o.putArray("steps");
        Map<String, ArrayNode> groups = new LinkedHashMap<>();
        for (ExecutionPlan.PlannedCall c : plan.calls()) {
            ObjectNode s = steps.addObject().put("path", c.path()).put("kind", c.kind()).put("agent", c.agent())
                    .put("model", c.model()).put("parallel_group", c.parallelGroup()).put("condition", c.condition())
                    .put("estimated_prompt_tokens", c.estimatedPromptTokens())
                    .put("estimated_cost_usd", money(c.estimatedCostUsd()))
                    .put("prompt_chars", c.prompt() == null ? 0 : c.prompt().length());
            if (withPrompts) s.put("prompt", c.prompt());
            if (c.parallelGroup() != null) groups.computeIfAbsent(c.parallelGroup(), g -> Json.NODES.arrayNode()).add(c.path());
        }
        ArrayNode parallel = o.putArray("parallel_groups");
        groups.forEach((g, paths) -> parallel.addObject().put("group", g).set("steps", paths));
        o.put("estimated_prompt_tokens", plan.estimatedPromptTokens())
                .put("min_estimated_prompt_tokens", plan.minEstimatedPromptTokens())
                .put("estimated_cost_usd", money(plan.estimatedCostUsd()))
                .put("min_estimated_cost_usd", money(plan.minEstimatedCostUsd()))
                .put("min_calls", plan.minCalls()).put("max_calls", plan.maxCalls())
                .put("critical_path_calls", plan.criticalPathCalls())
                .put("one_pass_critical_path_calls", plan.onePassCriticalPathCalls())
                .put("calls_without_price", plan.callsWithoutPrice());
        plan.warnings().forEach(o.putArray("warnings")::add);
        if (!o.has("warnings")) o.putArray("warnings");
        o.put("outline", plan.outline());
        return o;
    }

    private static String money(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }
}
